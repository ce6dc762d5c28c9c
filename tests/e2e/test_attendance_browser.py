"""In a real browser at 360 px: attendance taken without signal reaches the server once per person."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from tests import factories
from tests.e2e.helpers import READY_LIMIT, sign_in, storage_dump, wait_for, waiting

pytestmark = pytest.mark.browser

WALK_IN = "Huỳnh Thị Bé Ba"


def _kept(page, path: str) -> bool:
    """The phone keeps the session's roster page among its blank forms."""
    return page.evaluate("""async (path) => {
        for (const name of (await caches.keys()).filter(n => n.startsWith("sen-forms-"))) {
            if (await (await caches.open(name)).match(path)) { return true; }
        }
        return false;
    }""", path)


def _marks_kept(page) -> bool:
    return any(k.startswith("sen-attendance-") for k in page.evaluate("Object.keys(localStorage)"))


def test_attendance_taken_offline_for_30_people_and_a_walk_in_arrives_once(app, live_server, phone):
    from tests.training.helpers import create_course

    with app.app_context():
        factories.create_user("trainer", username="thu")
        course = create_course(sessions=1, participants=30)
        path = f"/training/{course.id}/sessions/{course.sessions[0].id}/attendance"
    page = phone
    sign_in(page, live_server, "thu")
    page.goto(live_server + path)
    page.evaluate("window.Sen.ask({type: 'hello'})")  # the account's binding key is kept before going offline
    wait_for(lambda: _kept(page, path), timeout=READY_LIMIT, message="the roster kept on the phone")

    page.context.set_offline(True)
    people = page.locator(".attendance-person")
    assert people.count() == 30
    for i in range(30):
        status = "Vắng" if i >= 28 else "Đến muộn" if i >= 25 else "Có mặt"
        people.nth(i).get_by_role("button", name=status).click()
    search = page.get_by_label("Tìm theo tên")
    search.fill("nguoi hoc 07")  # no tone marks: still finds "Người học 07"
    assert page.locator(".attendance-person:visible").count() == 1
    search.fill("")
    page.get_by_text("Thêm người đến không đăng ký trước").click()
    page.locator("#walk-in-name").fill(WALK_IN)
    page.locator("#walk-in-agency").fill("Hội Phụ nữ ấp")
    page.get_by_role("button", name="Thêm và điểm danh có mặt").click()
    count = page.get_by_test_id("attendance-count")
    assert count.inner_text().startswith("26 có mặt · 3 đến muộn · 2 vắng · 0 chưa điểm danh")
    wait_for(lambda: len(waiting(page)) == 31, message="31 marks sealed in the outbox")

    page.reload()  # still without signal: the copy kept on the phone, with this phone's marks over it
    assert page.locator(".attendance-person").count() == 31
    assert WALK_IN in page.locator("#attendance-list").inner_text()
    assert count.inner_text().startswith("26 có mặt · 3 đến muộn · 2 vắng · 0 chưa điểm danh")
    assert page.locator('.attendance-person[data-status="late"]').count() == 3
    assert "0900000001" not in storage_dump(page)  # no phone numbers kept on the phone

    page.context.set_offline(False)
    page.evaluate("window.Sen.deliver()")
    wait_for(lambda: not waiting(page), timeout=READY_LIMIT, message="delivery")
    with app.app_context():
        from webapp.extensions import db
        from webapp.training.models import Attendance, Participant

        rows = db.session.execute(select(Participant.full_name, Attendance.status).join(
            Participant, Participant.id == Attendance.participant_id)).all()
        assert len(rows) == 31
        statuses = [status for _name, status in rows]
        assert (statuses.count("present"), statuses.count("late"), statuses.count("absent")) == (26, 3, 2)
        assert (WALK_IN, "present") in rows
    assert page.console_errors == []


def test_sign_out_drops_the_kept_roster_and_the_marks(app, live_server, phone):
    from tests.training.helpers import create_course

    with app.app_context():
        factories.create_user("trainer", username="thu")
        course = create_course(sessions=1, participants=3)
        path = f"/training/{course.id}/sessions/{course.sessions[0].id}/attendance"
    page = phone
    sign_in(page, live_server, "thu")
    page.goto(live_server + path)
    wait_for(lambda: _kept(page, path), timeout=READY_LIMIT, message="the roster kept on the phone")
    page.locator(".attendance-person").first.get_by_role("button", name="Có mặt").click()
    wait_for(lambda: not waiting(page), timeout=READY_LIMIT, message="the mark sent")
    assert _marks_kept(page)

    page.locator(".menu summary").click()
    page.get_by_test_id("logout").click()
    page.wait_for_url(live_server + "/login*")
    wait_for(lambda: not _kept(page, path), timeout=READY_LIMIT, message="the kept roster dropped")
    assert not _marks_kept(page) and "Người học 01" not in storage_dump(page)
