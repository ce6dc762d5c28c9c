"""Declarative base with stable constraint names, and SQLite settings for safe concurrent writes."""
from __future__ import annotations

import sqlite3
from datetime import datetime, timezone

from flask import has_request_context
from sqlalchemy import DateTime, Engine, MetaData, event
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    """Naive UTC now: every timestamp is stored in UTC and shown in local time."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


@event.listens_for(Engine, "connect")
def _sqlite_on_connect(dbapi_connection, _record):
    """WAL lets readers work beside a writer; the busy timeout makes writers queue instead of failing.

    pysqlite's own transaction handling is switched off so that the "begin" hook
    below controls exactly how each transaction starts.
    """
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=15000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_begin(conn):
    """In a web request, take the write lock when the transaction starts, not halfway through it.

    A deferred transaction that reads and then writes cannot wait for the lock
    when another writer committed meanwhile (SQLite answers "database is
    locked" at once); BEGIN IMMEDIATE waits up to the busy timeout instead.
    Requests write audit rows even when they only show a page, so every
    request transaction is a write transaction. Work outside requests (the
    command line, scripts) starts deferred so that reading never blocks.
    """
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE" if has_request_context() else "BEGIN")
