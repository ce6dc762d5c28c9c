"""Pseudonymous codes such as DT-2026-00042: unique, gapless, and saying nothing about the person."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from webapp.cases.models import CodeCounter
from webapp.extensions import db


def next_code(prefix: str, year: int) -> str:
    """The next code of the series, counted under a row lock so concurrent receptions never collide."""
    series = f"{prefix}-{year}"
    counter = db.session.scalar(select(CodeCounter).where(CodeCounter.series == series).with_for_update())
    if counter is None:
        try:
            with db.session.begin_nested():
                db.session.add(CodeCounter(series=series, last=0))
        except IntegrityError:
            pass  # another request created the series first
        counter = db.session.scalar(select(CodeCounter).where(CodeCounter.series == series).with_for_update())
    counter.last += 1
    db.session.flush()
    return f"{series}-{counter.last:05d}"
