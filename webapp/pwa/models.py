"""The server's outbox keys: phones encrypt queued submissions to the sealing keys and bind them to the
account with its binding key; refused entries are counted per account, without content."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, LargeBinary, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from webapp.db import utcnow
from webapp.extensions import db


class SealingKey(db.Model):
    """An RSA key pair. Old keys are kept: an entry sealed months ago must still open."""

    __tablename__ = "sealing_key"

    kid: Mapped[str] = mapped_column(String(32), primary_key=True)
    public_der: Mapped[bytes] = mapped_column(LargeBinary)
    private_pem: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    # Keys made before entries were bound to their account (set by the migration that added binding).
    # Entries sealed to them without a binding are still accepted, so nothing queued then is lost;
    # new entries are sealed to a newer key and must carry a binding.
    legacy: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class BindingKey(db.Model):
    """An account's secret for binding outbox entries: HMAC-SHA256, given only to that account's session.

    Never deleted: an entry bound months ago must still verify.
    """

    __tablename__ = "outbox_binding_key"

    kid: Mapped[str] = mapped_column(String(32), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    secret: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class OutboxEvent(db.Model):
    """A sealed entry the server refused (or accepted without a binding), for the administrator: kind and time only."""

    __tablename__ = "outbox_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
