"""Signing in and out, and the server-side sessions that make an old cookie worthless."""
from __future__ import annotations

import hashlib
import secrets
import unicodedata
from datetime import timedelta
from functools import cache

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import joinedload

from webapp.auth.models import User, UserSession
from webapp.auth.passwords import hash_password, needs_rehash, verify_password
from webapp.db import utcnow
from webapp.extensions import db

# Refresh last_seen at most this often, so a page view is not always a write.
_TOUCH_INTERVAL = timedelta(seconds=60)


def normalise_username(username: str) -> str:
    return unicodedata.normalize("NFC", username or "").strip().casefold()


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def authenticate(username: str, password: str) -> User | None:
    """The active user with these credentials, or None; the answer takes as long either way."""
    user = check_credentials(username, password)
    return user if user is not None and user.active else None


def check_credentials(username: str, password: str) -> User | None:
    """The user with these credentials, even a disabled one (who may be told so, having proved the password)."""
    user = db.session.scalar(select(User).where(User.username == normalise_username(username)))
    ok = verify_password(user.password_hash if user else None, password)
    if not ok or user is None:
        return None
    if user.active and needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def start_session(user: User, ip: str | None) -> str:
    """Record a new session for the user and return the token for the cookie."""
    token = secrets.token_urlsafe(32)
    db.session.add(UserSession(token_hash=_token_hash(token), user_id=user.id, ip=ip))
    user.last_login_at = utcnow()
    return token


def find_session(token: str | None) -> UserSession | None:
    """The session behind a cookie's token, with its account and the account's commune (every signed-in page
    shows them), and the catalogue's version stamp, noted for the request: one statement for all."""
    if not token:
        return None
    from webapp.catalogues.services import note_version

    row = db.session.execute(_session_statement(), {"token_hash": _token_hash(token)}).first()
    if row is None:
        return None
    note_version(row[1])
    return row[0]


@cache
def _session_statement():
    """Built once: building it took longer than running it, on every page."""
    from webapp.catalogues.services import version_column

    return (select(UserSession, version_column())
            .options(joinedload(UserSession.user).joinedload(User.commune))
            .where(UserSession.token_hash == bindparam("token_hash")))


def check_session(user_session: UserSession | None, user_id: int, idle: timedelta, lifetime: timedelta) -> str:
    """'ok', 'ended' or 'expired' for the session behind a cookie.

    An expired session is ended here, so it can never come back to life.
    """
    if user_session is None or user_session.ended_at is not None or user_session.user_id != user_id:
        return "ended"
    now = utcnow()
    if now - user_session.last_seen_at > idle or now - user_session.created_at > lifetime:
        user_session.ended_at = now
        user_session.end_reason = "expired"
        return "expired"
    if now - user_session.last_seen_at > _TOUCH_INTERVAL:
        user_session.last_seen_at = now
    return "ok"


def end_session(user_session: UserSession | None, reason: str) -> None:
    if user_session is not None and user_session.ended_at is None:
        user_session.ended_at = utcnow()
        user_session.end_reason = reason


def end_all_sessions(user: User, reason: str) -> None:
    """End every open session of the user, on every device."""
    db.session.execute(
        update(UserSession)
        .where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
        .values(ended_at=utcnow(), end_reason=reason)
    )
