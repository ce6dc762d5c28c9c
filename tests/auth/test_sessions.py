"""Server-side sessions: an old cookie is worthless after logout, expiry or disabling."""
from datetime import timedelta

from sqlalchemy import select

from tests.conftest import Browserish
from webapp.auth.models import User, UserSession
from webapp.db import utcnow
from webapp.extensions import db


def _cookie(client):
    return client.client.get_cookie("sen_session").value


def _replay(app, cookie_value):
    """A second browser that presents a copied cookie."""
    other = Browserish(app)
    other.client.set_cookie("sen_session", cookie_value)
    return other.get("/")


def test_replayed_cookie_after_logout_is_refused(app, client, login_as):
    login_as("commune")
    stolen = _cookie(client)
    assert _replay(app, stolen).status_code == 200
    client.logout()
    assert _replay(app, stolen).status_code == 302


def test_login_starts_a_new_session(app, client, login_as):
    client.get("/login")
    before = _cookie(client)
    login_as("commune")
    assert _cookie(client) != before
    assert _replay(app, before).status_code == 302


def test_disabling_a_user_ends_their_session_at_once(app, client, login_as):
    user = login_as("commune")
    with app.app_context():
        db.session.get(User, user.id).active = False
        db.session.commit()
    assert client.get("/").status_code == 302


def test_idle_session_expires(app, client, login_as):
    login_as("commune")
    with app.app_context():
        for s in db.session.scalars(select(UserSession)):
            s.last_seen_at = utcnow() - app.config["SESSION_IDLE_TIMEOUT"] - timedelta(minutes=1)
        db.session.commit()
    assert client.get("/").status_code == 302
    with app.app_context():
        assert db.session.scalar(select(UserSession.end_reason)) == "expired"


def test_session_has_an_absolute_lifetime_even_when_active(app, client, login_as):
    login_as("commune")
    with app.app_context():
        for s in db.session.scalars(select(UserSession)):
            s.created_at = utcnow() - app.config["PERMANENT_SESSION_LIFETIME"] - timedelta(minutes=1)
            s.last_seen_at = utcnow()
        db.session.commit()
    assert client.get("/").status_code == 302


def test_session_token_is_stored_only_as_a_hash(app, client, login_as):
    login_as("commune")
    with app.app_context():
        stored = db.session.scalar(select(UserSession.token_hash))
    assert stored not in _cookie(client)
    assert len(stored) == 64
