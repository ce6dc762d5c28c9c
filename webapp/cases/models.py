"""People received, their cases, and what happened to each case."""
from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
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
from webapp.places.models import AdminUnit, Agency


class CaseStatus(StrEnum):
    BEING_VERIFIED = "being_verified"  # HTCDS PossibleVictim
    IDENTIFIED = "identified"  # HTCDS ActualVictim
    NOT_VICTIM = "not_victim"  # HTCDS NotAVictim


STATUS_LABELS = {
    CaseStatus.BEING_VERIFIED: _l("Being verified"),
    CaseStatus.IDENTIFIED: _l("Identified victim"),
    CaseStatus.NOT_VICTIM: _l("Not a victim"),
}

LEGAL_REGIMES = {"2011": _l("Law of 2011"), "2024": _l("Law of 2024 (53/2024/QH15)")}

SEX_LABELS = {"female": _l("Female"), "male": _l("Male"), "other": _l("Other"), "unknown": _l("Unknown")}

REINTEGRATION_LABELS = {
    "with_family": _l("Living with family"),
    "working": _l("Working"),
    "studying": _l("Studying"),
    "needs_help": _l("Needs help"),
    "lost_contact": _l("Lost contact"),
}

CLOSURE_REASONS = {
    "reintegrated": _l("Reintegrated in the community"),
    "moved_away": _l("Moved away or abroad"),
    "not_victim": _l("Found not to be a victim"),
    "refused_support": _l("Refused further support"),
    "deceased": _l("Deceased"),
    "other": _l("Other"),
}

CONSENT_KINDS = {
    "support": _l("To receive support"),
    "share": _l("To share with other agencies"),
    "statistics": _l("To be counted in statistics"),
}


class Person(TimestampMixin, db.Model):
    """One human being, who may have several cases (a person trafficked again)."""

    __tablename__ = "person"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    full_name: Mapped[str] = mapped_column(String(120))
    other_names: Mapped[str | None] = mapped_column(String(200))
    # Lower-case, without diacritics, NFC-folded: what search and matching compare.
    name_key: Mapped[str] = mapped_column(String(320), index=True)
    # Vietnamese collation key: given name first, then the full name, by the Vietnamese alphabet.
    sort_key: Mapped[str] = mapped_column(String(700), index=True)
    sex: Mapped[str] = mapped_column(String(10))
    birth_date: Mapped[date | None] = mapped_column(Date)
    birth_year: Mapped[int | None] = mapped_column(Integer, index=True)
    birth_year_estimated: Mapped[bool] = mapped_column(Boolean, default=False)
    ethnicity: Mapped[str | None] = mapped_column(String(40))
    nationality: Mapped[str] = mapped_column(String(2), default="VN")
    id_number: Mapped[str | None] = mapped_column(String(30))
    id_key: Mapped[str | None] = mapped_column(String(30), index=True)
    home_commune_code: Mapped[str | None] = mapped_column(ForeignKey("admin_unit.code"), index=True)
    current_address: Mapped[str | None] = mapped_column(String(300))
    phone: Mapped[str | None] = mapped_column(String(20))
    anonymised_at: Mapped[datetime | None] = mapped_column(DateTime)

    home_commune: Mapped[AdminUnit | None] = relationship()
    cases: Mapped[list[Case]] = relationship(back_populates="person", order_by="Case.reception_date")
    tokens: Mapped[list[PersonToken]] = relationship(cascade="all, delete-orphan", passive_deletes=True)


class PersonToken(db.Model):
    """One word of a person's names (as in name_key), indexed so that word-prefix search needs no table scan."""

    __tablename__ = "person_token"

    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), primary_key=True)
    # The C collation on PostgreSQL makes the prefix range (>= word, < next word) follow plain code-point order.
    token: Mapped[str] = mapped_column(String(60).with_variant(String(60, collation="C"), "postgresql"),
                                       primary_key=True, index=True)


