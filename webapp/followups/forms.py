"""Scheduling a follow-up visit, recording it, the reintegration status, closing a case."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField, SelectField, TextAreaField

from webapp.cases.models import CLOSURE_REASONS, REINTEGRATION_LABELS
from webapp.followups.services import CANCEL_REASON_MAX, FINDINGS_MAX, RISK_NOTE_MAX
from webapp.forms import SenForm, SubmissionIdField, max_length, optional, required

DATE = {"type": "date"}


def _reintegration_choices():
    return [("", str(_l("— choose —")))] + [(k, str(v)) for k, v in REINTEGRATION_LABELS.items()]


def _closure_choices():
    return [("", str(_l("— choose —")))] + [(k, str(v)) for k, v in CLOSURE_REASONS.items()]


class FollowUpForm(SenForm):
    submission_id = SubmissionIdField()
    due_on = DateField(_l("Visit due on"), validators=[required()], render_kw=DATE)


class VisitForm(SenForm):
    """What was found on a visit. A case page shows one per pending visit, so ids carry the visit's id."""

    done_on = DateField(_l("Visited on"), validators=[required()], render_kw=DATE)
    findings = TextAreaField(_l("What was found"), validators=[required(), max_length(FINDINGS_MAX)],
                             render_kw={"rows": 4, "autocomplete": "off"})

    def __init__(self, *args, followup_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if followup_id is not None:  # unique ids on the page; the names the server reads stay the same
            for field in (self.done_on, self.findings):
                field.id = field.label.field_id = f"{field.name}-{followup_id}"


class ReintegrationForm(SenForm):
    version = HiddenField()
    reintegration_status = SelectField(_l("Reintegration status"), choices=_reintegration_choices,
                                       validators=[required()])
    retrafficking_risk_note = TextAreaField(_l("Risk of being trafficked again"),
                                            validators=[optional(), max_length(RISK_NOTE_MAX)],
                                            render_kw={"rows": 3, "autocomplete": "off"})


class ClosureForm(SenForm):
    closure_reason = SelectField(_l("Reason for closing"), choices=_closure_choices, validators=[required()])
    closed_on = DateField(_l("Closed on"), validators=[optional()], render_kw=DATE)
    # Support still planned is cancelled with the case: the officer sees the list and says why.
    planned_ids = HiddenField()
    cancel_reason = TextAreaField(_l("Why the planned support is cancelled"),
                                  validators=[optional(), max_length(CANCEL_REASON_MAX)],
                                  render_kw={"rows": 3, "autocomplete": "off"})
