"""Who may see, log and correct which outreach session: the one rule every outreach query and route goes through."""
from __future__ import annotations

from datetime import date, timedelta

from flask import abort, current_app
from sqlalchemy import false, select, true

from webapp.auth.roles import Permission, Role, has_permission
from webapp.extensions import db
from webapp.i18n import local_date, local_today
from webapp.outreach.models import OutreachSession


def visible_sessions(user):
    """A WHERE clause selecting the sessions `user` may see.

    The province sees every session; a commune officer their commune's; a
    volunteer only the sessions they logged themselves; everyone else none.
    """
    if not has_permission(user.role, Permission.LOG_OUTREACH):
        return false()
    if has_permission(user.role, Permission.READ_ALL_COMMUNES):
        return true()
    if user.role == Role.COMMUNE and user.commune_code:
        return OutreachSession.commune_code == user.commune_code
    if user.role == Role.VOLUNTEER:
        return OutreachSession.created_by_id == user.id
    return false()


def session_or_404(session_id: int, user) -> OutreachSession:
    """The session if `user` may see it; 404 otherwise, so its existence is never revealed."""
    found = db.session.scalar(select(OutreachSession).where(OutreachSession.id == session_id,
                                                            visible_sessions(user)))
    if found is None:
        abort(404)
    return found


def logging_communes(user) -> list[str] | None:
    """Communes the user may log a session for; None means any commune of the province."""
    if has_permission(user.role, Permission.READ_ALL_COMMUNES):
        return None
    return [user.commune_code] if user.role in (Role.COMMUNE, Role.VOLUNTEER) and user.commune_code else []


def edit_days() -> int:
    return int(current_app.config["OUTREACH_EDIT_DAYS"])


def edit_until(session: OutreachSession) -> date:
    """The last day a volunteer may still correct a session they logged."""
    return local_date(session.created_at) + timedelta(days=edit_days())


def may_edit(user, session: OutreachSession, today: date | None = None) -> bool:
    """Officers correct what they see; a volunteer only their own session, within the days after logging it."""
    if user.role != Role.VOLUNTEER:
        return has_permission(user.role, Permission.LOG_OUTREACH)
    return session.created_by_id == user.id and (today or local_today()) <= edit_until(session)
