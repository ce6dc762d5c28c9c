"""Declarative base with stable constraint names, and SQLite settings for safe concurrent writes."""
from __future__ import annotations

import sqlite3
import warnings
from datetime import datetime, timezone

from flask import has_request_context, request
from sqlalchemy import DateTime, Engine, MetaData, event
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

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


def reads_only(view):
    """Mark a view that writes nothing, whatever the method (a list, its filter form posted by htmx, home).

    On SQLite its transaction starts deferred, so both workers can show it at once instead of queueing
    for the write lock. The session check that may touch the session row takes the lock itself
    (`take_write_lock`). The mark survives the access decorators (functools.wraps copies it).
    """
    view.reads_only = True
    return view


def _wants_write_lock() -> bool:
    return getattr(request, "_sen_write_lock", False) or not getattr(request, "_sen_reads_only", False)


def init_app(app) -> None:
    """Mark a request to a `reads_only` view before anything reads the database (the first hook to run).

    Only requests being served are marked, never a request context opened by a script or a test.
    """

    @app.before_request
    def mark_reads_only():
        view = app.view_functions.get(request.endpoint) if request.endpoint else None
        request._sen_reads_only = bool(getattr(view, "reads_only", False))


def holds_write_lock() -> bool:
    """Whether this request's transaction may write: always, except on SQLite in a view marked `reads_only`."""
    return not (has_request_context() and getattr(request, "_sen_reading", False))


def take_write_lock() -> None:
    """From the next transaction on, this request writes: on SQLite it starts with the write lock.

    Roll back the current (reading) transaction first: SQLite cannot safely turn it into a writing one.
    """
    request._sen_write_lock = True


@event.listens_for(Engine, "begin")
def _sqlite_begin(conn):
    """In a web request, take the write lock when the transaction starts, not halfway through it.

    A deferred transaction that reads and then writes cannot wait for the lock
    when another writer committed meanwhile (SQLite answers "database is
    locked" at once); BEGIN IMMEDIATE waits up to the busy timeout instead.
    Requests write audit rows even when they only show a page, so every
    request transaction is a write transaction, except in views marked
    `reads_only`. Work outside requests (the command line, scripts) starts
    deferred so that reading never blocks.
    """
    if conn.dialect.name == "sqlite":
        immediate = has_request_context() and _wants_write_lock()
        if has_request_context():
            request._sen_reading = not immediate
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


@event.listens_for(Session, "before_flush")
def _warn_write_while_reading(session, _flush_context, _instances):
    """A `reads_only` view that writes would fail now and then on SQLite under concurrent writes: say so."""
    if (session.new or session.dirty or session.deleted) and not holds_write_lock():
        warnings.warn(f"a write in the reads_only view {request.endpoint}: take_write_lock() first", RuntimeWarning,
                      stacklevel=2)


def in_vietnamese_order(column, names: dict):
    """An ORDER BY term putting rows in the Vietnamese order of their names (`names`: value of `column` → name).

    Neither SQLite nor PostgreSQL orders Vietnamese the same way (or correctly): the order is computed here
    (webapp.text.text_key) for short lists such as places and agencies, and handed to the database as positions.
    """
    from sqlalchemy import case, literal

    from webapp.text import text_key

    ordered = sorted(names, key=lambda value: (text_key(names[value]), str(value)))
    if not ordered:
        return literal(0)
    return case({value: position for position, value in enumerate(ordered)}, value=column, else_=len(ordered))
