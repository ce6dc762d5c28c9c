"""Business rules of protection: who may be protected, which dates and measures make sense, and the changes."""
from __future__ import annotations

import unicodedata
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from webapp.audit.services import Action, record
from webapp.cases.models import Case
from webapp.cases.services import add_event
from webapp.catalogues.services import labels
from webapp.errors import StaleRecord, UserError
from webapp.extensions import db
from webapp.i18n import format_date, local_today
from webapp.places.models import Agency
from webapp.protection.models import (
    PROTECTION_STATUS_LABELS,
    REQUESTERS,
    RISK_LEVELS,
    SUBJECTS,
    Protection,
    ProtectionMeasure,
    ProtectionStatus,
)

THREAT_MAX = 4000
OUTCOME_MAX = 4000
NAME_MAX = 120
RELATIONSHIP_MAX = 60
AGENCY_NAME_MAX = 200
MEASURE_VOCABULARY = "protection_measure"
# The plain values a form gives (see presenters.form_values); the same for a new record and an edit.
FIELDS = ("subject", "child_id", "relative_name", "relative_relationship", "requested_on", "requested_by",
          "threat", "risk_level", "measures", "agency_id", "agency_name", "start_on", "end_on", "status", "outcome")


def _stored(text: str | None) -> str | None:
    """Text as stored: NFC, no surrounding blanks, None when empty (line breaks are kept)."""
    return unicodedata.normalize("NFC", text or "").strip() or None


def clean(values: dict) -> dict:
    """The values as they will be saved: text normalised, a relative's name only for a relative, and so on."""
    v = {name: values.get(name) for name in FIELDS}
    for name in ("relative_name", "relative_relationship", "threat", "agency_name", "outcome"):
        v[name] = _stored(v[name])
    v["risk_level"] = v["risk_level"] or None
    v["measures"] = list(dict.fromkeys(v["measures"] or []))
    if v["subject"] != "child":
        v["child_id"] = None
    if v["subject"] != "relative":
        v["relative_name"] = v["relative_relationship"] = None
    return v


def _too_long(v: dict) -> list[tuple[str, str]]:
    limits = {"relative_name": NAME_MAX, "relative_relationship": RELATIONSHIP_MAX, "threat": THREAT_MAX,
              "agency_name": AGENCY_NAME_MAX, "outcome": OUTCOME_MAX}
    return [(name, _("Enter at most %(max)d characters.", max=limit))
            for name, limit in limits.items() if v[name] and len(v[name]) > limit]


def _who_problems(case: Case, v: dict) -> list[tuple[str, str]]:
    if v["subject"] not in SUBJECTS:
        return [("subject", _("Choose who needs protection."))]
    if v["subject"] == "child" and v["child_id"] not in {c.id for c in case.children}:
        return [("child_id", _("Choose which accompanying child needs protection."))]
    problems = []
    if v["subject"] == "relative":
        if not v["relative_name"]:
            problems.append(("relative_name", _("Write the relative's name.")))
        if not v["relative_relationship"]:
            problems.append(("relative_relationship", _("Write how the relative is related to the person.")))
    return problems


def _request_problems(v: dict, today: date, saved_measures: set[str]) -> list[tuple[str, str]]:
    problems = []
    if v["requested_on"] is None:
        problems.append(("requested_on", _("This field is required.")))
    elif v["requested_on"] > today:
        problems.append(("requested_on", _("This date is in the future.")))
    if v["requested_by"] not in REQUESTERS:
        problems.append(("requested_by", _("Choose who asked for protection.")))
    if not v["threat"]:
        problems.append(("threat", _("Describe the threat: who or what puts the person in danger.")))
    if v["risk_level"] is not None and v["risk_level"] not in RISK_LEVELS:
        problems.append(("risk_level", _("Not a valid choice.")))
    known = set(labels(MEASURE_VOCABULARY))
    if not v["measures"]:
        problems.append(("measures", _("Choose at least one protection measure.")))
    elif any(code not in known and code not in saved_measures for code in v["measures"]):
        problems.append(("measures", _("Not a valid choice.")))
    return problems


def _provider_problems(v: dict) -> list[tuple[str, str]]:
    if v["agency_id"] is not None and v["agency_name"]:
        return [("agency_name", _("Choose an agency from the list or write its name, not both."))]
    if v["agency_id"] is not None and db.session.get(Agency, v["agency_id"]) is None:
        return [("agency_id", _("Not a valid choice."))]
    if v["status"] in (ProtectionStatus.IN_PLACE, ProtectionStatus.ENDED) and not (v["agency_id"] or v["agency_name"]):
        return [("agency_id", _("Say which agency provides the protection."))]
    return []


