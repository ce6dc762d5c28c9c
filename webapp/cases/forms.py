"""The reception form (in short steps), the verification form and the case edit form."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms import Form as PlainForm
from wtforms.validators import NumberRange
from wtforms.widgets import CheckboxInput, ListWidget

from webapp.cases.models import CONSENT_KINDS, LEGAL_REGIMES, SEX_LABELS
from webapp.cases.services import MAX_AGE, OLDEST_DATE
from webapp.forms import (
    PHONE,
    AtLeastField,
    AtMostField,
    NotBefore,
    NotInFuture,
    RequiredIf,
    SenForm,
    SubmissionIdField,
    YearRange,
    max_length,
    optional,
    required,
)

DATE = {"type": "date"}
NUMBER = {"inputmode": "numeric", "pattern": "[0-9]*"}


class CheckboxesField(SelectMultipleField):
    """Several choices as checkboxes (large tap targets on a phone)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("invalid_choice_message", _l("Choose only from the options shown (unknown: %(value)s)."))
        super().__init__(*args, **kwargs)


def _sex_choices():
    return [(k, str(v)) for k, v in SEX_LABELS.items()]


def _child_sex_choices():
    return [("", "—")] + _sex_choices()


def _regime_choices():
    return [("", str(_l("By the identification date")))] + [(k, str(v)) for k, v in LEGAL_REGIMES.items()]


def _consent_choices():
    return [(k, str(v)) for k, v in CONSENT_KINDS.items()]


CHILD_BOTH = _l("Give both the sex and the age of each child.")
BIRTH_YEAR_RANGE = _l("Enter a year between %(a)d and %(b)d.")


class ChildForm(PlainForm):
    class Meta:
        def get_translations(self, form):
            from webapp.forms import _CatalogueTranslations

            return _CatalogueTranslations()

    sex = SelectField(_l("Sex"), choices=_child_sex_choices, validate_choice=True, default="",
                      validators=[RequiredIf(CHILD_BOTH, age=True)])
    age = IntegerField(_l("Age"), validators=[RequiredIf(CHILD_BOTH, sex=True),
                                              NumberRange(0, 17, message=_l("A child's age is from 0 to 17."))],
                       render_kw=NUMBER)


class PersonFields(SenForm):
    full_name = StringField(_l("Full name"), validators=[required(), max_length(120)], render_kw={"autocomplete": "off"})
    other_names = StringField(_l("Other names or nicknames"), validators=[optional(), max_length(200)],
                              render_kw={"autocomplete": "off"})
    sex = RadioField(_l("Sex"), choices=_sex_choices, validators=[required()])
    birth_date = DateField(_l("Date of birth"), render_kw=DATE, validators=[
        optional(), NotInFuture(), AtMostField("reception_date", _l("The birth cannot be after the reception."))])
    birth_year = IntegerField(_l("Year of birth (if the date is not known)"),
                              validators=[optional(), YearRange(MAX_AGE, BIRTH_YEAR_RANGE)], render_kw=NUMBER)
    estimated_age = IntegerField(_l("Estimated age (if the year is not known)"), render_kw=NUMBER, validators=[
        optional(), NumberRange(0, MAX_AGE, message=_l("Enter an age from 0 to %(n)d.", n=MAX_AGE))])
    ethnicity = SelectField(_l("Ethnic group"), choices=[], validate_choice=True, default="")
    nationality = SelectField(_l("Nationality"), choices=[], default="VN", validate_choice=True)
    id_number = StringField(_l("Identity document number"), validators=[optional(), max_length(30)],
                            render_kw={"autocomplete": "off", "inputmode": "text"})
    home_province = SelectField(_l("Home province"), choices=[], validate_choice=True, default="")
    home_commune_code = SelectField(_l("Home commune or ward"), choices=[], validate_choice=True, default="")
    current_address = StringField(_l("Current address"), validators=[optional(), max_length(300)],
                                  render_kw={"autocomplete": "off"})
    phone = StringField(_l("Phone"), validators=[optional(), PHONE],
                        render_kw={"type": "tel", "inputmode": "tel", "autocomplete": "off"})


class IncidentFields(SenForm):
    purposes = CheckboxesField(_l("Purposes of trafficking"), choices=[])
    exploitation_country = SelectField(_l("Country of exploitation"), choices=[], validate_choice=True, default="")
    exploitation_province = SelectField(_l("Province of exploitation (in Viet Nam)"), choices=[], validate_choice=True, default="")
    departed_on = DateField(_l("Left home on"), render_kw=DATE, validators=[
        optional(), NotInFuture(), AtMostField("reception_date", _l("The departure cannot be after the reception."))])
    returned_on = DateField(_l("Returned on"), render_kw=DATE, validators=[
        optional(), NotInFuture(), AtLeastField("departed_on", _l("The return cannot be before the departure."))])
    recruitment = CheckboxesField(_l("How the person was recruited"), choices=[])
    control = CheckboxesField(_l("Means of control"), choices=[])
    relationship_to_trafficker = SelectField(_l("Relationship to the trafficker"), choices=[], validate_choice=True, default="")
    notes = TextAreaField(_l("Notes"), validators=[optional(), max_length(4000)], render_kw={"rows": 4})


