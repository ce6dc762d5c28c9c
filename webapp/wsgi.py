"""The production entry point: `gunicorn -c deploy/gunicorn.conf.py webapp.wsgi:app`.

Builds the app and refuses to serve a production database that still holds the demo accounts
with their published password.
"""
from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from webapp import create_app
from webapp.config import ConfigError


def demo_accounts_present() -> list[str]:
    """Usernames of demo accounts that still sign in with the demo password printed in the README."""
    from webapp.auth.models import User
    from webapp.auth.passwords import verify_password
    from webapp.cli import DEMO_PASSWORD, DEMO_USERS
    from webapp.extensions import db

    names = [username for username, *_ in DEMO_USERS]
    found = db.session.execute(select(User.username, User.password_hash).where(User.username.in_(names))).all()
    return sorted(username for username, password_hash in found if verify_password(password_hash, DEMO_PASSWORD))


def build() -> Flask:
    """Raises ConfigError when production settings or data are unsafe (see webapp.config too)."""
    app = create_app()
    if app.config["SEN_ENV"] == "production":
        if app.debug:
            raise ConfigError("debug mode must be off when SEN_ENV=production")
        from webapp.extensions import db

        with app.app_context():
            try:
                demo = demo_accounts_present()
            finally:  # no connection opened here may outlive the check (nor cross a fork)
                db.session.remove()
                db.engine.dispose()
        if demo:
            raise ConfigError(
                "the database holds demo accounts with the demo password (" + ", ".join(demo) + "): "
                "disable them or change their passwords before serving in production"
            )
    return app


def __getattr__(name: str):
    """`webapp.wsgi:app` is built on first access, so importing this module for `build` builds nothing."""
    if name == "app":
        globals()["app"] = built = build()
        return built
    raise AttributeError(name)
