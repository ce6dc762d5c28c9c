"""The report cycle: draft, submit (figures frozen), return with a comment or accept, correct and resubmit.

Services flush, never commit. Every version is kept: a returned version stays as the province saw it and
its correction is the next version.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from webapp.audit.services import Action, record
from webapp.db import utcnow
from webapp.errors import UserError
from webapp.extensions import db
from webapp.places.models import AdminUnit, Agency, AgencyKind
from webapp.places.services import home_communes
from webapp.reports import compute
from webapp.reports.models import ReportStatus, ReportVersion
from webapp.reports.periods import Period, stored

NARRATIVE_FIELDS = ("results", "difficulties", "proposals")
NARRATIVE_MAX = 8000
COMMENT_MAX = 2000
EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)
DONE = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)


@dataclass(frozen=True)
class Unit:
    kind: str  # commune or centre
    code: str  # commune code, or the centre's agency id
    name: str

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.code}"


def commune_units() -> list[Unit]:
    return [Unit("commune", u.code, u.full_name) for u in home_communes(current_app.config["HOME_PROVINCE_CODE"])]


def centre_units() -> list[Unit]:
    agencies = db.session.scalars(select(Agency).where(Agency.kind == AgencyKind.PROTECTION_CENTRE,
                                                       Agency.active.is_(True)).order_by(Agency.name))
    return [Unit("centre", str(a.id), a.name) for a in agencies]


def unit_from_key(key: str) -> Unit | None:
    """The unit a URL names ("commune-29869", "centre-3"), or None when there is no such reporting unit."""
    kind, _sep, code = key.partition("-")
    if kind == "commune":
        unit = db.session.get(AdminUnit, code) if code.isdigit() and len(code) <= 10 else None
        if unit is None or unit.parent_code != current_app.config["HOME_PROVINCE_CODE"]:
            return None
        return Unit("commune", unit.code, unit.full_name)
    if kind == "centre" and code.isdigit() and len(code) <= 9:
        agency = db.session.get(Agency, int(code))
        if agency is None or agency.kind != AgencyKind.PROTECTION_CENTRE:
            return None
        return Unit("centre", str(agency.id), agency.name)
    return None


def versions(period: Period, unit: Unit) -> list[ReportVersion]:
    if period.row is None:
        return []
    return list(db.session.scalars(select(ReportVersion).where(
        ReportVersion.period_id == period.row.id, ReportVersion.unit_kind == unit.kind,
        ReportVersion.unit_code == unit.code).order_by(ReportVersion.number)))


def latest(period: Period, unit: Unit) -> ReportVersion | None:
    found = versions(period, unit)
    return found[-1] if found else None


def status_of(version: ReportVersion | None) -> str:
    return ReportStatus.NOT_STARTED if version is None else version.status


def compute_figures(unit: Unit, period: Period) -> dict:
    window = (period.starts_on, period.ends_on)
    if unit.kind == "commune":
        return compute.commune_report(unit.code, unit.name, window)
    return compute.centre_report(int(unit.code), unit.name, window)


def figures_of(version: ReportVersion) -> dict | None:
    return json.loads(version.figures) if version.figures else None


def _working_version(period: Period, unit: Unit, user) -> ReportVersion:
    """The version the officer writes in: the draft, or a new one after a return. Refuses otherwise."""
    current = latest(period, unit)
    if current is not None and current.status == ReportStatus.DRAFT:
        return current
    if current is not None and current.status in DONE:
        raise UserError(_("This report was submitted and can no longer be changed."))
    version = ReportVersion(period_id=stored(period).id, unit_kind=unit.kind, unit_code=unit.code,
                            number=(current.number + 1) if current else 1, status=ReportStatus.DRAFT)
    if current is not None:  # returned: the correction starts from what was sent
        for name in NARRATIVE_FIELDS:
            setattr(version, name, getattr(current, name))
    db.session.add(version)
    return version


def save_draft(period: Period, unit: Unit, values: dict, user) -> ReportVersion:
    version = _working_version(period, unit, user)
    for name in NARRATIVE_FIELDS:
        setattr(version, name, (values.get(name) or "").strip() or None)
    db.session.flush()
    record(Action.UPDATE, "report", f"{period.key}/{unit.key}", detail=f"draft:v{version.number}")
    return version


def submit(period: Period, unit: Unit, values: dict, user, today: date) -> ReportVersion:
    """Save the narrative and freeze the figures as they are now, with the time and the submitter.

    Not before the window has ended: a snapshot of a period still running would miss its last days.
    """
    if today <= period.ends_on:
        from webapp.i18n import format_date

        raise UserError(_("The period's figures are complete only after %(date)s: you can save a draft until then.",
                          date=format_date(period.ends_on)))
    if not (values.get("results") or "").strip():
        raise UserError(_("Describe the results of the period before submitting."), "results")
    version = save_draft(period, unit, values, user)
    version.figures = json.dumps(compute_figures(unit, period), ensure_ascii=False, sort_keys=True)
    version.status = ReportStatus.SUBMITTED
    version.submitted_by_id = user.id
    version.submitted_at = utcnow()
    db.session.flush()
    record(Action.UPDATE, "report", f"{period.key}/{unit.key}", detail=f"submitted:v{version.number}")
    return version


def decide(period: Period, unit: Unit, action: str, comment: str | None, user) -> ReportVersion:
    """The province accepts the submitted version, or returns it with a comment saying what to correct."""
    version = latest(period, unit)
    if version is None or version.status != ReportStatus.SUBMITTED:
        raise UserError(_("Only a submitted report can be accepted or returned."))
    comment = (comment or "").strip() or None
    if action == "return" and not comment:
        raise UserError(_("Say what must be corrected."), "comment")
    version.status = ReportStatus.ACCEPTED if action == "accept" else ReportStatus.RETURNED
    version.comment = comment
    version.decided_by_id = user.id
    version.decided_at = utcnow()
    db.session.flush()
    record(Action.UPDATE, "report", f"{period.key}/{unit.key}", detail=f"{version.status}:v{version.number}")
    return version


# ---------------------------------------------------------------- the province's view


def board(period: Period, today: date) -> list[dict]:
    """Every commune and centre with its report's status for the period; overdue ones marked."""
    latest_by_unit = {}
    if period.row is not None:
        for version in db.session.scalars(select(ReportVersion).where(ReportVersion.period_id == period.row.id)
                                          .order_by(ReportVersion.number)):
            latest_by_unit[(version.unit_kind, version.unit_code)] = version
    rows = []
    for unit in commune_units() + centre_units():
        version = latest_by_unit.get((unit.kind, unit.code))
        status = status_of(version)
        rows.append({"unit": unit, "version": version, "status": status,
                     "overdue": status not in DONE and today > period.due_on})
    return rows


