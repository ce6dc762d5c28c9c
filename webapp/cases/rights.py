"""The data subject's rights: a copy of everything held about a person, and erasure by anonymisation."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from webapp.audit.services import Action, record
from webapp.cases.models import Case, Person
from webapp.cases.services import add_event
from webapp.db import utcnow
from webapp.errors import UserError
from webapp.extensions import db
from webapp.followups.models import FollowUp
from webapp.i18n import local_date
from webapp.protection.services import erase_personal_text as erase_protection_text
from webapp.text import sort_key

ERASURE_REASONS = {
    "subject_request": _l("Erasure requested"),
    "consent_withdrawn": _l("Consent withdrawn"),
    "no_longer_needed": _l("The data is no longer needed"),
    "unlawful": _l("Collected unlawfully"),
}
ANONYMOUS_NAME = "—"


def cases_in_scope(person: Person, visible) -> list:
    """The person's cases that the requesting user may see (a copy never reaches beyond the user's area)."""
    allowed = set(db.session.scalars(select(Case.id).where(Case.person_id == person.id, visible)))
    return [case for case in person.cases if case.id in allowed]


def case_records(case: Case) -> dict:
    """What else is held in a case about the person: protection, follow-up visits, support, referrals."""
    from webapp.protection.services import case_protections
    from webapp.referrals.queries import case_referrals
    from webapp.support.models import SupportEvent

    return {
        "protection": case_protections(case),
        "followups": list(db.session.scalars(select(FollowUp).where(FollowUp.case_id == case.id)
                                             .order_by(FollowUp.due_on, FollowUp.id))),
        "support": list(db.session.scalars(select(SupportEvent).where(SupportEvent.case_id == case.id)
                                           .order_by(SupportEvent.id))),
        "referrals": case_referrals(case.id),
    }


def _day(value) -> str | None:
    return value.isoformat() if value else None


def _records_export(records: dict, labels: dict) -> dict:
    """The other records of a case as plain data: labels in the user's language, dates in ISO form."""
    from webapp.followups.presenters import followup_labels
    from webapp.protection.presenters import protection_labels, who
    from webapp.referrals.presenters import receiver_name, referral_labels
    from webapp.support.models import SUPPORT_STATUS_LABELS

    pl, fl, rl = protection_labels(), followup_labels(), referral_labels()
    return {
        "protection": [{
            "for": who(p), "status": pl["status"].get(p.status, p.status),
            "requested_on": _day(p.requested_on), "requested_by": pl["requester"].get(p.requested_by, p.requested_by),
            "threat": p.threat, "risk": pl["risk"].get(p.risk_level) if p.risk_level else None,
            "measures": [pl["measure"].get(c, c) for c in p.measure_codes],
            "provided_by": p.agency.name if p.agency else p.agency_name,
            "from": _day(p.start_on), "until": _day(p.end_on), "outcome": p.outcome,
        } for p in records["protection"]],
        "follow_up_visits": [{
            "due_on": _day(f.due_on), "purpose": fl["purpose"].get(f.purpose) if f.purpose else None,
            "done_on": _day(f.done_on), "met_with": f.met_with, "findings": f.findings,
            "risk_of_retrafficking_noted": f.risk_noted, "note": f.note,
        } for f in records["followups"]],
        "support": [{
            "regime": labels["support_regime"].get(e.regime, e.regime),
            "status": str(SUPPORT_STATUS_LABELS.get(e.status, e.status)),
            "planned_on": _day(e.planned_on), "given_on": _day(e.given_on), "amount_vnd": e.amount_vnd,
            "description": e.description, "for_a_child": e.child_id is not None,
            "cancellation_reason": e.cancellation_reason,
        } for e in records["support"]],
        "referrals": [{
            "to": receiver_name(r), "status": rl["status"].get(r.status, r.status),
            "sent_on": _day(local_date(r.created_at)), "reason": r.reason,
            "service": labels["support_regime"].get(r.service, r.service) if r.service else None,
            "shares_information": r.shares_information, "answer_reason": r.answer_reason,
        } for r in records["referrals"]],
    }


