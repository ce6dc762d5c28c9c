"""Who may see which tip-off: the one rule every tip-off query and route goes through."""
from __future__ import annotations

from flask import abort
from sqlalchemy import false, select, true

from webapp.auth.roles import Permission, Role, has_permission
from webapp.extensions import db
from webapp.tipoffs.models import TipOff


def visible_tipoffs(user):
    """A WHERE clause selecting the tip-offs `user` may see.

    Province officers see every tip-off; commune officers those their commune
    logged; everyone else none (centre staff hold case permissions but take no
    tip-offs).
    """
    if not has_permission(user.role, Permission.READ_CASES):
        return false()
    if has_permission(user.role, Permission.READ_ALL_COMMUNES):
        return true()
    if user.role == Role.COMMUNE and user.commune_code:
        return TipOff.commune_code == user.commune_code
    return false()


def tipoff_or_404(code: str, user) -> TipOff:
    """The tip-off with this code if `user` may see it; 404 otherwise, so its existence is never revealed."""
    tipoff = db.session.scalar(select(TipOff).where(TipOff.code == code, visible_tipoffs(user)))
    if tipoff is None:
        abort(404)
    return tipoff


def logging_communes(user) -> list[str] | None:
    """Communes the user may log a tip-off for; None means any commune of the province."""
    if has_permission(user.role, Permission.READ_ALL_COMMUNES):
        return None
    return [user.commune_code] if user.role == Role.COMMUNE and user.commune_code else []
