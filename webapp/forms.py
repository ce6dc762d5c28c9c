"""The base form: WTForms' own messages go through our catalogue, so errors read in Vietnamese."""
from __future__ import annotations

from flask import g, has_request_context
from flask_babel import get_translations
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import DataRequired, Length, Optional, Regexp

# WTForms' built-in messages, listed so that extraction puts them in our catalogue.
WTFORMS_MESSAGES = (
    _l("This field is required."),
    _l("Not a valid choice."),
    _l("Invalid Choice: could not coerce."),
    _l("Not a valid integer value."),
    _l("Not a valid decimal value."),
    _l("Not a valid date value."),
    _l("Not a valid datetime value."),
    _l("Invalid input."),
    _l("Field must be equal to %(other_name)s."),
    _l("Field must be between %(min)d and %(max)d characters long."),
    _l("Field must be at least %(min)d character long."),
    _l("Field must be at most %(max)d character long."),
    _l("Number must be between %(min)s and %(max)s."),
    _l("Number must be at least %(min)s."),
    _l("Number must be at most %(max)s."),
)


class _CatalogueTranslations:
    """Translate without formatting: WTForms fills in its own placeholders afterwards."""

    def gettext(self, string):
        return get_translations().ugettext(string)

    def ngettext(self, singular, plural, n):
        return get_translations().ungettext(singular, plural, n)


class SenForm(FlaskForm):
    """Base form. `rules`, when set, checks the domain's cross-field rules after the field validators."""

    rules = None  # callable(form) -> list of (field name, message)

    class Meta:
        def get_translations(self, form):
            return _CatalogueTranslations()

    def __init__(self, *args, **kwargs):
        if has_request_context() and g.get("sen_blank"):
            # The blank copy kept on the phone must not carry this session's CSRF token.
            kwargs["meta"] = {**kwargs.get("meta", {}), "csrf": False}
        super().__init__(*args, **kwargs)

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if valid and self.rules is not None:
            for name, message in self.rules(self):
                field = self._fields.get(name)
                if field is not None:
                    field.errors = list(field.errors) + [message]
                else:
                    self.form_errors.append(message)
                valid = False
        return valid


def required():
    return DataRequired(message=_l("This field is required."))


def max_length(n: int):
    return Length(max=n, message=_l("Enter at most %(max)d characters.", max=n))


def optional():
    return Optional()


PHONE = Regexp(r"^\+?[0-9 .-]{8,15}$", message=_l("Enter a phone number of 8 to 15 digits."))


class SubmissionIdField(HiddenField):
    """The browser-made UUID of this form instance; app.js fills it when the form opens.

    Declare it as `submission_id = SubmissionIdField()`: the server reads that name.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("render_kw", {"data-submission-id": ""})
        super().__init__(**kwargs)