def person_export(person: Person, labels: dict, cases: list) -> dict:
    """Everything held about the person and `cases`, as plain data (for the JSON copy)."""
    def tagged(case, vocabulary):
        return [{"code": c, "label": labels[vocabulary].get(c, c)} for c in case.tag_codes(vocabulary)]

    return {
        "person": {
            "full_name": person.full_name, "other_names": person.other_names,
            "sex": labels["sex"].get(person.sex, person.sex),
            "birth_date": person.birth_date.isoformat() if person.birth_date else None,
            "birth_year": person.birth_year, "birth_year_estimated": person.birth_year_estimated,
            "ethnicity": labels["ethnicity"].get(person.ethnicity) if person.ethnicity else None,
            "nationality": person.nationality, "id_number": person.id_number,
            "home_commune": person.home_commune.full_name if person.home_commune else None,
            "current_address": person.current_address, "phone": person.phone,
        },
        "cases": [
            {
                "code": case.code, "receiving_commune": case.commune.full_name,
                "reception_date": case.reception_date.isoformat(),
                "how_the_person_came": labels["arrival_route"].get(case.arrival_route, case.arrival_route),
                "reception_place": case.reception_place,
                "status": labels["status"].get(case.status, case.status), "legal_regime": case.legal_regime,
                "identification": {"document": case.identification_doc_number,
                                   "date": case.identification_date.isoformat() if case.identification_date else None,
                                   "issuer": case.identification_issuer},
                "exploitation_country": case.exploitation_country,
                "departed_on": case.departed_on.isoformat() if case.departed_on else None,
                "returned_on": case.returned_on.isoformat() if case.returned_on else None,
                "purposes": tagged(case, "purpose"), "recruitment": tagged(case, "recruitment"),
                "means_of_control": tagged(case, "control"), "needs": tagged(case, "support_regime"),
                "risk_flags": tagged(case, "risk_flag"),
                "accompanying_children": [{"sex": labels["sex"].get(c.sex, c.sex), "age": c.age} for c in case.children],
                "consents": [{"kind": labels["consent"].get(c.kind, c.kind), "given": c.given,
                              "date": c.on_date.isoformat()} for c in case.consents],
                "notes": case.notes,
                "history": [{"at": e.at.isoformat(timespec="minutes") + "Z", "what": e.kind} for e in case.events],
                **_records_export(case_records(case), labels),
            }
            for case in cases
        ],
    }


def record_export(person: Person, cases: list, user, fmt: str) -> None:
    for case in cases:
        add_event(case, "exported", user, fmt)
    db.session.flush()
    record(Action.EXPORT, "person", person.id, detail=fmt)


def _erase_visit_text(case: Case) -> None:
    """Whom the visits met (relatives by name) and what they found go; dates, purposes and risk flags stay."""
    for visit in db.session.scalars(select(FollowUp).where(FollowUp.case_id == case.id)):
        visit.met_with = visit.note = None
        if visit.findings:
            visit.findings = ANONYMOUS_NAME


def anonymise(person: Person, reason: str, user) -> None:
    """Erase what identifies the person; keep sex, birth year and the cases' anonymous facts for statistics.

    Raises UserError when already anonymised or for an unknown reason. Does not commit.
    """
    if person.anonymised_at is not None:
        raise UserError(_l("This person's data was already erased."))
    if reason not in ERASURE_REASONS:
        raise UserError(_l("Choose a reason."), "reason")
    person.full_name = ANONYMOUS_NAME
    person.name_key = ""
    person.tokens = []
    person.sort_key = sort_key("")
    for name in ("other_names", "birth_date", "id_number", "id_key", "home_commune_code", "current_address",
                 "phone", "ethnicity"):
        setattr(person, name, None)
    person.anonymised_at = utcnow()
    for case in person.cases:
        case.notes = case.reception_place = case.identification_doc_number = None
        erase_protection_text(case, ANONYMOUS_NAME)
        _erase_visit_text(case)
        add_event(case, "anonymised", user, reason)
        case.updated_at = utcnow()
    db.session.flush()
    record(Action.DELETE, "person", person.id, detail=f"anonymised:{reason}")
