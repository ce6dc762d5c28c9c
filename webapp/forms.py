"""The base form: WTForms' own messages go through our catalogue, so errors read in Vietnamese.

It also declares the rules a phone can check before a form is sealed (see `client_attributes`).
"""
from __future__ import annotations

import re
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
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp, StopValidation
from wtforms.widgets import HiddenInput

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


def _integer_message(field, data: int):
    """The field's own range message when it declares one (a child's age is from 0 to 17), else plain words:
    nobody needs to read the limits of a 32-bit integer."""
    for validator in field.validators:
        if not isinstance(validator, NumberRange) or validator.message is None:
            continue
        if (validator.max if data > INT_MAX else validator.min) is not None:
            return validator.message  # a range on the side that was passed
    return _l("This number is too large.") if data > INT_MAX else _l("This number is too small.")


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
            return _integer_message(field, data)
    elif isinstance(field, (DateField, DateTimeField)):
        day = data.date() if hasattr(data, "date") and callable(data.date) else data
        if isinstance(day, date) and not FIRST_DAY <= day <= LAST_DAY:
            return _date_message()
    elif isinstance(field, StringField):
        limit = _text_limit(field)
        if isinstance(data, str) and len(data) > limit:
            return _l("Enter at most %(max)d characters.", max=limit)
        if isinstance(data, str) and _CONTROL.search(data):
            # PostgreSQL cannot store NUL, and no one means to type the others: say so rather than fail.
            return _l("This field holds an invisible control character: delete it and type the text again.")
    return None


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # C0 controls and DEL; tab and line breaks are text


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
        # Hidden fields carry no id: a page holds several forms, each with its token and version, and an
        # id must be unique on the page (nothing refers to a hidden field by id).
        for field in self:
            if isinstance(field.widget, HiddenInput):
                field.render_kw = {**(field.render_kw or {}), "id": False}

    def process(self, *args, **kwargs):
        super().process(*args, **kwargs)
        self._out_of_bounds = {}
        for field in _leaf_fields(self):
            message = _out_of_bounds(field)
            if message is not None:
                if not isinstance(field, StringField):
                    field.data = None  # never handed to a validator (NumberRange overflows), a service or a query
                elif isinstance(field.data, str):
                    field.data = _CONTROL.sub("", field.data)  # nor a control character (the form is still refused)
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


def blank_form_key(form):
    """A `{% cached %}` key for a form nobody filled in (a list's filters on GET): its class, today, each field's
    value and choices. None once the form is submitted, so nothing anyone types is ever kept.

    Only for forms whose unsubmitted values hold nothing personal (defaults, choices from catalogues and places).
    """
    if form.is_submitted():
        return None
    from webapp.i18n import local_today

    fields = tuple((name, field.data, getattr(field, "choices", None), tuple(field.errors))
                   for name, field in form._fields.items() if name != "csrf_token")
    return f"{type(form).__module__}.{type(form).__qualname__} {local_today()} {fields!r}"


def required(message=None):
    return DataRequired(message=message or _l("This field is required."))


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


# ---------------------------------------------------------------------------------------------------
# Rules the browser checks too. Each validator below checks on the server like any WTForms validator,
# and `client_attributes(field)` turns the field's validators into the data-* attributes that
# static/js/validate.js reads, carrying the same translated message. The forms macro renders them.
#
#   data-required            the field must not be empty            data-msg-required
#   data-required-if="a=x&b=" required when every condition holds   data-msg-required-if
#                            (a=x: a is x; a=x|y: a is x or y; a=: a is empty; a: a is not empty)
#   maxlength                at most n characters                   data-msg-maxlength
#   data-integer             a whole number                          data-msg-integer
#   data-min / data-max      number range                            data-msg-range
#   data-pattern             a regular expression (whole value)      data-msg-pattern
#   data-max-date="today"    a date not in the future (data-timezone) data-msg-max-date
#   data-min-date=ISO date   a date not before                       data-msg-min-date
#   data-max-of="other"      not more than (or after) another field   data-msg-max-of
#   data-min-of="other"      not less than (or before) another field  data-msg-min-of
#   data-after="other"       strictly more than (or after) another field data-msg-after
# Field names in conditions are short names: a field inside a FieldList row refers to its row's fields.


def _today() -> date:
    from webapp.i18n import local_today

    return local_today()


def _is_empty(data) -> bool:
    return data is None or data == "" or data == [] or (isinstance(data, str) and not data.strip())


def _prefix(field) -> str:
    return field.name[: len(field.name) - len(field.short_name)]


