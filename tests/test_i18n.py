"""Vietnamese first: complete catalogues, a language switch that persists, local formats."""
import os
from datetime import date, datetime
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from webapp.i18n import format_date, format_datetime, format_vnd

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "_l": None, "gettext": None, "lazy_gettext": None, "ngettext": (1, 2)}
METHODS = [("webapp/**.py", "python"), ("templates/**.html", "jinja2")]


def _source_messages() -> set[str]:
    found = set()
    for _file, _line, message, _comments, _ctx in extract_from_dir(
        str(ROOT), METHODS, options_map={"templates/**.html": {"extensions": "jinja2.ext.do"}}, keywords=KEYWORDS,
        directory_filter=lambda path: not os.path.basename(path).startswith(".") and "__pycache__" not in path,
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def _catalogue(lang):
    with open(ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po", encoding="utf-8") as f:
        return read_po(f)


def test_every_string_in_the_code_has_a_vietnamese_translation():
    catalogue = _catalogue("vi")
    translated = {
        (m.id if isinstance(m.id, str) else m.id[0])
        for m in catalogue
        if m.id and not m.fuzzy and (all(m.string) if isinstance(m.string, tuple) else m.string)
    }
    missing = sorted(_source_messages() - translated)
    assert missing == [], f"{len(missing)} strings lack a Vietnamese translation; run `flask translate update`"


def test_every_string_in_the_code_is_in_the_english_catalogue():
    catalogue = _catalogue("en")
    known = {(m.id if isinstance(m.id, str) else m.id[0]) for m in catalogue if m.id}
    assert sorted(_source_messages() - known) == []


def test_vietnamese_is_the_default(client):
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="vi">' in page and "Mật khẩu" in page


def test_language_choice_persists_for_visitor_and_user(app, client, login_as):
    response = client.post("/language", {"lang": "en"})
    assert response.status_code == 303
    assert "Password" in client.get("/login").get_data(as_text=True)
    user = login_as("commune")
    client.post("/language", {"lang": "en"})
    client.client.delete_cookie("sen_lang")
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)  # remembered on the account
    client.post("/language", {"lang": "vi"})
    assert '<html lang="vi">' in client.get("/").get_data(as_text=True)
    assert user.id


def test_unknown_language_falls_back_to_vietnamese(client):
    client.post("/language", {"lang": "xx"})
    assert '<html lang="vi">' in client.get("/login").get_data(as_text=True)


def test_dates_are_day_month_year_in_local_time(app):
    with app.test_request_context():
        assert format_date(date(2026, 3, 8)) == "08/03/2026"
        # 20:00 UTC on 31/12 is already 01/01 in Vietnam (UTC+7)
        assert format_datetime(datetime(2026, 12, 31, 20, 0)) == "01/01/2027 03:00"


def test_vnd_amounts_use_vietnamese_grouping(app):
    with app.test_request_context():
        assert format_vnd(1500000).replace("\xa0", " ") == "1.500.000 ₫"
