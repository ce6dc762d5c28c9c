"""Between forms and services: choices for tip-off forms, form data as plain values, labels for pages."""
from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from webapp.catalogues.services import choices, labels
from webapp.extensions import db
from webapp.places.models import Agency
from webapp.places.services import home_communes
from webapp.text import text_key
from webapp.tipoffs.access import logging_communes
from webapp.tipoffs.models import STATUS_LABELS, TipOff
from webapp.tipoffs.queries import STATUS_FILTERS
from webapp.tipoffs.services import EDIT_FIELDS


def _with_saved(options: list[tuple[str, str]], saved: str | None, names: dict[str, str]) -> list[tuple[str, str]]:
    """The options in use, plus the saved one if it was retired since, so an old tip-off can still be saved."""
    if saved and saved not in {code for code, _name in options}:
        return options + [(saved, names.get(saved, saved))]
    return options


def _agency_choices(tipoff: TipOff | None) -> list[tuple[str, str]]:
    agencies = sorted(((str(a.id), a.name) for a in db.session.scalars(
        select(Agency).where(Agency.active.is_(True)))), key=lambda p: text_key(p[1]))
    saved = tipoff.forwarded_agency if tipoff else None
    return _with_saved(agencies, str(saved.id) if saved else None, {str(saved.id): saved.name} if saved else {})


def fill_choices(form, user=None, tipoff: TipOff | None = None) -> None:
    """Give every select of a tip-off form its options, in the user's language."""
    fields = form._fields
    fields["channel"].choices = _with_saved(choices("tipoff_channel"), tipoff and tipoff.channel,
                                            labels("tipoff_channel"))
    fields["classification"].choices = [("", _("— not yet classified —"))] + _with_saved(
        choices("tipoff_class"), tipoff and tipoff.classification, labels("tipoff_class"))
    if "forwarded_agency_id" in fields:
        fields["forwarded_agency_id"].choices = [("", _("— not forwarded —"))] + _agency_choices(tipoff)
    if "commune_code" in fields:
        allowed = logging_communes(user)
        units = home_communes(current_app.config["HOME_PROVINCE_CODE"])
        options = [(u.code, u.full_name) for u in units if allowed is None or u.code in allowed]
        fields["commune_code"].choices = ([("", _("— choose —"))] if allowed is None else []) + options


def fill_filter_choices(form) -> None:
    form.status.choices = [("", _("All statuses"))] + [(k, str(label)) for k, (label, _c) in STATUS_FILTERS.items()]
    form.channel.choices = [("", _("All channels"))] + choices("tipoff_channel")
    form.classification.choices = [("", _("All classifications"))] + choices("tipoff_class")


def form_values(form) -> dict:
    """The form's data as plain values for the services (empty strings become None)."""
    values = {}
    for name, field in form._fields.items():
        data = field.data
        if isinstance(data, str):
            data = data.strip() or None
        values[name] = data
    if values.get("forwarded_agency_id"):
        values["forwarded_agency_id"] = int(values["forwarded_agency_id"])
    return values


def edit_form_data(tipoff: TipOff) -> dict:
    """What the handling form starts with: the tip-off as saved now."""
    data = {name: getattr(tipoff, name) for name in EDIT_FIELDS}
    data["forwarded_agency_id"] = str(tipoff.forwarded_agency_id) if tipoff.forwarded_agency_id else ""
    data["version"] = tipoff.version
    return {k: ("" if v is None else v) for k, v in data.items()}


def tipoff_labels() -> dict:
    """Every label a tip-off page needs, in the user's language."""
    return {
        "status": {k.value: str(v) for k, v in STATUS_LABELS.items()},
        "channel": labels("tipoff_channel"),
        "classification": labels("tipoff_class"),
    }
