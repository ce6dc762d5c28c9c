"""Managing accounts: create, edit, disable, reset and change passwords. Nothing here commits."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select

from webapp.audit.services import Action, record
from webapp.auth.models import User
from webapp.auth.passwords import hash_password, password_problem, verify_password
from webapp.auth.roles import ROLES_NEEDING_AGENCY, ROLES_NEEDING_COMMUNE, Role
from webapp.auth.services import end_all_sessions, normalise_username
from webapp.errors import StaleRecord, UserError
from webapp.extensions import db

PROFILE_FIELDS = ("full_name", "phone", "role", "commune_code", "agency_id")


def _check_scope(role: str, commune_code: str | None, agency_id: int | None) -> None:
    if Role(role) in ROLES_NEEDING_COMMUNE and not commune_code:
        raise UserError(_("Choose the commune this user works for."), "commune_code")
    if Role(role) in ROLES_NEEDING_AGENCY and not agency_id:
        raise UserError(_("Choose the centre this user works for."), "agency_id")


def _check_password(password: str, *inputs: str, field: str = "password") -> None:
    problem = password_problem(password, list(inputs))
    if problem:
        raise UserError(problem, field)


def create_user(*, username: str, password: str, full_name: str, role: str, phone: str | None = None,
                commune_code: str | None = None, agency_id: int | None = None) -> User:
    """Create an account that must change its password at first login.

    Raises UserError when the username is taken, the scope is missing or the
    password is weak.
    """
    username = normalise_username(username)
    if db.session.scalar(select(func.count()).where(User.username == username)):
        raise UserError(_("This username is already taken."), "username")
    _check_scope(role, commune_code, agency_id)
    _check_password(password, username, full_name)
    user = User(username=username, full_name=full_name, phone=phone or None, role=role,
                commune_code=_scoped(role, commune_code, ROLES_NEEDING_COMMUNE),
                agency_id=_scoped(role, agency_id, ROLES_NEEDING_AGENCY),
                password_hash=hash_password(password), must_change_password=True)
    db.session.add(user)
    db.session.flush()
    record(Action.CREATE, "user", user.id)
    return user


def _scoped(role: str, value, roles):
    """Keep a commune or agency only for the roles bound to one (a centre may also be set for others)."""
    return value if (Role(role) in roles or value) else None


def check_version(user: User, expected: int | str | None) -> None:
    """Raise StaleRecord when the form was opened on an older version of the account."""
    if str(user.version) != str(expected):
        raise StaleRecord(_("Someone else changed this account while you were editing. "
                            "Your changes were not saved; the form now shows the latest version."))


def update_user(user: User, expected_version, **values) -> list[str]:
    """Change profile fields; returns the names of the fields that changed.

    Raises StaleRecord if the account changed since the form was opened, UserError
    for a missing scope.
    """
    check_version(user, expected_version)
    _check_scope(values.get("role", user.role), values.get("commune_code", user.commune_code),
                 values.get("agency_id", user.agency_id))
    changed = [key for key in PROFILE_FIELDS if key in values and getattr(user, key) != values[key]]
    for key in changed:
        setattr(user, key, values[key])
    if changed:
        user.version += 1
    if "role" in changed:
        end_all_sessions(user, "role_changed")  # a new role takes effect at the next login
    db.session.flush()
    record(Action.UPDATE, "user", user.id, detail=",".join(changed))
    return changed


def set_active(user: User, active: bool, actor: User) -> None:
    """Enable or disable an account; disabling ends its sessions at once. Raises UserError for oneself."""
    if user.id == actor.id and not active:
        raise UserError(_("You cannot disable your own account."))
    user.active = active
    user.version += 1
    if not active:
        end_all_sessions(user, "disabled")
    db.session.flush()
    record(Action.ENABLE if active else Action.DISABLE, "user", user.id)


def reset_password(user: User, new_password: str) -> None:
    """Set a temporary password the user must change at next login; ends their sessions."""
    _check_password(new_password, user.username, user.full_name)
    user.password_hash = hash_password(new_password)
    user.must_change_password = True
    end_all_sessions(user, "password_reset")
    db.session.flush()
    record(Action.PASSWORD_RESET, "user", user.id)


def change_own_password(user: User, current: str, new: str) -> None:
    """Change one's own password after checking the current one. Raises UserError."""
    if not verify_password(user.password_hash, current):
        raise UserError(_("The current password is not correct."), "current_password")
    if current == new:
        raise UserError(_("The new password must be different from the current one."), "new_password")
    _check_password(new, user.username, user.full_name, field="new_password")
    user.password_hash = hash_password(new)
    user.must_change_password = False
    db.session.flush()
    record(Action.PASSWORD_CHANGE, "user", user.id)
