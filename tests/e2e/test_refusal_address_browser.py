"""In a real browser: a refused status form answers on the case page's address, so a reload does not post again."""
import pytest

from tests import factories
from tests.e2e.helpers import sign_in

pytestmark = pytest.mark.browser


def test_a_refused_status_leaves_the_case_page_address_and_a_reload_does_not_post(app, live_server, phone):
    with app.app_context():
        officer = factories.create_user("commune", username="lan")
        code = factories.create_case(user=officer).code
    page = phone
    sign_in(page, live_server, "lan")
    page.goto(live_server + f"/cases/{code}")
    page.select_option("select[name=status]", "identified")
    page.fill("#identification_issuer", "Công an tỉnh Đồng Tháp")
    posts = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    with page.expect_navigation():
        page.locator("#verification form button[type=submit]").click()
    assert page.url == live_server + f"/cases/{code}#verification"
    assert page.locator("#identification_issuer").input_value() == "Công an tỉnh Đồng Tháp"  # kept
    assert len(posts) == 1
    page.reload()
    assert len(posts) == 1  # the reload opened the case page; nothing was posted again
    assert page.locator("h1").count() == 1
