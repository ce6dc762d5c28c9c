"""Every page every role can open, in Vietnamese: nothing raw on screen.

A person reading Sen on a phone must never see a program's words: a snake_case key
(`birth_year_estimated`, `status=accepted`), an ISO date (2026-05-01) or True/False/None.
The test signs in as each role, opens every page that takes no argument plus the detail pages
of seeded records, keeps only the text a person sees (no tags, scripts, styles or attributes)
and fails on what is raw. Fast: the test client, no browser.
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from html.parser import HTMLParser

import pytest

from tests import factories
from tests.test_access_matrix import ROLES, sample_objects, url_for_rule
from webapp.extensions import db

SNAKE = re.compile(r"\b[a-z]+_[a-z0-9_]*[a-z0-9]\b")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
PY_WORDS = re.compile(r"\b(True|False|None)\b")
KEY_VALUE = re.compile(r"\b[a-z]+[=:][a-z0-9]+\b")  # status=accepted, consent:share

# The catalogue form's hint gives an example of a code ("e.g. forced_marriage"): a code on purpose.
EXAMPLES = {"forced_marriage"}
# Pages that are not documents a person reads on screen.
NOT_PAGES = {"static", "pwa.service_worker", "pwa.manifest", "pwa.sealing_key", "pwa.outbox_token",
             "auth.logout", "training.sheet_export"}


class VisibleText(HTMLParser):
    """The text nodes a browser shows: not inside <script>, <style>, <template>, nor the <head>.

    One narrow exception: text in <code> is a code shown on purpose (the catalogue pages show the
    administrator each entry's stable code, which they typed and may need to quote).
    """

    HIDDEN = {"script", "style", "template", "head", "title", "code"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    return parser.parts


def raw_words(html: str, allowed: set[str]) -> list[str]:
    found = []
    for text in visible_text(html):
        for pattern in (SNAKE, ISO_DATE, PY_WORDS, KEY_VALUE):
            found += [m for m in pattern.findall(text) if m not in allowed]
    return found


def _richer_records(objs: dict) -> None:
    """Records whose pages show the most: an accepted referral, a forwarded tip-off, a visit done."""
    from webapp.cases.models import Case
    from webapp.cases.services import record_consent, set_status
    from webapp.referrals import services as referrals

    case = db.session.scalar(db.select(Case).where(Case.code == objs["case_code"]))
    officer = case.events[0].user
    record_consent(case, "share", True, date.today(), officer)
    set_status(case, {"status": "identified", "identification_doc_number": "12/QĐ",
                      "identification_date": date.today(), "identification_issuer": "Công an tỉnh",
                      "still_abroad": False, "legal_regime": ""}, str(case.version), officer)
    db.session.commit()
    referral = factories.create_referral(case, to_commune_code=factories.COMMUNE_B)
    receiver = factories.create_user("commune", commune_code=factories.COMMUNE_B)
    referrals.accept(referral, str(referral.version), receiver)
    db.session.commit()
    factories.create_followup(case, done_on=date.today() - timedelta(days=1), findings="Ổn định",
                              due_on=date.today() - timedelta(days=2))
    factories.create_tipoff(classification="suspected_trafficking", forwarded_agency_id=objs["agency_id"],
                            forwarded_on=date.today() - timedelta(days=1))


@pytest.fixture
def records(app):
    with app.app_context():
        objs = sample_objects()
        _richer_records(objs)
        return objs


def _pages(app, objs) -> list[str]:
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in NOT_PAGES:
            continue
        urls.append(url_for_rule(rule, objs))
    return sorted(set(urls))


@pytest.mark.parametrize("role", ROLES)
def test_no_raw_words_on_any_page(app, client, records, role):
    with app.app_context():
        user = factories.create_user(role, commune_code=factories.COMMUNE_A if role in ("commune", "volunteer")
                                     else None)
        username = user.username
    assert client.login(username).status_code == 303
    problems = {}
    shown = 0
    for url in _pages(app, records):
        response = client.get(url)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        shown += 1
        found = raw_words(response.get_data(as_text=True), {username} | EXAMPLES)
        if found:
            problems[url] = sorted(set(found))
    if role != "admin":  # the person's copy is a page too
        response = client.post(f"/cases/{records['case_code']}/export", {"format": "html"})
        if response.status_code == 200:
            found = raw_words(response.get_data(as_text=True), {username})
            if found:
                problems["export"] = sorted(set(found))
    assert shown > 3
    assert problems == {}, "\n".join(f"{url}: {words}" for url, words in problems.items())


def test_the_check_finds_raw_words():
    html = ('<html><head><title>x_y</title></head><body><script>var a_b = 1;</script>'
            '<p data-x="full_name">Họ tên: full_name, 2026-05-01, True (status=accepted) 10:45</p>'
            '<input value="2026-01-01"></body></html>')
    assert raw_words(html, set()) == ["full_name", "2026-05-01", "True", "status=accepted"]
