"""Configurable vocabularies (purposes, border gates, ethnicities, …): stable codes, labels in both languages."""
from __future__ import annotations

from sqlalchemy import Boolean, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from webapp.extensions import db


class CatalogueEntry(db.Model):
    __tablename__ = "catalogue_entry"
    __table_args__ = (UniqueConstraint("vocabulary", "code", name="uq_catalogue_entry_vocabulary_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vocabulary: Mapped[str] = mapped_column(String(40), index=True)
    code: Mapped[str] = mapped_column(String(40))
    label_vi: Mapped[str] = mapped_column(String(200))
    label_en: Mapped[str] = mapped_column(String(200))
    sort_order: Mapped[int] = mapped_column(Integer, default=100)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    def label(self, locale: str) -> str:
        return self.label_en if locale == "en" else self.label_vi


class ContentVersion(db.Model):
    """A counter per kind of rarely changed content, raised in the transaction that changes it.

    Each worker process keeps such content in memory and checks the counter (one cheap query per
    request at most) so an edit made through one worker is seen at once by every other.
    """

    __tablename__ = "content_version"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
