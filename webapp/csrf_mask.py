"""CSRF tokens masked afresh on every use, so a compressed page never repeats the token's bytes.

BREACH-style attacks guess a secret that is the same in every compressed answer, one byte at a
time, from the answers' sizes. Flask-WTF's signed token starts with the session's token in
clear, the same on every page. Here each token handed out is `pad || (pad XOR token)` with a new
random pad (as Django does), and every token that comes back is unmasked before Flask-WTF checks
it. Both Flask-WTF's checks (`CSRFProtect` and forms with `csrf = True`) go through its module's
`validate_csrf`, and every token it hands out through its `generate_csrf`: those two are wrapped.
"""
from __future__ import annotations

import base64
import binascii
import os

import flask_wtf.csrf as wtf_csrf

_generate = wtf_csrf.generate_csrf
_validate = wtf_csrf.validate_csrf


def mask(token: str) -> str:
    clear = token.encode("ascii")
    pad = os.urandom(len(clear))
    masked = pad + bytes(p ^ c for p, c in zip(pad, clear))
    return base64.urlsafe_b64encode(masked).rstrip(b"=").decode("ascii")


def unmask(value):
    """The signed token inside a masked one; anything else is returned as it is, for Flask-WTF to refuse.

    A signed token always holds '.', a masked one never does: an unmasked token from a page served
    before this change still passes.
    """
    if not isinstance(value, str) or not value or "." in value or len(value) > 1024:
        return value
    try:
        data = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError):
        return value
    half = len(data) // 2
    if len(data) % 2 or not half:
        return value
    clear = bytes(p ^ c for p, c in zip(data[:half], data[half:]))
    try:
        return clear.decode("ascii")
    except UnicodeDecodeError:
        return value


def generate_csrf(secret_key=None, token_key=None) -> str:
    return mask(_generate(secret_key=secret_key, token_key=token_key))


def validate_csrf(data, secret_key=None, time_limit=None, token_key=None):
    return _validate(unmask(data), secret_key=secret_key, time_limit=time_limit, token_key=token_key)


def init_app(app) -> None:
    """After CSRFProtect.init_app: templates' `csrf_token()` hands out masked tokens too."""
    wtf_csrf.generate_csrf = generate_csrf
    wtf_csrf.validate_csrf = validate_csrf
    app.jinja_env.globals["csrf_token"] = generate_csrf
    app.context_processor(lambda: {"csrf_token": generate_csrf})
