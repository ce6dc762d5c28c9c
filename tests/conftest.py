"""Fixtures: a migrated database per test (SQLite copy or truncated PostgreSQL), app, client, login."""
from __future__ import annotations

import contextvars
import os
import re
import shutil

import pytest
from flask import has_app_context
from flask_migrate import upgrade
from sqlalchemy import Integer, MetaData, create_engine, text

from tests import factories
from webapp import create_app
from webapp.config import _normalise_database_url
from webapp.extensions import db

pytest_plugins = ["tests.log_guard"]

PG_URL = os.environ.get("TEST_DATABASE_URL")
IS_PG = bool(PG_URL)


def _config(db_url: str) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": db_url,
        "RATELIMIT_STORAGE_URI": "memory://",
        "SERVER_NAME": None,
    }


@pytest.fixture(scope="session")
def migrated_url(tmp_path_factory):
    """Run the real Alembic migrations once; tests start from the migrated schema."""
    if IS_PG:
        url = _normalise_database_url(PG_URL)
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    else:
        url = "sqlite:///" + str(tmp_path_factory.mktemp("template") / "template.sqlite3")
    app = create_app(_config(url))
    with app.app_context():
        upgrade()
        db.session.remove()
        db.engine.dispose()  # closing the last connection folds the WAL into the file we copy
    return url


@pytest.fixture(scope="session")
def seeded_rows(migrated_url) -> dict[str, list[dict]]:
    """On PostgreSQL, the rows the migrations insert themselves (the catalogues), to put back after each test.

    The SQLite copy of the migrated file keeps them; truncating PostgreSQL would not.
    """
    if not IS_PG:
        return {}
    engine = create_engine(migrated_url)
    metadata = MetaData()
    with engine.connect() as conn:
        metadata.reflect(conn)
        rows = {name: [dict(row._mapping) for row in conn.execute(table.select())]
                for name, table in metadata.tables.items() if name != "alembic_version"}
    engine.dispose()
    return {name: found for name, found in rows.items() if found}


def _truncate_all(url: str, seeded: dict[str, list[dict]]) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        tables = conn.execute(text(
            "SELECT tablename FROM pg_tables WHERE schemaname='public' AND tablename <> 'alembic_version'"
        )).scalars().all()
        if tables:
            conn.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"))
        _restore(conn, seeded)
    engine.dispose()


def _restore(conn, seeded: dict[str, list[dict]]) -> None:
    if not seeded:
        return
    metadata = MetaData()
    metadata.reflect(conn, only=list(seeded))
    for table in metadata.sorted_tables:  # referenced tables first
        name = table.name
        conn.execute(table.insert(), seeded[name])
        for column in table.primary_key.columns:
            if isinstance(column.type, Integer):  # the identity restarted at 1: move it past the restored rows
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', '{column.name}'), "
                                  f'(SELECT MAX("{column.name}") FROM "{name}"))'))


@pytest.fixture
def db_url(migrated_url, seeded_rows, tmp_path):
    if IS_PG:
        yield migrated_url
        _truncate_all(migrated_url, seeded_rows)
    else:
        path = tmp_path / "sen.sqlite3"
        shutil.copy(migrated_url.removeprefix("sqlite:///"), path)
        yield "sqlite:///" + str(path)


@pytest.fixture
def make_app(db_url):
    """Build an app on the test database, with extra settings."""
    apps = []

    def build(**settings):
        app = create_app({**_config(db_url), **settings})
        apps.append(app)
        return app

    yield build
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app(make_app):
    app = make_app()
    with app.app_context():
        factories.create_places()
    return app


@pytest.fixture
def ctx(app):
    """An app context for calling services and factories directly."""
    with app.app_context():
        yield


CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


class Browserish:
    """A test client that sends the CSRF token a real page would, and signs in like a person."""

    def __init__(self, app):
        self.app = app
        self.client = app.test_client()

    def __getattr__(self, name):
        return getattr(self.client, name)

    def _end_test_transaction(self):
        """A test that holds a session is like a second person: finish its transaction before this one acts."""
        if has_app_context():
            db.session.commit()

    def _isolated(self, method, *args, **kw):
        """Send the request from an empty context, so it never shares the test's app context, g or session."""
        self._end_test_transaction()
        return contextvars.Context().run(method, *args, **kw)

    def get(self, *args, **kw):
        return self._isolated(self.client.get, *args, **kw)

    def csrf(self) -> str:
        page = self.get("/login", follow_redirects=True).get_data(as_text=True)
        return CSRF_META.search(page).group(1)

    def post(self, url, data=None, *, csrf=True, **kw):
        data = dict(data or {})
        if csrf:
            data.setdefault("csrf_token", self.csrf())
        return self._isolated(self.client.post, url, data=data, **kw)

    def login(self, username, password=factories.PASSWORD):
        return self.post("/login", {"username": username, "password": password})

    def logout(self):
        return self.post("/logout")


def signed_in_as(app, user_id=None, role=None, **kw) -> Browserish:
    """A browser signed in as the user `user_id`, or as a new user of `role` made with `kw`."""
    from webapp.auth.models import User

    client = Browserish(app)
    with app.app_context():
        user = db.session.get(User, user_id) if user_id else factories.create_user(role, **kw)
        username = user.username
    assert client.login(username).status_code == 303
    return client


@pytest.fixture
def client(app):
    return Browserish(app)


@pytest.fixture
def login_as(app, client):
    """Create a user of `role` (in app context), sign in with it and return it."""

    def do(role="commune", **kw):
        with app.app_context():
            user = factories.create_user(role, **kw)
            user_id, username = user.id, user.username
        response = client.login(username)
        assert response.status_code == 303, response.get_data(as_text=True)[:500]
        with app.app_context():
            return db.session.get(type(user), user_id)

    return do
