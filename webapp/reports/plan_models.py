"""The plan's targets (chỉ tiêu) and each unit's yearly budget estimate (dự toán) for victim support."""
from __future__ import annotations

from datetime import date

from sqlalchemy import BigInteger, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from webapp.db import TimestampMixin
from webapp.extensions import db


class PlanTarget(TimestampMixin, db.Model):
    """One indicator's target and the period it covers, as the province set it.

    An indicator with no row uses the default of `targets.default_target` (100% over the current year).
    """

    __tablename__ = "plan_target"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    indicator: Mapped[str] = mapped_column(String(30), unique=True)
    target_percent: Mapped[int] = mapped_column(Integer)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))


class BudgetEstimate(TimestampMixin, db.Model):
    """A unit's estimate (dự toán) for one support regime and one year, in VND."""

    __tablename__ = "budget_estimate"
    __table_args__ = (UniqueConstraint("year", "unit_kind", "unit_code", "regime", name="uq_budget_estimate"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    unit_kind: Mapped[str] = mapped_column(String(10))  # commune or centre
    unit_code: Mapped[str] = mapped_column(String(20))  # the commune's code or the centre's agency id
    regime: Mapped[str] = mapped_column(String(40))  # catalogue "support_regime"
    amount_vnd: Mapped[int] = mapped_column(BigInteger)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
