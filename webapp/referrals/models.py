"""Referrals of a case between agencies: sent, accepted or declined, completed."""
from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.db import TimestampMixin, utcnow
from webapp.extensions import db


class ReferralStatus(StrEnum):
    SENT = "sent"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    COMPLETED = "completed"


REFERRAL_STATUS_LABELS = {
    ReferralStatus.SENT: _l("Sent, waiting for an answer"),
    ReferralStatus.ACCEPTED: _l("Accepted"),
    ReferralStatus.DECLINED: _l("Declined"),
    ReferralStatus.COMPLETED: _l("Completed"),
}


def _one_open_per_receiver(column: str) -> Index:
    """At most one open referral of a case to one receiver, kept by the database even when two sends race."""
    where = text(f"status IN ('sent', 'accepted') AND {column} IS NOT NULL")
    return Index(f"uq_referral_open_{column}", "case_id", column, unique=True, sqlite_where=where,
                 postgresql_where=where)


class Referral(TimestampMixin, db.Model):
    __tablename__ = "referral"
    # The receiver is an agency or a commune: one partial index for each, so both are covered.
    __table_args__ = (_one_open_per_receiver("to_agency_id"), _one_open_per_receiver("to_commune_code"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    # The receiver: an agency (centre, police, hospital, …) or another commune's People's Committee.
    to_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"), index=True)
    to_commune_code: Mapped[str | None] = mapped_column(ForeignKey("admin_unit.code"), index=True)
    service: Mapped[str | None] = mapped_column(String(10))  # the support regime asked for, if any
    reason: Mapped[str] = mapped_column(String(1000))
    shares_information: Mapped[bool] = mapped_column(Boolean, default=True)
    # Sent without the person's consent to share: only a province officer may, with a reason.
    consent_override_reason: Mapped[str | None] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(20), default=ReferralStatus.SENT, index=True)
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    answered_at: Mapped[datetime | None] = mapped_column(DateTime)
    answer_reason: Mapped[str | None] = mapped_column(String(1000))
    completed_at: Mapped[datetime | None] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    case = relationship("Case")
    to_agency = relationship("Agency")
    to_commune = relationship("AdminUnit")
    sent_by = relationship("User", foreign_keys=[sent_by_id])
    answered_by = relationship("User", foreign_keys=[answered_by_id])

    outside_answers: Mapped[list[OutsideAnswer]] = relationship(
        back_populates="referral", order_by="OutsideAnswer.id", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}


class OutsideAnswer(db.Model):
    """An answer of a receiver without Sen accounts (police, hospital…), recorded on its behalf by the sender."""

    __tablename__ = "referral_outside_answer"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referral.id"), index=True)
    outcome: Mapped[str] = mapped_column(String(20))  # accepted, declined or completed
    answered_on: Mapped[date] = mapped_column(Date)  # when the receiver answered, as they said
    answered_by: Mapped[str] = mapped_column(String(120))  # who answered there (name, position), as told
    note: Mapped[str | None] = mapped_column(String(1000))
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    referral: Mapped[Referral] = relationship(back_populates="outside_answers")
    recorded_by = relationship("User")
