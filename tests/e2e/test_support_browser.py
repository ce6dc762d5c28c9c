"""In a real browser on a 360 px phone: log a support given today from the quick form, in at most two screens."""
import pytest
from sqlalchemy import select

from tests import factories
from tests.e2e.helpers import sign_in

pytestmark = pytest.mark.browser


def test_officer_logs_support_from_the_quick_form(app, live_server, phone):
    with app.app_context():
        officer = factories.create_user("commune", username="lan")
        code = factories.create_case(user=officer).code
    page = phone
    sign_in(page, live_server, "lan")

    page.goto(live_server + "/cases")
    page.locator(f"a[href='/support/quick?case={code}']").click()
    page.wait_for_url(f"{live_server}/support/quick?case={code}")
    # The whole form, from the top of the page to the save button, fits in two phone screens.
    bottom = page.evaluate("document.querySelector('form[data-create-form] button[type=submit]')"
                           ".getBoundingClientRect().bottom + window.scrollY")
    assert bottom <= 2 * 740
    assert page.locator("#case_code").input_value() == code
    page.locator("#regime").select_option("a")
    page.locator("#amount").fill("1.500.000")
    assert page.locator("#amount").get_attribute("inputmode") == "numeric"
    page.locator("#description").fill("Gạo, quần áo")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url(f"{live_server}/support/quick?saved={code}")
    assert code in page.locator(".notice").inner_text()
    assert page.locator("#case_code").input_value() == ""  # ready for the next one
    assert [e for e in page.console_errors if "Content Security Policy" in e] == []

    with app.app_context():
        from webapp.extensions import db
        from webapp.support.models import SupportEvent

        event = db.session.scalar(select(SupportEvent))
        assert (event.regime, event.amount_vnd, event.description) == ("a", 1_500_000, "Gạo, quần áo")
