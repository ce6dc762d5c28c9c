"""Errors a user can fix, and the friendly pages for HTTP errors."""
from __future__ import annotations

from flask import render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException


class UserError(ValueError):
    """A rule of the domain refused the change; `message` is shown to the user, `field` marks the input."""

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field


class StaleRecord(UserError):
    """Someone else saved the record after this form was opened."""


ERROR_TEXT = {
    400: (_l("The request could not be understood"), _l("Something in what was sent is not valid. Go back, check the form and try again.")),
    403: (_l("You do not have access"), _l("Your account is not allowed to open this page. If you need it for your work, ask the system administrator.")),
    404: (_l("Not found"), _l("This page does not exist, or you do not have access to it.")),
    405: (_l("Not allowed"), _l("This action cannot be done this way.")),
    409: (_l("Conflict"), _l("This was already sent with different content, or someone else changed the record. Reload the page to see the latest version.")),
    413: (_l("Too large"), _l("What you sent is larger than the server accepts. Send smaller files or less text.")),
    422: (_l("Please check the form"), _l("Some fields are not valid.")),
    429: (_l("Too many attempts"), _l("Please wait a few minutes and try again.")),
    500: (_l("Something went wrong"), _l("The server could not finish this request. Nothing was saved. Please try again later; if it keeps happening, tell the system administrator.")),
}


def render_error(code: int, message=None):
    title, default_text = ERROR_TEXT.get(code, ERROR_TEXT[500])
    template = "errors/_error.html" if request.headers.get("HX-Request") == "true" else "errors/error.html"
    return render_template(template, code=code, title=title, text=message or default_text), code


def register_error_pages(app):
    @app.errorhandler(CSRFError)
    def csrf_error(_error):
        from webapp.pwa import protocol

        if protocol.wants_json():
            # The outbox keeps the entry and fetches a fresh token, or asks the officer to sign in.
            return protocol.refusal(403, "csrf")
        return render_error(
            400, _l("This form has expired or was not sent from Sen. Reload the page and try again; what you typed may need to be entered again.")
        )

    @app.errorhandler(HTTPException)
    def http_error(error):
        from webapp.pwa import protocol

        if protocol.mode() == "replay" and error.code in ERROR_TEXT:
            return protocol.refusal(error.code, "error", [ERROR_TEXT[error.code][1]])
        if error.code in ERROR_TEXT:
            return render_error(error.code)
        return error

    @app.errorhandler(500)
    def server_error(_error):
        from webapp.extensions import db

        db.session.rollback()
        return render_error(500)
