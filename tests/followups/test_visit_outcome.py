"""Planning a visit (who goes, why) and recording a visit made by case code, the form that works without signal."""
import uuid
from datetime import timedelta

import pytest
from flask_babel import gettext

from tests import factories
from tests.conftest import Browserish
from tests.factories import COMMUNE_B
from tests.followups.helpers import (
    audit_rows,
    event_kinds,
    followups_of,
    outcome_post,
    schedule_post,
)
from tests.pwa.test_outbox_protocol import refused, replay, seal
from webapp.extensions import db
from webapp.i18n import local_today
from webapp.submissions.models import Submission

TODAY = local_today()
RECEIVED = TODAY - timedelta(days=30)
FINDINGS = "Chị Mai đã đi làm ở xưởng may, mẹ nói chủ nợ vẫn gọi điện đòi tiền."
MET = "Chị Mai và mẹ"
VISIT = "/followups/visit"


@pytest.fixture
def officer_case(app, login_as):
    officer = login_as("commune", full_name="Lê Thị Hoa")
    with app.app_context():
        return officer, factories.create_case(user=officer, reception_date=RECEIVED).code


def _text(app, message: str, **kw) -> str:
    with app.test_request_context():
        return gettext(message, **kw)


def _case_id(app, code):
    from tests.followups.helpers import case_by_code

    with app.app_context():
        return case_by_code(code).id


def _plan(app, code, due_on, **kw):
    """A visit planned directly in the database, as an earlier schedule left it."""
    with app.app_context():
        from tests.followups.helpers import case_by_code

        return factories.create_followup(case_by_code(code), due_on=due_on, **kw).id


def _submissions(app) -> int:
    with app.app_context():
        return db.session.query(Submission).count()


# ---------- planning: who goes and why ----------

def test_a_planned_visit_goes_to_the_planner_with_its_purpose_unless_given_to_a_colleague(app, client, officer_case):
    officer, code = officer_case
    with app.app_context():
        colleague = factories.create_user("commune", full_name="Phan Văn Tâm")
        colleague_id = colleague.id
    assert client.post(f"/cases/{code}/followups",
                       schedule_post(TODAY + timedelta(days=5), purpose="health")).status_code == 303
    assert client.post(f"/cases/{code}/followups",
                       schedule_post(TODAY + timedelta(days=9), purpose="other", note="Mang giấy hẹn khám",
                                     assigned_to=colleague_id)).status_code == 303
    mine, theirs = followups_of(app, code)
    assert (mine.assigned_to_id, mine.purpose, mine.note) == (officer.id, "health", None)
    assert (theirs.assigned_to_id, theirs.purpose, theirs.note) == (colleague_id, "other", "Mang giấy hẹn khám")
    page = client.get(f"/cases/{code}").get_data(as_text=True)
    assert _text(app, "Assigned to %(name)s", name="Phan Văn Tâm") in page
    assert _text(app, "Health") in page and "Mang giấy hẹn khám" in page


def test_the_schedule_form_offers_the_officers_of_the_case_and_not_others(app, client, officer_case):
    _officer, code = officer_case
    with app.app_context():
        factories.create_user("commune", full_name="Phan Văn Tâm")
        factories.create_user("commune", full_name="Ngô Văn Xa", commune_code=COMMUNE_B)
        factories.create_user("commune", full_name="Đã Nghỉ Việc", active=False)
    page = client.get(f"/cases/{code}").get_data(as_text=True)
    assert "Phan Văn Tâm" in page and _text(app, "Me (%(name)s)", name="Lê Thị Hoa") in page
    assert "Ngô Văn Xa" not in page and "Đã Nghỉ Việc" not in page


@pytest.mark.parametrize("over, field", [
    ({"purpose": "gossip"}, "purpose"),
    ({"purpose": "other", "note": "  "}, "note"),
    ({"note": "x" * 501}, "note"),
    ({"assigned_to": "outsider"}, "assigned_to_id"),
    ({"assigned_to": "9" * 400}, "assigned_to_id"),
    ({"assigned_to": "abc"}, "assigned_to_id"),
])
def test_a_plan_with_a_wrong_purpose_or_officer_is_refused_and_nothing_saved(app, client, officer_case, over,
                                                                             field):
    _officer, code = officer_case
    if over.get("assigned_to") == "outsider":
        with app.app_context():
            over["assigned_to"] = factories.create_user("commune", commune_code=COMMUNE_B).id
    response = client.post(f"/cases/{code}/followups", schedule_post(TODAY + timedelta(days=5), **over))
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    assert followups_of(app, code) == [] and audit_rows(app, "followup") == []


