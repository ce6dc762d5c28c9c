"""Protection (bảo vệ) of the person received, an accompanying child or a relative: asked for, given, ended."""
from __future__ import annotations

from datetime import date
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.db import TimestampMixin
from webapp.extensions import db


class ProtectionStatus(StrEnum):
    REQUESTED = "requested"
    IN_PLACE = "in_place"
    ENDED = "ended"
    NOT_NEEDED = "not_needed"  # refused by the person, or found not needed


PROTECTION_STATUS_LABELS = {
    ProtectionStatus.REQUESTED: _l("Requested, not in place"),
    ProtectionStatus.IN_PLACE: _l("In place"),
    ProtectionStatus.ENDED: _l("Ended"),
    ProtectionStatus.NOT_NEEDED: _l("Refused or not needed"),
}
# Still work for the commune: asked for and not settled, or given and not ended.
OPEN_STATUSES = (ProtectionStatus.REQUESTED, ProtectionStatus.IN_PLACE)

SUBJECTS = {
    "person": _l("The person received"),
    "child": _l("An accompanying child"),
    "relative": _l("A relative"),
}

REQUESTERS = {
    "person": _l("The person received"),
    "relative": _l("A relative"),
    "police": _l("The police"),
    "commune": _l("The commune or ward People's Committee"),
    "other": _l("Other"),
}

RISK_LEVELS = {"high": _l("High"), "medium": _l("Medium"), "low": _l("Low")}


class Protection(TimestampMixin, db.Model):
    """One protection request for one person, and the measures taken. Threat and names never leave the record."""

    __tablename__ = "protection"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    subject: Mapped[str] = mapped_column(String(10))  # person, child or relative
    child_id: Mapped[int | None] = mapped_column(ForeignKey("accompanying_child.id"))
    relative_name: Mapped[str | None] = mapped_column(String(120))
    relative_relationship: Mapped[str | None] = mapped_column(String(60))
    requested_on: Mapped[date] = mapped_column(Date, index=True)
    requested_by: Mapped[str] = mapped_column(String(20))
    threat: Mapped[str] = mapped_column(Text)
    risk_level: Mapped[str | None] = mapped_column(String(10))
    # The providing agency: one known to Sen, or the name of one that is not.
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))
    agency_name: Mapped[str | None] = mapped_column(String(200))
    start_on: Mapped[date | None] = mapped_column(Date, index=True)
    end_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default=ProtectionStatus.REQUESTED, index=True)
    outcome: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    case = relationship("Case")
    child = relationship("AccompanyingChild")
    agency = relationship("Agency")
    measures: Mapped[list[ProtectionMeasure]] = relationship(cascade="all, delete-orphan",
                                                             order_by="ProtectionMeasure.id")

    __mapper_args__ = {"version_id_col": version}

    @property
    def measure_codes(self) -> list[str]:
        return [m.code for m in self.measures]


class ProtectionMeasure(db.Model):
    """One measure (a `protection_measure` catalogue code) asked for or taken."""

    __tablename__ = "protection_measure"
    __table_args__ = (UniqueConstraint("protection_id", "code", name="uq_protection_measure_protection_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    protection_id: Mapped[int] = mapped_column(ForeignKey("protection.id"), index=True)
    code: Mapped[str] = mapped_column(String(40))
