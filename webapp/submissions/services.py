"""Idempotent creation: one browser-made UUID, one record, however often it is sent.

Every create form carries `submission_id`, made in the browser when the form
opens. The first request that carries it claims it, for the signed-in account,
in the same transaction as the record it creates; an id is never looked up
across accounts, so another account learns nothing from reusing it. A later request with the same id and the same content
gets the first answer again; with other content it gets 409.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from dataclasses import dataclass

from flask import current_app
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import MultiDict

from webapp.extensions import db
from webapp.submissions.models import Submission

FIELD = "submission_id"
# Fields the page or the outbox adds around a submission; never part of its content.
_NOT_CONTENT = frozenset({FIELD, "csrf_token", "sen_place", "sen_owner", "sen_sealed"})


class InvalidSubmissionId(ValueError):
    """The form carried no submission id, or one that is not a UUID."""


class SubmissionConflict(Exception):
    """The id was used before for different content or another kind of record."""


@dataclass(frozen=True)
class Outcome:
    location: str
    replayed: bool


def parse_submission_id(value: str | None) -> str:
    """The canonical text of a UUID; raises InvalidSubmissionId otherwise."""
    try:
        return str(uuid.UUID(str(value or "").strip()))
    except ValueError as exc:
        raise InvalidSubmissionId(str(value)[:40]) from exc


def payload_digest(form: MultiDict, kind: str) -> str:
    """A keyed digest of what was submitted: equal content gives an equal digest.

    Keyed with the app secret so the stored digest reveals nothing about the
    personal data it was computed from.
    """
    content = {key: sorted(form.getlist(key)) for key in sorted(form.keys()) if key not in _NOT_CONTENT}
    message = json.dumps([kind, content], ensure_ascii=False, sort_keys=True).encode("utf-8")
    key = current_app.config["SECRET_KEY"].encode("utf-8")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def earlier_outcome(user_id: int, submission_id: str, kind: str, digest: str) -> Outcome | None:
    """This account's first answer for this id, None if it is new; raises SubmissionConflict if the content differs."""
    earlier = db.session.get(Submission, (user_id, submission_id))
    if earlier is None:
        return None
    if earlier.kind != kind or not hmac.compare_digest(earlier.payload_digest, digest):
        raise SubmissionConflict(submission_id)
    return Outcome(location=earlier.location or "", replayed=True)


def claim(submission_id: str, kind: str, digest: str, user_id: int) -> Submission:
    """Claim the id inside the current transaction, before the record is created.

    Flushing first makes a racing request with the same id fail at once on
    the primary key, before it does any other work.
    """
    submission = Submission(id=submission_id, kind=kind, payload_digest=digest, user_id=user_id)
    db.session.add(submission)
    db.session.flush()
    return submission


def create_once(submission_id: str, kind: str, digest: str, user_id: int, create) -> Outcome:
    """Run `create()` once for this submission id and commit; replay or refuse repeats.

    `create` adds the record to the session and returns (record_type, record_id,
    location). Raises SubmissionConflict for a reused id with other content;
    lets IntegrityErrors that are not about the id itself propagate.
    """
    outcome = earlier_outcome(user_id, submission_id, kind, digest)
    if outcome is not None:
        return outcome
    try:
        submission = claim(submission_id, kind, digest, user_id)
    except IntegrityError:
        db.session.rollback()
        return _after_race(user_id, submission_id, kind, digest)
    record_type, record_id, location = create()
    submission.record_type = record_type
    submission.record_id = str(record_id)
    submission.location = location
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        if db.session.get(Submission, (user_id, submission_id)) is None:
            raise
        return _after_race(user_id, submission_id, kind, digest)
    return Outcome(location=location, replayed=False)


def _after_race(user_id: int, submission_id: str, kind: str, digest: str) -> Outcome:
    outcome = earlier_outcome(user_id, submission_id, kind, digest)
    if outcome is None:  # the other request rolled back after all: nothing was created
        raise SubmissionConflict(submission_id)
    return outcome
