"""In a real browser on a 360 px phone: a follow-up visit recorded in a hamlet without signal arrives exactly once."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from tests import factories
from tests.e2e.helpers import sign_in, storage_dump, wait_for, wait_until_offline_ready, waiting
from webapp.i18n import local_today

pytestmark = pytest.mark.browser

TODAY = local_today()
FINDINGS = "Chị đã đi làm ở xưởng may; chủ nợ bên Campuchia vẫn nhắn tin đòi tiền."
MET = "Chị và mẹ ở ấp Tân Hòa"
VISITED = TODAY - timedelta(days=1)


def visits_and_submissions(app):
    with app.app_context():
        from webapp.extensions import db
        from webapp.followups.models import FollowUp
        from webapp.submissions.models import Submission

        visits = [(f.id, f.done_on, f.done_by_id, f.met_with, f.findings, f.risk_noted)
                  for f in db.session.scalars(select(FollowUp).order_by(FollowUp.id))]
        return visits, db.session.scalar(select(func.count()).select_from(Submission))


def test_a_visit_recorded_offline_is_delivered_once_even_when_its_answer_is_lost(app, live_server, phone, faults):
    with app.app_context():
        officer = factories.create_user("commune", username="lan")
        case = factories.create_case(user=officer, reception_date=TODAY - timedelta(days=60))
        planned = factories.create_followup(case, due_on=TODAY - timedelta(days=1), assigned_to_id=officer.id,
                                            purpose="risk")
        code, planned_id, officer_id = case.code, planned.id, officer.id
    page = phone
    sign_in(page, live_server, "lan")
    page.goto(live_server + "/my-work")
    assert "1 lượt thăm đã quá hạn" in page.get_by_test_id("followup-reminder").inner_text()
    wait_until_offline_ready(page)

    # In the hamlet: no signal. The blank form kept on the phone opens, is filled and is sealed.
    page.context.set_offline(True)
    page.goto(live_server + "/followups/visit")
    page.locator("#case_code").fill(code)
    page.locator("#done_on").fill(VISITED.isoformat())
    page.locator("#met_with").fill(MET)
    page.locator("#findings").fill(FINDINGS)
    page.locator("#risk_noted").check()
    page.get_by_role("button", name="Ghi nhận lượt thăm").click()
    page.wait_for_url(live_server + "/outbox?saved=*")
    wait_for(lambda: "1 mục chờ gửi" in page.locator("#outbox-summary").inner_text(), message="summary")
    assert len(waiting(page)) == 1
    dump = storage_dump(page)
    assert FINDINGS not in dump and MET not in dump and code not in dump
    assert visits_and_submissions(app) == ([(planned_id, None, None, None, None, False)], 0)

    # Back in signal: the server saves it, the answer is lost on the way, the phone sends it again.
    faults.lose_answer("/followups/visit")
    page.context.set_offline(False)
    wait_for(lambda: not waiting(page), message="delivery")
    assert faults.seen == [("lost", 200)]
    assert visits_and_submissions(app) == ([(planned_id, VISITED, officer_id, MET, FINDINGS, True)], 1)
    page.goto(live_server + "/my-work")
    assert page.get_by_test_id("work-followup").count() == 0
    assert [e for e in page.console_errors if "Content Security Policy" in e] == []
