"""Filters for the audit log."""
from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, SelectField, StringField

from webapp.forms import SenForm, max_length, optional


class AuditFilterForm(SenForm):
    username = StringField(_l("Username"), validators=[optional(), max_length(60)],
                           render_kw={"autocapitalize": "none", "spellcheck": "false"})
    action = SelectField(_l("Action"), choices=[], validate_choice=False)
    object_type = SelectField(_l("Kind of record"), choices=[], validate_choice=False)
    date_from = DateField(_l("From"), validators=[optional()])
    date_to = DateField(_l("To"), validators=[optional()])
    page = IntegerField(default=1, validators=[optional()])
