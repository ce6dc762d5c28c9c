"""In a real browser on a 360 px phone: centre staff open their inbox, accept a waiting referral, then open the case."""
import pytest

from tests import factories
from tests.e2e.helpers import sign_in

pytestmark = pytest.mark.browser



def test_centre_staff_accept_a_referral_from_their_inbox_on_a_phone(app, live_server, phone):
    with app.app_context():
        centre = factories.create_agency(name="Trung tâm Bảo trợ xã hội Đồng Tháp")
        factories.create_user("shelter", username="hoa", agency_id=centre.id)
        case = factories.create_case(consent_share=True, full_name="Nguyễn Thị Lành")
        referral = factories.create_referral(case, centre, reason="Cần chỗ ở tạm thời và hỗ trợ tâm lý.")
        code, referral_id = case.code, referral.id
    page = phone
    sign_in(page, live_server, "hoa")
    page.locator("a.tile[href='/referrals']").click()
    page.wait_for_url(live_server + "/referrals")
    assert page.get_by_test_id("waiting-count").inner_text() == "1"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.locator(f"#referral-list a[href='/referrals/{referral_id}']").click()
    page.wait_for_url(live_server + f"/referrals/{referral_id}")
    assert page.get_by_test_id("open-case").count() == 0  # not before accepting
    with page.expect_navigation():
        page.get_by_test_id("accept").click()
    assert page.url == live_server + f"/referrals/{referral_id}"
    page.get_by_test_id("open-case").click()
    page.wait_for_url(live_server + f"/cases/{code}")
    assert page.locator("h1").inner_text() == "Nguyễn Thị Lành"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert [e for e in page.console_errors if "Content Security Policy" in e] == []

    with app.app_context():
        from webapp.extensions import db
        from webapp.referrals.models import Referral

        assert db.session.get(Referral, referral_id).status == "accepted"
