"""Between forms and services for outreach: choices in the user's language, form data as plain values, labels."""
from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _

from webapp.catalogues.services import choices, labels
from webapp.outreach.access import logging_communes
from webapp.outreach.models import OutreachSession
from webapp.outreach.services import EDIT_FIELDS, TAGS
from webapp.places.services import home_communes


def _with_saved(options: list[tuple[str, str]], saved: list[str], names: dict[str, str]) -> list[tuple[str, str]]:
    """The options in use, plus saved ones retired since, so an old session can still be saved."""
    known = {code for code, _name in options}
    return options + [(code, names.get(code, code)) for code in saved if code not in known]


def commune_choices(user) -> list[tuple[str, str]]:
    allowed = logging_communes(user)
    units = home_communes(current_app.config["HOME_PROVINCE_CODE"])
    return [(u.code, u.full_name) for u in units if allowed is None or u.code in allowed]


def fill_choices(form, user=None, session: OutreachSession | None = None) -> None:
    """Give every select and checkbox list of a session form its options."""
    fields = form._fields
    fields["venue"].choices = [("", _("— choose —"))] + _with_saved(
        choices("outreach_venue"), [session.venue] if session else [], labels("outreach_venue"))
    for name, vocabulary in TAGS.items():
        fields[name].choices = _with_saved(choices(vocabulary), session.tag_codes(vocabulary) if session else [],
                                           labels(vocabulary))
    if "commune_code" in fields:
        options = commune_choices(user)
        fields["commune_code"].choices = ([("", _("— choose —"))] if logging_communes(user) is None else []) + options


def fill_filter_choices(form, user) -> None:
    communes = commune_choices(user)
    form.commune.choices = [("", _("All communes"))] + communes if len(communes) > 1 else communes
    if "venue" in form._fields:
        form.venue.choices = [("", _("All venues"))] + choices("outreach_venue")
    if "topic" in form._fields:
        form.topic.choices = [("", _("All topics"))] + choices("outreach_topic")


def form_values(form) -> dict:
    """The form's data as plain values for the services (empty strings become None)."""
    values = {}
    for name, field in form._fields.items():
        data = field.data
        if isinstance(data, str):
            data = data.strip() or None
        values[name] = data
    return values


def edit_form_data(session: OutreachSession) -> dict:
    data = {name: getattr(session, name) for name in EDIT_FIELDS}
    for name in ("leaflets", "posters", "other_materials"):
        data[name] = data[name] or None
    data.update({name: session.tag_codes(vocabulary) for name, vocabulary in TAGS.items()})
    data["version"] = session.version
    return {k: ("" if v is None else v) for k, v in data.items()}


def outreach_labels() -> dict:
    return {"venue": labels("outreach_venue"), "topic": labels("outreach_topic"), "group": labels("outreach_group")}
