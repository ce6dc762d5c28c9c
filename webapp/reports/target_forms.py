"""The province sets each plan target's percentage and period."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField, IntegerField
from wtforms.validators import NumberRange

from webapp.forms import SenForm, required

DATE = {"type": "date"}


class TargetForm(SenForm):
    indicator = HiddenField()
    target_percent = IntegerField(_l("Target (%)"), validators=[
        required(), NumberRange(1, 100, message=_l("The target is a percentage from 1 to 100."))],
        render_kw={"inputmode": "numeric", "min": 1, "max": 100})
    starts_on = DateField(_l("Period from"), validators=[required()], render_kw=DATE)
    ends_on = DateField(_l("Period until"), validators=[required()], render_kw=DATE)

    @staticmethod
    def rules(form):
        if form.starts_on.data and form.ends_on.data and form.ends_on.data < form.starts_on.data:
            return [("ends_on", _l("The period must end on or after its first day."))]
        return []
