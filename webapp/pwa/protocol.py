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
  entry must have been sealed and bound by the signed-in account. Every answer
  is JSON; a refusal says why in `refused` and is counted for the administrator
  (`OutboxEvent`: account, kind, time; never content).

Sealing hides an entry from whoever holds the phone; the binding proves which
account made it (see `sealing.py`): the public key is public, but an account's
binding key is given only to its own signed-in session. What an entry may do
is then decided as for any submission, by the signed-in account that sends it.
The worker helps only forms posted from Sen's own pages (their referrer), so
another site cannot borrow it.

/outbox/token says why a session cannot send (`refused`): `session` (sign in
again), `password` (a password change is due), `disabled` (the account was
disabled: what waits cannot be sent).

A form POST with a `sen_sealed` field opens a sealed entry as a normal
submission: the officer sees the form again with what was typed and the
server's messages, and can fix it.
"""
from __future__ import annotations

from flask import current_app, g, jsonify, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.datastructures import ImmutableMultiDict

from webapp.extensions import db
from webapp.pwa.sealing import NotBound, OtherUser, Unreadable, WrongForm, open_sealed, parse_sealed

HEADER = "Sen-Outbox"
MODES = frozenset({"blank", "live", "replay"})
# Added by the page for the outbox list only; never part of the record.
PAGE_FIELDS = frozenset({"sen_place", "sen_owner", "sen_sealed"})

# endpoint -> (kind, label); filled by the decorator at import time
OFFLINE_FORMS: dict[str, tuple[str, object]] = {}
# Endpoints that queue their posts but have no blank copy (a page's script posts them: attendance marks).
NO_BLANK: set[str] = set()

# Why the server refused a sealed entry, as the administrator's page counts them. "unbound" is not a
# refusal: an entry from before binding, accepted (so the administrator can tell when none are left).
REFUSAL_KINDS = {
    "invalid": _l("Form not valid"),
    "conflict": _l("Code reused for other content"),
    "damaged": _l("Damaged"),
    "other-user": _l("Saved by another account"),
    "wrong-form": _l("Sent to another form"),
    "binding": _l("Not proven to be from this account"),
    "forbidden": _l("Not allowed for this role"),
}
EVENT_KINDS = {**REFUSAL_KINDS, "unbound": _l("Accepted from an older version (unbound)")}
# Refusals that only pause the outbox (sign in again, new token); the entry itself was not judged.
NOT_JUDGED = frozenset({"session", "csrf", "password", "disabled"})


def offline_form(kind: str, label, blank: bool = True):
    """Mark a create view as usable without signal (its blank form is kept on the phone).

    `blank=False`: posts are queued like any other, but there is no form page to keep (the
    attendance page posts marks from its script).
    """

    def decorator(view):
        view.offline_form = (kind, label)
        view.offline_blank = blank
        return view

    return decorator


def collect(app) -> None:
    """Find the views marked offline-capable, once every blueprint is registered.

    The mark survives the access decorators: functools.wraps copies the wrapped view's attributes.
    """
    OFFLINE_FORMS.clear()
    OFFLINE_FORMS.update({endpoint: view.offline_form for endpoint, view in app.view_functions.items()
                          if getattr(view, "offline_form", None)})
    NO_BLANK.clear()
    NO_BLANK.update(endpoint for endpoint in OFFLINE_FORMS if not getattr(app.view_functions[endpoint],
                                                                          "offline_blank", True))


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
        # Plain fields hold (lazy) strings; lists of subforms hold dicts of their own errors: each said once.
        texts = list(dict.fromkeys(_texts(errors)))
        for text in texts or [_("This part of the form is not valid.")]:
            messages.append(f"{field.label.text}: {text}")
    return messages


def _texts(errors) -> list[str]:
    """The messages in a field's errors, however deep (a list of subforms holds dicts of lists)."""
    if isinstance(errors, dict):
        return [text for value in errors.values() for text in _texts(value)]
    if isinstance(errors, (list, tuple)):
        return [text for value in errors for text in _texts(value)]
    return [str(errors)] if errors else []


def _note(kind: str) -> None:
    """Counted once the answer is known (see `after_request`)."""
    g.sen_outbox_event = kind


def after_request(response):
    """Count a replayed entry the server refused, or accepted without a binding: account, kind, time."""
    if mode() != "replay" or request.method != "POST" or request.endpoint not in OFFLINE_FORMS:
        return response
    kind = g.pop("sen_outbox_event", None)
    if response.status_code >= 400:
        kind = None if kind == "unbound" else kind
        refused = response.get_json(silent=True) if response.is_json else None
        refused = refused.get("refused") if isinstance(refused, dict) else None
        if refused in NOT_JUDGED or response.status_code in (401, 408, 429) or response.status_code >= 500:
            return response
        kind = kind or {409: "conflict", 403: "forbidden"}.get(response.status_code, "invalid")
    elif kind != "unbound":
        return response
    if kind and current_user.is_authenticated:
        from webapp.pwa.models import OutboxEvent

        db.session.add(OutboxEvent(user_id=current_user.id, kind=kind))
        db.session.commit()
    return response


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
        if (current or sealed_raw is not None) and g.get("sen_account_disabled"):
            return refusal(401, "disabled", [_("This account has been disabled, so what waits on this phone "
                                               "cannot be sent. Contact your administrator.")])
        if current or sealed_raw is not None:
            return refusal(401, "session", [_("Your session has ended. Sign in again to send what is waiting.")])
        return None
    if sealed_raw is None:
        if current == "replay":
            _note("damaged")
            return refusal(400, "invalid", [_("This entry is damaged and cannot be read by the server.")])
        return None
    try:
        opened = open_sealed(parse_sealed(sealed_raw), current_user.id, request.path,
                             current_app.config.get("OUTBOX_ACCEPT_UNBOUND", True))
    except OtherUser:
        _note("other-user")
        return _refuse(403, "other-user", _("This entry was saved by another account. Only that account can send it."),
                       as_page)
    except Unreadable:
        current_app.logger.warning("outbox entry could not be opened")
        _note("damaged")
        return _refuse(400, "invalid", _("This entry is damaged and cannot be read by the server."), as_page)
    except WrongForm:
        _note("wrong-form")
        return _refuse(400, "invalid", _("This entry belongs to another form."), as_page)
    except NotBound:
        current_app.logger.warning("outbox entry without a valid binding")
        _note("binding")
        return _refuse(403, "binding", _("This entry was not made on a phone signed in to this account, so it cannot "
                                         "be sent. Delete it if you do not recognise it."), as_page)
    if not opened.bound:
        _note("unbound")
    request.form = ImmutableMultiDict(opened.fields)
    return None


def init_app(app) -> None:
    from webapp.i18n import local_today

    collect(app)
    app.before_request(before_request)
    app.after_request(after_request)
    app.jinja_env.globals["sen_blank"] = is_blank
    app.jinja_env.globals["local_today"] = local_today
