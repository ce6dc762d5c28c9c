"""Nothing typed into Sen is kept by the browser: every form where one types has autocomplete="off".

Chromium keeps typed values in its form history database, and the state of every form control in
the session history it writes to disk for tab restore, unless the control or its form says
`autocomplete="off"` (tests/e2e/test_form_memory_browser.py shows Chromium honours it; either level
alone is enough there). Sen puts it on the form, which covers choices such as radios and selects, and on
every field one types in, which the form macro does by default.

The forms are found by rendering every page for every role, so a new form is checked without
being listed here; the pages' URL arguments come from the access matrix's SAMPLES.
"""
from html.parser import HTMLParser

import pytest

from tests import factories
from tests.conftest import Browserish
from tests.test_access_matrix import ROLES, sample_objects, url_for_rule

TYPED = {"text", "search", "tel", "email", "number", "date", "datetime-local", "month", "week", "time", "url",
         "password"}
CHOSEN = {"checkbox", "radio"}
# A password manager's own tokens: they ask for sign-in help, not for form history.
CREDENTIALS = {"username", "current-password", "new-password"}


class Forms(HTMLParser):
    """The POST forms of a page, each with its attributes and its controls."""

    def __init__(self):
        super().__init__()
        self.forms, self.current = [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self.current = {"attrs": attrs, "controls": []}
            self.forms.append(self.current)
        elif tag in ("input", "textarea", "select") and self.current is not None:
            kind = tag if tag != "input" else (attrs.get("type") or "text").lower()
            self.current["controls"].append((kind, attrs))

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None


def typed(kind: str) -> bool:
    return kind in TYPED or kind == "textarea"


def problems_of(page: str, html: str) -> list[str]:
    parser = Forms()
    parser.feed(html)
    found = []
    for form in parser.forms:
        where = f"{page} form {form['attrs'].get('action') or form['attrs'].get('id') or ''}"
        controls = [(kind, attrs) for kind, attrs in form["controls"]
                    if (typed(kind) or kind in CHOSEN or kind == "select")
                    and (attrs.get("autocomplete") or "") not in CREDENTIALS]
        if controls and form["attrs"].get("autocomplete") != "off":
            found.append(f"{where}: the form lacks autocomplete=off")
        for kind, attrs in controls:
            if typed(kind) and attrs.get("autocomplete") != "off":
                found.append(f"{where}: {kind} {attrs.get('name')} lacks autocomplete=off")
    return found


def signed_in(app, role: str, objs: dict) -> Browserish:
    with app.app_context():
        from webapp.extensions import db
        from webapp.referrals.models import Referral

        extra = {}
        if role == "shelter":
            # The centre the sample case was referred to: it sees the forms that answer a referral.
            extra["agency_id"] = db.session.get(Referral, objs["referral_id"]).to_agency_id
        user = factories.create_user(role, **extra)
    client = Browserish(app)
    assert client.login(user.username).status_code == 303
    return client


def test_the_walk_finds_a_field_without_autocomplete_off():
    page = """<form method="post" autocomplete="off"><input name="a" autocomplete="off">
              <textarea name="notes"></textarea></form>
              <form method="post"><input type="radio" name="sex" value="f"></form>
              <form method="post"><input type="password" name="p" autocomplete="current-password"></form>
              <form method="get"><input name="q"></form>"""
    assert problems_of("/x", page) == ["/x form : textarea notes lacks autocomplete=off",
                                       "/x form : the form lacks autocomplete=off"]


@pytest.mark.parametrize("role", ROLES)
def test_every_form_a_role_can_open_keeps_nothing_typed(app, role):
    with app.app_context():
        objs = sample_objects()
    client = signed_in(app, role, objs)
    problems, pages = [], 0
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "GET" not in rule.methods or rule.endpoint in ("static", "auth.logout"):
            continue
        url = url_for_rule(rule, objs)
        response = client.get(url)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        pages += 1
        problems += problems_of(url, response.get_data(as_text=True))
    assert pages
    assert problems == []