class RequiredIf:
    """Required when other fields of the form have given values: `RequiredIf(msg, arrival_route="foreign_handover")`.

    A condition's value may be a string (equal), a tuple (one of), "" (empty) or True (not empty).
    """

    def __init__(self, message, **conditions):
        self.message = message
        self.conditions = conditions

    def _holds(self, form) -> bool:
        for name, wanted in self.conditions.items():
            other = form._fields.get(name)
            data = None if other is None else other.data
            if wanted is True:
                ok = not _is_empty(data)
            elif wanted == "":
                ok = _is_empty(data)
            elif isinstance(wanted, tuple):
                ok = data in wanted
            else:
                ok = data == wanted
            if not ok:
                return False
        return True

    def __call__(self, form, field):
        raw = field.raw_data
        if raw and not (isinstance(raw[0], str) and not raw[0].strip()):
            return
        if self._holds(form):
            raise StopValidation(self.message)
        field.errors[:] = []
        raise StopValidation()  # empty and not required: nothing more to check, as with Optional

    def client_attrs(self, field) -> dict:
        parts = []
        for name, wanted in self.conditions.items():
            other = _prefix(field) + name
            if wanted is True:
                parts.append(other)
            elif isinstance(wanted, tuple):
                parts.append(f"{other}={'|'.join(wanted)}")
            else:
                parts.append(f"{other}={wanted}")
        return {"data-required-if": "&".join(parts), "data-msg-required-if": self.message}


class NotInFuture:
    """A date that is not after today."""

    def __init__(self, message=_l("This date is in the future.")):
        self.message = message

    def __call__(self, form, field):
        if field.data and field.data > _today():
            raise StopValidation(self.message)

    def client_attrs(self, field) -> dict:
        # "Today" where the officers are, as the server counts it, whatever the phone's own clock zone.
        from flask import current_app

        return {"data-max-date": "today", "data-timezone": current_app.config["BABEL_DEFAULT_TIMEZONE"],
                "data-msg-max-date": self.message}


class NotBefore:
    """A date on or after a fixed day."""

    def __init__(self, day: date, message):
        self.day, self.message = day, message

    def __call__(self, form, field):
        if field.data and field.data < self.day:
            raise StopValidation(self.message)

    def client_attrs(self, field) -> dict:
        return {"data-min-date": self.day.isoformat(), "data-msg-min-date": self.message}


class _Compared:
    """Compared with another field of the same form (numbers, or dates): a subgroup within its total."""

    attr = ""

    def __init__(self, other: str, message):
        self.other, self.message = other, message

    def broken(self, mine, theirs) -> bool:
        raise NotImplementedError

    def __call__(self, form, field):
        other = form._fields.get(self.other)
        theirs = None if other is None or other.errors else other.data
        if field.data is not None and field.data != "" and theirs is not None and theirs != "" \
                and self.broken(field.data, theirs):
            raise StopValidation(self.message)

    def client_attrs(self, field) -> dict:
        return {self.attr: _prefix(field) + self.other, self.attr.replace("data-", "data-msg-"): self.message}


class AtMostField(_Compared):
    """Not more than another field (a count within its total), or not after it (dates)."""

    attr = "data-max-of"

    def broken(self, mine, theirs) -> bool:
        return mine > theirs


class AtLeastField(_Compared):
    """Not less than another field, or not before it (dates)."""

    attr = "data-min-of"

    def broken(self, mine, theirs) -> bool:
        return mine < theirs


class AfterField(_Compared):
    """Strictly more than another field, or after it (dates): the next visit after this one."""

    attr = "data-after"

    def broken(self, mine, theirs) -> bool:
        return mine <= theirs


class YearRange:
    """A year at most `back` years ago and not in the future."""

    def __init__(self, back: int, message):
        self.back, self.message = back, message

    def _bounds(self) -> tuple[int, int]:
        year = _today().year
        return year - self.back, year

    def _text(self) -> str:
        low, high = self._bounds()
        return str(self.message) % {"a": low, "b": high}

    def __call__(self, form, field):
        low, high = self._bounds()
        if field.data is not None and not low <= field.data <= high:
            raise StopValidation(self._text())

    def client_attrs(self, field) -> dict:
        low, high = self._bounds()
        return {"data-min": low, "data-max": high, "data-msg-range": self._text()}


def _standard_attrs(field, validator) -> dict:
    """The attributes of WTForms' own validators, with the messages the server would give."""
    def message(default, **params):
        text = validator.message if validator.message is not None else field.gettext(default)
        return str(text) % params if params and validator.message is None else str(text)

    if isinstance(validator, (DataRequired, InputRequired)):
        return {"data-required": "", "data-msg-required": message("This field is required.")}
    if isinstance(validator, Length) and validator.max not in (None, -1):
        return {"maxlength": validator.max,
                "data-msg-maxlength": message("Field must be at most %(max)d character long.", max=validator.max)}
    if isinstance(validator, NumberRange):
        attrs = {}
        if validator.min is not None:
            attrs["data-min"] = validator.min
        if validator.max is not None:
            attrs["data-max"] = validator.max
        attrs["data-msg-range"] = message("Number must be between %(min)s and %(max)s.",
                                          min=validator.min, max=validator.max)
        return attrs
    if isinstance(validator, Regexp):
        return {"data-pattern": validator.regex.pattern.removeprefix("^").removesuffix("$"),
                "data-msg-pattern": message("Invalid input.")}
    return {}


def client_attributes(field) -> dict:
    """The data-* attributes validate.js checks for `field`, from the validators the server runs."""
    attrs = {}
    if isinstance(field, IntegerField):
        attrs.update({"data-integer": "", "data-msg-integer": field.gettext("Not a valid integer value.")})
    for validator in field.validators:
        if hasattr(validator, "client_attrs"):
            attrs.update(validator.client_attrs(field))
        else:
            attrs.update(_standard_attrs(field, validator))
    return {k: str(v) for k, v in attrs.items()}
