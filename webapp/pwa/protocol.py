"""How forms work offline: which forms may be filled without signal, and how the phone talks about them.

A view joins by being decorated with `offline_form(kind, label)`; nothing else
changes. The service worker then keeps a blank copy of it and queues what
cannot be sent. Its requests carry the header `Sen-Outbox`:

- `blank`: a GET for the copy kept on the phone. It is rendered without
  anything bound to the session (no CSRF token, no sign-out form); the menu
  and the commune lists of the officer's role stay, as they name no one.
- `live`: a submission on its way now. Success answers JSON
  `{"outcome", "location"}` instead of a redirect, so the worker can tell a
  saved record from a login page; an expired session answers 401 JSON and a
  refused CSRF token 403 JSON, so the worker keeps the entry instead of
  losing it. Invalid input still answers the form with its errors.
- `replay`: a sealed entry sent from the outbox, as JSON `{"sealed": ...}`.
  CSRF is proven by the `X-CSRFToken` header of the current session (fetched
  from /outbox/token when the entry is sent, never stored with it), and the
  entry must have been sealed by the signed-in account. Every answer is JSON.

Sealing hides an entry from whoever holds the phone; it does not prove who
made it (the public key is public). What an entry may do is decided as for any
submission: by the signed-in account that sends it, and the phone sends an
entry only for the account that saved it. The worker helps only forms posted
from Sen's own pages (their referrer), so another site cannot borrow it.

A form POST with a `sen_sealed` field opens a sealed entry as a normal
submission: the officer sees the form again with what was typed and the
server's messages, and can fix it.
"""
from __future__ import annotations

from flask import current_app, g, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import ImmutableMultiDict

from webapp.pwa.sealing import OtherUser, Unreadable, open_sealed, parse_sealed

HEADER = "Sen-Outbox"
MODES = frozenset({"blank", "live", "replay"})
# Added by the page for the outbox list only; never part of the record.
PAGE_FIELDS = frozenset({"sen_place", "sen_owner", "sen_sealed"})

# endpoint -> (kind, label); filled by the decorator at import time
OFFLINE_FORMS: dict[str, tuple[str, object]] = {}


def offline_form(kind: str, label):
    """Mark a create view as usable without signal (its blank form is kept on the phone)."""

    def decorator(view):
        view.offline_form = (kind, label)
        return view

    return decorator


def collect(app) -> None:
    """Find the views marked offline-capable, once every blueprint is registered.

    The mark survives the access decorators: functools.wraps copies the wrapped view's attributes.
    """
    OFFLINE_FORMS.clear()
    OFFLINE_FORMS.update({endpoint: view.offline_form for endpoint, view in app.view_functions.items()
                          if getattr(view, "offline_form", None)})


def mode() -> str | None:
    value = request.headers.get(HEADER)
    return value if value in MODES else None


def is_blank() -> bool:
    """This page is the blank copy the phone keeps: render nothing bound to the session."""
    return bool(g.get("sen_blank"))


def refusal(status: int, refused: str, messages=None):
    """A JSON answer the outbox understands (`refused` says what to do next)."""
    response = jsonify({"refused": refused, "messages": [str(m) for m in (messages or [])]})
    response.status_code = status
    return response


def _refuse(status: int, refused: str, message, as_page: bool):
    if as_page:
        from webapp.errors import render_error

        return render_error(status, message)
    return refusal(status, refused, [message])


def wants_json() -> bool:
    return mode() in ("live", "replay")


def form_messages(form) -> list[str]:
    """What was wrong, as field label and message, never the typed values."""
    messages = [str(m) for m in getattr(form, "form_errors", [])]
    for field in form:
        errors = field.errors
        if not errors:
            continue
        # Plain fields hold (lazy) strings; lists of subforms hold dicts of their own errors.
        texts = [str(e) for e in errors if not isinstance(e, (dict, list))] if isinstance(errors, list) else []
        for text in texts or [_("This part of the form is not valid.")]:
            messages.append(f"{field.label.text}: {text}")
    return messages


def before_request():
    """Runs after the CSRF check: opens sealed entries and marks blank copies."""
    current = mode()
    if request.endpoint not in OFFLINE_FORMS:
        return None
    if request.method == "GET":
        if current == "blank":
            g.sen_blank = True
        return None
    if request.method != "POST":
        return None
    sealed_text = request.form.get("sen_sealed")
    if current == "replay":
        try:
            body = request.get_json(silent=True)
        except RecursionError:
            body = None
        sealed_raw = body.get("sealed") if isinstance(body, dict) else None
    else:
        sealed_raw = sealed_text
    # Opening an entry to fix it is a page the officer sees: its refusals are pages too.
    as_page = current != "replay" and sealed_raw is not None
    if not current_user.is_authenticated:
        if current or sealed_raw is not None:
            return refusal(401, "session", [_("Your session has ended. Sign in again to send what is waiting.")])
        return None
    if sealed_raw is None:
        if current == "replay":
            return refusal(400, "invalid", [_("This entry is damaged and cannot be read by the server.")])
        return None
    try:
        opened = open_sealed(parse_sealed(sealed_raw), current_user.id)
    except OtherUser:
        return _refuse(403, "other-user", _("This entry was saved by another account. Only that account can send it."),
                       as_page)
    except Unreadable:
        current_app.logger.warning("outbox entry could not be opened")
        return _refuse(400, "invalid", _("This entry is damaged and cannot be read by the server."), as_page)
    if opened.action != request.path:
        return _refuse(400, "invalid", _("This entry belongs to another form."), as_page)
    request.form = ImmutableMultiDict(opened.fields)
    return None


def init_app(app) -> None:
    from webapp.i18n import local_today

    collect(app)
    app.before_request(before_request)
    app.jinja_env.globals["sen_blank"] = is_blank
    app.jinja_env.globals["local_today"] = local_today