def aggregate(period: Period) -> dict:
    """The provincial report: the sum of the latest submitted or accepted snapshot of every commune and centre.

    Tables marked not additive (training, which the province runs) are computed province-wide from the
    records instead. Units whose report is not in (not started, draft, returned) are listed apart.
    """
    communes, centres, missing = [], [], []
    for row in board(period, date.min):
        version = row["version"]
        if version is not None and version.status in DONE:
            (communes if row["unit"].kind == "commune" else centres).append(figures_of(version))
        else:
            missing.append(row)
    window = (period.starts_on, period.ends_on)
    commune_tables = sum_tables(communes)
    for index, table in enumerate(commune_tables):
        if not table["additive"]:
            commune_tables[index] = compute.finalise({"tables": [compute.training_table(window, None)]})["tables"][0]
    return {"communes": commune_tables, "centres": sum_tables(centres), "missing": missing,
            "counted": {"communes": len(communes), "centres": len(centres)}}


def sum_tables(reports: list[dict]) -> list[dict]:
    """Cell-wise sums by table, row and column key; rows met in any report kept in the order first met."""
    tables: dict[str, dict] = {}
    for report in reports:
        for table in report["tables"]:
            into = tables.get(table["key"])
            if into is None:
                tables[table["key"]] = json.loads(json.dumps(table))
                continue
            columns = [c["key"] for c in into["columns"]]
            found = {r["key"]: r for r in into["rows"]}
            for row in table["rows"]:
                cells = dict(zip([c["key"] for c in table["columns"]], row["cells"], strict=True))
                target = found.get(row["key"])
                if target is None:
                    target = {**row, "cells": [0] * len(columns)}
                    # a new row goes before the total row
                    position = next((i for i, r in enumerate(into["rows"]) if r.get("total")), len(into["rows"]))
                    into["rows"].insert(position, target)
                    found[row["key"]] = target
                target["cells"] = [a + cells.get(k, 0) for a, k in zip(target["cells"], columns, strict=True)]
    return list(tables.values())