class Case(TimestampMixin, db.Model):
    __tablename__ = "case_file"
    # A unit's report: a commune's cases received by the end of the window.
    __table_args__ = (Index("ix_case_file_commune_code_reception_date", "commune_code", "reception_date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # C collation on PostgreSQL: a code prefix typed in the search box is an index range in code-point order.
    code: Mapped[str] = mapped_column(String(20).with_variant(String(20, collation="C"), "postgresql"), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    # The commune that received the person: the scope that decides who may see the case.
    commune_code: Mapped[str] = mapped_column(ForeignKey("admin_unit.code"), index=True)
    arrival_route: Mapped[str] = mapped_column(String(40))
    border_gate: Mapped[str | None] = mapped_column(String(40))
    reception_date: Mapped[date] = mapped_column(Date, index=True)
    reception_place: Mapped[str | None] = mapped_column(String(200))
    receiving_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))
    status: Mapped[str] = mapped_column(String(20), default=CaseStatus.BEING_VERIFIED, index=True)
    verification_due: Mapped[date] = mapped_column(Date, index=True)
    identification_doc_number: Mapped[str | None] = mapped_column(String(60))
    identification_date: Mapped[date | None] = mapped_column(Date)
    identification_issuer: Mapped[str | None] = mapped_column(String(200))
    legal_regime: Mapped[str] = mapped_column(String(4), default="2024")
    legal_regime_corrected: Mapped[bool] = mapped_column(Boolean, default=False)
    # While being verified the person may still be abroad: the "being verified, abroad" eligibility group.
    still_abroad: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    exploitation_country: Mapped[str | None] = mapped_column(String(2))
    exploitation_province: Mapped[str | None] = mapped_column(ForeignKey("admin_unit.code"))
    departed_on: Mapped[date | None] = mapped_column(Date)
    returned_on: Mapped[date | None] = mapped_column(Date)
    relationship_to_trafficker: Mapped[str | None] = mapped_column(String(40))
    notes: Mapped[str | None] = mapped_column(Text)
    # Reintegration and closure
    reintegration_status: Mapped[str | None] = mapped_column(String(20))
    retrafficking_risk_note: Mapped[str | None] = mapped_column(Text)
    closed_on: Mapped[date | None] = mapped_column(Date, index=True)
    closure_reason: Mapped[str | None] = mapped_column(String(30))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    person: Mapped[Person] = relationship(back_populates="cases")
    commune: Mapped[AdminUnit] = relationship(foreign_keys=[commune_code])
    receiving_agency: Mapped[Agency | None] = relationship()
    children: Mapped[list[AccompanyingChild]] = relationship(cascade="all, delete-orphan", order_by="AccompanyingChild.id")
    tags: Mapped[list[CaseTag]] = relationship(cascade="all, delete-orphan")
    consents: Mapped[list[Consent]] = relationship(cascade="all, delete-orphan", order_by="Consent.id")
    events: Mapped[list[CaseEvent]] = relationship(cascade="all, delete-orphan", order_by="CaseEvent.id")

    __mapper_args__ = {"version_id_col": version}

    def tag_codes(self, vocabulary: str) -> list[str]:
        return sorted(t.code for t in self.tags if t.vocabulary == vocabulary)

    def consent(self, kind: str) -> Consent | None:
        """The latest consent decision of this kind (a later one revokes or renews an earlier one)."""
        latest = [c for c in self.consents if c.kind == kind]
        return latest[-1] if latest else None

    def has_consent(self, kind: str) -> bool:
        current = self.consent(kind)
        return bool(current and current.given)


class AccompanyingChild(db.Model):
    """A child under 18 who came with the person."""

    __tablename__ = "accompanying_child"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    sex: Mapped[str] = mapped_column(String(10))
    age: Mapped[int] = mapped_column(Integer)


class CaseTag(db.Model):
    """A multi-select answer: one catalogue code (purpose, need, risk flag, …) attached to a case."""

    __tablename__ = "case_tag"
    __table_args__ = (
        UniqueConstraint("case_id", "vocabulary", "code", name="uq_case_tag_case_id"),
        Index("ix_case_tag_vocabulary_code", "vocabulary", "code"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    vocabulary: Mapped[str] = mapped_column(String(40))
    code: Mapped[str] = mapped_column(String(40))


class Consent(db.Model):
    """A consent given or withdrawn, with when and by whom it was recorded. Rows are never changed."""

    __tablename__ = "consent"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    given: Mapped[bool] = mapped_column(Boolean)
    on_date: Mapped[date] = mapped_column(Date)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    recorded_by = relationship("User")


class CaseEvent(db.Model):
    """One entry of a case's timeline: what happened, who did it, when. No personal data in `detail`."""

    __tablename__ = "case_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    kind: Mapped[str] = mapped_column(String(30))
    detail: Mapped[str | None] = mapped_column(String(500))

    user = relationship("User")


class CodeCounter(db.Model):
    """The last number handed out for a code series (e.g. DT-2026): makes case codes unique and gapless."""

    __tablename__ = "code_counter"

    series: Mapped[str] = mapped_column(String(20), primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)
