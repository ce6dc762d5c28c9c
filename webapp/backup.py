"""Consistent backups of a running Sen database, and restoring one into an empty database.

SQLite: `VACUUM INTO` copies one read transaction's view while writers go on (WAL).
PostgreSQL: `pg_dump --format=custom` takes one snapshot; `pg_restore` puts it back.
The sealing keys (table `sealing_key`) travel inside the database; SECRET_KEY does not, and
without it sessions end (nothing else is lost). The guide tells to back up both.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

PREFIX = "sen-"
SUFFIXES = {"sqlite": ".sqlite3", "postgresql": ".pgdump"}


class BackupError(RuntimeError):
    """A backup or restore that cannot be done; the message says why and what to do."""


@dataclass(frozen=True)
class Restored:
    tables: dict[str, int]
    integrity: str


def _libpq_url(url) -> str:
    """pg_dump and pg_restore take libpq URLs: no '+psycopg' driver part."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _pg_env(url) -> dict:
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = url.password
    return env


def backup(database_uri: str, directory: Path, now: datetime | None = None) -> Path:
    """Write a timestamped copy of the database into `directory`; return its path."""
    url = make_url(database_uri)
    kind = url.get_backend_name()
    if kind not in SUFFIXES:
        raise BackupError(f"backups of {kind} databases are not supported")
    directory.mkdir(parents=True, exist_ok=True)
    stamp = (now or datetime.now(timezone.utc)).strftime("%Y%m%d-%H%M%S")
    target = directory / f"{PREFIX}{stamp}{SUFFIXES[kind]}"
    if target.exists():
        raise BackupError(f"{target} already exists")
    partial = target.with_name(target.name + ".part")
    partial.unlink(missing_ok=True)
    if kind == "sqlite":
        source = sqlite3.connect(url.database, timeout=30)
        try:
            source.execute("PRAGMA busy_timeout=30000")
            source.execute("VACUUM INTO ?", (str(partial),))
        finally:
            source.close()
    else:
        result = subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", "--file", str(partial), _libpq_url(url)],
            capture_output=True, text=True, env=_pg_env(url), check=False)
        if result.returncode != 0:
            partial.unlink(missing_ok=True)
            raise BackupError("pg_dump failed: " + result.stderr.strip())
    os.replace(partial, target)  # a file named sen-*.sqlite3/.pgdump is always complete
    return target


def prune(directory: Path, keep_days: int, now: float | None = None) -> list[Path]:
    """Delete backups in `directory` older than `keep_days` days; never the newest one."""
    backups = sorted((p for p in directory.glob(PREFIX + "*") if p.suffix in SUFFIXES.values()),
                     key=lambda p: p.stat().st_mtime)
    limit = (now or time.time()) - keep_days * 86400
    removed = [p for p in backups[:-1] if p.stat().st_mtime < limit]
    for path in removed:
        path.unlink()
    return removed


def _has_tables(engine) -> list[str]:
    return inspect(engine).get_table_names()


def restore(database_uri: str, source: Path) -> Restored:
    """Restore `source` into the empty database at `database_uri`; refuse a database that has tables."""
    url = make_url(database_uri)
    kind = url.get_backend_name()
    if not source.is_file():
        raise BackupError(f"{source} is not a file")
    made_by = "sqlite" if source.read_bytes()[:16] == b"SQLite format 3\x00" else "postgresql"
    if made_by != kind:
        raise BackupError(f"{source.name} is a {made_by} backup; it cannot be restored into a {kind} database")
    engine = create_engine(database_uri)
    try:
        if kind == "sqlite" and url.database and not Path(url.database).exists():
            existing = []
        else:
            existing = _has_tables(engine)
        if existing:
            raise BackupError(
                f"the target database is not empty ({len(existing)} tables): restore only into a new, "
                "empty database, so that nothing in it is overwritten")
        if kind == "sqlite":
            engine.dispose()
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, url.database)
        else:
            result = subprocess.run(
                ["pg_restore", "--no-owner", "--exit-on-error", "--single-transaction",
                 "--dbname", _libpq_url(url), str(source)],
                capture_output=True, text=True, env=_pg_env(url), check=False)
            if result.returncode != 0:
                raise BackupError("pg_restore failed: " + result.stderr.strip())
        return check(engine)
    finally:
        engine.dispose()


def check(engine) -> Restored:
    """Row counts per table and the database's own integrity verdict."""
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            integrity = conn.execute(text("PRAGMA integrity_check")).scalar()
            broken = conn.execute(text("PRAGMA foreign_key_check")).all()
            if broken:
                integrity = f"{len(broken)} rows point at missing rows"
        else:
            integrity = "ok"  # pg_restore re-created every constraint in one transaction, or failed
        names = inspect(conn).get_table_names()
        tables = {name: conn.execute(text(f'SELECT COUNT(*) FROM "{name}"')).scalar() for name in sorted(names)}
    return Restored(tables=tables, integrity=integrity)
