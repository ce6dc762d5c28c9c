"""The base form: WTForms' own messages go through our catalogue, so errors read in Vietnamese."""
from __future__ import annotations

from datetime import date

from flask import g, has_request_context
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    DateTimeField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, Regexp

from webapp.i18n import translations

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
        return translations().ugettext(string)

    def ngettext(self, singular, plural, n):
        return translations().ungettext(singular, plural, n)


# Bounds every field of every form gets, nested forms included, so out-of-range input is a
# message beside the field and never reaches a validator, a service or the database that cannot
# hold it (a 400-digit number overflows WTForms' NumberRange and a 32-bit column; year 9999 has
# no next day).
INT_MIN, INT_MAX = -(2**31), 2**31 - 1
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2100, 12, 31)
TEXT_LIMIT, LINE_LIMIT = 10_000, 1_000  # for text fields that declare no length of their own


def _integer_message():
    return _l("Enter a whole number from %(min)s to %(max)s.", min=INT_MIN, max=INT_MAX)


def _date_message():
    return _l("Enter a date from 01/01/1900 to 31/12/2100.")


def _text_limit(field) -> int:
    declared = [v.max for v in field.validators if isinstance(v, Length) and v.max is not None and v.max >= 0]
    if declared:
        return min(declared)
    return TEXT_LIMIT if isinstance(field, TextAreaField) else LINE_LIMIT


def _leaf_fields(fields):
    """Every input field, walking into FieldList entries and FormField subforms."""
    for field in fields:
        if isinstance(field, FieldList):
            yield from _leaf_fields(field.entries)
        elif isinstance(field, FormField):
            yield from _leaf_fields(field.form)
        else:
            yield field


def _out_of_bounds(field):
    """The message for a value this field may not hold, or None."""
    data = field.data
    if isinstance(field, IntegerField):
        if isinstance(data, int) and not INT_MIN <= data <= INT_MAX:
            return _integer_message()
    elif isinstance(field, (DateField, DateTimeField)):
        day = data.date() if hasattr(data, "date") and callable(data.date) else data
        if isinstance(day, date) and not FIRST_DAY <= day <= LAST_DAY:
            return _date_message()
    elif isinstance(field, StringField):
        limit = _text_limit(field)
        if isinstance(data, str) and len(data) > limit:
            return _l("Enter at most %(max)d characters.", max=limit)
    return None


class SenForm(FlaskForm):
    """Base form. `rules`, when set, checks the domain's cross-field rules after the field validators.

    Every integer, date and text field, in nested forms too, is bounded (see `_out_of_bounds`): a
    number or date past the bounds is dropped when the form is read; any value past them is
    reported, alone, when the form is validated.
    """

    rules = None  # callable(form) -> list of (field name, message)

    class Meta:
        def get_translations(self, form):
            return _CatalogueTranslations()

    def __init__(self, *args, **kwargs):
        if has_request_context() and g.get("sen_blank"):
            # The blank copy kept on the phone must not carry this session's CSRF token.
            kwargs["meta"] = {**kwargs.get("meta", {}), "csrf": False}
        super().__init__(*args, **kwargs)

    def process(self, *args, **kwargs):
        super().process(*args, **kwargs)
        self._out_of_bounds = {}
        for field in _leaf_fields(self):
            message = _out_of_bounds(field)
            if message is not None:
                if not isinstance(field, StringField):
                    field.data = None  # never handed to a validator (NumberRange overflows), a service or a query
                self._out_of_bounds[field] = message

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        for field, message in getattr(self, "_out_of_bounds", {}).items():
            field.errors = [message]  # the one message that helps, not "required" on top of it
            valid = False
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
