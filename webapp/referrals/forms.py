"""Sending a referral, answering it (accept, decline, complete), and filtering the inbox."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, HiddenField, IntegerField, SelectField, StringField, TextAreaField

from webapp.forms import NotInFuture, RequiredIf, SenForm, SubmissionIdField, max_length, optional, required
from webapp.referrals.services import ANSWERED_BY_MAX, OVERRIDE_MAX, REASON_MAX

TEXT = {"rows": 4, "autocomplete": "off"}


class ReferralForm(SenForm):
    """Shown inside the case page, so its element ids carry a prefix that no other form there uses."""

    submission_id = SubmissionIdField(id="referral-submission_id")
    to_agency_id = SelectField(_l("Refer to an agency"), choices=[], validate_choice=True, default="",
                               id="referral-to_agency_id")
    to_commune_code = SelectField(_l("or to another commune or ward"), choices=[], validate_choice=True, default="",
                                  id="referral-to_commune_code")
    reason = TextAreaField(_l("Reason for the referral"), validators=[required(), max_length(REASON_MAX)],
                           render_kw=TEXT, id="referral-reason")
    service = SelectField(_l("Support asked for"), choices=[], validate_choice=True, default="", id="referral-service")
    shares_information = BooleanField(_l("Share the person's information with the receiver"), default=True,
                                      id="referral-shares_information")
    consent_override_reason = TextAreaField(_l("Why send it without the person's consent"),
                                            validators=[optional(), max_length(OVERRIDE_MAX)], render_kw=TEXT,
                                            id="referral-consent_override_reason")


class AnswerForm(SenForm):
    """Accepting or completing: only the version the officer saw, so a late answer is caught."""

    version = HiddenField(validators=[required()])


class DeclineForm(AnswerForm):
    reason = TextAreaField(_l("Why the referral is declined"), validators=[required(), max_length(REASON_MAX)],
                           render_kw=TEXT)


def _outcome_choices():
    return [("", str(_l("— choose —"))), ("accepted", str(_l("Accepted"))), ("declined", str(_l("Declined"))),
            ("completed", str(_l("Completed")))]


class OutsideAnswerForm(AnswerForm):
    """The answer of a receiver without Sen accounts, told by phone or on paper, recorded by the sender."""

    outcome = SelectField(_l("The receiver's answer"), choices=_outcome_choices, validators=[required()],
                          id="outside-outcome")
    answered_on = DateField(_l("Answered on"), validators=[required(), NotInFuture()], render_kw={"type": "date"},
                            id="outside-answered_on")
    answered_by = StringField(_l("Who answered there"), validators=[required(), max_length(ANSWERED_BY_MAX)],
                              render_kw={"autocomplete": "off"}, id="outside-answered_by")
    note = TextAreaField(_l("Note"), validators=[
        RequiredIf(_l("Say why the receiver declined the referral."), outcome="declined"), max_length(REASON_MAX)],
                         render_kw=TEXT, id="outside-note")


class ReferralFilterForm(SenForm):
    box = SelectField(_l("Show"), choices=[], validate_choice=False)
    status = SelectField(_l("Status"), choices=[], validate_choice=False)
    page = IntegerField(default=1, validators=[optional()])
