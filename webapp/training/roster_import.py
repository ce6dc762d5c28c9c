"""Reading a roster from a spreadsheet (XLSX or CSV): each row checked, bad rows reported by line number.

The uploaded file waits server-side in a private temporary folder under a random token until the
coordinator confirms the preview; it is never put in the session cookie or a URL, and is deleted
once imported or after an hour.
"""
from __future__ import annotations

import csv
import io
import os
import re
import secrets
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import gettext as _
from openpyxl import load_workbook

from webapp.text import clean, search_key
from webapp.training import services

MAX_ROWS = 2000
KEEP_SECONDS = 3600
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
EXTENSIONS = ("xlsx", "csv")

# Column headings as coordinators write them (compared without diacritics or case).
HEADINGS = {
    "full_name": ("ho va ten", "ho ten", "ten", "full name", "name"),
    "sex": ("gioi tinh", "gioi", "sex"),
    "birth_year": ("nam sinh", "ngay sinh", "ngay thang nam sinh", "year of birth", "birth year", "born"),
    "agency": ("co quan", "don vi", "co quan/don vi", "co quan, don vi", "agency", "organisation"),
    "position": ("chuc vu", "position"),
    "commune": ("xa", "xa/phuong", "xa, phuong", "phuong/xa", "dia ban", "commune", "commune or ward"),
    "phone": ("dien thoai", "so dien thoai", "sdt", "phone"),
}
SEX_WORDS = {"nu": "female", "female": "female", "f": "female", "nam": "male", "male": "male", "m": "male",
             "khac": "other", "other": "other"}


class UnreadableFile(ValueError):
    """The file as a whole cannot be read; the message says why."""


@dataclass
class Row:
    line: int
    values: dict
    problems: list[str] = field(default_factory=list)
    duplicate_of: int | None = None
    on_roster: bool = False

    @property
    def good(self) -> bool:
        return not self.problems and self.duplicate_of is None


def _folder() -> str:
    path = os.path.join(tempfile.gettempdir(), "sen-roster-imports")
    os.makedirs(path, mode=0o700, exist_ok=True)
    return path


def _sweep() -> None:
    """Files nobody confirmed within the hour are deleted."""
    now = time.time()
    for name in os.listdir(_folder()):
        path = os.path.join(_folder(), name)
        try:
            if now - os.path.getmtime(path) > KEEP_SECONDS:
                os.remove(path)
        except OSError:
            pass


def keep(data: bytes, extension: str, user_id: int) -> str:
    """Keep the upload until it is confirmed; the token names it and it belongs to one account."""
    _sweep()
    token = secrets.token_urlsafe(24)
    with open(os.path.join(_folder(), f"{user_id}-{token}.{extension}"), "wb") as out:
        out.write(data)
    return token


def _path(token: str, user_id: int) -> tuple[str, str] | None:
    if not TOKEN.match(token or ""):
        return None
    for extension in EXTENSIONS:
        path = os.path.join(_folder(), f"{user_id}-{token}.{extension}")
        if os.path.exists(path):
            return path, extension
    return None


def kept(token: str, user_id: int) -> tuple[bytes, str] | None:
    found = _path(token, user_id)
    if found is None:
        return None
    with open(found[0], "rb") as source:
        return source.read(), found[1]


def forget(token: str, user_id: int) -> None:
    found = _path(token, user_id)
    if found:
        os.remove(found[0])


def extension_of(filename: str) -> str | None:
    extension = (filename or "").rsplit(".", 1)[-1].lower()
    return extension if extension in EXTENSIONS else None


