"""Outreach sessions (buổi truyền thông), their topics and target groups, and key areas (địa bàn trọng điểm)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp.db import TimestampMixin
from webapp.extensions import db
from webapp.places.models import AdminUnit

NOTES_MAX = 2000
TEXT_MAX = 200
HAMLET_MAX = 120
# Venues that reach people without a head count: they record an estimated reach instead, counted apart.
REACH_VENUES = frozenset({"loudspeaker", "online"})


class OutreachSession(TimestampMixin, db.Model):
    __tablename__ = "outreach_session"
    # A commune's report: its sessions in the window.
    __table_args__ = (Index("ix_outreach_session_commune_code_held_on", "commune_code", "held_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    held_on: Mapped[date] = mapped_column(Date, index=True)
    # The commune where it was held: the scope that decides which officers see it.
    commune_code: Mapped[str] = mapped_column(ForeignKey("admin_unit.code"), index=True)
    hamlet: Mapped[str | None] = mapped_column(String(HAMLET_MAX))  # ấp, khóm: free text
    hamlet_key: Mapped[str | None] = mapped_column(String(HAMLET_MAX))  # without diacritics, to match key areas
    venue: Mapped[str] = mapped_column(String(40), index=True)  # catalogue "outreach_venue"
    participants: Mapped[int | None] = mapped_column(Integer)  # head count; None for a broadcast or online
    women: Mapped[int | None] = mapped_column(Integer)
    children: Mapped[int | None] = mapped_column(Integer)  # under 16
    reach: Mapped[int | None] = mapped_column(Integer)  # estimated reach of a broadcast or online session
    leaflets: Mapped[int] = mapped_column(Integer, default=0)
    posters: Mapped[int] = mapped_column(Integer, default=0)
    other_materials: Mapped[int] = mapped_column(Integer, default=0)
    organiser: Mapped[str] = mapped_column(String(TEXT_MAX))
    partners: Mapped[str | None] = mapped_column(String(TEXT_MAX))
    notes: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    commune: Mapped[AdminUnit] = relationship()
    created_by = relationship("User")
    tags: Mapped[list[OutreachTag]] = relationship(cascade="all, delete-orphan", order_by="OutreachTag.id")

    __mapper_args__ = {"version_id_col": version}

    def tag_codes(self, vocabulary: str) -> list[str]:
        return [t.code for t in self.tags if t.vocabulary == vocabulary]


class OutreachTag(db.Model):
    """One topic or target group of a session (catalogue "outreach_topic" or "outreach_group")."""

    __tablename__ = "outreach_tag"
    __table_args__ = (
        UniqueConstraint("session_id", "vocabulary", "code", name="uq_outreach_tag_session_id"),
        Index("ix_outreach_tag_vocabulary_code", "vocabulary", "code"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("outreach_session.id", ondelete="CASCADE"), index=True)
    vocabulary: Mapped[str] = mapped_column(String(40))
    code: Mapped[str] = mapped_column(String(40))


class KeyArea(TimestampMixin, db.Model):
    """A commune, or one hamlet within it, that the province marks as a key area for outreach."""

    __tablename__ = "key_area"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    commune_code: Mapped[str] = mapped_column(ForeignKey("admin_unit.code"), index=True)
    hamlet: Mapped[str | None] = mapped_column(String(HAMLET_MAX))  # None: the whole commune
    hamlet_key: Mapped[str | None] = mapped_column(String(HAMLET_MAX))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    commune: Mapped[AdminUnit] = relationship()
