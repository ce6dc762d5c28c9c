"""In a real browser: forms filled without signal are sealed on the phone and delivered exactly once."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from tests import factories
from tests.e2e.outbox_helpers import sign_in, storage_dump, wait_for, wait_until_offline_ready, waiting

pytestmark = pytest.mark.browser

NAME = "Nguyễn Thị Ngọc Hà"


def count(app, model) -> int:
    with app.app_context():
        from webapp.extensions import db

        return db.session.scalar(select(func.count()).select_from(model))


def fill_reception(page, name=NAME):
    next_step = page.get_by_role("button", name="Tiếp theo")
    page.get_by_label("Hình thức trở về").select_option("foreign_handover")
    page.get_by_label("Cửa khẩu").select_option("dinh_ba")
    page.get_by_label("Ngày tiếp nhận").fill((date.today() - timedelta(days=1)).isoformat())
    page.locator("#reception_place").fill("Nhà văn hoá ấp Hoà Khánh")
    next_step.click()
    page.get_by_label("Họ và tên").fill(name)
    page.locator("label", has_text="Nữ").first.click()
    page.get_by_label("Năm sinh", exact=False).first.fill("1998")
    page.get_by_label("Dân tộc").select_option("01")
    page.locator("#phone").fill("0912 345 678")
    next_step.click()
    next_step.click()
    page.locator("input[name=purposes][value=scam_compound]").check()
    page.locator("#exploitation_country").select_option("KH")
    next_step.click()
    page.locator("input[name=needs][value=b]").check()
    page.locator("#notes").fill("Cần hỗ trợ tâm lý, sợ người môi giới ở xóm Rạch Gốc")
    next_step.click()
    page.locator("#consent_support").check()
    page.locator("#consent_statistics").check()


def test_reception_filled_offline_arrives_once_with_every_field(app, live_server, phone):
    with app.app_context():
        factories.create_user("commune", username="lan")
    page = phone
    sign_in(page, live_server, "lan")
    wait_until_offline_ready(page)

    page.context.set_offline(True)
    page.goto(live_server + "/cases/new")       # the blank copy kept on the phone
    fill_reception(page)
    page.get_by_role("button", name="Lưu hồ sơ").click()
    page.wait_for_url(live_server + "/outbox?saved=case")
    assert "Đã lưu trên điện thoại này" in page.locator("#outbox-saved").inner_text()
    wait_for(lambda: "1 mục chờ gửi" in page.locator("#outbox-summary").inner_text(), message="summary")
    assert "Không có kết nối" in page.locator("#netstatus").inner_text()
    # Nothing typed is readable from the phone's storage.
    dump = storage_dump(page)
    for typed in (NAME, "Ngọc Hà", "0912 345 678", "Rạch Gốc", "Hoà Khánh"):
        assert typed not in dump

    page.context.set_offline(False)
    wait_for(lambda: not waiting(page), message="delivery")
    with app.app_context():
        from webapp.cases.models import Case
        from webapp.extensions import db

        cases = db.session.scalars(select(Case)).all()
        assert len(cases) == 1
        case = cases[0]
        assert case.person.full_name == NAME and case.person.birth_year == 1998
        assert case.person.phone == "0912 345 678"
        assert case.notes == "Cần hỗ trợ tâm lý, sợ người môi giới ở xóm Rạch Gốc"
        assert case.reception_place == "Nhà văn hoá ấp Hoà Khánh"
        assert case.reception_date == date.today() - timedelta(days=1)
        assert case.tag_codes("purpose") == ["scam_compound"] and case.has_consent("support")
    assert [e for e in page.console_errors if "Content Security Policy" in e] == []
