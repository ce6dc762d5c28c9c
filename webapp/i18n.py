"""Language choice and the formats officers expect: dd/mm/yyyy dates, local time, VND amounts."""
from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from babel.numbers import format_currency, format_decimal
from flask import current_app, has_app_context, has_request_context, request
from flask_babel import get_locale, get_translations
from flask_login import current_user
from jinja2 import pass_context
from markupsafe import Markup

LANG_COOKIE = "sen_lang"


def select_locale() -> str:
    """The signed-in user's language, else the language cookie, else Vietnamese."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # command line: the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    user_locale = getattr(current_user, "locale", None) if current_user else None
    if user_locale in languages:
        return user_locale
    cookie = request.cookies.get(LANG_COOKIE)
    if cookie in languages:
        return cookie
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


def local_today() -> date:
    """Today's date where the officers are (Asia/Ho_Chi_Minh), not on the server's clock.

    A server on UTC would otherwise refuse today's date before 07:00 in Viet Nam.
    """
    zone = current_app.config["BABEL_DEFAULT_TIMEZONE"] if has_app_context() else "Asia/Ho_Chi_Minh"
    return datetime.now(ZoneInfo(zone)).date()


def _local(value: datetime) -> datetime:
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(zone)


def local_date(value: datetime) -> date:
    """The local calendar day of a stored (UTC) timestamp."""
    return _local(value).date()


def format_date(value: date | datetime | None) -> str:
    """dd/mm/yyyy in every language; a datetime is shown in local time."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = _local(value)
    return value.strftime("%d/%m/%Y")


def format_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    return _local(value).strftime("%d/%m/%Y %H:%M")


def format_number(value) -> str:
    if value is None:
        return ""
    return format_decimal(value, locale=str(get_locale()))


def format_vnd(value) -> str:
    """An amount in dong, whole numbers, e.g. 1.500.000 ₫."""
    if value is None:
        return ""
    return format_currency(value, "VND", locale=str(get_locale()), format_type="standard", currency_digits=True)


def translations():
    """Flask-Babel's translations, looked up once per request: a page asks for them a hundred times."""
    if not has_request_context():
        return get_translations()
    found = getattr(request, "_sen_translations", None)
    if found is None:
        found = request._sen_translations = get_translations()
    return found


@pass_context
def _template_gettext(context, string: str, **variables):
    """`_()` in templates, as Jinja's newstyle gettext does it, less its layers: a page calls it fifty times.

    A translation without `%` is its own format (formatting it with nothing would give it back unchanged).
    """
    text = translations().ugettext(string)
    if context.eval_ctx.autoescape:
        text = Markup(text)
    return text % variables if variables or "%" in text else text


def init_app(app) -> None:
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
    app.jinja_env.globals["gettext"] = _template_gettext
    app.jinja_env.filters.update(
        date=format_date, datetime=format_datetime, number=format_number, vnd=format_vnd
    )
    app.jinja_env.globals["current_locale"] = lambda: str(get_locale())
