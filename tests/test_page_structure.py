"""Every page each role reaches: ids are unique, and every reference to an id (a label's `for`,
aria-describedby, aria-labelledby, aria-controls, an in-page link) names an element that is there.

A label must name a control it can label: the label of a group of checkboxes or radios is a legend.
"""
from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

import pytest

from tests import pages
from tests.conftest import Browserish
from webapp.extensions import db

LABELABLE = {"input", "select", "textarea", "button", "meter", "output", "progress"}
REFERENCES = ("aria-describedby", "aria-labelledby", "aria-controls", "aria-owns", "list")


class Structure(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: Counter = Counter()
        self.tags: dict[str, str] = {}
        self.refs: list[tuple[str, str, str]] = []  # (attribute, id, the tag that refers)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids[a["id"]] += 1
            self.tags[a["id"]] = tag
        if tag == "label" and a.get("for"):
            self.refs.append(("for", a["for"], tag))
        for name in REFERENCES:
            for ref in (a.get(name) or "").split():
                self.refs.append((name, ref, tag))
        href = a.get("href") or ""
        if tag == "a" and href.startswith("#") and len(href) > 1:
            self.refs.append(("href", href[1:], tag))


def problems(html: str) -> list[str]:
    s = Structure()
    s.feed(html)
    found = [f'id "{i}" is used {n} times' for i, n in s.ids.items() if n > 1]
    for attribute, ref, tag in s.refs:
        if ref not in s.ids:
            found.append(f'<{tag} {attribute}="{ref}"> names no element')
        elif attribute == "for" and s.tags[ref] not in LABELABLE:
            found.append(f'<label for="{ref}"> names a <{s.tags[ref]}>, which a label cannot name (use fieldset and legend)')
    return found


def test_the_case_page_status_select_has_its_own_id_and_its_label():
    """The failing-first case of issue #10 item 1, kept as a plain example of what `problems` finds."""
    page = '<section id="status"><label for="status">Status</label><select id="status"></select></section>'
    assert problems(page) == ['id "status" is used 2 times']


@pytest.fixture
def crawled(app):
    with app.app_context():
        usernames = pages.seed()
        db.session.remove()
    return usernames


@pytest.mark.parametrize("role", pages.ROLES)
def test_every_page_a_role_reaches_has_unique_ids_and_references_that_resolve(app, crawled, role):
    client = Browserish(app)
    assert client.login(crawled[role]).status_code == 303

    def get(path):
        response = client.get(path)
        return response.status_code, response.get_data(as_text=True)

    visited = pages.discover(get, role)
    assert len(visited) >= 5, visited
    found = {path: p for path in visited if (p := problems(get(path)[1]))}
    assert not found, "\n".join(f"{path}: {'; '.join(p)}" for path, p in found.items())
