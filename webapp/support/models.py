"""Support planned and given to a person (Art. 37 regimes), and who is eligible for which regime."""
from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.db import TimestampMixin, utcnow
from webapp.extensions import db


class SupportStatus(StrEnum):
    PLANNED = "planned"
    DELIVERED = "delivered"
    DECLINED = "declined"  # declined by the person
    NOT_ELIGIBLE = "not_eligible"
    CANCELLED = "cancelled"  # planned, then cancelled with a reason (when the case was closed)


SUPPORT_STATUS_LABELS = {
    SupportStatus.PLANNED: _l("Planned"),
    SupportStatus.DELIVERED: _l("Delivered"),
    SupportStatus.DECLINED: _l("Declined by the person"),
    SupportStatus.NOT_ELIGIBLE: _l("Not eligible"),
    SupportStatus.CANCELLED: _l("Cancelled"),
}

# Who the support is for decides which eligibility group applies.
ELIGIBILITY_GROUPS = {
    "identified_vn": _l("Identified victim, Vietnamese or stateless resident"),
    "accompanying_child": _l("Child under 18 accompanying the person"),
    "verifying_abroad": _l("Person being verified, abroad"),
    "verifying_in_vn": _l("Person being verified, in Viet Nam"),
    "foreigner": _l("Foreigner trafficked in Viet Nam"),
}


class SupportEvent(TimestampMixin, db.Model):
    """One support: planned (with a date and a responsible agency) or given (with the date and what was given)."""

    __tablename__ = "support_event"
    __table_args__ = (Index("ix_support_event_regime_status", "regime", "status"),
                      # a unit's report: the support given to its cases in the window
                      Index("ix_support_event_case_id_given_on", "case_id", "given_on"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    # None: the person; otherwise the accompanying child it is for.
    child_id: Mapped[int | None] = mapped_column(ForeignKey("accompanying_child.id"))
    regime: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(20), default=SupportStatus.DELIVERED, index=True)
    planned_on: Mapped[date | None] = mapped_column(Date)
    given_on: Mapped[date | None] = mapped_column(Date, index=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))
    # What was actually given, in dong (no built-in rates); None for help in kind.
    amount_vnd: Mapped[int | None] = mapped_column(BigInteger)
    description: Mapped[str | None] = mapped_column(String(500))
    notes: Mapped[str | None] = mapped_column(Text)
    # Recorded although the eligibility table does not grant it: marked, with the reason.
    outside_eligibility: Mapped[bool] = mapped_column(Boolean, default=False)
    eligibility_note: Mapped[str | None] = mapped_column(String(300))
    cancellation_reason: Mapped[str | None] = mapped_column(String(500))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    case = relationship("Case")
    child = relationship("AccompanyingChild")
    agency = relationship("Agency")

    __mapper_args__ = {"version_id_col": version}


class EligibilityRule(db.Model):
    """Under `legal_regime`, people of `group` may receive support `regime` (Art. 37 of the 2024 law; 2011 law)."""

    __tablename__ = "eligibility_rule"
    __table_args__ = (UniqueConstraint("legal_regime", "group_code", "regime", name="uq_eligibility_rule_regime"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    legal_regime: Mapped[str] = mapped_column(String(4))
    group_code: Mapped[str] = mapped_column(String(30))
    regime: Mapped[str] = mapped_column(String(10))
    # Rows taken from a first reading of the law (the 2011 law) until the province confirms them.
    needs_confirmation: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class EligibilityChange(db.Model):
    """One change of the eligibility table of a law, or its confirmation: who, when, before, after, why."""

    __tablename__ = "eligibility_change"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    legal_regime: Mapped[str] = mapped_column(String(4), index=True)
    action: Mapped[str] = mapped_column(String(20))  # "changed" or "confirmed"
    # The groups that changed, each with its regimes, as JSON: {"identified_vn": ["a", "b"], …}.
    before: Mapped[str] = mapped_column(Text, default="{}")
    after: Mapped[str] = mapped_column(Text, default="{}")
    reason: Mapped[str] = mapped_column(String(500))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    user = relationship("User")
