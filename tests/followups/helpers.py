"""Follow-up forms as a browser posts them, and what is saved now."""
import re
import uuid
from datetime import date

from sqlalchemy import select

from webapp.audit.models import AuditEvent
from webapp.cases.models import Case, CaseEvent
from webapp.extensions import db
from webapp.followups.models import FollowUp


def _posted(value) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)


def schedule_post(due_on, submission_id: str | None = None, purpose="living", note="", assigned_to="") -> dict:
    """The schedule form, with a fresh submission id unless one is given; the planner goes unless `assigned_to`."""
    return {"submission_id": submission_id or str(uuid.uuid4()), "due_on": _posted(due_on), "purpose": purpose,
            "note": note, "assigned_to_id": str(assigned_to)}


def outcome_post(case_code, done_on, findings, fulfils="auto", met_with="", risk=False, next_due_on=None,
                 submission_id: str | None = None) -> dict:
    """The follow-up visit form found by case code, as the phone posts it."""
    data = {"submission_id": submission_id or str(uuid.uuid4()), "case_code": case_code, "fulfils": fulfils,
            "done_on": _posted(done_on), "met_with": met_with, "findings": findings,
            "next_due_on": _posted(next_due_on)}
    if risk:
        data["risk_noted"] = "y"
    return data


def visit_post(done_on, findings) -> dict:
    return {"done_on": _posted(done_on), "findings": findings}


def closure_post(reason="reintegrated", closed_on=None) -> dict:
    return {"closure_reason": reason, "closed_on": _posted(closed_on)}


def reintegration_post(case: Case, status="with_family", note="") -> dict:
    return {"version": str(case.version), "reintegration_status": status, "retrafficking_risk_note": note}


def case_by_code(code: str) -> Case:
    """The case, in the app context the caller holds (for factories)."""
    return db.session.scalar(select(Case).where(Case.code == code))


def saved_case(app, code: str) -> Case:
    """The case as saved now (its columns stay readable after the context ends)."""
    with app.app_context():
        return db.session.scalar(select(Case).where(Case.code == code))


def followups_of(app, code: str) -> list[FollowUp]:
    with app.app_context():
        return list(db.session.scalars(select(FollowUp).join(Case, FollowUp.case_id == Case.id)
                                       .where(Case.code == code).order_by(FollowUp.id)))


def event_kinds(app, code: str) -> list[str]:
    """The case's timeline, oldest first."""
    with app.app_context():
        return list(db.session.scalars(select(CaseEvent.kind).join(Case, CaseEvent.case_id == Case.id)
                                       .where(Case.code == code).order_by(CaseEvent.at, CaseEvent.id)))


def audit_rows(app, object_type: str) -> list[tuple[str, str, str | None]]:
    with app.app_context():
        rows = db.session.scalars(select(AuditEvent).where(AuditEvent.object_type == object_type)
                                  .order_by(AuditEvent.id))
        return [(row.action, row.object_id, row.detail) for row in rows]


def section(page: str, section_id: str) -> str:
    """The HTML of one <section> of a page, by its id."""
    match = re.search(rf'<section[^>]*id="{section_id}".*?</section>', page, re.DOTALL)
    assert match, f"no section {section_id}"
    return match.group(0)


def codes_in(html: str) -> list[str]:
    """Case codes in the order the HTML shows them."""
    return list(dict.fromkeys(re.findall(r"DT-\d{4}-\d{5}", html)))
