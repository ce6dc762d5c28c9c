"""Outreach values as a browser posts them, and what is saved."""
import uuid
from datetime import date

from sqlalchemy import func, select

from tests.factories import outreach_values
from webapp.extensions import db
from webapp.outreach.models import OutreachSession


def _posted(value):
    if value is None:
        return ""
    if isinstance(value, list):
        return value
    return value.isoformat() if isinstance(value, date) else str(value)


def outreach_post(**over) -> dict:
    """A complete new-session form (with a fresh submission id)."""
    submission_id = over.pop("submission_id", None) or str(uuid.uuid4())
    data = {name: _posted(value) for name, value in outreach_values(**over).items()}
    data["submission_id"] = submission_id
    return data


def edit_post(session_id: int, app, **over) -> dict:
    """The correction form of a saved session, as it is shown now, with changes."""
    with app.app_context():
        from webapp.outreach.services import current_values

        found = db.session.get(OutreachSession, session_id)
        values = {**current_values(found), "version": found.version}
    values.update(over)
    return {name: _posted(value) for name, value in values.items()}


def sessions_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(OutreachSession))


def created_id(response) -> int:
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    return int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])
