"""Courses, their sessions, the participants on a course's roster, and attendance marks with their history."""
from __future__ import annotations

from datetime import date, datetime, time

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Integer, String, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.db import TimestampMixin, utcnow
from webapp.extensions import db
from webapp.places.models import AdminUnit

AUDIENCE_LABELS = {
    "commune_officers": _l("Commune officers"),
    "centre_staff": _l("Social protection centre staff"),
    "volunteers": _l("Women's Union volunteers"),
    "police_border": _l("Police and border guards"),
    "teachers": _l("Teachers"),
    "other": _l("Other"),
}
PARTICIPANT_SEX_LABELS = {"female": _l("Female"), "male": _l("Male"), "other": _l("Other")}
ATTENDANCE_LABELS = {"present": _l("Present"), "late": _l("Late"), "absent": _l("Absent")}
# Late still counts as attending the session; absent does not.
ATTENDED = ("present", "late")
DEFAULT_COMPLETION_PERCENT = 80


class TrainingCourse(TimestampMixin, db.Model):
    __tablename__ = "training_course"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    organiser: Mapped[str] = mapped_column(String(200))
    starts_on: Mapped[date] = mapped_column(Date, index=True)
    ends_on: Mapped[date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(200))
    audience: Mapped[str] = mapped_column(String(40))  # AUDIENCE_LABELS
    topics: Mapped[str] = mapped_column(Text, default="")
    # The share of sessions a participant must attend to complete the course, in percent.
    completion_percent: Mapped[int] = mapped_column(Integer, default=DEFAULT_COMPLETION_PERCENT)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    sessions: Mapped[list[TrainingSession]] = relationship(
        back_populates="course", order_by="(TrainingSession.held_on, TrainingSession.starts_at)",
        cascade="all, delete-orphan")
    participants: Mapped[list[Participant]] = relationship(
        back_populates="course", order_by="Participant.full_name", cascade="all, delete-orphan")

    __table_args__ = (
        CheckConstraint("ends_on >= starts_on", name="dates_in_order"),
        CheckConstraint("completion_percent BETWEEN 1 AND 100", name="completion_percent_range"),
    )


class TrainingSession(db.Model):
    __tablename__ = "training_session"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("training_course.id", ondelete="CASCADE"), index=True)
    held_on: Mapped[date] = mapped_column(Date, index=True)
    starts_at: Mapped[time] = mapped_column(Time)
    ends_at: Mapped[time] = mapped_column(Time)

    course: Mapped[TrainingCourse] = relationship(back_populates="sessions")

    __table_args__ = (CheckConstraint("ends_at > starts_at", name="ends_after_start"),)


class Participant(TimestampMixin, db.Model):
    """One person on one course's roster. `identity_key` stops the same person being added twice."""

    __tablename__ = "training_participant"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("training_course.id", ondelete="CASCADE"), index=True)
    full_name: Mapped[str] = mapped_column(String(120))
    sex: Mapped[str | None] = mapped_column(String(10))
    birth_year: Mapped[int | None] = mapped_column(Integer)
    agency: Mapped[str] = mapped_column(String(200), default="")
    position: Mapped[str] = mapped_column(String(120), default="")
    commune_code: Mapped[str | None] = mapped_column(ForeignKey("admin_unit.code"))
    phone: Mapped[str] = mapped_column(String(20), default="")  # personal data: never in URLs or logs
    identity_key: Mapped[str] = mapped_column(String(200))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    # A walk-in added on a phone carries the id the phone made, so a replay or a second phone adds no one.
    client_id: Mapped[str | None] = mapped_column(String(36))
    walk_in: Mapped[bool] = mapped_column(default=False)

    course: Mapped[TrainingCourse] = relationship(back_populates="participants")
    commune: Mapped[AdminUnit | None] = relationship()

    __table_args__ = (
        UniqueConstraint("course_id", "identity_key", name="uq_training_participant_identity"),
        UniqueConstraint("course_id", "client_id", name="uq_training_participant_client"),
    )


class Attendance(db.Model):
    """Where one person stands for one session: the latest mark made on any phone."""

    __tablename__ = "training_attendance"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("training_session.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("training_participant.id", ondelete="CASCADE"),
                                                index=True)
    status: Mapped[str] = mapped_column(String(10))  # ATTENDANCE_LABELS
    marked_at: Mapped[datetime] = mapped_column(DateTime)  # when the tap was made on the phone (UTC)
    device_id: Mapped[str] = mapped_column(String(36))
    marked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    __table_args__ = (UniqueConstraint("session_id", "participant_id", name="uq_training_attendance_person"),)


class AttendanceMark(db.Model):
    """Every mark received, kept as history; a replayed mark (same phone, same moment) is kept once."""

    __tablename__ = "training_attendance_mark"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("training_session.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("training_participant.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(10))
    marked_at: Mapped[datetime] = mapped_column(DateTime)
    device_id: Mapped[str] = mapped_column(String(36))
    marked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    received_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("session_id", "participant_id", "device_id", "marked_at",
                                       name="uq_training_attendance_mark_once"),)