def _border_gate():
    return SelectField(_l("Border gate"), choices=[], validate_choice=True, default="", validators=[
        RequiredIf(_l("Choose the border gate of the handover."), arrival_route="foreign_handover")])


def _reception_date():
    return DateField(_l("Date of reception"), render_kw=DATE, validators=[
        required(), NotInFuture(), NotBefore(OLDEST_DATE, _l("This date is too far in the past."))])


class ReceptionForm(PersonFields, IncidentFields):
    submission_id = SubmissionIdField()
    commune_code = SelectField(_l("Receiving commune or ward"), choices=[], validate_choice=True, default="",
                               validators=[required(_l("Choose the commune or ward that received the person."))])
    arrival_route = SelectField(_l("How the person came"), choices=[], validators=[required()])
    border_gate = _border_gate()
    reception_date = _reception_date()
    reception_place = StringField(_l("Place of reception"), validators=[optional(), max_length(200)])
    receiving_agency_id = SelectField(_l("Receiving agency"), choices=[], validate_choice=True, default="")
    children = FieldList(FormField(ChildForm), _l("Accompanying children"), min_entries=5, max_entries=10)
    needs = CheckboxesField(_l("Immediate needs"), choices=[])
    risk_flags = CheckboxesField(_l("Risk flags"), choices=[])
    consent_support = BooleanField(CONSENT_KINDS["support"])
    consent_share = BooleanField(CONSENT_KINDS["share"])
    consent_statistics = BooleanField(CONSENT_KINDS["statistics"])
    consent_date = DateField(_l("Date the consent was given"), validators=[optional(), NotInFuture()], render_kw=DATE)
    # The code of an earlier case the officer recognised as the same person (offered by /cases/new/matches).
    same_person = StringField(_l("Same person as"), validators=[optional(), max_length(20)])


class MatchQueryForm(SenForm):
    """What the reception form sends, while it is typed, to look for the same person (nothing is saved)."""

    full_name = StringField(validators=[optional(), max_length(120)])
    birth_date = DateField(validators=[optional()])
    birth_year = IntegerField(validators=[optional(), NumberRange(1, 9999)])
    estimated_age = IntegerField(validators=[optional(), NumberRange(0, MAX_AGE)])
    reception_date = DateField(validators=[optional()])
    home_commune_code = StringField(validators=[optional(), max_length(10)])
    id_number = StringField(validators=[optional(), max_length(30)])
    same_person = StringField(validators=[optional(), max_length(20)])  # the choice made so far stays made


class CaseEditForm(PersonFields, IncidentFields):
    version = HiddenField()
    arrival_route = SelectField(_l("How the person came"), choices=[], validators=[required()])
    border_gate = _border_gate()
    reception_date = _reception_date()
    reception_place = StringField(_l("Place of reception"), validators=[optional(), max_length(200)])
    receiving_agency_id = SelectField(_l("Receiving agency"), choices=[], validate_choice=True, default="")
    needs = CheckboxesField(_l("Immediate needs"), choices=[])
    risk_flags = CheckboxesField(_l("Risk flags"), choices=[])


class StatusForm(SenForm):
    version = HiddenField()
    status = SelectField(_l("Status"), choices=[], validators=[required()])
    still_abroad = BooleanField(_l("The person is still abroad"))
    identification_doc_number = StringField(_l("Number of the identifying document"),
                                            validators=[optional(), max_length(60)])
    identification_date = DateField(_l("Date of the identifying document"), validators=[optional()], render_kw=DATE)
    identification_issuer = StringField(_l("Issued by"), validators=[optional(), max_length(200)])
    legal_regime = SelectField(_l("Legal regime"), choices=_regime_choices, validate_choice=True, default="")


class ConsentForm(SenForm):
    kind = SelectField(_l("Consent"), choices=_consent_choices, validators=[required()])
    given = SelectField(choices=lambda: [("yes", "yes"), ("no", "no")], validators=[required()])
    on_date = DateField(_l("Date"), validators=[required()], render_kw=DATE)


class CaseFilterForm(SenForm):
    q = StringField(_l("Search by code, name or ID number"), validators=[optional(), max_length(60)],
                    render_kw={"type": "search", "autocomplete": "off", "spellcheck": "false"})
    status = SelectField(_l("Status"), choices=[], validate_choice=False)
    commune = SelectField(_l("Commune or ward"), choices=[], validate_choice=False)
    purpose = SelectField(_l("Purpose"), choices=[], validate_choice=False)
    date_from = DateField(_l("Received from"), validators=[optional()], render_kw=DATE)
    date_to = DateField(_l("Received until"), validators=[optional()], render_kw=DATE)
    overdue = BooleanField(_l("Only cases past the verification deadline"))
    sort = SelectField(_l("Sort by"), choices=[], validate_choice=False)
    page = IntegerField(default=1, validators=[optional()])
