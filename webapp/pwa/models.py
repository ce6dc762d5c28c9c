"""The server's sealing keys: phones encrypt queued submissions to them, only the server can open them."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, LargeBinary, String, Text
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
