"""Outreach figures computed by the database: the list, totals by commune, venue, topic, group or month, key areas.

The reports call `outreach_totals` and `outreach_by`. Head counts (participants,
women, children) and the estimated reach of broadcasts and online sessions are
always kept apart: they are never added together.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import and_, extract, func, or_, select, true
from sqlalchemy.orm import selectinload

from webapp.extensions import db
from webapp.outreach.models import KeyArea, OutreachSession, OutreachTag

DIMENSIONS = ("commune", "venue", "topic", "group", "month")
_TAG_VOCABULARY = {"topic": "outreach_topic", "group": "outreach_group"}


def _window(stmt, date_from: date | None, date_to: date | None):
    if date_from:
        stmt = stmt.where(OutreachSession.held_on >= date_from)
    if date_to:
        stmt = stmt.where(OutreachSession.held_on <= date_to)
    return stmt


def session_list(visible, *, date_from=None, date_to=None, commune=None, venue=None, topic=None):
    """Sessions the user may see, matching the filters, the latest held first."""
    stmt = _window(select(OutreachSession).where(visible), date_from, date_to)
    if commune:
        stmt = stmt.where(OutreachSession.commune_code == commune)
    if venue:
        stmt = stmt.where(OutreachSession.venue == venue)
    if topic:
        stmt = stmt.where(OutreachSession.id.in_(select(OutreachTag.session_id).where(
            OutreachTag.vocabulary == "outreach_topic", OutreachTag.code == topic)))
    return stmt.options(selectinload(OutreachSession.commune), selectinload(OutreachSession.tags)).order_by(
        OutreachSession.held_on.desc(), OutreachSession.id.desc())


def _measures():
    return (
        func.count(OutreachSession.id),
        func.count(OutreachSession.reach),
        func.coalesce(func.sum(OutreachSession.participants), 0),
        func.coalesce(func.sum(OutreachSession.women), 0),
        func.coalesce(func.sum(OutreachSession.children), 0),
        func.coalesce(func.sum(OutreachSession.reach), 0),
    )


def _row(values) -> dict:
    sessions, reach_sessions, participants, women, children, reach = (int(v or 0) for v in values)
    return {"sessions": sessions, "reach_sessions": reach_sessions, "participants": participants, "women": women,
            "children": children, "reach": reach}


def outreach_totals(date_from: date | None = None, date_to: date | None = None, where=None) -> dict:
    """Sessions held in the window (both ends included) and the people they reached.

    Returns {"sessions", "reach_sessions", "participants", "women", "children",
    "reach"}: `participants`, `women` and `children` are head counts of sessions
    with people present; `reach` is the estimated reach of broadcast and online
    sessions (`reach_sessions` of them), kept apart. `where` narrows the
    sessions (e.g. a scope clause).
    """
    stmt = _window(select(*_measures()).where(true() if where is None else where), date_from, date_to)
    return _row(db.session.execute(stmt).one())


def outreach_by(dimension: str, date_from: date | None = None, date_to: date | None = None, where=None) -> list[dict]:
    """The same figures as `outreach_totals`, one row per commune, venue, topic, target group or month.

    Each row also has "key": the commune code, the venue, topic or group
    catalogue code, or "YYYY-MM". A session with several topics (groups) counts
    once under each. Rows come with the most sessions first (months in order).
    Raises ValueError for an unknown dimension.
    """
    if dimension not in DIMENSIONS:
        raise ValueError(dimension)
    base = select().select_from(OutreachSession).where(true() if where is None else where)
    if dimension == "commune":
        keys = (OutreachSession.commune_code,)
    elif dimension == "venue":
        keys = (OutreachSession.venue,)
    elif dimension == "month":
        keys = (extract("year", OutreachSession.held_on), extract("month", OutreachSession.held_on))
    else:
        base = base.join(OutreachTag, and_(OutreachTag.session_id == OutreachSession.id,
                                           OutreachTag.vocabulary == _TAG_VOCABULARY[dimension]))
        keys = (OutreachTag.code,)
    stmt = _window(base.add_columns(*keys, *_measures()), date_from, date_to).group_by(*keys)
    rows = []
    for found in db.session.execute(stmt):
        if dimension == "month":
            key, values = f"{int(found[0]):04d}-{int(found[1]):02d}", found[2:]
        else:
            key, values = found[0], found[1:]
        rows.append({"key": key, **_row(values)})
    if dimension == "month":
        return sorted(rows, key=lambda r: r["key"])
    return sorted(rows, key=lambda r: (-r["sessions"], str(r["key"])))


def key_area_reach(date_from: date | None, date_to: date | None, sessions_where=None, areas_where=None) -> list[dict]:
    """Each key area in use with how many sessions reached it in the window, and the last date one did.

    A whole-commune area is reached by any session in the commune; a hamlet
    area by a session naming that hamlet (compared without diacritics or case).
    """
    match = and_(
        OutreachSession.commune_code == KeyArea.commune_code,
        or_(KeyArea.hamlet_key.is_(None), OutreachSession.hamlet_key == KeyArea.hamlet_key),
        true() if sessions_where is None else sessions_where,
    )
    if date_from:
        match = and_(match, OutreachSession.held_on >= date_from)
    if date_to:
        match = and_(match, OutreachSession.held_on <= date_to)
    stmt = (select(KeyArea, func.count(OutreachSession.id), func.max(OutreachSession.held_on))
            .outerjoin(OutreachSession, match)
            .where(KeyArea.active.is_(True), true() if areas_where is None else areas_where)
            .options(selectinload(KeyArea.commune))
            .group_by(KeyArea.id))
    rows = [{"area": area, "sessions": count, "last": last} for area, count, last in db.session.execute(stmt)]
    return sorted(rows, key=lambda r: (r["sessions"] > 0, r["area"].commune.name, r["area"].hamlet or ""))
