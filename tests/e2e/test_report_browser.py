"""On a phone: a commune officer writes and submits the quarterly report, the province returns it, the officer
corrects and resubmits, the province accepts; the status board shows each step. No CSP errors, no sideways
scrolling at 360 px."""
from datetime import date

import pytest

from tests import factories
from tests.e2e.helpers import sign_in

pytestmark = pytest.mark.browser


def _fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def _board_status(page, base, year, commune):
    page.goto(f"{base}/reports/board?year={year}&kind=q1")
    _fits(page)
    return page.locator(f"[data-unit='commune-{commune}'] [data-testid=status]").inner_text()


def test_quarterly_report_cycle_on_a_phone(app, live_server, phone, browser):
    with app.app_context():
        from webapp.i18n import local_today
        from webapp.reports.periods import current_period, default_period

        today = local_today()
        current = current_period(today).year
        # The latest first-quarter report whose window has ended (one can be submitted only then).
        year = current if default_period(current, "q1").ends_on < today else current - 1
        officer = factories.create_user("commune", username="lan")
        factories.create_user("province", username="tinh")
        factories.create_case(officer, reception_date=date(year, 1, 15), id_number=None)
    a = factories.COMMUNE_A
    page = phone
    sign_in(page, live_server, "lan")
    page.goto(live_server + "/reports")
    page.get_by_role("link", name=f"Báo cáo quý I {year}").click()
    page.wait_for_url(f"{live_server}/reports/{year}/q1/commune-{a}")
    _fits(page)
    assert page.get_by_test_id("status").first.inner_text() == "Chưa bắt đầu"
    page.get_by_label("Kết quả thực hiện trong kỳ").fill("Tiếp nhận 1 trường hợp, đã hỗ trợ.")
    page.get_by_label("Khó khăn, vướng mắc").fill("Thiếu kinh phí hỗ trợ ban đầu.")
    page.get_by_test_id("submit-report").click()
    page.wait_for_url(f"{live_server}/reports/{year}/q1/commune-{a}")
    assert page.get_by_test_id("status").first.inner_text() == "Đã gửi"
    assert page.locator("#table-reception [data-row=cases] td").first.inner_text() == "1"

    province = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True,
                                   has_touch=True, locale="vi-VN").new_page()
    province.console_errors = []
    province.on("console", lambda msg: province.console_errors.append(msg.text) if msg.type == "error" else None)
    sign_in(province, live_server, "tinh")
    assert _board_status(province, live_server, year, a) == "Đã gửi"
    province.locator(f"[data-unit='commune-{a}'] a").click()
    province.get_by_label("Ý kiến gửi đơn vị (nội dung cần sửa)").fill("Bổ sung khó khăn về nhân lực.")
    province.get_by_test_id("return-report").click()
    province.wait_for_url(f"{live_server}/reports/{year}/q1/commune-{a}")
    assert _board_status(province, live_server, year, a) == "Bị trả lại để sửa"

    page.goto(live_server + "/my-work")
    assert page.get_by_test_id("report-reminder").is_visible()  # a returned report always shows in "my work"
    page.get_by_test_id("open-report-q1").click()
    assert "Bổ sung khó khăn về nhân lực." in page.get_by_test_id("return-comment").inner_text()
    page.get_by_label("Khó khăn, vướng mắc").fill("Thiếu kinh phí và thiếu cán bộ chuyên trách.")
    page.get_by_test_id("submit-report").click()
    page.wait_for_url(f"{live_server}/reports/{year}/q1/commune-{a}")
    assert page.get_by_test_id("status").first.inner_text() == "Đã gửi"
    assert page.get_by_test_id("version-row").count() == 2
    assert _board_status(province, live_server, year, a) == "Đã gửi"

    province.locator(f"[data-unit='commune-{a}'] a").click()
    province.get_by_test_id("accept-report").click()
    province.wait_for_url(f"{live_server}/reports/{year}/q1/commune-{a}")
    assert _board_status(province, live_server, year, a) == "Đã chấp nhận"
    province.goto(f"{live_server}/reports/{year}/q1/province")
    _fits(province)
    assert province.locator("#table-reception [data-row=cases] td").first.inner_text() == "1"

    page.reload()
    assert page.get_by_test_id("status").first.inner_text() == "Đã chấp nhận"
    assert page.locator("#report-narrative form").count() == 0  # nothing left to write
    for p in (page, province):
        assert [e for e in p.console_errors if "Content Security Policy" in e] == []
    province.context.close()
