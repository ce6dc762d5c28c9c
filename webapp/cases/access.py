"""Who may see which case: the one rule every case query and route goes through."""
from __future__ import annotations

from flask import abort
from sqlalchemy import false, select, true

from webapp.auth.roles import Permission, Role, has_permission
from webapp.cases.models import Case
from webapp.extensions import db


def visible_cases(user):
    """A WHERE clause selecting the cases `user` may see.

    Province officers see every case; commune officers the cases their commune
    received; everyone else none (centre staff gain cases through accepted
    referrals, which come with the referral feature).
    """
    if not has_permission(user.role, Permission.READ_CASES):
        return false()
    if has_permission(user.role, Permission.READ_ALL_COMMUNES):
        return true()
    if user.role == Role.COMMUNE and user.commune_code:
        return Case.commune_code == user.commune_code
    return false()


def case_or_404(code: str, user) -> Case:
    """The case with this code if `user` may see it; 404 otherwise, so its existence is never revealed."""
    case = db.session.scalar(select(Case).where(Case.code == code, visible_cases(user)))
    if case is None:
        abort(404)
    return case


def receiving_communes(user) -> list[str] | None:
    """Communes the user may record a reception for; None means any commune of the province."""
    if has_permission(user.role, Permission.READ_ALL_COMMUNES):
        return None
    return [user.commune_code] if user.role == Role.COMMUNE and user.commune_code else []
