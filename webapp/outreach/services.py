"""Business rules of outreach: logging and correcting a session, marking and unmarking key areas."""
from __future__ import annotations

from datetime import date

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from webapp.audit.services import Action, record
from webapp.catalogues.services import labels
from webapp.errors import StaleRecord, UserError
from webapp.extensions import db
from webapp.i18n import format_number, local_today
from webapp.outreach.models import HAMLET_MAX, NOTES_MAX, REACH_VENUES, TEXT_MAX, KeyArea, OutreachSession, OutreachTag
from webapp.places.models import AdminUnit
from webapp.text import clean, search_key

OLDEST_DATE = date(2000, 1, 1)
MAX_PEOPLE = 100_000  # more people than this at one session is a typing mistake
MAX_REACH = 10_000_000  # a broadcast or a post may reach far more
MAX_MATERIALS = 1_000_000
HEADCOUNT = ("participants", "women", "children")
MATERIALS = ("leaflets", "posters", "other_materials")
TAGS = {"topics": "outreach_topic", "groups": "outreach_group"}
EDIT_FIELDS = ("held_on", "hamlet", "venue", *HEADCOUNT, "reach", *MATERIALS, "organiser", "partners", "notes")


def _date_problems(v: dict, today: date) -> list[tuple[str, str]]:
    held = v.get("held_on")
    if not held:
        return [("held_on", _("Give the date the session was held."))]
    if held > today:
        return [("held_on", _("This date is in the future. Log a session once it has been held."))]
    if held < OLDEST_DATE:
        return [("held_on", _("This date is too far in the past."))]
    return []


def _catalogue_problems(v: dict) -> list[tuple[str, str]]:
    problems = []
    if v.get("venue") not in labels("outreach_venue"):
        problems.append(("venue", _("Choose where the session was held from the list.")))
    for name, vocabulary in TAGS.items():
        codes = v.get(name) or []
        known = labels(vocabulary)
        if not codes:
            problems.append((name, _("Tick at least one.")))
        elif any(code not in known for code in codes):
            problems.append((name, _("Choose only from the options shown.")))
    return problems


def _count_problems(v: dict) -> list[tuple[str, str]]:
    problems = []
    for name, cap in [(n, MAX_PEOPLE) for n in HEADCOUNT] + [("reach", MAX_REACH)] + [(n, MAX_MATERIALS) for n in MATERIALS]:
        value = v.get(name)
        if value is not None and value < 0:
            problems.append((name, _("A count cannot be negative.")))
        elif value is not None and value > cap:
            problems.append((name, _("This number is too large for one session (at most %(max)s). Check what was "
                                     "typed.", max=format_number(cap))))
    if problems:
        return problems
    if v.get("venue") in REACH_VENUES:
        if not v.get("reach"):
            problems.append(("reach", _("For a broadcast or an online session, give the estimated number of people "
                                        "reached.")))
        for name in HEADCOUNT:
            if v.get(name):
                problems.append((name, _("A broadcast or an online session records the estimated reach, not a head "
                                         "count. Leave this empty.")))
        return problems
    if v.get("reach"):
        problems.append(("reach", _("Only a broadcast or an online session records an estimated reach. Give the "
                                    "number of participants instead.")))
    total = v.get("participants")
    if not total:
        problems.append(("participants", _("Give the number of participants.")))
        return problems
    for name in ("women", "children"):
        if (v.get(name) or 0) > total:
            problems.append((name, _("This cannot be more than the participants in all (%(total)d).", total=total)))
    return problems


def _text_problems(v: dict) -> list[tuple[str, str]]:
    problems = []
    if not clean(v.get("organiser")):
        problems.append(("organiser", _("Give the agency that organised the session.")))
    for name, limit in (("organiser", TEXT_MAX), ("partners", TEXT_MAX), ("hamlet", HAMLET_MAX), ("notes", NOTES_MAX)):
        if len(v.get(name) or "") > limit:
            problems.append((name, _("Enter at most %(max)d characters.", max=limit)))
    return problems


def session_problems(v: dict, today: date) -> list[tuple[str, str]]:
    """Every rule a session's values break, as (field, message); empty when they may be saved."""
    return _date_problems(v, today) + _catalogue_problems(v) + _count_problems(v) + _text_problems(v)


def _home_unit(code: str) -> AdminUnit | None:
    unit = db.session.get(AdminUnit, code)
    return unit if unit is not None and unit.parent_code == current_app.config["HOME_PROVINCE_CODE"] else None


