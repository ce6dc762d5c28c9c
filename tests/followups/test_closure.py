"""Reintegration status with two officers at once, closing a case with a reason, reopening it, the timeline."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from tests import factories
from tests.conftest import Browserish
from tests.followups.helpers import (
    case_by_code,
    closure_post,
    event_kinds,
    followups_of,
    reintegration_post,
    saved_case,
    schedule_post,
    visit_post,
)
from webapp.cases.models import Case, CaseEvent
from webapp.extensions import db
from webapp.i18n import local_today
from webapp.referrals.models import Referral

TODAY = local_today()
RECEIVED = TODAY - timedelta(days=60)
NOTE = "Người môi giới cũ vẫn gọi điện mời đi làm ở Campuchia."


@pytest.fixture
def officer_case(app, login_as):
    officer = login_as("commune")
    with app.app_context():
        return officer, factories.create_case(user=officer, reception_date=RECEIVED).code


def test_reintegration_status_and_risk_note_are_saved(app, client, officer_case):
    _officer, code = officer_case
    response = client.post(f"/cases/{code}/reintegration",
                           reintegration_post(saved_case(app, code), "working", f" {NOTE} "))
    assert response.status_code == 303
    case = saved_case(app, code)
    assert (case.reintegration_status, case.retrafficking_risk_note) == ("working", NOTE)
    assert event_kinds(app, code)[-1] == "reintegration_updated"
    page = client.get(f"/cases/{code}").get_data(as_text=True)
    assert NOTE in page


@pytest.mark.parametrize("status, note", [("", ""), ("moved_to_mars", ""), ("working", "x" * 2001)],
                         ids=["no-status", "unknown-status", "note-too-long"])
def test_wrong_reintegration_values_are_refused(app, client, officer_case, status, note):
    _officer, code = officer_case
    before = saved_case(app, code)
    response = client.post(f"/cases/{code}/reintegration", reintegration_post(before, status, note))
    assert response.status_code == 422
    after = saved_case(app, code)
    assert (after.reintegration_status, after.retrafficking_risk_note, after.version) == (None, None, before.version)


def test_reintegration_conflict_tells_the_second_officer_and_keeps_what_they_typed(app, client, officer_case):
    officer, code = officer_case
    other = Browserish(app)
    other.login(officer.username)
    opened = saved_case(app, code)  # both officers opened the page at this version
    assert client.post(f"/cases/{code}/reintegration", reintegration_post(opened, "studying")).status_code == 303
    late = other.post(f"/cases/{code}/reintegration", reintegration_post(opened, "needs_help", NOTE))
    assert late.status_code == 409
    page = late.get_data(as_text=True)
    assert NOTE in page  # what the second officer typed is still in the form
    assert re.search(r'<option selected value="needs_help"|<option value="needs_help" selected', page)
    assert saved_case(app, code).reintegration_status == "studying"  # the first save stands
    version = re.search(r'name="version"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="version"', page)
    resent = {**reintegration_post(opened, "needs_help", NOTE), "version": version.group(1) or version.group(2)}
    assert other.post(f"/cases/{code}/reintegration", resent).status_code == 303
    assert (saved_case(app, code).reintegration_status, saved_case(app, code).retrafficking_risk_note) == (
        "needs_help", NOTE)


def test_a_case_is_closed_with_its_reason_today_by_default(app, client, officer_case):
    _officer, code = officer_case
    response = client.post(f"/cases/{code}/close", closure_post("moved_away"))
    assert response.status_code == 303
    case = saved_case(app, code)
    assert (case.closed_on, case.closure_reason) == (TODAY, "moved_away")
    assert event_kinds(app, code)[-1] == "closed"
    page = client.get(f"/cases/{code}").get_data(as_text=True)
    assert 'data-testid="closed"' in page and TODAY.strftime("%d/%m/%Y") in page
    assert f"/cases/{code}/reopen" in page and f"/cases/{code}/close" not in page


def test_a_closing_date_in_the_past_is_kept(app, client, officer_case):
    _officer, code = officer_case
    on = TODAY - timedelta(days=3)
    assert client.post(f"/cases/{code}/close", closure_post("reintegrated", on)).status_code == 303
    assert saved_case(app, code).closed_on == on


def test_the_closing_form_asks_for_confirmation(app, client, officer_case):
    _officer, code = officer_case
    page = client.get(f"/cases/{code}").get_data(as_text=True)
    form = re.search(rf'<form[^>]*action="/cases/{code}/close"[^>]*>', page, re.DOTALL).group(0)
    assert "data-confirm=" in form


@pytest.mark.parametrize("reason, closed_on", [
    ("", None),  # no reason
    ("bored", None),  # not a reason of the list
    ("reintegrated", TODAY + timedelta(days=1)),  # in the future
    ("reintegrated", RECEIVED - timedelta(days=1)),  # before the reception
], ids=["no-reason", "unknown-reason", "future", "before-reception"])
def test_a_wrong_closure_is_refused(app, client, officer_case, reason, closed_on):
    _officer, code = officer_case
    response = client.post(f"/cases/{code}/close", closure_post(reason, closed_on))
    assert response.status_code == 422
    case = saved_case(app, code)
    assert (case.closed_on, case.closure_reason) == (None, None)
    assert "closed" not in event_kinds(app, code)


def test_a_case_with_a_referral_waiting_for_an_answer_cannot_be_closed(app, client, officer_case):
    _officer, code = officer_case
    with app.app_context():
        referral_id = factories.create_referral(case_by_code(code)).id
    page = client.get(f"/cases/{code}").get_data(as_text=True)
    assert 'class="notice"' in page  # the page says why before anyone tries
    refused = client.post(f"/cases/{code}/close", closure_post())
    assert refused.status_code == 422
    assert saved_case(app, code).closed_on is None
    with app.app_context():
        db.session.execute(update(Referral).where(Referral.id == referral_id).values(status="declined"))
        db.session.commit()
    assert client.post(f"/cases/{code}/close", closure_post()).status_code == 303
    assert saved_case(app, code).closed_on == TODAY


def test_a_closed_case_is_reopened_and_the_closure_stays_in_the_timeline(app, client, officer_case):
    _officer, code = officer_case
    assert client.post(f"/cases/{code}/close", closure_post("refused_support")).status_code == 303
    page = client.get(f"/cases/{code}").get_data(as_text=True)
    form = re.search(rf'<form[^>]*action="/cases/{code}/reopen"[^>]*>', page, re.DOTALL).group(0)
    assert "data-confirm=" in form
    assert client.post(f"/cases/{code}/reopen").status_code == 303
    case = saved_case(app, code)
    assert (case.closed_on, case.closure_reason) == (None, None)
    assert event_kinds(app, code)[-2:] == ["closed", "reopened"]
    assert client.post(f"/cases/{code}/followups", schedule_post(TODAY + timedelta(days=7))).status_code == 303


def test_closing_twice_or_reopening_an_open_case_is_a_conflict(app, client, officer_case):
    _officer, code = officer_case
    assert client.post(f"/cases/{code}/reopen").status_code == 409
    assert client.post(f"/cases/{code}/close", closure_post("reintegrated")).status_code == 303
    assert client.post(f"/cases/{code}/close", closure_post("deceased")).status_code == 409
    assert saved_case(app, code).closure_reason == "reintegrated"
    assert event_kinds(app, code).count("closed") == 1


def test_the_timeline_shows_each_step_in_order(app, client, officer_case):
    _officer, code = officer_case
    assert client.post(f"/cases/{code}/followups", schedule_post(TODAY - timedelta(days=1))).status_code == 303
    [followup] = followups_of(app, code)
    steps = [
        (f"/followups/{followup.id}/done", visit_post(TODAY, "Đã gặp, sống cùng gia đình.")),
        (f"/cases/{code}/reintegration", None),
        (f"/cases/{code}/close", closure_post("reintegrated")),
        (f"/cases/{code}/reopen", {}),
    ]
    for url, data in steps:
        data = reintegration_post(saved_case(app, code), "with_family") if data is None else data
        assert client.post(url, data).status_code == 303, url
    assert event_kinds(app, code) == ["received", "followup_scheduled", "followup_done", "reintegration_updated",
                                      "closed", "reopened"]
    page = client.get(f"/cases/{code}").get_data(as_text=True)
    timeline = re.search(r'<section class="card" id="timeline">.*?</section>', page, re.DOTALL).group(0)
    assert timeline.count("<li>") == 6


def test_timeline_entries_follow_the_time_they_were_recorded_not_the_due_date(app, client, officer_case):
    _officer, code = officer_case
    later, sooner = TODAY + timedelta(days=3), TODAY + timedelta(days=1)
    for due_on in (later, sooner):
        assert client.post(f"/cases/{code}/followups", schedule_post(due_on)).status_code == 303
    with app.app_context():
        events = db.session.scalars(select(CaseEvent).join(Case).where(Case.code == code)
                                    .order_by(CaseEvent.id)).all()
        details = [e.detail for e in events if e.kind == "followup_scheduled"]
        times = [e.at for e in events]
    assert details == [f"due={later.isoformat()}", f"due={sooner.isoformat()}"]
    assert times == sorted(times)


def test_a_refused_closure_from_htmx_gets_the_section_alone(app, client, officer_case):
    _officer, code = officer_case
    response = client.post(f"/cases/{code}/close", closure_post(""), headers={"HX-Request": "true"})
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "<html" not in body and body.lstrip().startswith("<div id=\"followups\">")


def test_a_centre_helping_with_a_case_cannot_close_it(app, login_as):
    """A centre sees a case after accepting its referral, but the commune and the province answer for it."""
    from datetime import date

    from webapp.extensions import db
    from webapp.places.models import Agency

    centre_user = login_as("shelter")
    with app.app_context():
        case = factories.create_case()
        code = case.code
        factories.create_referral(case, to_agency=db.session.get(Agency, centre_user.agency_id), status="accepted")
    client = Browserish(app)
    client.login(centre_user.username)
    assert client.get(f"/cases/{code}").status_code == 200
    response = client.post(f"/cases/{code}/close", {"closure_reason": "reintegrated",
                                                          "closed_on": date.today().isoformat()})
    assert response.status_code == 403
