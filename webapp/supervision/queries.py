"""The visits list and the recommendations a commune has to act on."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import exists, select
from sqlalchemy.orm import selectinload

from webapp.supervision.models import SupervisionRecommendation, SupervisionVisit

REMINDER_DAYS = 7


def _open(visit_id_column):
    return exists().where(SupervisionRecommendation.visit_id == visit_id_column,
                          SupervisionRecommendation.done_on.is_(None))


def visit_list(visible, *, commune=None, state=None):
    """Visits the user may see, the latest first; `state` "open": with a recommendation not done yet."""
    stmt = select(SupervisionVisit).where(visible)
    if commune:
        stmt = stmt.where(SupervisionVisit.commune_code == commune)
    if state == "open":
        stmt = stmt.where(_open(SupervisionVisit.id))
    elif state == "done":
        stmt = stmt.where(~_open(SupervisionVisit.id))
    return stmt.options(selectinload(SupervisionVisit.commune), selectinload(SupervisionVisit.recommendations)
                        ).order_by(SupervisionVisit.visited_on.desc(), SupervisionVisit.id.desc())


def due_recommendations(commune_code: str, today: date) -> list[SupervisionRecommendation]:
    """Recommendations addressed to the commune, not done, overdue or due within REMINDER_DAYS days."""
    stmt = (select(SupervisionRecommendation).join(SupervisionVisit)
            .where(SupervisionVisit.commune_code == commune_code, SupervisionRecommendation.done_on.is_(None),
                   SupervisionRecommendation.due_on <= today + timedelta(days=REMINDER_DAYS))
            .order_by(SupervisionRecommendation.due_on, SupervisionRecommendation.id))
    from webapp.extensions import db

    return list(db.session.scalars(stmt))