# ---------- my work: mine, with a reminder ----------

def test_my_work_lists_visits_assigned_to_me_and_reminds_of_those_due_within_three_days(app, client, officer_case):
    officer, code = officer_case
    with app.app_context():
        colleague_id = factories.create_user("commune").id
    soon = _plan(app, code, TODAY + timedelta(days=2), assigned_to_id=officer.id, purpose="school_work")
    later = _plan(app, code, TODAY + timedelta(days=6), assigned_to_id=officer.id)
    _plan(app, code, TODAY + timedelta(days=1), assigned_to_id=colleague_id)
    page = client.get("/my-work").get_data(as_text=True)
    assert page.count('data-testid="work-followup"') == 2
    assert page.index(f"visit={soon}") < page.index(f"visit={later}")
    assert _text(app, "%(num)d visit is overdue or due within %(days)d days.", num=1, days=3) in page
    assert _text(app, "Schooling or work") in page
    assert 'class="row case-row overdue" data-testid="work-followup"' in page   # the reminder stands out


def test_the_reminder_window_is_configurable(app, client, officer_case):
    officer, code = officer_case
    _plan(app, code, TODAY + timedelta(days=6), assigned_to_id=officer.id)
    assert 'data-testid="followup-reminder"' not in client.get("/my-work").get_data(as_text=True)
    app.config["FOLLOWUP_REMINDER_DAYS"] = 10
    page = client.get("/my-work").get_data(as_text=True)
    assert _text(app, "%(num)d visit is overdue or due within %(days)d days.", num=1, days=10) in page


# ---------- recording a visit by case code ----------

def test_a_visit_made_fulfils_the_earliest_planned_visit_and_plans_the_next(app, client, officer_case):
    officer, code = officer_case
    first = _plan(app, code, TODAY - timedelta(days=2), purpose="risk")
    _plan(app, code, TODAY + timedelta(days=40))
    response = client.post(VISIT, outcome_post(code.lower(), TODAY, f"  {FINDINGS}\n", met_with=MET, risk=True,
                                               next_due_on=TODAY + timedelta(days=30)))
    assert response.status_code == 303 and response.headers["Location"] == f"{VISIT}?saved={code}"
    visits = {f.id: f for f in followups_of(app, code)}
    made = visits[first]
    assert (made.done_on, made.done_by_id, made.met_with, made.findings, made.risk_noted) == (
        TODAY, officer.id, MET, FINDINGS, True)
    [planned_next] = [f for f in visits.values() if f.due_on == TODAY + timedelta(days=30)]
    assert (planned_next.done_on, planned_next.assigned_to_id, planned_next.purpose) == (None, officer.id, "risk")
    assert event_kinds(app, code)[-2:] == ["followup_done", "followup_scheduled"]
    page = client.get(f"/cases/{code}").get_data(as_text=True)
    assert _text(app, "signs of risk of being trafficked again") in page and MET in page


def test_a_visit_not_planned_is_added_as_made(app, client, officer_case):
    officer, code = officer_case
    planned = _plan(app, code, TODAY + timedelta(days=10))
    assert client.post(VISIT, outcome_post(code, TODAY - timedelta(days=1), FINDINGS, fulfils="none")
                       ).status_code == 303
    visits = followups_of(app, code)
    assert [(f.id == planned, f.done_on) for f in visits] == [(True, None), (False, TODAY - timedelta(days=1))]
    added = visits[1]
    assert (added.due_on, added.done_by_id, added.assigned_to_id, added.findings) == (
        TODAY - timedelta(days=1), officer.id, officer.id, FINDINGS)


def test_a_visit_made_fulfils_the_planned_visit_chosen(app, client, officer_case):
    _officer, code = officer_case
    _plan(app, code, TODAY - timedelta(days=5))
    chosen = _plan(app, code, TODAY + timedelta(days=5))
    assert client.post(VISIT, outcome_post(code, TODAY, FINDINGS, fulfils=str(chosen))).status_code == 303
    assert [(f.id == chosen, f.done_on) for f in followups_of(app, code)] == [(False, None), (True, TODAY)]


