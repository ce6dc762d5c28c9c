"""Forms for agencies and for browsing administrative units."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, IntegerField, SelectField, StringField
from wtforms.validators import Regexp

from webapp.forms import (
    PHONE,
    SenForm,
    SubmissionIdField,
    max_length,
    optional,
    required,
)

CODE = Regexp(r"^[a-z0-9][a-z0-9-]{1,39}$", message=_l("Use 2 to 40 lower-case letters without accents, digits or dashes."))


class AgencyForm(SenForm):
    code = StringField(_l("Short code"), validators=[required(), CODE],
                       render_kw={"autocapitalize": "none", "spellcheck": "false"})
    name = StringField(_l("Name"), validators=[required(), max_length(200)])
    kind = SelectField(_l("Kind"), choices=[], validators=[required()])
    commune_code = SelectField(_l("Commune or ward (if local)"), choices=[], validate_choice=True)
    phone = StringField(_l("Phone"), validators=[optional(), PHONE], render_kw={"type": "tel", "inputmode": "tel"})
    active = BooleanField(_l("In use"), default=True)


class AgencyCreateForm(AgencyForm):
    submission_id = SubmissionIdField()


class AgencyEditForm(AgencyForm):
    version = HiddenField()


class AgencyFilterForm(SenForm):
    kind = SelectField(_l("Kind"), choices=[], validate_choice=False)
    page = IntegerField(default=1, validators=[optional()])


class UnitFilterForm(SenForm):
    q = StringField(_l("Search by name or code"), validators=[optional(), max_length(60)])
    page = IntegerField(default=1, validators=[optional()])
