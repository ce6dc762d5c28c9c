"""Writing audit rows. Callers pass kinds and ids only: personal data never goes into the trail."""
from __future__ import annotations

from enum import StrEnum

from flask import has_request_context, request
from flask_login import current_user
from sqlalchemy import event
from sqlalchemy.orm import Session

from webapp.audit.models import AuditEvent
from webapp.extensions import db


class Action(StrEnum):
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGIN_THROTTLED = "login_throttled"
    LOGOUT = "logout"
    SESSION_EXPIRED = "session_expired"
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    VIEW = "view"
    EXPORT = "export"
    PASSWORD_CHANGE = "password_change"
    PASSWORD_RESET = "password_reset"
    DISABLE = "disable"
    ENABLE = "enable"
    IMPORT = "import"


class AuditTrailIsAppendOnly(RuntimeError):
    """Raised when code tries to change or delete an audit row."""


def record(action: Action, object_type: str | None = None, object_id=None, *, user=None, detail: str | None = None):
    """Add an audit row to the session (the caller commits with its own change).

    `user` defaults to the signed-in user; `detail` must hold no personal data
    (field names, counts, reasons chosen from a list).
    """
    if user is None and has_request_context() and current_user and current_user.is_authenticated:
        user = current_user
    event_row = AuditEvent(
        action=str(action),
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        user_id=getattr(user, "id", None),
        username=getattr(user, "username", None),
        ip=request.remote_addr if has_request_context() else None,
        detail=detail[:500] if detail else None,
    )
    db.session.add(event_row)
    return event_row


def record_view(object_type: str, object_id) -> AuditEvent:
    """Every read of a record that holds personal data leaves a row."""
    return record(Action.VIEW, object_type, object_id)


@event.listens_for(Session, "before_flush")
def _refuse_audit_changes(session, _flush_context, _instances):
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditEvent) and (obj in session.deleted or session.is_modified(obj)):
            raise AuditTrailIsAppendOnly("audit rows are never changed or deleted")
