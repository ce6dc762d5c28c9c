"""Referrals of a case between agencies: sent, accepted or declined, completed."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.db import TimestampMixin
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


class Referral(TimestampMixin, db.Model):
    __tablename__ = "referral"

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

    __mapper_args__ = {"version_id_col": version}
