"""The create-once contract as views use it: one call handles the id, validation, replay and conflicts."""
from __future__ import annotations

from typing import Callable

from flask import flash, jsonify, redirect, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from webapp.errors import UserError, render_error
from webapp.extensions import db
from webapp.pwa import protocol
from webapp.submissions.services import (
    FIELD,
    InvalidSubmissionId,
    SubmissionConflict,
    create_once,
    earlier_outcome,
    parse_submission_id,
    payload_digest,
)
from webapp.web import attach_error

# Sent on every answer to a create, so the offline outbox can tell a first answer from a replay.
OUTCOME_HEADER = "Sen-Submission"


def handle_create(kind: str, form, create: Callable, render_form: Callable, saved_message: str | None = None):
    """Validate `form` and run `create` once per submission id.

    `create()` returns (record_type, record_id, location) and may raise
    UserError; `render_form(status)` re-renders the form with what was typed.
    Answers 303 to the record (first time and on replay), 400 for a missing or
    malformed id, 409 for an id reused with other content, 422 for invalid input.
    """
    replay = protocol.mode() == "replay"

    def refuse(status: int, message):
        return protocol.refusal(status, "invalid", [message]) if replay else render_error(status, message)

    def invalid(status: int):
        if replay:
            return protocol.refusal(status, "invalid", protocol.form_messages(form))
        return render_form(status)

    try:
        submission_id = parse_submission_id(request.form.get(FIELD))
    except InvalidSubmissionId:
        return refuse(400, _("This form has no valid submission code. Reload the page and fill it in again."))
    digest = payload_digest(request.form, kind)
    try:
        outcome = earlier_outcome(current_user.id, submission_id, kind, digest)
        if outcome is None:
            if not form.validate():
                return invalid(422)
            outcome = create_once(submission_id, kind, digest, current_user.id, create)
    except SubmissionConflict:
        db.session.rollback()
        return refuse(409, _("This submission code was already used for different content. Nothing was saved."))
    except UserError as error:
        db.session.rollback()
        attach_error(form, error)
        return invalid(422)
    except IntegrityError:
        db.session.rollback()
        form.form_errors.append(_("This conflicts with a record saved at the same moment. Check and try again."))
        return invalid(409)
    label = "replayed" if outcome.replayed else "created"
    if not outcome.replayed and not replay and saved_message:  # a replay is sent with nobody watching
        flash(saved_message, "success")
    if protocol.wants_json():
        # The outbox follows the location itself; a redirect would hide a login page behind a 200.
        response = jsonify({"outcome": label, "location": outcome.location})
    else:
        response = redirect(outcome.location, 303)
    response.headers[OUTCOME_HEADER] = label
    return response
