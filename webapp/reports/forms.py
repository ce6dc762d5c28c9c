"""The narrative of a report, the province's decision, and a year's reporting calendar."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField, TextAreaField

from webapp.forms import SenForm, max_length, optional, required
from webapp.reports.services import COMMENT_MAX, NARRATIVE_MAX

DATE = {"type": "date"}
AREA = {"rows": 5, "autocomplete": "off"}


class NarrativeForm(SenForm):
    results = TextAreaField(_l("Results of the period"), validators=[optional(), max_length(NARRATIVE_MAX)],
                            render_kw=AREA)
    difficulties = TextAreaField(_l("Difficulties"), validators=[optional(), max_length(NARRATIVE_MAX)],
                                 render_kw=AREA)
    proposals = TextAreaField(_l("Proposals"), validators=[optional(), max_length(NARRATIVE_MAX)], render_kw=AREA)


class DecisionForm(SenForm):
    comment = TextAreaField(_l("Comment to the unit (what must be corrected)"),
                            validators=[optional(), max_length(COMMENT_MAX)], render_kw=AREA)


class PeriodForm(SenForm):
    kind = HiddenField()
    starts_on = DateField(_l("Counts from"), validators=[required()], render_kw=DATE)
    ends_on = DateField(_l("Counts until"), validators=[required()], render_kw=DATE)
    due_on = DateField(_l("Deadline"), validators=[required()], render_kw=DATE)