def test_opened_from_my_work_the_form_has_the_case_and_the_visit(app, client, officer_case):
    officer, code = officer_case
    planned = _plan(app, code, TODAY + timedelta(days=1), assigned_to_id=officer.id)
    page = client.get(f"{VISIT}?visit={planned}").get_data(as_text=True)
    assert f'value="{code}"' in page and f'<option selected value="{planned}">' in page
    assert ("view", code) in [(a, o) for a, o, _d in audit_rows(app, "case")]


@pytest.mark.parametrize("over, field", [
    ({"done_on": TODAY + timedelta(days=1)}, "done_on"),
    ({"done_on": RECEIVED - timedelta(days=1)}, "done_on"),
    ({"done_on": None}, "done_on"),
    ({"done_on": "9999-99-99"}, "done_on"),
    ({"findings": "   "}, "findings"),
    ({"findings": "x" * 4001}, "findings"),
    ({"met_with": "x" * 201}, "met_with"),
    ({"next_due_on": TODAY}, "next_due_on"),
    ({"next_due_on": TODAY + timedelta(days=800)}, "next_due_on"),
    ({"fulfils": "9" * 400}, "fulfils"),
    ({"fulfils": "other-case"}, "fulfils"),
])
def test_a_wrong_visit_is_refused_keeping_what_was_typed_and_nothing_saved(app, client, officer_case, over, field):
    _officer, code = officer_case
    planned = _plan(app, code, TODAY)
    if over.get("fulfils") == "other-case":
        with app.app_context():
            other = factories.create_case(user=_officer, reception_date=RECEIVED)
            over["fulfils"] = str(factories.create_followup(other, due_on=TODAY).id)
    data = {"case_code": code, "done_on": TODAY, "findings": FINDINGS, "met_with": MET} | over
    response = client.post(VISIT, outcome_post(**data))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'id="{field}-error"' in page
    if field != "findings":
        assert FINDINGS in page   # what was typed stays in the form
    assert [(f.id, f.done_on) for f in followups_of(app, code)] == [(planned, None)]
    assert audit_rows(app, "followup") == [] and _submissions(app) == 0


def test_another_communes_case_code_gets_the_same_answer_as_an_unknown_one(app, client, officer_case):
    with app.app_context():
        elsewhere = factories.create_case(commune_code=COMMUNE_B, reception_date=RECEIVED)
        foreign, foreign_id = elsewhere.code, factories.create_followup(elsewhere, due_on=TODAY).id
    answers = []
    for code in (foreign, "DT-2099-99999"):
        response = client.post(VISIT, outcome_post(code, TODAY, FINDINGS))
        assert response.status_code == 422
        page = response.get_data(as_text=True)
        answers.append(page.split('id="case_code-error">')[1].split("<")[0])
        assert f'value="{foreign_id}"' not in page   # the other commune's planned visits are not offered
    assert answers[0] == answers[1] == _text(app, "No case with this code in your area. Check the code.")
    assert [f.done_on for f in followups_of(app, foreign)] == [None]
    # Naming the other commune's planned visit from one's own case does not reach it either.
    _officer, code = officer_case
    assert client.post(VISIT, outcome_post(code, TODAY, FINDINGS, fulfils=str(foreign_id))).status_code == 422
    assert client.get(f"{VISIT}?visit={foreign_id}").status_code == 404
    assert [f.done_on for f in followups_of(app, foreign)] == [None]


def test_a_closed_case_refuses_a_visit(app, client, officer_case):
    _officer, code = officer_case
    with app.app_context():
        from tests.followups.helpers import case_by_code

        case = case_by_code(code)
        case.closed_on, case.closure_reason = TODAY, "reintegrated"
        db.session.commit()
    response = client.post(VISIT, outcome_post(code, TODAY, FINDINGS))
    assert response.status_code == 422
    assert _text(app, "This case is closed. Reopen it to record a visit.") in response.get_data(as_text=True)
    assert followups_of(app, code) == []


