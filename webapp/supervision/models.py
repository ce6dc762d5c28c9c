"""Supervision visits (kiểm tra, giám sát): the province visits a commune and leaves recommendations with a due date."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.db import TimestampMixin
from webapp.extensions import db
from webapp.places.models import AdminUnit


class SupervisionVisit(TimestampMixin, db.Model):
    __tablename__ = "supervision_visit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    visited_on: Mapped[date] = mapped_column(Date, index=True)
    commune_code: Mapped[str] = mapped_column(ForeignKey("admin_unit.code"), index=True)
    team: Mapped[str] = mapped_column(String(500))  # who went
    checked: Mapped[str] = mapped_column(Text)  # what was checked
    findings: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    commune: Mapped[AdminUnit] = relationship()
    recommendations: Mapped[list[SupervisionRecommendation]] = relationship(
        back_populates="visit", cascade="all, delete-orphan", order_by="SupervisionRecommendation.id")


class SupervisionRecommendation(TimestampMixin, db.Model):
    """What the commune must do, by when; the commune marks it done (who and when are kept)."""

    __tablename__ = "supervision_recommendation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("supervision_visit.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    due_on: Mapped[date] = mapped_column(Date, index=True)
    done_on: Mapped[date | None] = mapped_column(Date)
    done_note: Mapped[str | None] = mapped_column(Text)
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    done_at: Mapped[datetime | None] = mapped_column(DateTime)

    visit: Mapped[SupervisionVisit] = relationship(back_populates="recommendations")
    done_by = relationship("User", foreign_keys=[done_by_id])
