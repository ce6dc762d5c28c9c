"""Tip-off values as a browser posts them, and the tip-off as saved now."""
import re
import uuid
from datetime import date

from sqlalchemy import select

from tests.factories import tipoff_values
from webapp.extensions import db
from webapp.tipoffs.models import TipOff
from webapp.tipoffs.services import EDIT_FIELDS

CODE = re.compile(r"TB-\d{4}-\d{5}")


def _posted(value) -> str:
    """An empty select or box is sent as an empty string, as a browser does."""
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)


def tipoff_post(**over) -> dict:
    """A complete new-tip-off form (with a fresh submission id)."""
    submission_id = over.pop("submission_id", None) or str(uuid.uuid4())
    data = {name: _posted(value) for name, value in tipoff_values(**over).items()}
    data["submission_id"] = submission_id
    return data


def handling_post(tipoff: TipOff, **over) -> dict:
    """The handling form as the page shows it for `tipoff`, with `over` typed in."""
    values = {name: getattr(tipoff, name) for name in EDIT_FIELDS}
    values["version"] = tipoff.version
    values.update(over)
    return {name: _posted(value) for name, value in values.items()}


def saved(app, code: str) -> TipOff:
    """The tip-off as saved now (its columns stay readable after the context ends)."""
    with app.app_context():
        return db.session.scalar(select(TipOff).where(TipOff.code == code))


def created_code(response) -> str:
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    return response.headers["Location"].rsplit("/", 1)[1]


def codes_in(page: str) -> list[str]:
    """Tip-off codes in the order the page lists them."""
    return list(dict.fromkeys(CODE.findall(page)))
