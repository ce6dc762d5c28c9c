"""Scheduling follow-up visits and recording them: the dates allowed, once only, and one visit per submission."""
from datetime import timedelta

import pytest
from sqlalchemy import update

from tests import factories
from tests.followups.helpers import (
    case_by_code,
    event_kinds,
    followups_of,
    schedule_post,
    visit_post,
)
from webapp.errors import StaleRecord
from webapp.extensions import db
from webapp.followups.models import FollowUp
from webapp.followups.services import record_visit
from webapp.i18n import local_today

TODAY = local_today()
RECEIVED = TODAY - timedelta(days=30)
FINDINGS = "Chị Lan đã về sống với mẹ, đang học nghề may. Cần hỗ trợ vay vốn."


@pytest.fixture
def officer_case(app, login_as):
    officer = login_as("commune")
    with app.app_context():
        return officer, factories.create_case(user=officer, reception_date=RECEIVED).code


def _schedule(client, code, due_on):
    return client.post(f"/cases/{code}/followups", schedule_post(due_on))


def test_a_visit_is_scheduled_then_recorded_by_the_officer(app, client, officer_case):
    officer, code = officer_case
    response = _schedule(client, code, TODAY + timedelta(days=14))
    assert response.status_code == 303
    assert response.headers["Location"].startswith(f"/cases/{code}")
    [followup] = followups_of(app, code)
    assert (followup.due_on, followup.done_on, followup.created_by_id) == (TODAY + timedelta(days=14), None, officer.id)

    done = client.post(f"/followups/{followup.id}/done", visit_post(TODAY, f"  {FINDINGS}\n"))
    assert done.status_code == 303
    [visited] = followups_of(app, code)
    assert (visited.done_on, visited.done_by_id, visited.findings) == (TODAY, officer.id, FINDINGS)
    assert event_kinds(app, code)[-2:] == ["followup_scheduled", "followup_done"]


def test_the_case_page_lists_the_visits_in_the_order_they_are_due(app, client, officer_case):
    _officer, code = officer_case
    for days in (20, 5, 40):
        assert _schedule(client, code, TODAY + timedelta(days=days)).status_code == 303
    later, sooner, latest = followups_of(app, code)
    page = client.get(f"/cases/{code}").get_data(as_text=True)
    positions = [page.index(f'id="followup-{f.id}"') for f in (sooner, later, latest)]
    assert positions == sorted(positions)


def test_a_visit_cannot_be_recorded_twice(app, client, officer_case):
    _officer, code = officer_case
    with app.app_context():
        followup_id = factories.create_followup(case_by_code(code)).id
    assert client.post(f"/followups/{followup_id}/done", visit_post(TODAY, FINDINGS)).status_code == 303
    again = client.post(f"/followups/{followup_id}/done", visit_post(TODAY, "Lần thứ hai"))
    assert again.status_code == 409
    [followup] = followups_of(app, code)
    assert followup.findings == FINDINGS
    assert event_kinds(app, code).count("followup_done") == 1


@pytest.mark.parametrize("due_on", [
    None,  # missing
    RECEIVED - timedelta(days=1),  # before the reception
    TODAY.replace(year=TODAY.year + 2) + timedelta(days=1),  # more than two years ahead
], ids=["missing", "before-reception", "too-far-ahead"])
def test_a_visit_with_a_wrong_due_date_is_refused_and_nothing_saved(app, client, officer_case, due_on):
    _officer, code = officer_case
    response = _schedule(client, code, due_on)
    assert response.status_code == 422
    assert followups_of(app, code) == []
    assert "followup_scheduled" not in event_kinds(app, code)


@pytest.mark.parametrize("due_on", [RECEIVED, TODAY - timedelta(days=1), TODAY.replace(year=TODAY.year + 2)],
                         ids=["on-reception-day", "in-the-past", "two-years-ahead"])
def test_due_dates_within_the_limits_are_accepted(app, client, officer_case, due_on):
    _officer, code = officer_case
    assert _schedule(client, code, due_on).status_code == 303
    assert [f.due_on for f in followups_of(app, code)] == [due_on]


@pytest.mark.parametrize("done_on, findings", [
    (TODAY + timedelta(days=1), FINDINGS),  # in the future
    (RECEIVED - timedelta(days=1), FINDINGS),  # before the reception
    (None, FINDINGS),  # no date
    (TODAY, ""),  # no findings
    (TODAY, "   \n "),  # blank findings
    (TODAY, "x" * 4001),  # too long
], ids=["future", "before-reception", "no-date", "no-findings", "blank-findings", "too-long"])
def test_a_visit_with_wrong_values_is_refused_and_nothing_saved(app, client, officer_case, done_on, findings):
    _officer, code = officer_case
    with app.app_context():
        followup_id = factories.create_followup(case_by_code(code)).id
    response = client.post(f"/followups/{followup_id}/done", visit_post(done_on, findings))
    assert response.status_code == 422
    if findings.strip() and len(findings) < 100:
        assert findings in response.get_data(as_text=True)  # what was typed is still in the form
    [followup] = followups_of(app, code)
    assert (followup.done_on, followup.done_by_id, followup.findings) == (None, None, None)
    assert "followup_done" not in event_kinds(app, code)


def test_the_same_submission_twice_schedules_one_visit(app, client, officer_case):
    _officer, code = officer_case
    data = schedule_post(TODAY + timedelta(days=10))
    first = client.post(f"/cases/{code}/followups", data)
    second = client.post(f"/cases/{code}/followups", data)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert (first.headers["Sen-Submission"], second.headers["Sen-Submission"]) == ("created", "replayed")
    assert len(followups_of(app, code)) == 1
    assert event_kinds(app, code).count("followup_scheduled") == 1


def test_a_schedule_without_a_submission_id_is_refused(app, client, officer_case):
    _officer, code = officer_case
    data = schedule_post(TODAY + timedelta(days=10))
    del data["submission_id"]
    assert client.post(f"/cases/{code}/followups", data).status_code == 400
    assert followups_of(app, code) == []


def test_a_closed_case_gets_no_more_visits(app, client, officer_case):
    _officer, code = officer_case
    assert client.post(f"/cases/{code}/close", {"closure_reason": "reintegrated", "closed_on": ""}).status_code == 303
    page = client.get(f"/cases/{code}").get_data(as_text=True)
    assert f"/cases/{code}/followups" not in page  # no schedule form
    assert _schedule(client, code, TODAY + timedelta(days=10)).status_code == 422
    assert followups_of(app, code) == []


def test_two_officers_recording_the_same_visit_at_once_get_one_result(app, ctx):
    first, second = factories.create_user("commune"), factories.create_user("commune")
    followup = factories.create_followup(factories.create_case(user=first, reception_date=RECEIVED))
    # The first officer's save lands after the second officer's request loaded the visit as still open.
    db.session.execute(update(FollowUp).where(FollowUp.id == followup.id)
                       .values(done_on=TODAY, done_by_id=first.id, findings=FINDINGS)
                       .execution_options(synchronize_session=False))
    assert followup.done_on is None
    with pytest.raises(StaleRecord):
        record_visit(followup, TODAY, "Lần thứ hai", second)
    db.session.commit()
    db.session.refresh(followup)
    assert (followup.done_by_id, followup.findings) == (first.id, FINDINGS)
