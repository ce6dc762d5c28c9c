"""Scheduling a follow-up visit, recording it, the reintegration status, closing a case."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, HiddenField, SelectField, StringField, TextAreaField

from webapp.cases.models import CLOSURE_REASONS, REINTEGRATION_LABELS
from webapp.followups.models import VISIT_PURPOSES
from webapp.followups.services import CANCEL_REASON_MAX, FINDINGS_MAX, MET_WITH_MAX, NOTE_MAX, RISK_NOTE_MAX
from webapp.forms import AfterField, NotInFuture, SenForm, SubmissionIdField, max_length, optional, required

DATE = {"type": "date"}


def _reintegration_choices():
    return [("", str(_l("— choose —")))] + [(k, str(v)) for k, v in REINTEGRATION_LABELS.items()]


def _closure_choices():
    return [("", str(_l("— choose —")))] + [(k, str(v)) for k, v in CLOSURE_REASONS.items()]


def _purpose_choices():
    return [(k, str(v)) for k, v in VISIT_PURPOSES.items()]


def _assignee(value):
    """The posted officer id, or None for "me" (an empty choice); a value that is not an id stays as typed."""
    if value in (None, ""):
        return None
    return int(value) if str(value).isdigit() and len(str(value)) <= 9 else value


class FollowUpForm(SenForm):
    """Planning a visit. The view fills `assigned_to_id` with the officers who work on the case."""

    submission_id = SubmissionIdField()
    due_on = DateField(_l("Visit due on"), validators=[required()], render_kw=DATE)
    purpose = SelectField(_l("Purpose of the visit"), choices=_purpose_choices, default="living",
                          validators=[required()])
    note = StringField(_l("Note for the visit"), validators=[optional(), max_length(NOTE_MAX)],
                       render_kw={"autocomplete": "off"})
    assigned_to_id = SelectField(_l("Who makes the visit"), choices=[], coerce=_assignee, default="",
                                 validate_choice=False)


class VisitOutcomeForm(SenForm):
    """A visit made, found by case code: one screen that works without signal, like the quick support form."""

    submission_id = SubmissionIdField()
    case_code = StringField(_l("Case code"), validators=[required(), max_length(20)],
                            render_kw={"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false",
                                       "placeholder": "DT-2026-00042"})
    fulfils = SelectField(_l("Which visit"), default="auto", validate_choice=False)
    done_on = DateField(_l("Visited on"), validators=[required(), NotInFuture()], render_kw=DATE)
    met_with = StringField(_l("Whom you met"), validators=[optional(), max_length(MET_WITH_MAX)],
                           render_kw={"autocomplete": "off", "placeholder": _l("e.g. the person and her mother")})
    findings = TextAreaField(_l("What was found"), validators=[required(), max_length(FINDINGS_MAX)],
                             render_kw={"rows": 4, "autocomplete": "off"})
    risk_noted = BooleanField(_l("Signs that the person may be trafficked again"))
    next_due_on = DateField(_l("Next visit due on"), render_kw=DATE, validators=[
        optional(), AfterField("done_on", _l("The next visit must be due after this one."))])

    def __init__(self, *args, planned=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fulfils.choices = [("auto", str(_l("The earliest visit due"))),
                                ("none", str(_l("A visit that was not planned")))] + list(planned)


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
