"""The reporting calendar: four reports a year, each with a year-to-date window and a deadline.

Defaults (2025 plan of the Department of Health): the first-quarter report before 08/03, the six-month
report before 08/06, the nine-month report before 08/09, the annual report before 08/12. Each counts
from 1 December of the previous year to the last day of the month before its deadline. The province
may change a year's windows and deadlines until that year's first window starts; a changed (or used)
period is stored as a `ReportPeriod` row, an untouched one is computed from these defaults.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from webapp.extensions import db
from webapp.reports.models import ReportPeriod

# kind -> (month of the deadline, day of the deadline)
KINDS = {"q1": (3, 8), "h1": (6, 8), "m9": (9, 8), "year": (12, 8)}
KIND_LABELS = {
    "q1": _l("First quarter report"),
    "h1": _l("Six-month report"),
    "m9": _l("Nine-month report"),
    "year": _l("Annual report"),
}
FIRST_YEAR, LAST_YEAR = 2020, 2100


@dataclass
class Period:
    """A period as the pages and the computation use it, stored or not."""

    year: int
    kind: str
    starts_on: date
    ends_on: date
    due_on: date
    row: ReportPeriod | None = None

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self.kind])

    @property
    def key(self) -> str:
        return f"{self.year}-{self.kind}"


def default_period(year: int, kind: str) -> Period:
    month, day = KINDS[kind]
    due = date(year, month, day)
    ends = date(year, month, 1) - timedelta(days=1)  # the last day of the month before the deadline
    return Period(year, kind, date(year - 1, 12, 1), ends, due)


def valid(year: int, kind: str) -> bool:
    return kind in KINDS and FIRST_YEAR <= year <= LAST_YEAR


def get_period(year: int, kind: str) -> Period:
    """The period as stored, or the default when nobody changed or used it."""
    row = db.session.scalar(select(ReportPeriod).where(ReportPeriod.year == year, ReportPeriod.kind == kind))
    if row is None:
        return default_period(year, kind)
    return Period(year, kind, row.starts_on, row.ends_on, row.due_on, row)


def year_periods(year: int) -> list[Period]:
    rows = {r.kind: r for r in db.session.scalars(select(ReportPeriod).where(ReportPeriod.year == year))}
    found = []
    for kind in KINDS:
        row = rows.get(kind)
        found.append(Period(year, kind, row.starts_on, row.ends_on, row.due_on, row) if row
                     else default_period(year, kind))
    return found


def stored(period: Period) -> ReportPeriod:
    """The period's row, created with its current dates if it was still a default. Flushes, never commits."""
    if period.row is None:
        period.row = ReportPeriod(year=period.year, kind=period.kind, starts_on=period.starts_on,
                                  ends_on=period.ends_on, due_on=period.due_on)
        db.session.add(period.row)
        db.session.flush()
    return period.row


def current_period(today: date) -> Period:
    """The period whose deadline comes next (today included): the one officers are working on."""
    for year in (today.year, today.year + 1):
        for period in year_periods(year):
            if period.due_on >= today:
                return period
    return year_periods(today.year + 1)[-1]


def editable(year: int, today: date) -> bool:
    """A year's calendar may change until its first window starts."""
    return today < min(p.starts_on for p in year_periods(year))
