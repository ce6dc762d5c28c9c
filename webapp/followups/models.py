"""Follow-up visits after reintegration: planned (who goes, why, when), then recorded (whom they met, what they found)."""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.db import TimestampMixin
from webapp.extensions import db

# Why a visit is made. Fixed codes: reports may count them; "other" needs a note.
VISIT_PURPOSES = {
    "living": _l("Check the living situation"),
    "health": _l("Health"),
    "school_work": _l("Schooling or work"),
    "support": _l("Deliver support"),
    "risk": _l("Risk of being trafficked again"),
    "other": _l("Other"),
}


class FollowUp(TimestampMixin, db.Model):
    __tablename__ = "follow_up"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    due_on: Mapped[date] = mapped_column(Date, index=True)
    # Who is to make the visit; empty for visits planned before visits were assigned (everyone in scope sees them).
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    purpose: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(String(500))
    done_on: Mapped[date | None] = mapped_column(Date)
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    met_with: Mapped[str | None] = mapped_column(String(200))
    findings: Mapped[str | None] = mapped_column(Text)
    risk_noted: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    case = relationship("Case")
    done_by = relationship("User", foreign_keys=[done_by_id])
    assigned_to = relationship("User", foreign_keys=[assigned_to_id])