def creation_problems(v: dict, today: date, communes_allowed: list[str] | None) -> list[tuple[str, str]]:
    """The rules of a new session, and that the user may log it for the commune chosen."""
    problems = session_problems(v, today)
    commune = v.get("commune_code")
    if communes_allowed is not None and commune not in communes_allowed:
        problems.append(("commune_code", _("You can only log outreach sessions for your own commune.")))
    elif not commune or _home_unit(commune) is None:
        problems.append(("commune_code", _("Choose the commune or ward where the session was held.")))
    return problems


def _raise_first(problems: list[tuple[str, str]]) -> None:
    if problems:
        raise UserError(problems[0][1], problems[0][0])


def _stored(name: str, value):
    if isinstance(value, str):
        value = (value.strip() if name == "notes" else clean(value)) or None
    if name in MATERIALS:
        value = value or 0
    return value


def _apply(session: OutreachSession, v: dict) -> list[str]:
    changed = []
    for name in EDIT_FIELDS:
        value = _stored(name, v.get(name))
        if getattr(session, name) != value:
            setattr(session, name, value)
            changed.append(name)
    session.hamlet_key = search_key(session.hamlet) or None
    for name, vocabulary in TAGS.items():
        wanted = list(dict.fromkeys(v.get(name) or []))
        if set(session.tag_codes(vocabulary)) != set(wanted):
            # Tags kept stay the same rows: a new row beside the old one would break the unique constraint.
            kept = [t for t in session.tags if t.vocabulary != vocabulary or t.code in wanted]
            have = {t.code for t in kept if t.vocabulary == vocabulary}
            session.tags = kept + [OutreachTag(vocabulary=vocabulary, code=c) for c in wanted if c not in have]
            changed.append(name)
    return changed


def create_session(v: dict, user, communes_allowed: list[str] | None, today: date | None = None) -> OutreachSession:
    """Log a session held in the commune of `v`. Does not commit.

    `communes_allowed` is the user's logging scope (None: any commune).
    Raises UserError for the first rule broken.
    """
    _raise_first(creation_problems(v, today or local_today(), communes_allowed))
    session = OutreachSession(commune_code=v["commune_code"], created_by_id=user.id)
    _apply(session, v)
    db.session.add(session)
    db.session.flush()
    record(Action.CREATE, "outreach_session", session.id, user=user)
    return session


def current_values(session: OutreachSession) -> dict:
    values = {name: getattr(session, name) for name in EDIT_FIELDS}
    values.update({name: session.tag_codes(vocabulary) for name, vocabulary in TAGS.items()})
    return values


def update_session(session: OutreachSession, v: dict, expected_version, user, today: date | None = None) -> list[str]:
    """Correct a session; returns the names of changed fields. Does not commit.

    The commune (the scope) never changes. Raises StaleRecord when the session
    changed since `expected_version`, UserError for a broken rule.
    """
    if str(session.version) != str(expected_version):
        raise StaleRecord(_("Someone else saved this session while you were editing. Your changes are still in the "
                            "form below and were not saved; the saved values are shown above it. Check them and save "
                            "again."))
    _raise_first(session_problems(v, today or local_today()))
    changed = _apply(session, v)
    if changed:
        db.session.flush()
        record(Action.UPDATE, "outreach_session", session.id, user=user, detail=",".join(changed))
    return changed


def add_key_area(commune_code: str, hamlet: str | None, user, province_code: str) -> KeyArea:
    """Mark a commune of the province, or one hamlet in it, as a key area. Does not commit.

    Raises UserError for a commune outside the province or an area already marked.
    """
    unit = db.session.get(AdminUnit, commune_code or "")
    if unit is None or unit.parent_code != province_code:
        raise UserError(_("Choose a commune or ward of the province."), "commune_code")
    hamlet = clean(hamlet) or None
    if hamlet and len(hamlet) > HAMLET_MAX:
        raise UserError(_("Enter at most %(max)d characters.", max=HAMLET_MAX), "hamlet")
    key = search_key(hamlet) or None
    exists = db.session.scalar(select(KeyArea.id).where(
        KeyArea.commune_code == commune_code, KeyArea.active.is_(True),
        KeyArea.hamlet_key.is_(None) if key is None else KeyArea.hamlet_key == key))
    if exists:
        raise UserError(_("This key area is already marked."), "hamlet")
    area = KeyArea(commune_code=commune_code, hamlet=hamlet, hamlet_key=key, active=True, created_by_id=user.id)
    db.session.add(area)
    db.session.flush()
    record(Action.CREATE, "key_area", area.id, user=user)
    return area


def remove_key_area(area: KeyArea, user) -> None:
    """Stop counting an area as key; its sessions stay. Does not commit."""
    area.active = False
    db.session.flush()
    record(Action.DELETE, "key_area", area.id, user=user)