def compare(old: dict, new: dict) -> list[dict]:
    """Two snapshots side by side: each table's rows with both versions' cells and whether they differ."""
    out = []
    old_tables = {t["key"]: t for t in old["tables"]}
    for table in new["tables"]:
        before = old_tables.get(table["key"], {"rows": [], "columns": table["columns"]})
        before_rows = {r["key"]: r for r in before["rows"]}
        rows = []
        for row in table["rows"]:
            previous = before_rows.get(row["key"])
            old_cells = previous["cells"] if previous else [0] * len(row["cells"])
            rows.append({"label": row["label"], "total": row.get("total"),
                         "cells": list(zip(old_cells, row["cells"], strict=False)),
                         "changed": old_cells != row["cells"]})
        out.append({"key": table["key"], "title": table["title"], "columns": table["columns"], "rows": rows,
                    "changed": any(r["changed"] for r in rows)})
    return out


def reminders(user, period: Period, today: date) -> list[dict]:
    """What "my work" shows a commune officer or centre: every report the province returned to them, and the
    current period's report from REPORT_REMINDER_DAYS before its deadline until it is submitted."""
    unit = user_unit(user)
    if unit is None:
        return []
    latest_by_period: dict[int, ReportVersion] = {}
    for version in db.session.scalars(select(ReportVersion).where(
            ReportVersion.unit_kind == unit.kind, ReportVersion.unit_code == unit.code)
            .order_by(ReportVersion.period_id, ReportVersion.number)):
        latest_by_period[version.period_id] = version
    found = []
    for version in latest_by_period.values():
        if version.status == ReportStatus.RETURNED:
            row = version.period
            returned = Period(row.year, row.kind, row.starts_on, row.ends_on, row.due_on, row)
            found.append(_reminder(unit, returned, ReportStatus.RETURNED, today))
    status = status_of(latest(period, unit))
    days_left = (period.due_on - today).days
    if status not in DONE and status != ReportStatus.RETURNED and \
            days_left <= current_app.config["REPORT_REMINDER_DAYS"]:
        found.append(_reminder(unit, period, status, today))
    return sorted(found, key=lambda r: r["period"].due_on)


def _reminder(unit: Unit, period: Period, status: str, today: date) -> dict:
    days_left = (period.due_on - today).days
    return {"unit": unit, "period": period, "status": status, "days_left": days_left, "overdue": days_left < 0}


def user_unit(user) -> Unit | None:
    """The unit a commune officer or centre staff member reports for."""
    if user.role == "commune" and user.commune_code:
        return unit_from_key(f"commune-{user.commune_code}")
    if user.role == "shelter" and user.agency_id:
        return unit_from_key(f"centre-{user.agency_id}")
    return None


def change_period(period: Period, values: dict, today: date, user) -> None:
    """Change a period's window and deadline; only before its year's first window starts. Flushes."""
    from webapp.reports.periods import editable

    if not editable(period.year, today):
        raise UserError(_("This year's reporting has started: its calendar can no longer change."))
    starts_on, ends_on, due_on = values["starts_on"], values["ends_on"], values["due_on"]
    if starts_on > ends_on:
        raise UserError(_("The window must start before it ends."), "ends_on")
    if due_on <= ends_on:
        raise UserError(_("The deadline must come after the end of the window."), "due_on")
    if (ends_on - starts_on).days > 400:
        raise UserError(_("A window cannot be longer than a year."), "starts_on")
    row = stored(period)
    row.starts_on, row.ends_on, row.due_on = starts_on, ends_on, due_on
    row.changed_by_id = user.id
    period.starts_on, period.ends_on, period.due_on = starts_on, ends_on, due_on
    db.session.flush()
    record(Action.UPDATE, "report_period", period.key,
           detail=f"{starts_on.isoformat()}..{ends_on.isoformat()} due {due_on.isoformat()}")
