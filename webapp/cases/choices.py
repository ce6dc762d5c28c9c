"""Choices for case forms: countries from Babel's data, provinces and communes from the imported list."""
from __future__ import annotations

from functools import lru_cache

from babel import Locale
from flask import current_app
from flask_babel import get_locale
from sqlalchemy import select

from webapp.extensions import db
from webapp.places.models import AdminUnit, Agency
from webapp.text import text_key

# Countries people most often return from, offered first.
FREQUENT_COUNTRIES = ("VN", "KH", "CN", "MM", "LA", "TH", "MY", "KR", "TW", "JP")
_NOT_COUNTRIES = {"EU", "EZ", "UN", "ZZ", "QO", "XA", "XB", "XK"}
# CLDR names too long for a select on a 360 px phone (a native select cannot wrap): a short form in the
# lists only. Reports and documents keep CLDR's official name.
SHORT_NAMES = {
    "vi": {
        "AE": "Các Tiểu vương quốc Ả Rập",
        "HK": "Hồng Kông (Trung Quốc)",
        "MO": "Ma Cao (Trung Quốc)",
        "IO": "Lãnh thổ Anh ở Ấn Độ Dương",
        "TF": "Lãnh thổ Nam Pháp",
        "GS": "Nam Georgia, Nam Sandwich",
        "HM": "Đảo Heard và McDonald",
        "VI": "Quần đảo Virgin (Mỹ)",
    },
}


def countries() -> list[tuple[str, str]]:
    """ISO 3166 alpha-2 codes with names in the user's language; frequent ones first."""
    return list(_countries(str(get_locale())))


@lru_cache(maxsize=8)
def _countries(locale: str) -> tuple[tuple[str, str], ...]:
    """Babel's names never change while the app runs: sorted once per language."""
    names = {**Locale.parse(locale).territories, **SHORT_NAMES.get(locale, {})}
    codes = [c for c in names if len(c) == 2 and c.isalpha() and c.isupper() and c not in _NOT_COUNTRIES]
    frequent = [(c, names[c]) for c in FREQUENT_COUNTRIES if c in names]
    rest = sorted(((c, names[c]) for c in codes if c not in FREQUENT_COUNTRIES), key=lambda p: text_key(p[1]))
    return tuple(frequent + rest)


def country_codes() -> set[str]:
    return {code for code, _name in _countries(str(get_locale()))}


def provinces() -> list[tuple[str, str]]:
    units = db.session.scalars(select(AdminUnit).where(AdminUnit.type == "province"))
    return sorted(((u.code, u.full_name) for u in units), key=lambda p: text_key(p[1]))


def communes_of(province_code: str | None) -> list[tuple[str, str]]:
    if not province_code:
        return []
    units = db.session.scalars(select(AdminUnit).where(AdminUnit.parent_code == province_code))
    return sorted(((u.code, u.full_name) for u in units), key=lambda p: text_key(p[1]))


def home_province() -> str:
    return current_app.config["HOME_PROVINCE_CODE"]


def active_agencies() -> list[tuple[int, str]]:
    rows = db.session.scalars(select(Agency).where(Agency.active.is_(True)))
    return sorted(((a.id, a.name) for a in rows), key=lambda p: text_key(p[1]))
