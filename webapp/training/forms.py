"""Course, session, participant and filter forms; marks come from the attendance page's own script."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, SelectField, StringField, TextAreaField, TimeField

from webapp.forms import AtLeastField, SenForm, SubmissionIdField, max_length, optional, required
from webapp.training.models import AUDIENCE_LABELS, PARTICIPANT_SEX_LABELS

DATE = {"type": "date"}
OFF = {"autocomplete": "off"}


def _audience_choices():
    return [(k, str(v)) for k, v in AUDIENCE_LABELS.items()]


def _sex_choices():
    return [("", "—")] + [(k, str(v)) for k, v in PARTICIPANT_SEX_LABELS.items()]


class CourseForm(SenForm):
    submission_id = SubmissionIdField()
    title = StringField(_l("Course title"), validators=[required(), max_length(200)], render_kw=OFF)
    organiser = StringField(_l("Organiser"), validators=[required(), max_length(200)], render_kw=OFF)
    starts_on = DateField(_l("First day"), validators=[required()], render_kw=DATE)
    ends_on = DateField(_l("Last day"), render_kw=DATE, validators=[
        required(), AtLeastField("starts_on", _l("The course cannot end before it starts."))])
    place = StringField(_l("Place"), validators=[required(), max_length(200)], render_kw=OFF)
    audience = SelectField(_l("Audience"), choices=_audience_choices, validators=[required()])
    topics = TextAreaField(_l("Topics"), validators=[optional(), max_length(2000)],
                           render_kw={"rows": 3, "autocomplete": "off"})


class CourseEditForm(CourseForm):
    submission_id = None


class SessionForm(SenForm):
    held_on = DateField(_l("Date"), validators=[required()], render_kw=DATE)
    starts_at = TimeField(_l("Starts at"), validators=[required()], render_kw={"type": "time"})
    ends_at = TimeField(_l("Ends at"), validators=[required()], render_kw={"type": "time"})


class ParticipantForm(SenForm):
    full_name = StringField(_l("Full name"), validators=[required(), max_length(120)], render_kw=OFF)
    sex = SelectField(_l("Sex"), choices=_sex_choices, default="")
    birth_year = IntegerField(_l("Year of birth"), validators=[optional()],
                              render_kw={"inputmode": "numeric", "autocomplete": "off"})
    agency = StringField(_l("Agency"), validators=[optional(), max_length(200)], render_kw=OFF)
    position = StringField(_l("Position"), validators=[optional(), max_length(120)], render_kw=OFF)
    commune_code = SelectField(_l("Commune or ward"), choices=[], default="", validate_choice=True)
    phone = StringField(_l("Phone"), validators=[optional(), max_length(20)],
                        render_kw={"type": "tel", "autocomplete": "off"})


class PickUserForm(SenForm):
    user_id = SelectField(_l("Sen account"), choices=[], validators=[required()], validate_choice=True)


class CompletionForm(SenForm):
    completion_percent = IntegerField(_l("Share of sessions needed to complete (%)"),
                                      validators=[required()], render_kw={"inputmode": "numeric"})


class CourseFilterForm(SenForm):
    audience = SelectField(_l("Audience"), choices=[], validate_choice=False)
    date_from = DateField(_l("From"), validators=[optional()], render_kw=DATE)
    date_to = DateField(_l("Until"), validators=[optional()], render_kw=DATE)
    page = IntegerField(default=1, validators=[optional()])


class MarkForm(SenForm):
    """One tap on the attendance page, sent now or later from the outbox."""

    submission_id = SubmissionIdField()
    session_id = IntegerField(validators=[required()])
    # The roster id, or the phone-made id of a walk-in not yet known to the server.
    participant = StringField(validators=[required(), max_length(36)])
    status = StringField(validators=[required(), max_length(10)])  # checked by the service
    marked_at = StringField(validators=[required(), max_length(40)])
    device_id = StringField(validators=[required(), max_length(36)])


class WalkInForm(SenForm):
    submission_id = SubmissionIdField()
    session_id = IntegerField(validators=[required()])
    client_id = StringField(validators=[required(), max_length(36)])
    full_name = StringField(_l("Full name"), validators=[required(), max_length(120)])
    agency = StringField(_l("Agency"), validators=[optional(), max_length(200)])
    position = StringField(_l("Position"), validators=[optional(), max_length(120)])
    marked_at = StringField(validators=[required(), max_length(40)])
    device_id = StringField(validators=[required(), max_length(36)])
