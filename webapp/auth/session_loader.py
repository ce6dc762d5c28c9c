"""Flask-Login wiring: a cookie is only good while its server-side session is open."""
from __future__ import annotations

from flask import current_app, g, session
from flask_babel import lazy_gettext as _l

from webapp.audit.services import Action, record
from webapp.auth.models import User
from webapp.auth.services import check_session, find_session
from webapp.db import holds_write_lock, take_write_lock
from webapp.extensions import db

SESSION_TOKEN_KEY = "sid"


def init_login(login_manager) -> None:
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to continue.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = None  # the server-side session below is stricter
    login_manager.user_loader(load_user)


def load_user(user_id: str) -> User | None:
    """The user behind the cookie, or None when its session ended, expired or the account is disabled."""
    try:
        uid = int(user_id)
    except (TypeError, ValueError):
        return None
    user_session, state = _checked_session(uid)
    if (db.session.dirty or db.session.new) and not holds_write_lock():
        # A view that only reads began without SQLite's write lock: start again with it (about once a minute).
        db.session.rollback()
        take_write_lock()
        user_session, state = _checked_session(uid)
    if db.session.dirty or db.session.new:
        db.session.commit()
    if state != "ok" or not user_session.user.active:
        if user_session is not None and user_session.user_id == uid and not user_session.user.active:
            g.sen_account_disabled = True  # the outbox tells this phone that what waits cannot be sent
        session.clear()
        return None
    return user_session.user


def _checked_session(uid: int):
    """(the session behind the cookie, its state); an expired session is ended and audited (not yet committed)."""
    user_session = find_session(session.get(SESSION_TOKEN_KEY))
    state = check_session(
        user_session, uid, current_app.config["SESSION_IDLE_TIMEOUT"], current_app.config["PERMANENT_SESSION_LIFETIME"]
    )
    if state == "expired":
        record(Action.SESSION_EXPIRED, "user", uid, user=user_session.user)
    return user_session, state
