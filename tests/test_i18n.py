"""Vietnamese first: complete catalogues, a language switch that persists, local formats."""
import os
import re
from datetime import date, datetime
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from webapp.i18n import format_date, format_datetime, format_vnd

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "_l": None, "gettext": None, "lazy_gettext": None, "ngettext": (1, 2),
            "pgettext": ((1, "c"), 2), "npgettext": ((1, "c"), 2, 3)}
METHODS = [("webapp/**.py", "python"), ("templates/**.html", "jinja2")]


def _source_messages() -> set[tuple[str | None, str]]:
    """(context, message) of every string in the code: one English word may have two senses."""
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(
        str(ROOT), METHODS, options_map={"templates/**.html": {"extensions": "jinja2.ext.do"}}, keywords=KEYWORDS,
        directory_filter=lambda path: not os.path.basename(path).startswith(".") and "__pycache__" not in path,
    ):
        found.add((context, message if isinstance(message, str) else message[0]))
    return found


def _catalogue(lang):
    with open(ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po", encoding="utf-8") as f:
        return read_po(f)


def test_every_string_in_the_code_has_a_vietnamese_translation():
    catalogue = _catalogue("vi")
    translated = {
        (m.context, m.id if isinstance(m.id, str) else m.id[0])
        for m in catalogue
        if m.id and not m.fuzzy and (all(m.string) if isinstance(m.string, tuple) else m.string)
    }
    missing = sorted(_source_messages() - translated)
    assert missing == [], f"{len(missing)} strings lack a Vietnamese translation; run `flask translate update`"


def test_every_string_in_the_code_is_in_the_english_catalogue():
    catalogue = _catalogue("en")
    known = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in catalogue if m.id}
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


# --- The Vietnamese catalogue keeps its words (issue #10 items 8, 9, 11) ---

GLOSSARY = ROOT / "translations" / "glossary-vi.md"
# A placeholder as Python (%(name)s, %d, %%) or the offline scripts ({n}) fill it in.
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sdfr]|%[sdfr%]|\{[a-z_]+\}")
# The new tone-mark style puts the mark on the second vowel of an open "oa", "oe" or "uy"
# ("hoá", "xoá", "khoẻ", "tuỳ", "thuỷ"); Sen writes the old style ("hóa", "xóa", "khỏe", "tùy",
# "thủy"). Only the open syllable differs: "hoàn", "khoản", "quyền" are the same in both, and
# "quý", "quả" are not "uy"/"oa" syllables ("qu" is one consonant).
NEW_STYLE_TONE_MARK = re.compile(r"(?<![\w])(?:[^\W\d_]*?)(?:o[àáảãạ]|o[èéẻẽẹ]|(?<!q)u[ỳýỷỹỵ])(?![^\W\d_])", re.IGNORECASE)
# Words the glossary keeps for one concept only, so they are allowed in these messages and no other:
# "trang chủ" names the home page, "diễn biến" what happened (a case's timeline is "quá trình xử lý").
RESERVED_FOR = {
    "trang chủ": {("home page", "Home"), (None, "Back to the home page")},
    "diễn biến": {(None, "4. What happened"), (None, "What happened")},
}


def _translated(catalogue):
    for m in catalogue:
        if m.id:
            ids = (m.id,) if isinstance(m.id, str) else tuple(m.id)
            strings = (m.string,) if isinstance(m.string, str) else tuple(m.string)
            yield m, ids, strings


def _avoided_terms() -> list[str]:
    """The glossary's "avoid" column, one term per comma; a note in brackets or quotes is dropped."""
    terms = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or cells[0] in ("concept", "") or set(cells[0]) <= {"-"}:
            continue
        for item in re.split(r",(?![^(]*\))", cells[2]):
            quoted = re.fullmatch(r'\s*"([^"]+)"\s*', item)
            term = quoted.group(1) if quoted else re.sub(r"\(.*?\)", "", item)
            term = term.strip()
            if term:
                terms.append(term.lower())
    return terms


def test_every_vietnamese_message_is_translated_and_not_fuzzy():
    catalogue = _catalogue("vi")
    empty = [ids[0] for m, ids, strings in _translated(catalogue) if m.fuzzy or not all(s.strip() for s in strings)]
    assert empty == []


def test_translations_keep_the_placeholders():
    for lang in ("vi", "en"):
        for m, ids, strings in _translated(_catalogue(lang)):
            expected = sorted(set(PLACEHOLDER.findall(ids[-1])))
            for string in strings:
                assert sorted(set(PLACEHOLDER.findall(string))) == expected, (lang, ids[0], string)


def test_vietnamese_uses_the_old_tone_mark_style_only():
    found = {m.id if isinstance(m.id, str) else m.id[0]: NEW_STYLE_TONE_MARK.findall(" ".join(strings))
             for m, ids, strings in _translated(_catalogue("vi"))}
    assert {k: v for k, v in found.items() if v} == {}


def test_vietnamese_addresses_the_user_as_ban():
    for m, ids, strings in _translated(_catalogue("vi")):
        assert not any("anh/chị" in s.lower() or "anh, chị" in s.lower() for s in strings), ids[0]


def test_the_glossary_lists_what_to_avoid():
    terms = _avoided_terms()
    assert {"bản ghi", "vượt quyền", "rủi ro", "niêm phong", "hộp đến", "chế độ pháp lý", "xoá"} <= set(terms)


def test_no_vietnamese_message_uses_a_term_the_glossary_avoids():
    used = []
    for m, ids, strings in _translated(_catalogue("vi")):
        # "trường học" is a school; the avoided "trường" is a form field ("ô").
        text = " ".join(strings).lower().replace("trường học", "")
        for term in set(_avoided_terms()) | set(RESERVED_FOR):
            if (m.context, ids[0]) in RESERVED_FOR.get(term, ()):
                continue
            if re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text):
                used.append((term, ids[0], " ".join(strings)))
    assert used == []


def test_one_english_word_with_two_senses_has_two_translations():
    catalogue = _catalogue("vi")
    assert catalogue.get("Home", context="place of residence").string == "Nơi thường trú"
    assert catalogue.get("Home", context="home page").string == "Trang chủ"
    assert catalogue.get("Record", context="verb, button").string == "Ghi nhận"
    assert catalogue.get("Received", context="date a referral was sent").string == "Ngày gửi"


def test_the_string_extractor_understands_every_template_tag_of_the_app(app):
    """A tag the extractor cannot parse makes it skip the whole template: its strings silently leave the catalogue."""
    import configparser
    from pathlib import Path

    config = configparser.ConfigParser()
    config.read(Path(__file__).resolve().parent.parent / "babel.cfg")
    listed = {name.strip() for name in config["jinja2: templates/**.html"]["extensions"].split(",")}
    ours = {name for name in app.jinja_env.extensions if name.startswith("webapp.")}
    assert ours and ours <= listed
