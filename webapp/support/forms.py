"""The support form (full, from a case) and the one-screen quick form for the field."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField, SelectField, SelectMultipleField, StringField, TextAreaField

from webapp.forms import NotInFuture, RequiredIf, SenForm, SubmissionIdField, max_length, optional, required
from webapp.support.eligibility import REASON_MAX
from webapp.support.models import SUPPORT_STATUS_LABELS, SupportStatus

DATE = {"type": "date"}


def _status_choices():
    # Planned support is cancelled only by closing its case, which asks for the reason.
    return [(k.value, str(v)) for k, v in SUPPORT_STATUS_LABELS.items() if k != SupportStatus.CANCELLED]


class SupportFields(SenForm):
    regime = SelectField(_l("Support"), choices=[], validators=[required()])
    beneficiary = SelectField(_l("For"), choices=[], default="", validate_choice=True)
    status = SelectField(_l("Status"), choices=_status_choices, default="delivered", validators=[required()])
    given_on = DateField(_l("Date given"), render_kw=DATE, validators=[
        RequiredIf(_l("Give the date the support was given."), status="delivered"), NotInFuture()])
    planned_on = DateField(_l("Planned date"), render_kw=DATE, validators=[
        RequiredIf(_l("Give the planned date."), status="planned")])
    amount = StringField(_l("Amount (dong)"), validators=[optional(), max_length(20)],
                         render_kw={"inputmode": "numeric", "autocomplete": "off", "placeholder": "1.500.000"})
    description = StringField(_l("What was given"), validators=[
        RequiredIf(_l("Give the amount in dong or describe what was given."), status="delivered", amount=""),
        max_length(500)],
                              render_kw={"placeholder": _l("e.g. rice and clothes, medical examination")})
    agency_id = SelectField(_l("Given by"), choices=[], default="", validate_choice=True)
    notes = TextAreaField(_l("Notes"), validators=[optional(), max_length(2000)], render_kw={"rows": 3})
    eligibility_note = StringField(_l("Reason, if the person is not eligible for this support"),
                                   validators=[optional(), max_length(300)])


class SupportForm(SupportFields):
    submission_id = SubmissionIdField()


class QuickSupportForm(SupportFields):
    submission_id = SubmissionIdField()
    case_code = StringField(_l("Case code"), validators=[required(), max_length(20)],
                            render_kw={"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false",
                                       "placeholder": "DT-2026-00042"})


class SupportEditForm(SupportFields):
    version = HiddenField(validators=[required()])


class EligibilityConfirmForm(SenForm):
    """Confirming a law's table as it stands: only the table's version, so a late confirmation is caught."""

    law = HiddenField(validators=[required()])
    version = HiddenField(validators=[required()])


class EligibilityForm(EligibilityConfirmForm):
    """One law's table: a box per group and regime (ticked: granted), and why it changes.

    The boxes are checked by the service against the groups and the regimes
    catalogue; a page shows one form per law, so ids carry the law.
    """

    rule = SelectMultipleField(choices=[], validate_choice=False)
    reason = TextAreaField(_l("Why the table changes"), validators=[optional(), max_length(REASON_MAX)],
                           render_kw={"rows": 2, "autocomplete": "off"})

    def __init__(self, *args, law: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if law is not None:
            self.reason.id = self.reason.label.field_id = f"reason-{law}"
