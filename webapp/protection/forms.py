"""The protection form: who needs it, who asked, the threat, the measures, who provides them and until when."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired

from webapp.cases.forms import CheckboxesField
from webapp.forms import SenForm, SubmissionIdField, max_length, optional, required
from webapp.protection.models import PROTECTION_STATUS_LABELS, REQUESTERS, RISK_LEVELS, SUBJECTS
from webapp.protection.services import AGENCY_NAME_MAX, NAME_MAX, OUTCOME_MAX, RELATIONSHIP_MAX, THREAT_MAX

DATE = {"type": "date"}
PRIVATE = {"autocomplete": "off"}


def _pairs(mapping: dict, blank: bool = False):
    return ([("", str(_l("— choose —")))] if blank else []) + [(str(k), str(v)) for k, v in mapping.items()]


class ProtectionFields(SenForm):
    subject = SelectField(_l("Who needs protection"), choices=lambda: _pairs(SUBJECTS), default="person",
                          validators=[DataRequired(_l("Choose who needs protection."))], render_kw=PRIVATE)
    child_id = SelectField(_l("Which child"), choices=[], default="", validate_choice=True, render_kw=PRIVATE)
    relative_name = StringField(_l("Relative's name"), validators=[optional(), max_length(NAME_MAX)],
                                render_kw=PRIVATE)
    relative_relationship = StringField(_l("Relationship to the person"),
                                        validators=[optional(), max_length(RELATIONSHIP_MAX)],
                                        render_kw={**PRIVATE, "placeholder": _l("e.g. mother, husband")})
    requested_on = DateField(_l("Requested on"), validators=[required()], render_kw={**DATE, **PRIVATE})
    requested_by = SelectField(_l("Requested by"), choices=lambda: _pairs(REQUESTERS, blank=True),
                               validators=[DataRequired(_l("Choose who asked for protection."))], render_kw=PRIVATE)
    threat = TextAreaField(_l("Threat"), validators=[
                               DataRequired(_l("Describe the threat: who or what puts the person in danger.")),
                               max_length(THREAT_MAX)],
                           render_kw={**PRIVATE, "rows": 4})
    risk_level = SelectField(_l("Level of risk"), choices=lambda: _pairs(RISK_LEVELS, blank=True), default="",
                             render_kw=PRIVATE)
    measures = CheckboxesField(_l("Protection measures"), choices=[], render_kw=PRIVATE)
    status = SelectField(_l("Status"), choices=lambda: _pairs(PROTECTION_STATUS_LABELS), default="requested",
                         validators=[required()], render_kw=PRIVATE)
    agency_id = SelectField(_l("Provided by"), choices=[], default="", validate_choice=True, render_kw=PRIVATE)
    agency_name = StringField(_l("Or an agency not in Sen"), validators=[optional(), max_length(AGENCY_NAME_MAX)],
                              render_kw={**PRIVATE, "placeholder": _l("e.g. Border guard post of Dinh Ba")})
    start_on = DateField(_l("Protection started on"), validators=[optional()], render_kw={**DATE, **PRIVATE})
    end_on = DateField(_l("Protection ended on"), validators=[optional()], render_kw={**DATE, **PRIVATE})
    outcome = TextAreaField(_l("Outcome"), validators=[optional(), max_length(OUTCOME_MAX)],
                            render_kw={**PRIVATE, "rows": 3})


class ProtectionForm(ProtectionFields):
    submission_id = SubmissionIdField()


class ProtectionEditForm(ProtectionFields):
    version = HiddenField(validators=[required()])