def decode_csv(data: bytes) -> str:
    """UTF-8 (with or without Excel's BOM); anything else is read as Windows-1258, the Vietnamese code page
    Excel uses when it saves "CSV" on a Vietnamese Windows. Raises UnreadableFile when neither fits."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return unicodedata.normalize("NFC", data.decode("cp1258"))
    except UnicodeDecodeError:
        raise UnreadableFile(_("This CSV file is in an encoding Sen cannot read. In Excel, save it as "
                             "“CSV UTF-8” and try again.")) from None


def _table(data: bytes, extension: str) -> list[list]:
    if extension == "xlsx":
        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:  # openpyxl raises many kinds for a damaged or mislabelled file
            raise UnreadableFile(_("This file cannot be opened as an Excel (XLSX) workbook.")) from None
        sheet = book.worksheets[0]
        rows = [list(r) for r in sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 2)]
        book.close()
        return rows
    text = decode_csv(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [r for r in csv.reader(io.StringIO(text), dialect)][: MAX_ROWS + 2]


def _columns(heading_row: list) -> dict[str, int]:
    found = {}
    for index, cell in enumerate(heading_row):
        key = search_key(str(cell or ""))
        for name, words in HEADINGS.items():
            if key in words and name not in found:
                found[name] = index
    if "full_name" not in found:
        raise UnreadableFile(_("The first row must name the columns; Sen found no “Họ và tên” column."))
    return found


def _year(value, problems: list[str]) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, (datetime, date)):
        return value.year
    if isinstance(value, (int, float)) and float(value).is_integer():
        return int(value)
    text = clean(str(value))
    if re.fullmatch(r"\d{4}", text):
        return int(text)
    for pattern in ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).year
        except ValueError:
            continue
    problems.append(_("The year of birth “%(value)s” is not a year or a date (dd/mm/yyyy).", value=text[:20]))
    return None


def _cell(raw: list, columns: dict, name: str):
    index = columns.get(name)
    return raw[index] if index is not None and index < len(raw) else None


def read_rows(data: bytes, extension: str, course, communes: dict[str, str], this_year: int) -> list[Row]:
    """Every data row with what is wrong with it; `communes` maps a commune's name key to its code."""
    table = _table(data, extension)
    if not table:
        raise UnreadableFile(_("This file is empty."))
    columns = _columns(table[0])
    rows, seen = [], {}
    for line, raw in enumerate(table[1:], start=2):
        if all(c is None or str(c).strip() == "" for c in raw):
            continue
        problems: list[str] = []
        sex_text = search_key(str(_cell(raw, columns, "sex") or ""))
        sex = SEX_WORDS.get(sex_text) if sex_text else None
        if sex_text and sex is None:
            problems.append(_("The sex “%(value)s” is not Nam, Nữ or Khác.", value=sex_text[:20]))
        commune_text = clean(str(_cell(raw, columns, "commune") or ""))
        commune = communes.get(search_key(commune_text)) if commune_text else None
        if commune_text and commune is None:
            problems.append(_("The commune “%(value)s” is not a commune or ward of the province.",
                              value=commune_text[:60]))
        phone = _cell(raw, columns, "phone")
        phone = str(int(phone)) if isinstance(phone, float) and phone.is_integer() else clean(str(phone or ""))
        if re.fullmatch(r"\d{9}", phone):  # Excel drops the leading zero of a number typed as a number
            phone = "0" + phone
        values = {"full_name": clean(str(_cell(raw, columns, "full_name") or "")), "sex": sex,
                  "birth_year": _year(_cell(raw, columns, "birth_year"), problems),
                  "agency": clean(str(_cell(raw, columns, "agency") or "")),
                  "position": clean(str(_cell(raw, columns, "position") or "")),
                  "commune_code": commune, "phone": phone}
        problems += [message for _field, message in services.participant_problems(values, this_year)
                     if _field not in ("sex", "commune_code")]
        row = Row(line, values, problems)
        if not problems:
            key = services.identity_key(values["full_name"], values["birth_year"], values["phone"])
            if key in seen:
                row.duplicate_of = seen[key]
            else:
                seen[key] = line
                row.on_roster = services.find_participant(course, key) is not None
        rows.append(row)
    if len(table) > MAX_ROWS + 1:
        raise UnreadableFile(_("This file has more than %(max)d rows. Split it and import each part.", max=MAX_ROWS))
    return rows


def save_rows(course, rows: list[Row], this_year: int) -> int:
    """Add the good rows not yet on the roster; returns how many were added."""
    added = 0
    for row in rows:
        if row.good and not row.on_roster:
            _person, created = services.add_participant(course, row.values, this_year)
            added += created
    return added
