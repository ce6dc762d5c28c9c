"""Password hashing (argon2id) and the strength rule for new passwords."""
from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import gettext as _
from zxcvbn import zxcvbn

_hasher = PasswordHasher()  # argon2id with the library's current recommended parameters

# A real hash of a random string, verified against when the username is unknown,
# so a wrong username costs the same time as a wrong password.
_DUMMY_HASH = _hasher.hash("sen-timing-equaliser-not-a-password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when the password matches; never raises for a bad or missing hash."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def password_problem(password: str, user_inputs: list[str] | None = None) -> str | None:
    """Why the password is not acceptable, in the user's language; None when it is fine."""
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password) < minimum:
        return _("The password must have at least %(n)d characters.", n=minimum)
    if len(password) > 200:
        return _("The password must have at most %(n)d characters.", n=200)
    result = zxcvbn(password[:100], user_inputs=[u for u in (user_inputs or []) if u])
    if result["score"] < 3:
        return _("This password is too common or too easy to guess. Use a longer phrase with several words.")
    return None
