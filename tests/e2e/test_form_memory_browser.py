"""In a real browser: what an officer types is not kept in the page history Chromium writes to disk for tab restore.

Chromium saves the state of every form control with each page of the history (the tab-restore and
session files on disk), and brings it back on "Back", unless the field or its form says
autocomplete="off" (the same attribute keeps typed text out of its form-history database, which
headless Chromium does not write, so that part is not shown here). tests/test_autocomplete.py checks
every form has it; this shows Chromium honours it, both on fields and, for choices, on the form.
"""
import pytest

from tests import factories
from tests.e2e.helpers import sign_in, wait_until_offline_ready
from tests.e2e.test_outbox_browser import fill_reception

pytestmark = pytest.mark.browser


@pytest.fixture
def lan(app, live_server, phone):
    with app.app_context():
        officer = factories.create_user("commune", username="lan")
        phone.case_code = factories.create_case(officer).code
    sign_in(phone, live_server, "lan")
    return phone


def away_and_back(page, base):
    page.goto(base + "/")
    page.go_back()
    page.wait_for_selector("form[data-create-form]")


def test_quick_support_typed_offline_is_not_brought_back(live_server, lan):
    page = lan
    wait_until_offline_ready(page)
    page.context.set_offline(True)
    page.goto(live_server + "/support/quick")       # the blank copy kept on the phone
    page.locator("#case_code").fill(page.case_code)
    page.locator("#description").fill("Tiền thuốc cho con gái bị sốt xuất huyết")
    page.locator("#eligibility_note").fill("Đã nhận hỗ trợ ở tỉnh khác")
    page.locator("#amount").fill("700000")
    first_choice = page.locator("#regime").input_value()
    page.locator("#regime").select_option(index=1)
    away_and_back(page, live_server)
    for field in ("#case_code", "#description", "#eligibility_note", "#amount"):
        assert page.locator(field).input_value() == "", field
    assert page.locator("#regime").input_value() == first_choice


def test_reception_notes_typed_online_are_not_brought_back(live_server, lan):
    page = lan
    page.goto(live_server + "/cases/new")
    fill_reception(page, name="Lê Thị Bí Mật")     # through every step, notes included
    away_and_back(page, live_server)
    for field in ("#reception_place", "#full_name", "#phone", "#notes"):
        assert page.locator(field).input_value() == "", field
    assert not page.locator("input[name=needs][value=b]").is_checked()
    assert not page.locator("#consent_support").is_checked()
