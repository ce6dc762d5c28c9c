"""A supervision visit with its recommendations; a commune marks a recommendation done; the list's filters."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, FieldList, FormField, IntegerField, SelectField, StringField, TextAreaField
from wtforms import Form as PlainForm

from webapp.forms import NotInFuture, SenForm, _CatalogueTranslations, max_length, optional, required

DATE = {"type": "date"}
AREA = {"rows": 4, "autocomplete": "off"}
TEXT_MAX, TEAM_MAX = 5000, 500


class RecommendationFields(PlainForm):
    class Meta:
        def get_translations(self, form):
            return _CatalogueTranslations()

    text = TextAreaField(_l("Recommendation"), validators=[optional(), max_length(TEXT_MAX)],
                         render_kw={"rows": 2, "autocomplete": "off"})
    due_on = DateField(_l("To be done by"), validators=[optional()], render_kw=DATE)


class VisitForm(SenForm):
    visited_on = DateField(_l("Date of the visit"), validators=[required(), NotInFuture()], render_kw=DATE)
    commune_code = SelectField(_l("Commune or ward visited"), choices=[], validators=[required()])
    team = StringField(_l("Who went"), validators=[required(), max_length(TEAM_MAX)],
                       render_kw={"autocomplete": "off"})
    checked = TextAreaField(_l("What was checked"), validators=[required(), max_length(TEXT_MAX)], render_kw=AREA)
    findings = TextAreaField(_l("Findings"), validators=[optional(), max_length(TEXT_MAX)], render_kw=AREA)
    recommendations = FieldList(FormField(RecommendationFields), min_entries=3, max_entries=10)

    @staticmethod
    def rules(form):
        problems = []
        for entry in form.recommendations:
            text, due = (entry.form.text.data or "").strip(), entry.form.due_on.data
            if text and not due:
                problems.append((None, _l("Give each recommendation the date it must be done by.")))
            elif due and not text:
                problems.append((None, _l("A date was given without a recommendation: write it or clear the date.")))
            elif due and form.visited_on.data and due < form.visited_on.data:
                problems.append((None, _l("A recommendation cannot be due before the visit.")))
        return problems[:1]


class DoneForm(SenForm):
    done_note = TextAreaField(_l("What was done (optional)"), validators=[optional(), max_length(TEXT_MAX)],
                              render_kw={"rows": 2, "autocomplete": "off"})


class VisitFilterForm(SenForm):
    commune = SelectField(_l("Commune or ward"), choices=[], validate_choice=False)
    state = SelectField(_l("Recommendations"), choices=[], validate_choice=False)
    page = IntegerField(default=1, validators=[optional()])
