"""Protection forms as a browser posts them, and what is saved now."""
import uuid
from datetime import date

from sqlalchemy import select

from webapp.cases.models import Case
from webapp.extensions import db
from webapp.i18n import local_today
from webapp.protection.models import Protection

THREAT = "Kẻ môi giới ở Campuchia nhắn tin đòi tiền, dọa bắt chị đi lại."
RELATIVE = "Trần Văn Bảy"


def _posted(value) -> str:
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)


def protection_post(submission_id: str | None = None, **over) -> dict:
    """A valid request for the person, asked by the person, not yet in place; `over` changes any field."""
    values = {"subject": "person", "child_id": "", "relative_name": "", "relative_relationship": "",
              "requested_on": local_today(), "requested_by": "person", "threat": THREAT, "risk_level": "high",
              "measures": ["keep_secret"], "status": "requested", "agency_id": "", "agency_name": "",
              "start_on": "", "end_on": "", "outcome": ""}
    values.update(over)
    data = {name: value if isinstance(value, list) else _posted(value) for name, value in values.items()}
    data["submission_id"] = submission_id or str(uuid.uuid4())
    return data


def edit_post(protection: Protection, **over) -> dict:
    """The edit form as it opens for `protection`, with `over` changed."""
    values = {"subject": protection.subject, "child_id": protection.child_id or "",
              "relative_name": protection.relative_name or "",
              "relative_relationship": protection.relative_relationship or "",
              "requested_on": protection.requested_on, "requested_by": protection.requested_by,
              "threat": protection.threat, "risk_level": protection.risk_level or "",
              "measures": list(protection.measure_codes), "status": protection.status,
              "agency_id": protection.agency_id or "", "agency_name": protection.agency_name or "",
              "start_on": protection.start_on, "end_on": protection.end_on, "outcome": protection.outcome or "",
              "version": protection.version}
    values.update(over)
    return {name: value if isinstance(value, list) else _posted(value) for name, value in values.items()}


def protections_of(app, code: str) -> list[Protection]:
    """The case's protection records as saved now, with their measures loaded."""
    with app.app_context():
        rows = list(db.session.scalars(select(Protection).join(Case, Protection.case_id == Case.id)
                                       .where(Case.code == code).order_by(Protection.id)))
        for row in rows:
            _ = row.measure_codes, row.case.code
        return rows


def saved_protection(app, protection_id: int) -> Protection:
    with app.app_context():
        row = db.session.get(Protection, protection_id)
        _ = row.measure_codes
        return row
