"""Logging and correcting an outreach session, filtering the list and the summary, marking key areas."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import NumberRange

from webapp.cases.forms import CheckboxesField
from webapp.forms import AtMostField, NotInFuture, SenForm, SubmissionIdField, max_length, optional, required
from webapp.outreach.models import HAMLET_MAX, NOTES_MAX, TEXT_MAX

DATE = {"type": "date"}
NUMBER = {"inputmode": "numeric", "pattern": "[0-9]*", "autocomplete": "off"}
TEXT = {"autocomplete": "off"}


# The rules a phone can check before the session is sealed; the service checks them again with the rest.
def _count(label, *rules):
    return IntegerField(label, validators=[optional(), NumberRange(min=0, message=_l("A count cannot be negative.")),
                                           *rules], render_kw=NUMBER)


def _within_total():
    return AtMostField("participants", _l("This cannot be more than the participants in all."))


class SessionFields(SenForm):
    """What happened at the session: the same when logging it and when correcting it later."""

    held_on = DateField(_l("Date held"), validators=[
        required(_l("Give the date the session was held.")),
        NotInFuture(_l("This date is in the future. Log a session once it has been held."))], render_kw=DATE)
    hamlet = StringField(_l("Hamlet or neighbourhood"), validators=[optional(), max_length(HAMLET_MAX)],
                         render_kw=TEXT)
    venue = SelectField(_l("Where"), choices=[], validators=[required()], validate_choice=False)
    topics = CheckboxesField(_l("Topics"), choices=[])
    groups = CheckboxesField(_l("Target groups"), choices=[])
    participants = _count(_l("Participants in all"))
    women = _count(_l("of whom women"), _within_total())
    children = _count(_l("of whom children under 16"), _within_total())
    reach = _count(_l("Estimated people reached"))
    leaflets = _count(_l("Leaflets handed out"))
    posters = _count(_l("Posters put up"))
    other_materials = _count(_l("Other materials"))
    organiser = StringField(_l("Organised by"), validators=[required(), max_length(TEXT_MAX)], render_kw=TEXT)
    partners = StringField(_l("Partners"), validators=[optional(), max_length(TEXT_MAX)], render_kw=TEXT)
    notes = TextAreaField(_l("Notes"), validators=[optional(), max_length(NOTES_MAX)],
                          render_kw={"rows": 3, "autocomplete": "off"})


class OutreachForm(SessionFields):
    submission_id = SubmissionIdField()
    commune_code = SelectField(_l("Commune or ward"), choices=[], validate_choice=False, default="")


class OutreachEditForm(SessionFields):
    version = HiddenField()


class OutreachFilterForm(SenForm):
    date_from = DateField(_l("Held from"), validators=[optional()], render_kw=DATE)
    date_to = DateField(_l("Held until"), validators=[optional()], render_kw=DATE)
    commune = SelectField(_l("Commune or ward"), choices=[], validate_choice=False)
    venue = SelectField(_l("Where"), choices=[], validate_choice=False)
    topic = SelectField(_l("Topic"), choices=[], validate_choice=False)
    page = IntegerField(default=1, validators=[optional()])


class SummaryForm(SenForm):
    date_from = DateField(_l("From"), validators=[optional()], render_kw=DATE)
    date_to = DateField(_l("Until"), validators=[optional()], render_kw=DATE)
    commune = SelectField(_l("Commune or ward"), choices=[], validate_choice=False)


class KeyAreaForm(SenForm):
    commune_code = SelectField(_l("Commune or ward"), choices=[], validators=[required()])
    hamlet = StringField(_l("Hamlet (leave empty for the whole commune)"),
                         validators=[optional(), max_length(HAMLET_MAX)], render_kw=TEXT)
