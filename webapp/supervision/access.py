"""Who sees which supervision visit: the province all; a commune officer the visits to their commune."""
from __future__ import annotations

from flask import abort
from sqlalchemy import false, true

from webapp.auth.roles import Permission, Role, has_permission
from webapp.extensions import db
from webapp.supervision.models import SupervisionRecommendation, SupervisionVisit


def visible_visits(user):
    if has_permission(user.role, Permission.READ_ALL_COMMUNES):
        return true()
    if user.role == Role.COMMUNE and user.commune_code:
        return SupervisionVisit.commune_code == user.commune_code
    return false()


def _in_scope(user, visit: SupervisionVisit) -> bool:
    if has_permission(user.role, Permission.READ_ALL_COMMUNES):
        return True
    return user.role == Role.COMMUNE and bool(user.commune_code) and visit.commune_code == user.commune_code


def visit_or_404(visit_id: int, user) -> SupervisionVisit:
    visit = db.session.get(SupervisionVisit, visit_id)
    if visit is None or not _in_scope(user, visit):
        abort(404)
    return visit


def recommendation_or_404(recommendation_id: int, user) -> SupervisionRecommendation:
    """A recommendation addressed to the user's own commune (the only ones they may mark done)."""
    found = db.session.get(SupervisionRecommendation, recommendation_id)
    if found is None or user.role != Role.COMMUNE or found.visit.commune_code != user.commune_code:
        abort(404)
    return found
