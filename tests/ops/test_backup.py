"""`flask backup` while records arrive, and `flask restore` into an empty database."""
from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests import factories
from tests.conftest import IS_PG
from webapp.auth.models import User
from webapp.backup import BackupError, prune, restore
from webapp.extensions import db


@pytest.fixture
def empty_database(db_url, tmp_path):
    """The URI of a new, empty database on the same server as the test database."""
    if not IS_PG:
        yield "sqlite:///" + str(tmp_path / "restored" / "sen.sqlite3")
        return
    url = make_url(db_url)
    name = f"{url.database}_restore"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _wait_for(condition, limit=60.0):
    end = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < end, "records stopped arriving"
        time.sleep(0.02)


def test_backup_taken_while_cases_arrive_restores_every_committed_case_whole(app, tmp_path, empty_database):
    with app.app_context():
        officer_id = factories.create_user("commune").id
    committed: list[str] = []
    stop = threading.Event()
    failure: list[BaseException] = []

    def arrive():
        try:
            with app.app_context():
                officer = db.session.get(User, officer_id)
                while not stop.is_set():
                    committed.append(factories.create_case(officer).code)  # appended once committed
        except BaseException as error:  # noqa: BLE001 — reported by the test below
            failure.append(error)

    worker = threading.Thread(target=arrive)
    worker.start()
    try:
        _wait_for(lambda: len(committed) >= 5 or failure)
        before = len(committed)
        result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "backups")])
        after = len(committed)
        _wait_for(lambda: len(committed) >= after + 3 or failure)
    finally:
        stop.set()
        worker.join(60)
    assert not failure, failure
    assert result.exit_code == 0, result.output
    [backup_file] = list((tmp_path / "backups").iterdir())
    assert backup_file.name.startswith("sen-") and str(backup_file) in result.output

    restored = restore(empty_database, backup_file)
    assert restored.integrity == "ok"
    cases = restored.tables["case_file"]
    assert before <= cases <= after + 1  # the copy is one moment between the two counts
    engine = create_engine(empty_database)
    with engine.connect() as conn:
        codes = conn.execute(text("SELECT code FROM case_file")).scalars().all()
        orphans = conn.execute(text(
            "SELECT COUNT(*) FROM case_file c LEFT JOIN person p ON p.id = c.person_id WHERE p.id IS NULL")).scalar()
        keys = conn.execute(text("SELECT COUNT(*) FROM alembic_version")).scalar()
    engine.dispose()
    assert set(codes) == set(committed[:cases])  # exactly the first cases committed, none half there
    assert orphans == 0
    assert keys == 1


def test_restore_refuses_a_database_that_is_not_empty(app, db_url, tmp_path):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["backup", str(tmp_path)]).exit_code == 0
    [backup_file] = list(tmp_path.glob("sen-*"))
    with app.app_context():
        factories.create_case()
    result = runner.invoke(args=["restore", str(backup_file)])
    assert result.exit_code == 1
    assert "not empty" in result.output or "không trống" in result.output
    with app.app_context():  # nothing was touched
        assert db.session.execute(text("SELECT COUNT(*) FROM case_file")).scalar() == 1


def test_restore_into_another_kind_of_database_is_refused(tmp_path):
    fake = tmp_path / "sen-20261202-010000.pgdump"
    fake.write_bytes(b"PGDMP" + b"\0" * 100)
    with pytest.raises(BackupError, match="postgresql backup"):
        restore("sqlite:///" + str(tmp_path / "new.sqlite3"), fake)


def test_retention_deletes_old_backups_but_never_the_newest(tmp_path):
    import os

    now = time.time()
    for age_days, name in ((40, "sen-1.sqlite3"), (35, "sen-2.sqlite3"), (1, "sen-3.sqlite3")):
        path = tmp_path / name
        path.write_bytes(b"x")
        os.utime(path, (now - age_days * 86400, now - age_days * 86400))
    (tmp_path / "notes.txt").write_text("kept")
    removed = prune(tmp_path, keep_days=30, now=now)
    assert sorted(p.name for p in removed) == ["sen-1.sqlite3", "sen-2.sqlite3"]
    assert sorted(p.name for p in Path(tmp_path).iterdir()) == ["notes.txt", "sen-3.sqlite3"]
    only_old = tmp_path / "old"
    only_old.mkdir()
    (only_old / "sen-9.sqlite3").write_bytes(b"x")
    os.utime(only_old / "sen-9.sqlite3", (now - 90 * 86400, now - 90 * 86400))
    assert prune(only_old, keep_days=30, now=now) == []