@pytest.mark.parametrize("role", ["volunteer", "trainer", "admin"])
def test_roles_without_case_work_cannot_record_a_visit(app, role):
    with app.app_context():
        code = factories.create_case(reception_date=RECEIVED).code
        user = factories.create_user(role)
    client = Browserish(app)
    client.login(user.username)
    assert client.get(VISIT).status_code == 403
    assert client.post(VISIT, outcome_post(code, TODAY, FINDINGS)).status_code == 403
    assert followups_of(app, code) == []


def test_a_visit_is_audited_and_the_timeline_gets_no_findings(app, client, officer_case):
    _officer, code = officer_case
    planned = _plan(app, code, TODAY)
    assert client.post(VISIT, outcome_post(code, TODAY, FINDINGS, met_with=MET)).status_code == 303
    assert client.post(VISIT, outcome_post(code, TODAY, FINDINGS, fulfils="none")).status_code == 303
    added = max(f.id for f in followups_of(app, code))
    assert audit_rows(app, "followup") == [("update", str(planned), "done"),
                                           ("create", str(added), f"case={code};done")]
    with app.app_context():
        from webapp.cases.models import CaseEvent

        details = " ".join(e.detail or "" for e in db.session.query(CaseEvent))
    assert FINDINGS not in details and MET not in details


# ---------- once only, online and from the outbox ----------

def test_the_same_visit_sent_twice_is_recorded_once(app, client, officer_case):
    _officer, code = officer_case
    data = outcome_post(code, TODAY, FINDINGS, fulfils="none", next_due_on=TODAY + timedelta(days=30))
    first, again = client.post(VISIT, data), client.post(VISIT, data)
    assert first.status_code == again.status_code == 303
    assert again.headers["Location"] == first.headers["Location"]
    assert len(followups_of(app, code)) == 2   # the visit made and the next one planned, once
    changed = client.post(VISIT, data | {"findings": "Khác hẳn"})
    assert changed.status_code == 409 and len(followups_of(app, code)) == 2


def test_a_sealed_visit_from_the_outbox_is_accepted_exactly_once(app, client, officer_case):
    officer, code = officer_case
    planned = _plan(app, code, TODAY - timedelta(days=1))
    data = outcome_post(code, TODAY, FINDINGS, met_with=MET)
    envelope = seal(app, data, officer.id, action=VISIT)
    first = replay(client, envelope, action=VISIT)
    assert first.status_code == 200 and first.get_json()["outcome"] == "created"
    again = replay(client, envelope, action=VISIT)
    assert again.status_code == 200 and again.get_json()["outcome"] == "replayed"
    assert [(f.id, f.done_on, f.findings) for f in followups_of(app, code)] == [(planned, TODAY, FINDINGS)]
    assert _submissions(app) == 1


def test_a_sealed_visit_for_a_code_outside_the_area_is_refused_without_echoing_it(app, client, officer_case):
    officer, _code = officer_case
    with app.app_context():
        foreign = factories.create_case(commune_code=COMMUNE_B, reception_date=RECEIVED).code
    data = outcome_post(foreign, TODAY, FINDINGS, submission_id=str(uuid.uuid4()))
    messages = refused(replay(client, seal(app, data, officer.id, action=VISIT), action=VISIT), 422, "invalid")
    assert messages == [_text(app, "Case code") + ": "
                        + _text(app, "No case with this code in your area. Check the code.")]
    assert followups_of(app, foreign) == [] and _submissions(app) == 0


def test_the_blank_copy_kept_on_the_phone_has_the_form_and_no_typed_text_is_remembered(client, login_as):
    login_as("commune")
    blank = client.get(VISIT, headers={"Sen-Outbox": "blank"})
    page = blank.get_data(as_text=True)
    assert blank.status_code == 200 and 'name="csrf_token"' not in page
    for name in ("case_code", "fulfils", "done_on", "met_with", "findings", "risk_noted", "next_due_on"):
        assert f'name="{name}"' in page, name
    assert '<form method="post" action="/followups/visit" novalidate autocomplete="off" data-create-form>' in page


def test_the_follow_up_visit_form_is_kept_for_use_without_signal(client, login_as):
    login_as("commune")
    worker = client.get("/sw.js").get_data(as_text=True)
    assert '"path": "/followups/visit", "kind": "followup_visit"' in worker
