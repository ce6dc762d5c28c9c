"""Recording a supervision visit and marking a recommendation done. Flush, never commit."""
from __future__ import annotations

from datetime import date

from flask import current_app
from flask_babel import lazy_gettext as _l

from webapp.db import utcnow
from webapp.errors import UserError
from webapp.extensions import db
from webapp.places.services import home_communes
from webapp.supervision.models import SupervisionRecommendation, SupervisionVisit


def record_visit(values: dict, recommendations: list[dict], user) -> SupervisionVisit:
    """`recommendations`: [{"text", "due_on"}], the empty ones already left out."""
    if values["commune_code"] not in {u.code for u in home_communes(current_app.config["HOME_PROVINCE_CODE"])}:
        raise UserError(_l("Choose a commune or ward of the province."), "commune_code")
    visit = SupervisionVisit(visited_on=values["visited_on"], commune_code=values["commune_code"],
                             team=values["team"].strip(), checked=values["checked"].strip(),
                             findings=(values.get("findings") or "").strip() or None, created_by_id=user.id)
    visit.recommendations = [SupervisionRecommendation(text=r["text"].strip(), due_on=r["due_on"])
                             for r in recommendations]
    db.session.add(visit)
    db.session.flush()
    return visit


def mark_done(recommendation: SupervisionRecommendation, note: str | None, user, today: date) -> None:
    if recommendation.done_on is not None:
        raise UserError(_l("This recommendation is already marked done."))
    recommendation.done_on, recommendation.done_at = today, utcnow()
    recommendation.done_by_id = user.id
    recommendation.done_note = (note or "").strip() or None
    db.session.flush()
