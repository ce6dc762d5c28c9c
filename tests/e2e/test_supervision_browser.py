"""On a phone: the province records a supervision visit with a recommendation; the commune officer finds it in
"my work", marks it done; the province sees who did it. The dashboard and the targets page fit 360 px. No CSP
errors."""
from datetime import date, timedelta

import pytest

from tests import factories
from tests.e2e.helpers import sign_in

pytestmark = pytest.mark.browser


def _fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_a_commune_marks_a_recommendation_done_and_the_province_sees_it(app, live_server, phone, browser):
    with app.app_context():
        factories.create_user("commune", username="lan", full_name="Trần Thị Lan")
        factories.create_user("province", username="tinh")
    a = factories.COMMUNE_A
    province = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True,
                                   has_touch=True, locale="vi-VN").new_page()
    province.console_errors = []
    province.on("console", lambda msg: province.console_errors.append(msg.text) if msg.type == "error" else None)
    sign_in(province, live_server, "tinh")
    province.goto(live_server + "/supervision/new")
    _fits(province)
    province.get_by_label("Ngày kiểm tra").fill((date.today() - timedelta(days=1)).isoformat())
    province.get_by_label("Xã, phường được kiểm tra").select_option(a)
    province.get_by_label("Thành phần đoàn kiểm tra").fill("Phòng Bảo trợ xã hội")
    province.get_by_label("Nội dung kiểm tra").fill("Sổ tiếp nhận, hồ sơ hỗ trợ")
    province.locator("#recommendations-0-text").fill("Cập nhật sổ tiếp nhận")
    province.locator("#recommendations-0-due_on").fill((date.today() + timedelta(days=3)).isoformat())
    province.get_by_role("button", name="Lưu").click()
    province.wait_for_url(f"{live_server}/supervision/*")
    visit_url = province.url

    page = phone
    sign_in(page, live_server, "lan")
    page.goto(live_server + "/my-work")
    reminder = page.get_by_test_id("supervision-reminder")
    assert "Cập nhật sổ tiếp nhận" in reminder.inner_text()
    reminder.get_by_role("link").first.click()
    _fits(page)
    page.get_by_label("Đã thực hiện những gì (không bắt buộc)").fill("Đã cập nhật đủ")
    page.locator("[data-testid^=mark-done-]").click()
    page.wait_for_url(f"{visit_url}*")
    assert page.get_by_test_id("rec-done").is_visible()

    province.goto(visit_url)
    assert "Trần Thị Lan" in province.locator("#recommendations").inner_text()
    for url in ("/dashboard", "/targets", f"/targets/commune-{a}"):
        province.goto(live_server + url)
        _fits(province)
    page.goto(live_server + "/dashboard")
    _fits(page)
    for p in (page, province):
        assert [e for e in p.console_errors if "Content Security Policy" in e] == []
    province.context.close()