def _status_problems(v: dict, today: date) -> list[tuple[str, str]]:
    status, start, end = v["status"], v["start_on"], v["end_on"]
    if status not in PROTECTION_STATUS_LABELS:
        return [("status", _("Not a valid choice."))]
    problems = []
    if start is None and status in (ProtectionStatus.IN_PLACE, ProtectionStatus.ENDED):
        problems.append(("start_on", _("Write when the protection started.")))
    elif start is not None and status == ProtectionStatus.REQUESTED:
        problems.append(("status", _("A start date means the protection is in place: choose \"In place\".")))
    elif start is not None and start > today:
        problems.append(("start_on", _("This date is in the future.")))
    elif start is not None and v["requested_on"] and start < v["requested_on"]:
        problems.append(("start_on", _("Protection cannot start before it was requested (%(date)s).",
                                       date=format_date(v["requested_on"]))))
    if end is None and status == ProtectionStatus.ENDED:
        problems.append(("end_on", _("Write when the protection ended.")))
    elif end is not None and status != ProtectionStatus.ENDED:
        problems.append(("status", _("An end date means the protection ended: choose \"Ended\".")))
    elif end is not None and end > today:
        problems.append(("end_on", _("This date is in the future.")))
    elif end is not None and start is not None and end < start:
        problems.append(("end_on", _("The end date cannot be before the start date.")))
    if status == ProtectionStatus.NOT_NEEDED and not v["outcome"]:
        problems.append(("outcome", _("Write why protection was refused or is not needed.")))
    return problems


def protection_problems(case: Case, values: dict, today: date | None = None,
                        saved: Protection | None = None) -> list[tuple[str | None, str]]:
    """Every rule a protection record breaks, as (field, message); empty when it may be saved."""
    if case.closed_on:
        return [(None, _("This case is closed: reopen it to record or change protection."))]
    v = clean(values)
    today = today or local_today()
    saved_measures = set(saved.measure_codes) if saved is not None else set()
    return (_who_problems(case, v) + _request_problems(v, today, saved_measures) + _provider_problems(v)
            + _status_problems(v, today) + _too_long(v))


def _raise_first(problems: list[tuple[str | None, str]]) -> None:
    if problems:
        raise UserError(problems[0][1], problems[0][0])


def _apply(protection: Protection, v: dict) -> list[str]:
    """Set the record's columns and measures from `v`; returns the names of what changed."""
    changed = []
    for name in FIELDS:
        if name == "measures":
            continue
        if getattr(protection, name) != v[name]:
            setattr(protection, name, v[name])
            changed.append(name)
    if protection.measure_codes != v["measures"]:
        protection.measures = [m for m in protection.measures if m.code in v["measures"]]
        kept = set(protection.measure_codes)
        protection.measures.extend(ProtectionMeasure(code=code) for code in v["measures"] if code not in kept)
        changed.append("measures")
    return changed


def record_protection(case: Case, values: dict, user, today: date | None = None) -> Protection:
    """Record a protection request (and the measures already taken). Raises UserError. Does not commit."""
    _raise_first(protection_problems(case, values, today))
    v = clean(values)
    protection = Protection(case_id=case.id, created_by_id=user.id)
    _apply(protection, v)
    db.session.add(protection)
    # The timeline and the audit get codes only: the threat and a relative's name stay in the record.
    add_event(case, "protection_requested", user, f"status={v['status']};subject={v['subject']}")
    db.session.flush()
    record(Action.CREATE, "protection", protection.id, user=user, detail=f"case={case.code}")
    return protection


def update_protection(protection: Protection, values: dict, expected_version, user,
                      today: date | None = None) -> list[str]:
    """Change a protection record; returns the names of changed fields. Does not commit.

    Raises StaleRecord when it changed since `expected_version`, UserError for a broken rule.
    """
    if str(protection.version) != str(expected_version):
        raise StaleRecord(_("Another officer changed this protection record while you were editing. What you typed "
                            "is still in the form and was not saved; the saved values are shown above it. Check "
                            "them and save again."))
    case = protection.case
    _raise_first(protection_problems(case, values, today, saved=protection))
    changed = _apply(protection, clean(values))
    if changed:
        add_event(case, "protection_updated", user, f"status={protection.status};subject={protection.subject}")
        db.session.flush()
        record(Action.UPDATE, "protection", protection.id, user=user, detail="changed:" + ",".join(changed))
    return changed


def case_protections(case: Case) -> list[Protection]:
    """The case's protection records, the earliest request first."""
    return list(db.session.scalars(select(Protection).where(Protection.case_id == case.id)
                                   .order_by(Protection.requested_on, Protection.id)))


def erase_personal_text(case: Case, placeholder: str) -> None:
    """Erase what could identify someone in the case's protection records (the person asked for erasure).

    The threat becomes `placeholder`; a relative's name, relationship and the
    outcome go. Who was protected (person, child, relative), the measures, the
    dates and the status stay for the statistics. Does not commit.
    """
    for protection in case_protections(case):
        protection.threat = placeholder
        protection.relative_name = protection.relative_relationship = protection.outcome = None
