"""In a real browser: the server's rules are checked on the phone, so a broken entry is never sealed."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests import factories
from tests.e2e.helpers import outbox, sign_in, wait_for, wait_until_offline_ready, waiting

pytestmark = pytest.mark.browser

NAME = "Lê Thị Kiểm Tra"


def focused_id(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def assert_refused(page, field_id, message):
    """The message sits beside the field, is announced with it, and the field has the focus."""
    error = page.locator(f"#{field_id}-error")
    assert error.is_visible() and error.inner_text() == message
    field = page.locator(f"#{field_id}")
    assert field.get_attribute("aria-invalid") == "true"
    assert f"{field_id}-error" in field.get_attribute("aria-describedby").split()
    assert page.locator(f".field.has-error #{field_id}-error").count() == 1


def step(page) -> str:
    return page.locator(".step-progress").inner_text()


@pytest.fixture
def lan(app, live_server, phone):
    with app.app_context():
        factories.create_user("commune", username="lan")
    sign_in(phone, live_server, "lan")
    wait_until_offline_ready(phone)
    return phone


def test_an_invalid_offline_reception_is_refused_on_the_phone_then_fixed_queued_and_delivered_once(
        app, live_server, lan):
    page = lan
    page.context.set_offline(True)
    page.goto(live_server + "/cases/new")           # the blank copy kept on the phone
    next_step = page.get_by_role("button", name="Tiếp theo")

    # A quick entry: no route is chosen beforehand, and the step says so instead of moving on.
    assert page.locator("#arrival_route").input_value() == ""
    next_step.click()
    assert step(page) == "Bước 1 / 6"
    assert_refused(page, "arrival_route", "Ô này là bắt buộc.")
    assert focused_id(page) == "arrival_route"

    # A handover needs its border gate; the first message goes once the route is chosen.
    page.locator("#arrival_route").select_option("foreign_handover")
    assert page.locator("#arrival_route-error").count() == 0
    next_step.click()
    assert step(page) == "Bước 1 / 6"
    assert_refused(page, "border_gate", "Chọn cửa khẩu nơi trao trả.")
    page.locator("#border_gate").select_option("dinh_ba")
    next_step.click()

    # Step 2: a year of birth out of range.
    assert step(page) == "Bước 2 / 6"
    page.get_by_label("Họ và tên").fill(NAME)
    page.locator("label", has_text="Nữ").first.click()
    page.locator("#birth_year").fill("1800")
    next_step.click()
    year = date.today().year
    assert_refused(page, "birth_year", f"Nhập năm trong khoảng từ {year - 110} đến {year}.")
    page.locator("#birth_year").fill("1998")
    next_step.click()

    # Step 3: a child needs both sex and age.
    page.locator("#children-0-sex").select_option("male")
    next_step.click()
    assert_refused(page, "children-0-age", "Nhập cả giới tính và tuổi của từng trẻ.")
    page.locator("#children-0-age").fill("4")
    next_step.click()

    # Step 4: a return before the departure.
    assert step(page) == "Bước 4 / 6", page.locator(".error").all_inner_texts()
    page.locator("#departed_on").fill((date.today() - timedelta(days=30)).isoformat())
    page.locator("#returned_on").fill((date.today() - timedelta(days=40)).isoformat())
    next_step.click()
    assert_refused(page, "returned_on", "Ngày trở về không thể trước ngày rời đi.")
    page.locator("#returned_on").fill((date.today() - timedelta(days=2)).isoformat())
    next_step.click()
    next_step.click()
    assert step(page) == "Bước 6 / 6"

    # Saving with a field of an earlier step emptied: the form goes back to it, nothing is sealed.
    page.evaluate("document.getElementById('full_name').value = ''")
    page.get_by_role("button", name="Lưu hồ sơ").click()
    assert step(page) == "Bước 2 / 6"
    assert_refused(page, "full_name", "Ô này là bắt buộc.")
    assert focused_id(page) == "full_name"
    assert page.url == live_server + "/cases/new"
    assert outbox(page)["entries"] == []

    # Fixed, it is sealed and waits; with the signal back it arrives once.
    page.locator("#full_name").fill(NAME)
    for _ in range(4):
        next_step.click()
    page.get_by_role("button", name="Lưu hồ sơ").click()
    page.wait_for_url(live_server + "/outbox?saved=case")
    assert len(waiting(page)) == 1
    page.context.set_offline(False)
    wait_for(lambda: not waiting(page), message="delivery")
    assert [e for e in outbox(page)["entries"]] == []
    with app.app_context():
        from webapp.cases.models import Case
        from webapp.extensions import db

        cases = db.session.scalars(select(Case)).all()
        assert len(cases) == 1
        case = cases[0]
        assert case.person.full_name == NAME and case.person.birth_year == 1998
        assert (case.arrival_route, case.border_gate) == ("foreign_handover", "dinh_ba")
        assert [(c.sex, c.age) for c in case.children] == [("male", 4)]
    assert [e for e in page.console_errors if "Content Security Policy" in e] == []


def test_quick_support_without_what_was_given_is_refused_offline_then_queued(app, live_server, lan):
    page = lan
    page.context.set_offline(True)
    page.goto(live_server + "/support/quick")
    page.locator("#case_code").fill("DT-2026-00001")
    page.locator("#regime").select_option("a")
    page.locator("form[data-create-form] [type=submit]").click()
    assert_refused(page, "description", "Nhập số tiền (đồng) hoặc mô tả nội dung hỗ trợ.")
    assert outbox(page)["entries"] == []
    # An amount is enough too: the rule holds only while both are empty.
    page.locator("#amount").fill("500.000")
    page.locator("form[data-create-form] [type=submit]").click()
    page.wait_for_url(live_server + "/outbox?saved=*")
    assert len(waiting(page)) == 1


def test_online_the_same_check_saves_a_round_trip(app, live_server, lan):
    page = lan
    page.goto(live_server + "/tipoffs/new")
    page.locator("[name=channel]").select_option("hotline")
    requests = []
    page.on("request", lambda r: requests.append(r.method) if r.url.endswith("/tipoffs/new") else None)
    page.locator("form[data-create-form] [type=submit]").click()
    assert_refused(page, "summary", "Ô này là bắt buộc.")
    assert "POST" not in requests
    page.locator("[name=summary]").fill("Có người lạ rủ đi làm ở nước ngoài.")
    page.locator("form[data-create-form] [type=submit]").click()
    page.wait_for_url(live_server + "/tipoffs/TB-*")


def test_the_reception_warns_of_an_earlier_case_while_it_is_typed_and_links_to_it(app, live_server, phone):
    with app.app_context():
        lan = factories.create_user("commune", username="lan")
        code = factories.create_case(user=lan, full_name="Trần Thị Mai", birth_year=1995, id_number=None).code
    page = phone
    sign_in(page, live_server, "lan")
    page.goto(live_server + "/cases/new")
    next_step = page.get_by_role("button", name="Tiếp theo")
    page.locator("#arrival_route").select_option("other")
    next_step.click()
    page.get_by_label("Họ và tên").fill("Tran Thi Mai")
    page.locator("label", has_text="Nữ").first.click()
    page.locator("#birth_year").fill("1996")
    page.locator("#birth_year").press("Tab")
    assert page.locator("#reception-matches").inner_text() == ""
    page.locator("#home_commune_code").select_option(factories.COMMUNE_B)
    matches = page.locator("#reception-matches")
    wait_for(lambda: code in matches.inner_text() and page.locator(".htmx-request").count() == 0,
             message="the possible earlier case")
    assert code in page.locator("#reception-matches").inner_text()
    page.locator("#reception-matches label", has_text=code).click()
    for _ in range(4):
        next_step.click()
    page.get_by_role("button", name="Lưu hồ sơ").click()
    page.wait_for_url(live_server + "/cases/DT-*")
    with app.app_context():
        from webapp.cases.models import Case, Person
        from webapp.extensions import db

        assert len(db.session.scalars(select(Person)).all()) == 1
        assert len(db.session.scalars(select(Case)).all()) == 2
    assert [e for e in page.console_errors if "Content Security Policy" in e] == []


def test_an_offline_visit_with_the_next_visit_not_after_it_is_refused_on_the_phone_then_queued(app, live_server, lan):
    page = lan
    page.context.set_offline(True)
    page.goto(live_server + "/followups/visit")
    page.locator("form[data-create-form] [type=submit]").click()
    assert_refused(page, "case_code", "Ô này là bắt buộc.")
    assert outbox(page)["entries"] == []
    page.locator("#case_code").fill("DT-2026-00001")
    page.locator("#findings").fill("Đang đi làm ở xưởng may, sống cùng mẹ.")
    page.locator("#done_on").fill((date.today() + timedelta(days=3)).isoformat())
    page.locator("form[data-create-form] [type=submit]").click()
    assert_refused(page, "done_on", "Ngày này ở tương lai.")
    page.locator("#done_on").fill(date.today().isoformat())
    page.locator("#next_due_on").fill(date.today().isoformat())
    page.locator("form[data-create-form] [type=submit]").click()
    assert_refused(page, "next_due_on", "Hạn lượt thăm tiếp theo phải sau ngày thăm này.")
    assert outbox(page)["entries"] == []
    page.locator("#next_due_on").fill((date.today() + timedelta(days=30)).isoformat())
    page.locator("form[data-create-form] [type=submit]").click()
    page.wait_for_url(live_server + "/outbox?saved=*")
    assert len(waiting(page)) == 1
