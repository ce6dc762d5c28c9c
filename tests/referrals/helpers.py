"""Referral forms as a browser posts them, and referrals and cases as saved now."""
import re
import uuid

from sqlalchemy import select

from webapp.audit.models import AuditEvent
from webapp.cases.models import Case
from webapp.extensions import db
from webapp.referrals.models import Referral

REFERRAL_LINK = re.compile(r"/referrals/(\d+)\"")


def send_post(to_agency_id=None, to_commune_code=None, **over) -> dict:
    """A complete referral form (with a fresh submission id); `shares_information=False` unticks the box."""
    data = {"submission_id": str(uuid.uuid4()), "to_agency_id": str(to_agency_id or ""),
            "to_commune_code": to_commune_code or "", "reason": "Cần chỗ ở tạm thời và hỗ trợ tâm lý.",
            "service": "g", "shares_information": "y", "consent_override_reason": ""}
    data.update({k: v for k, v in over.items() if k != "shares_information"})
    if over.get("shares_information") is False:
        del data["shares_information"]
    return data


def referral(app, referral_id: int) -> Referral:
    """The referral as saved now (its columns stay readable after the context ends)."""
    with app.app_context():
        return db.session.get(Referral, referral_id)


def referrals_of(app, code: str) -> list[Referral]:
    with app.app_context():
        return list(db.session.scalars(select(Referral).join(Case, Referral.case_id == Case.id)
                                       .where(Case.code == code).order_by(Referral.id)))


def case_state(app, code: str) -> dict:
    """What a case holds, to check that an action left it as it was."""
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.code == code))
        person = case.person
        return {"status": case.status, "version": case.version, "updated_at": case.updated_at,
                "commune": case.commune_code, "closed_on": case.closed_on, "notes": case.notes,
                "name": person.full_name, "consents": [(c.kind, c.given) for c in case.consents],
                "tags": sorted((t.vocabulary, t.code) for t in case.tags)}


def events(app, code: str) -> list[tuple[str, str | None]]:
    """The case's timeline as (kind, detail), oldest first."""
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.code == code))
        return [(e.kind, e.detail) for e in case.events]


def audit_rows(app, **where) -> list[AuditEvent]:
    with app.app_context():
        stmt = select(AuditEvent).order_by(AuditEvent.id)
        for name, value in where.items():
            stmt = stmt.where(getattr(AuditEvent, name) == value)
        return list(db.session.scalars(stmt))


def listed_ids(page: str) -> list[int]:
    """Referral ids in the order the page links to them."""
    return [int(i) for i in dict.fromkeys(REFERRAL_LINK.findall(page))]
