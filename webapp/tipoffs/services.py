"""Business rules of the tip-off register: logging, correcting, classifying, forwarding, closing."""
from __future__ import annotations

import unicodedata
from datetime import date

from flask_babel import gettext as _

from webapp.audit.services import Action, record
from webapp.cases.codes import next_code
from webapp.catalogues.services import labels
from webapp.db import utcnow
from webapp.errors import StaleRecord, UserError
from webapp.extensions import db
from webapp.i18n import local_today
from webapp.places.models import AdminUnit, Agency
from webapp.tipoffs.models import OUTCOME_MAX, SUMMARY_MAX, TipOff

CODE_PREFIX = "TB"
OLDEST_DATE = date(1990, 1, 1)
# What the edit form may change; the commune (the scope) and the code never change.
EDIT_FIELDS = ("received_on", "channel", "summary", "classification", "forwarded_agency_id", "forwarded_on",
               "outcome", "closed_on")


def _problems_with_report(v: dict, today: date) -> list[tuple[str, str]]:
    problems = []
    for name in ("received_on", "forwarded_on", "closed_on"):
        if v.get(name) and v[name] > today:
            problems.append((name, _("This date is in the future.")))
    if not v.get("received_on"):
        problems.append(("received_on", _("This field is required.")))
    elif v["received_on"] < OLDEST_DATE:
        problems.append(("received_on", _("This date is too far in the past.")))
    if v.get("channel") not in labels("tipoff_channel"):
        problems.append(("channel", _("Not a valid choice.")))
    if v.get("classification") and v["classification"] not in labels("tipoff_class"):
        problems.append(("classification", _("Not a valid choice.")))
    if not (v.get("summary") or "").strip():
        problems.append(("summary", _("This field is required.")))
    for name, limit in (("summary", SUMMARY_MAX), ("outcome", OUTCOME_MAX)):
        if len(v.get(name) or "") > limit:
            problems.append((name, _("Enter at most %(max)d characters.", max=limit)))
    return problems


def _problems_with_handling(v: dict) -> list[tuple[str, str]]:
    received, forwarded, closed, agency = (v.get("received_on"), v.get("forwarded_on"), v.get("closed_on"),
                                           v.get("forwarded_agency_id"))
    problems = []
    if agency and db.session.get(Agency, agency) is None:
        problems.append(("forwarded_agency_id", _("Not a valid choice.")))
    if agency and not forwarded:
        problems.append(("forwarded_on", _("Give the date it was forwarded.")))
    if forwarded and not agency:
        problems.append(("forwarded_agency_id", _("Choose the agency it was forwarded to.")))
    if forwarded and received and forwarded < received:
        problems.append(("forwarded_on", _("It cannot be forwarded before it was received.")))
    if closed:
        if received and closed < received:
            problems.append(("closed_on", _("It cannot be closed before it was received.")))
        if forwarded and closed < forwarded:
            problems.append(("closed_on", _("It cannot be closed before it was forwarded.")))
        if not v.get("classification"):
            problems.append(("classification", _("Classify the tip-off before closing it.")))
        if not (v.get("outcome") or "").strip():
            problems.append(("outcome", _("Write the outcome before closing the tip-off.")))
    return problems


def tipoff_problems(v: dict, today: date) -> list[tuple[str, str]]:
    """Every rule a tip-off's values break, as (field, message); empty when they may be saved."""
    return _problems_with_report(v, today) + _problems_with_handling(v)


def creation_problems(v: dict, today: date, communes_allowed: list[str] | None) -> list[tuple[str, str]]:
    """The rules of a new tip-off, and that the user may log it for the commune chosen."""
    problems = tipoff_problems(v, today)
    commune = v.get("commune_code")
    if communes_allowed is not None and commune not in communes_allowed:
        problems.append(("commune_code", _("You can only log tip-offs for your own commune.")))
    elif not commune or db.session.get(AdminUnit, commune) is None:
        problems.append(("commune_code", _("Choose the commune or ward that received the tip-off.")))
    return problems


def _raise_first(problems: list[tuple[str, str]]) -> None:
    if problems:
        raise UserError(problems[0][1], problems[0][0])


def _stored(value):
    """Text as stored: NFC, no surrounding blanks, None when empty (line breaks in long text are kept)."""
    if isinstance(value, str):
        value = unicodedata.normalize("NFC", value).strip() or None
    return value


def _apply(tipoff: TipOff, v: dict) -> list[str]:
    changed = []
    for name in EDIT_FIELDS:
        value = _stored(v.get(name))
        if getattr(tipoff, name) != value:
            setattr(tipoff, name, value)
            changed.append(name)
    if "classification" in changed:
        tipoff.classified_at = utcnow() if tipoff.classification else None
    return changed


def create_tipoff(v: dict, user, communes_allowed: list[str] | None, today: date | None = None) -> TipOff:
    """Log a tip-off received by the commune in `v`. Does not commit.

    `communes_allowed` is the user's logging scope (None: any commune).
    Raises UserError for the first rule broken.
    """
    today = today or local_today()
    _raise_first(creation_problems(v, today, communes_allowed))
    tipoff = TipOff(commune_code=v["commune_code"], created_by_id=user.id)
    _apply(tipoff, v)
    tipoff.code = next_code(CODE_PREFIX, today.year)
    db.session.add(tipoff)
    db.session.flush()
    record(Action.CREATE, "tipoff", tipoff.code, user=user)
    return tipoff


def current_values(tipoff: TipOff) -> dict:
    """The tip-off's editable values as they are saved now."""
    return {name: getattr(tipoff, name) for name in EDIT_FIELDS}


def _check_version(tipoff: TipOff, expected) -> None:
    if str(tipoff.version) != str(expected):
        raise StaleRecord(_("Another officer saved this tip-off while you were editing. Your changes are still in "
                            "the form below and were not saved; the saved values are shown above it. Check them "
                            "and save again."))


def update_tipoff(tipoff: TipOff, v: dict, expected_version, user, today: date | None = None) -> list[str]:
    """Correct, classify, forward, close or reopen; returns the names of changed fields. Does not commit.

    `v` holds every editable field (see EDIT_FIELDS). Raises StaleRecord when
    the tip-off changed since `expected_version`, UserError for a broken rule.
    """
    _check_version(tipoff, expected_version)
    _raise_first(tipoff_problems(v, today or local_today()))
    changed = _apply(tipoff, v)
    if changed:
        db.session.flush()
        record(Action.UPDATE, "tipoff", tipoff.code, user=user, detail=",".join(changed))
    return changed


def classify(tipoff: TipOff, classification: str, expected_version, user) -> list[str]:
    return update_tipoff(tipoff, {**current_values(tipoff), "classification": classification}, expected_version, user)


def forward(tipoff: TipOff, agency_id: int, on: date, expected_version, user) -> list[str]:
    values = {**current_values(tipoff), "forwarded_agency_id": agency_id, "forwarded_on": on}
    return update_tipoff(tipoff, values, expected_version, user)


def close(tipoff: TipOff, outcome: str, on: date, expected_version, user) -> list[str]:
    """Close with its outcome; refused (UserError) while the tip-off is not classified."""
    values = {**current_values(tipoff), "outcome": outcome, "closed_on": on}
    return update_tipoff(tipoff, values, expected_version, user)
