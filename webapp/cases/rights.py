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
from webapp.protection.services import erase_personal_text as erase_protection_text
from webapp.text import sort_key

ERASURE_REASONS = {
    "subject_request": _l("The person asked for erasure"),
    "consent_withdrawn": _l("The person withdrew consent"),
    "no_longer_needed": _l("The data is no longer needed"),
    "unlawful": _l("The data was collected unlawfully"),
}
ANONYMOUS_NAME = "—"


def cases_in_scope(person: Person, visible) -> list:
    """The person's cases that the requesting user may see (a copy never reaches beyond the user's area)."""
    allowed = set(db.session.scalars(select(Case.id).where(Case.person_id == person.id, visible)))
    return [case for case in person.cases if case.id in allowed]


def person_export(person: Person, labels: dict, cases: list) -> dict:
    """Everything held about the person and `cases`, as plain data (for JSON and the readable copy)."""
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
