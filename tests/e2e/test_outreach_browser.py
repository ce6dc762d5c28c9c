"""In a real browser on a phone: a volunteer logs an outreach session with no signal and it arrives once."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from tests import factories
from tests.e2e.helpers import sign_in, wait_for, wait_until_offline_ready, waiting

pytestmark = pytest.mark.browser


def test_volunteer_logs_an_outreach_session_offline_and_it_arrives_once(app, live_server, phone):
    with app.app_context():
        factories.create_user("volunteer", username="hoa")
    page = phone
    sign_in(page, live_server, "hoa")
    page.get_by_role("link", name="Ghi nhận buổi truyền thông").first.wait_for()
    wait_until_offline_ready(page, ["/outreach/new"])

    page.context.set_offline(True)
    page.goto(live_server + "/outreach/new")  # the blank copy kept on the phone
    assert page.locator("#commune_code").input_value() == factories.COMMUNE_A
    page.locator("#hamlet").fill("Ấp Hòa Khánh")
    page.locator("#venue").select_option("market")
    page.locator("input[name=topics][value=job_scams]").check()
    page.locator("input[name=topics][value=hotline]").check()
    page.locator("input[name=groups][value=women]").check()
    page.locator("#participants").fill("35")
    page.locator("#women").fill("20")
    page.locator("#children").fill("4")
    page.locator("#leaflets").fill("50")
    page.locator("#organiser").fill("Chi hội Phụ nữ ấp Hòa Khánh")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_role("button", name="Lưu buổi truyền thông").click()
    page.wait_for_url(live_server + "/outbox?saved=outreach")
    wait_for(lambda: "1 mục chờ gửi" in page.locator("#outbox-summary").inner_text(), message="summary")

    page.context.set_offline(False)
    wait_for(lambda: not waiting(page), message="delivery")
    page.reload()  # a second chance to send must not send it twice
    with app.app_context():
        from webapp.extensions import db
        from webapp.outreach.models import OutreachSession

        sessions = db.session.scalars(select(OutreachSession)).all()
        assert len(sessions) == 1
        s = sessions[0]
        assert (s.venue, s.participants, s.women, s.children, s.leaflets) == ("market", 35, 20, 4, 50)
        assert s.tag_codes("outreach_topic") == ["job_scams", "hotline"] and s.hamlet == "Ấp Hòa Khánh"
    page.goto(live_server + "/outreach")
    assert page.locator("[data-testid^=outreach-]").count() == 1
    assert [e for e in page.console_errors if "Content Security Policy" in e] == []
