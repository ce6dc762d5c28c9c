"""In a real browser: a commune officer signs in, sees the Vietnamese home page, and signs out."""
import pytest

from tests import factories
from tests.e2e.helpers import wait_until_worker_answers

pytestmark = pytest.mark.browser


def test_commune_officer_signs_in_and_out_on_a_phone(app, live_server, phone):
    with app.app_context():
        factories.create_user("commune", username="lan", full_name="Nguyễn Thị Lan")
    page = phone
    page.goto(live_server + "/")
    assert page.url.startswith(live_server + "/login")
    assert page.locator("h1").inner_text() == "Đăng nhập"
    page.get_by_label("Tên đăng nhập").fill("lan")
    page.get_by_label("Mật khẩu").fill(factories.PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(live_server + "/")
    wait_until_worker_answers(page)     # the connection bar appears and moves the page: tap after it
    assert "Nguyễn Thị Lan" in page.locator("h1").inner_text()
    assert page.locator("html").get_attribute("lang") == "vi"
    assert "Cán bộ xã" in page.get_by_test_id("role").inner_text() or page.get_by_test_id("role").inner_text()
    # Nothing wider than the phone: no sideways scrolling
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.locator("summary").click()
    page.get_by_test_id("logout").click()
    page.wait_for_url(live_server + "/login")
    assert page.locator(".flash").inner_text()
    page.goto(live_server + "/")
    assert page.url.startswith(live_server + "/login")
    assert [e for e in page.console_errors if "Content Security Policy" in e] == []
