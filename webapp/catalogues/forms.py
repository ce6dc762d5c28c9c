"""Forms for editing catalogue entries."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, StringField
from wtforms.validators import NumberRange, Regexp

from webapp.forms import SenForm, SubmissionIdField, max_length, required

CODE = Regexp(r"^[a-z0-9_]{1,40}$", message=_l("Use 1 to 40 lower-case letters without accents, digits or underscores."))


class EntryForm(SenForm):
    label_vi = StringField(_l("Vietnamese label"), validators=[required(), max_length(200)])
    label_en = StringField(_l("English label"), validators=[required(), max_length(200)])
    sort_order = IntegerField(_l("Order in lists"), default=100,
                              validators=[NumberRange(0, 9999, message=_l("Enter a number from 0 to 9999."))],
                              render_kw={"inputmode": "numeric"})
    active = BooleanField(_l("In use"), default=True)


class NewEntryForm(EntryForm):
    submission_id = SubmissionIdField()
    code = StringField(_l("Code"), validators=[required(), CODE],
                       render_kw={"autocapitalize": "none", "spellcheck": "false"})
