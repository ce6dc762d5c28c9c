"""Periodic reports: the reporting periods of a year, and each unit's report versions with frozen figures."""
from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as pgettext  # lazy; named so that extraction finds it
from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.db import TimestampMixin
from webapp.extensions import db


class ReportStatus(StrEnum):
    NOT_STARTED = "not_started"  # never stored: no version yet
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    ACCEPTED = "accepted"


STATUS_LABELS = {
    ReportStatus.NOT_STARTED: _l("Not started"),
    ReportStatus.DRAFT: _l("Draft"),
    ReportStatus.SUBMITTED: _l("Submitted"),
    ReportStatus.RETURNED: _l("Returned for correction"),
    ReportStatus.ACCEPTED: pgettext("report status", "Accepted"),
}

UNIT_KINDS = ("commune", "centre")


class ReportPeriod(TimestampMixin, db.Model):
    """One report of the calendar (first quarter, six months, nine months, year) of one year.

    A row is stored when the province changes the defaults or when the first report of the period is saved;
    until then the period is the default of `periods.default_period`.
    """

    __tablename__ = "report_period"
    __table_args__ = (UniqueConstraint("year", "kind", name="uq_report_period_year_kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))


class ReportVersion(TimestampMixin, db.Model):
    """One version of one unit's report for one period: a draft, then submitted with its figures frozen.

    A returned version is kept as it was; the correction is a new version. `figures` is the JSON of
    `compute.Report` (ordered tables of whole numbers), stored at submission and never changed after.
    """

    __tablename__ = "report_version"
    __table_args__ = (UniqueConstraint("period_id", "unit_kind", "unit_code", "number",
                                       name="uq_report_version_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("report_period.id"), index=True)
    unit_kind: Mapped[str] = mapped_column(String(10))  # commune or centre
    unit_code: Mapped[str] = mapped_column(String(20))  # the commune's code or the centre's agency id
    number: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), default=ReportStatus.DRAFT, index=True)
    results: Mapped[str | None] = mapped_column(Text)
    difficulties: Mapped[str | None] = mapped_column(Text)
    proposals: Mapped[str | None] = mapped_column(Text)
    figures: Mapped[str | None] = mapped_column(Text)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)
    comment: Mapped[str | None] = mapped_column(Text)
    lock: Mapped[int] = mapped_column(Integer, default=1)

    period: Mapped[ReportPeriod] = relationship()
    submitted_by = relationship("User", foreign_keys=[submitted_by_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])

    __mapper_args__ = {"version_id_col": lock}
