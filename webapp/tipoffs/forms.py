"""Logging a tip-off, handling it (classify, forward, close), and filtering the list."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField, IntegerField, SelectField, TextAreaField

from webapp.forms import NotBefore, NotInFuture, SenForm, SubmissionIdField, max_length, optional, required
from webapp.tipoffs.models import OUTCOME_MAX, SUMMARY_MAX
from webapp.tipoffs.services import OLDEST_DATE

DATE = {"type": "date"}


class ReportFields(SenForm):
    """What was reported: the same on the new form and when correcting it later."""

    received_on = DateField(_l("Date received"), render_kw=DATE, validators=[
        required(), NotInFuture(), NotBefore(OLDEST_DATE, _l("This date is too far in the past."))])
    channel = SelectField(_l("How it was received"), choices=[], validators=[required()])
    summary = TextAreaField(_l("What was reported"), validators=[required(), max_length(SUMMARY_MAX)],
                            render_kw={"rows": 5, "autocomplete": "off"})
    classification = SelectField(_l("Classification"), choices=[], validate_choice=True, default="")


class TipOffForm(ReportFields):
    submission_id = SubmissionIdField()
    commune_code = SelectField(_l("Commune or ward"), choices=[], validate_choice=True, default="")


class TipOffEditForm(ReportFields):
    version = HiddenField()
    forwarded_agency_id = SelectField(_l("Forwarded to"), choices=[], validate_choice=True, default="")
    forwarded_on = DateField(_l("Forwarded on"), validators=[optional()], render_kw=DATE)
    outcome = TextAreaField(_l("Outcome"), validators=[optional(), max_length(OUTCOME_MAX)],
                            render_kw={"rows": 4, "autocomplete": "off"})
    closed_on = DateField(_l("Closed on"), validators=[optional()], render_kw=DATE)


class TipOffFilterForm(SenForm):
    status = SelectField(_l("Status"), choices=[], validate_choice=False)
    channel = SelectField(_l("How it was received"), choices=[], validate_choice=False)
    classification = SelectField(_l("Classification"), choices=[], validate_choice=False)
    date_from = DateField(_l("Received from"), validators=[optional()], render_kw=DATE)
    date_to = DateField(_l("Received until"), validators=[optional()], render_kw=DATE)
    page = IntegerField(default=1, validators=[optional()])
