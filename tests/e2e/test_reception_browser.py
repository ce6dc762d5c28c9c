"""In a real browser on a 360 px phone: record a case through every step, find it without diacritics, open it."""
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests import factories
from tests.e2e.helpers import sign_in

pytestmark = pytest.mark.browser



def test_officer_records_a_reception_step_by_step_and_finds_it(app, live_server, phone):
    with app.app_context():
        factories.create_user("commune", username="lan")
    page = phone
    sign_in(page, live_server, "lan")
    page.goto(live_server + "/cases/new")
    next_step = page.get_by_role("button", name="Tiếp theo")

    # Step 1: reception
    assert page.locator(".step-progress").inner_text() == "Bước 1 / 6"
    page.get_by_label("Hình thức tiếp nhận").select_option("foreign_handover")
    page.get_by_label("Cửa khẩu").select_option("dinh_ba")
    page.get_by_label("Ngày tiếp nhận").fill((date.today() - timedelta(days=1)).isoformat())
    next_step.click()
    # Step 2: the person
    assert page.locator(".step-progress").inner_text() == "Bước 2 / 6"
    page.get_by_label("Họ và tên").fill("Nguyễn Thị Lành")
    page.locator("label", has_text="Nữ").first.click()
    page.get_by_label("Năm sinh", exact=False).first.fill("1999")
    page.get_by_label("Dân tộc").select_option("01")
    page.locator("#phone").fill("0912 345 678")
    assert page.locator("#phone").get_attribute("type") == "tel"
    next_step.click()
    # Step 3: children
    page.locator("#children-0-sex").select_option("male")
    page.locator("#children-0-age").fill("4")
    next_step.click()
    # Step 4: what happened
    page.locator("input[name=purposes][value=scam_compound]").check()
    page.locator("#exploitation_country").select_option("KH")
    next_step.click()
    # Step 5: needs
    page.locator("input[name=needs][value=b]").check()
    next_step.click()
    # Step 6: consent, then save
    page.locator("#consent_support").check()
    page.locator("#consent_statistics").check()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_role("button", name="Lưu hồ sơ").click()
    page.wait_for_url(live_server + "/cases/DT-*")
    assert page.locator("h1").inner_text() == "Nguyễn Thị Lành"
    code = page.url.rsplit("/", 1)[1]

    # Find it by typing without diacritics, then open it
    page.goto(live_server + "/cases")
    page.locator("#q").fill("nguyen thi lanh")
    page.wait_for_selector(f"#case-list a:has-text('{code}')")
    page.locator(f"#case-list a:has-text('{code}')").click()
    page.wait_for_url(live_server + f"/cases/{code}")
    assert "Nguyễn Thị Lành" in page.locator("h1").inner_text()
    assert page.url.endswith(code) and "lanh" not in page.url.lower()
    assert [e for e in page.console_errors if "Content Security Policy" in e] == []

    with app.app_context():
        from webapp.cases.models import Case
        from webapp.extensions import db

        case = db.session.scalar(select(Case).where(Case.code == code))
        assert case.person.birth_year == 1999 and case.children[0].age == 4
        assert case.tag_codes("purpose") == ["scam_compound"] and case.has_consent("support")
