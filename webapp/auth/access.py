"""Decorators that declare who may reach a view; the permission matrix test reads what they record."""
from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from webapp.auth.roles import Permission, has_permission

PUBLIC = "public"
AUTHENTICATED = "authenticated"


def public(view):
    """Anyone may reach this view, signed in or not."""
    view.access = PUBLIC
    return view


def signed_in(view):
    """Any active signed-in user, whatever the role."""
    wrapped = login_required(view)
    wrapped.access = AUTHENTICATED
    return wrapped


def permission_required(permission: Permission):
    """Only roles holding `permission`; others get 403, anonymous users go to the login page."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not has_permission(current_user.role, permission):
                abort(403)
            return view(*args, **kwargs)

        wrapped = login_required(wrapper)
        wrapped.access = permission
        return wrapped

    return decorator
