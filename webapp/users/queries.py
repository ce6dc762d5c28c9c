"""Queries behind the account pages."""
from __future__ import annotations

from sqlalchemy import or_, select

from webapp.auth.models import User


def users(q: str | None = None, role: str | None = None, status: str | None = None):
    """Accounts matching the filters, by username."""
    stmt = select(User).order_by(User.username)
    if q:
        pattern = "%" + q.strip().replace("%", "").replace("_", "").lower() + "%"
        stmt = stmt.where(or_(User.username.like(pattern), User.full_name.ilike(pattern)))
    if role:
        stmt = stmt.where(User.role == role)
    if status == "active":
        stmt = stmt.where(User.active.is_(True))
    elif status == "disabled":
        stmt = stmt.where(User.active.is_(False))
    return stmt
