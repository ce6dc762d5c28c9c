"""A realistic data set, one account per role, and the pages each role reaches from its menu.

Used by the page-structure test (ids and references, no browser) and by the accessibility crawl in
tests/e2e: both find pages by following links, so a new page linked from a menu page is covered at once.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

from tests import factories
from webapp.auth.roles import Role

ROLES = [role.value for role in Role]

# Links that do not lead to an HTML page, or that change the state of the session; and the sign-in sheet,
# a page made to be printed on A4 paper, not read on a phone.
SKIP = re.compile(r"(/logout|/export|\.xlsx|\.csv|\.json|/sw\.js|/manifest|/static/|/outbox/(key|token)|/sheet$)")
# How many pages of one URL shape (digits and case codes replaced) are visited per role: enough to see a
# page with data and one without, few enough to keep the crawl quick.
PER_SHAPE = 2
# Forms that create a record, visited whether or not a link to them was found.
CREATE_FORMS = {
    "commune": ["/cases/new", "/support/quick", "/tipoffs/new", "/followups/visit", "/outreach/new"],
    "province": ["/cases/new", "/tipoffs/new", "/outreach/new"],
    "shelter": ["/cases/new"],
    "volunteer": ["/outreach/new"],
    "trainer": ["/training/new"],
    "admin": ["/admin/users/new", "/admin/agencies/new"],
}


def seed() -> dict[str, str]:
    """Accounts of every role and a little of everything they work on. Returns role -> username."""
    from datetime import date, timedelta

    from tests.training.helpers import create_course
    from webapp.extensions import db

    centre = factories.create_agency(kind="protection_centre", name="Trung tâm Công tác xã hội tỉnh")
    users = {
        "commune": factories.create_user("commune", username="a11y-commune"),
        "province": factories.create_user("province", username="a11y-province"),
        "shelter": factories.create_user("shelter", username="a11y-shelter", agency_id=centre.id),
        "volunteer": factories.create_user("volunteer", username="a11y-volunteer"),
        "trainer": factories.create_user("trainer", username="a11y-trainer"),
        "admin": factories.create_user("admin", username="a11y-admin"),
    }
    officer = users["commune"]
    case = factories.create_case(officer, purposes=["sexual_exploitation", "scam_compound"],
                                 risk_flags=["pregnant"])
    factories.create_support_event(case)
    factories.create_support_event(case, regime="b", status="planned", given_on=None, amount_vnd=None)
    factories.create_referral(case, to_agency=centre)
    factories.create_followup(case)
    factories.create_followup(case, due_on=date.today() - timedelta(days=3))
    factories.create_protection(case)
    factories.create_case(officer, full_name="Trần Văn Minh", sex="male", id_number="087199004321")
    factories.create_tipoff(officer)
    factories.create_outreach_session(users["volunteer"])
    factories.create_outreach_session(officer)
    factories.create_key_area()
    create_course(sessions=2, participants=3)
    db.session.commit()
    return {role: user.username for role, user in users.items()}


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href") and "download" not in a:
            self.hrefs.append(a["href"])


def links(html: str) -> list[str]:
    parser = Links()
    parser.feed(html)
    found = []
    for href in parser.hrefs:
        href = urldefrag(href)[0]
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.startswith("/") or SKIP.search(parts.path):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def shape(path: str) -> str:
    """/cases/DT-2026-00012 and /cases/DT-2026-00013 have one shape; so have /training/3 and /training/4."""
    return re.sub(r"/[A-Z]{2,}[-A-Z0-9]*\d[-A-Z0-9]*", "/<code>", re.sub(r"\d+", "<n>", path))


def discover(get, role: str, depth: int = 2) -> list[str]:
    """The pages `role` reaches from the home page and its menu, `depth` links away, plus its create forms
    and the pages of a new shape one link further.

    `get(path)` returns (status, html). Pages that answer other than 200 with HTML are left out.
    """
    seen_shapes: dict[str, int] = {}
    pages: list[str] = []
    bodies: dict[str, str] = {}

    def visit(path):
        if path in bodies or path in pages:
            return False
        key = shape(path)
        if seen_shapes.get(key, 0) >= PER_SHAPE:
            return False
        status, html = get(path)
        if status != 200 or "<html" not in html[:200].lower():
            return False
        seen_shapes[key] = seen_shapes.get(key, 0) + 1
        pages.append(path)
        bodies[path] = html
        return True

    frontier = ["/"]
    visit("/")
    for _ in range(depth):
        following = []
        for path in frontier:
            for href in links(bodies[path]):
                if visit(href):
                    following.append(href)
        frontier = following
    # One step further, only to page shapes not seen yet: the forms and pages a detail page leads to
    # (a case's support and protection forms, a course's attendance and report).
    for path in frontier:
        for href in links(bodies[path]):
            if shape(href) not in seen_shapes:
                visit(href)
    for path in CREATE_FORMS.get(role, []):
        visit(path)
    return pages
