"""In a real browser on a phone: an officer logs a tip-off, sees it counted, classifies it; no CSP errors."""
import re

import pytest
from sqlalchemy import select

from tests import factories
from tests.e2e.helpers import sign_in

pytestmark = pytest.mark.browser


def test_officer_logs_and_classifies_a_tip_off_on_a_phone(app, live_server, phone):
    with app.app_context():
        factories.create_user("commune", username="lan")
    page = phone
    sign_in(page, live_server, "lan")
    page.goto(live_server + "/tipoffs/new")
    assert page.locator("[name=submission_id]").input_value()  # made in the browser when the form opened
    page.locator("[name=summary]").fill("Người dân báo có xe đón lao động đi Campuchia lúc nửa đêm.")
    page.locator("[name=channel]").select_option("hotline")
    page.locator("form[data-create-form] [type=submit]").click()
    page.wait_for_url(re.compile(r".*/tipoffs/TB-\d{4}-\d{5}$"))
    code = page.url.rsplit("/", 1)[1]
    page.goto(live_server + "/tipoffs")
    assert page.get_by_test_id("unclassified-count").inner_text() == "1"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.locator(f"a[href$='{code}']").click()
    page.locator("#tipoff-handling [name=classification]").select_option("suspected_trafficking")
    page.locator("#tipoff-handling [type=submit]").click()
    page.wait_for_url(live_server + f"/tipoffs/{code}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    with app.app_context():
        from webapp.extensions import db
        from webapp.tipoffs.models import TipOff

        assert db.session.scalar(select(TipOff.classification).where(TipOff.code == code)) == "suspected_trafficking"
    assert [e for e in page.console_errors if "Content Security Policy" in e] == []

