"""The tip-off list (filters, unhandled first) and the counters that show how far from 100% handled we are."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, select
from sqlalchemy.orm import selectinload

from webapp.extensions import db
from webapp.tipoffs.models import TipOff

STATUS_FILTERS = {
    "open": (_l("Not yet closed"), TipOff.closed_on.is_(None)),
    "unclassified": (_l("Not yet classified"), TipOff.classification.is_(None)),
    "forwarded": (_l("Forwarded, awaiting outcome"), TipOff.forwarded_on.is_not(None) & TipOff.closed_on.is_(None)),
    "closed": (_l("Closed"), TipOff.closed_on.is_not(None)),
}

# Not classified first, then classified but not closed, then closed; newest first within each.
UNHANDLED_FIRST = (
    case((TipOff.classification.is_(None), 0), (TipOff.closed_on.is_(None), 1), else_=2),
    TipOff.received_on.desc(),
    TipOff.id.desc(),
)


def tipoff_list(visible, *, status=None, channel=None, classification=None, date_from=None, date_to=None):
    """Tip-offs the user may see, matching the filters, the ones still to handle first."""
    stmt = select(TipOff).where(visible).options(selectinload(TipOff.commune))
    if status in STATUS_FILTERS:
        stmt = stmt.where(STATUS_FILTERS[status][1])
    if channel:
        stmt = stmt.where(TipOff.channel == channel)
    if classification:
        stmt = stmt.where(TipOff.classification == classification)
    if date_from:
        stmt = stmt.where(TipOff.received_on >= date_from)
    if date_to:
        stmt = stmt.where(TipOff.received_on <= date_to)
    return stmt.order_by(*UNHANDLED_FIRST)


def counters(visible) -> dict[str, int]:
    """How many tip-offs the user may see, and how many of them are not yet classified, not yet closed."""
    total, unclassified, still_open = db.session.execute(select(
        func.count(TipOff.id),
        func.count(case((TipOff.classification.is_(None), 1))),
        func.count(case((TipOff.closed_on.is_(None), 1))),
    ).where(visible)).one()
    return {"total": total, "unclassified": unclassified, "open": still_open}
