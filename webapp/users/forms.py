"""Forms for the administrator's account pages."""
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, IntegerField, PasswordField, SelectField, StringField
from wtforms.validators import EqualTo, Regexp

from webapp.auth.roles import role_choices
from webapp.forms import (
    PHONE,
    SenForm,
    SubmissionIdField,
    max_length,
    optional,
    required,
)

USERNAME = Regexp(r"^[a-zA-Z0-9._-]{3,60}$",
                  message=_l("Use 3 to 60 letters without accents, digits, dots, dashes or underscores."))


def _int_or_none(value):
    return int(value) if value not in (None, "", "None") else None


class _ProfileFields(SenForm):
    full_name = StringField(_l("Full name"), validators=[required(), max_length(120)],
                            render_kw={"autocomplete": "off"})
    phone = StringField(_l("Phone"), validators=[optional(), PHONE],
                        render_kw={"type": "tel", "inputmode": "tel", "autocomplete": "off"})
    role = SelectField(_l("Role"), choices=role_choices, validators=[required()])
    commune_code = SelectField(_l("Commune or ward"), choices=[], validate_choice=True)
    agency_id = SelectField(_l("Agency"), choices=[], coerce=_int_or_none, validate_choice=True)


class UserCreateForm(_ProfileFields):
    submission_id = SubmissionIdField()
    username = StringField(_l("Username"), validators=[required(), USERNAME],
                           render_kw={"autocapitalize": "none", "spellcheck": "false", "autocomplete": "off"})
    password = PasswordField(_l("Temporary password"), validators=[required(), max_length(200)],
                             render_kw={"autocomplete": "new-password"})
    password_confirm = PasswordField(
        _l("Repeat the password"),
        validators=[required(), EqualTo("password", message=_l("The two passwords are not the same."))],
        render_kw={"autocomplete": "new-password"})


class UserEditForm(_ProfileFields):
    version = HiddenField()


class ResetPasswordForm(SenForm):
    password = PasswordField(_l("New temporary password"), validators=[required(), max_length(200)],
                             render_kw={"autocomplete": "new-password"})


class ActiveForm(SenForm):
    version = IntegerField(validators=[required()])


class UserFilterForm(SenForm):
    class Meta:
        csrf = True

    q = StringField(_l("Search by name or username"), validators=[optional(), max_length(60)])
    role = SelectField(_l("Role"), choices=[], validate_choice=False)
    status = SelectField(_l("Status"), choices=[], validate_choice=False)
    page = IntegerField(default=1, validators=[optional()])
