"""Tip-offs (thông tin, tố giác): reports of suspected trafficking, logged, classified, forwarded and closed."""
from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.db import TimestampMixin
from webapp.extensions import db
from webapp.places.models import AdminUnit, Agency

SUMMARY_MAX = 4000
OUTCOME_MAX = 4000


class TipOffStatus(StrEnum):
    """Where a tip-off stands; derived from its fields, never stored."""

    UNCLASSIFIED = "unclassified"
    CLASSIFIED = "classified"
    FORWARDED = "forwarded"
    CLOSED = "closed"


STATUS_LABELS = {
    TipOffStatus.UNCLASSIFIED: _l("Not yet classified"),
    TipOffStatus.CLASSIFIED: _l("Classified, not forwarded"),
    TipOffStatus.FORWARDED: _l("Forwarded, awaiting outcome"),
    TipOffStatus.CLOSED: _l("Closed"),
}


class TipOff(TimestampMixin, db.Model):
    __tablename__ = "tip_off"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    # The commune that logged the tip-off: the scope that decides who may see it.
    commune_code: Mapped[str] = mapped_column(ForeignKey("admin_unit.code"), index=True)
    received_on: Mapped[date] = mapped_column(Date, index=True)
    channel: Mapped[str] = mapped_column(String(40))  # catalogue "tipoff_channel"
    summary: Mapped[str] = mapped_column(Text)  # may name people: shown only in scope, never audited
    classification: Mapped[str | None] = mapped_column(String(40), index=True)  # catalogue "tipoff_class"
    classified_at: Mapped[datetime | None] = mapped_column(DateTime)
    forwarded_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))
    forwarded_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(Text)
    closed_on: Mapped[date | None] = mapped_column(Date, index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    commune: Mapped[AdminUnit] = relationship()
    forwarded_agency: Mapped[Agency | None] = relationship()
    created_by = relationship("User")

    __mapper_args__ = {"version_id_col": version}

    @property
    def status(self) -> TipOffStatus:
        if self.closed_on:
            return TipOffStatus.CLOSED
        if self.forwarded_on:
            return TipOffStatus.FORWARDED
        if self.classification:
            return TipOffStatus.CLASSIFIED
        return TipOffStatus.UNCLASSIFIED
