"""What the review of the #9 landing found: each kept shut by a test that failed before its fix."""
from __future__ import annotations

from tests import factories


def test_home_counts_only_the_visits_assigned_to_the_officer_or_to_no_one(app, client, login_as):
    """The home page of a commune officer answers (it failed with a 500 after the merge) and counts per officer."""
    me = login_as("commune")
    with app.app_context():
        colleague = factories.create_user("commune", username="dong_nghiep")
        case = factories.create_case(user=colleague)
        factories.create_followup(case, assigned_to_id=colleague.id)
        factories.create_followup(case)  # no one assigned: everyone in the commune sees it
        factories.create_followup(case, assigned_to_id=me.id)
        factories.create_followup(case, assigned_to_id=me.id)
    response = client.get("/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<strong data-testid="work-followups">3</strong>' in html
    client.logout()
    client.login("dong_nghiep")
    html = client.get("/").get_data(as_text=True)
    assert '<strong data-testid="work-followups">2</strong>' in html


def test_erasure_also_erases_whom_a_visit_met_and_what_it_found(app, client, login_as):
    """A person's erasure left the names of the relatives a visit met (a field added by #9) in the database."""
    from datetime import date

    from sqlalchemy import select

    from webapp.extensions import db
    from webapp.followups.models import FollowUp

    with app.app_context():
        case = factories.create_case(full_name="Võ Thị Riêng")
        code = case.code
        visit = factories.create_followup(case, done_on=date.today(), met_with="bà Võ Thị Mẹ, mẹ của chị Riêng",
                                          findings="Chị Riêng làm ở xưởng may Hòa Bình", risk_noted=True)
        visit_id = visit.id
    login_as("province")
    assert client.post(f"/cases/{code}/erase", {"reason": "subject_request", "confirm": code}).status_code == 303
    with app.app_context():
        visit = db.session.get(FollowUp, visit_id)
        assert visit.met_with is None
        assert "Riêng" not in (visit.findings or "")
        assert visit.done_on == date.today() and visit.risk_noted  # what the statistics count stays
        assert db.session.scalar(select(FollowUp.id).where(FollowUp.id == visit_id)) == visit_id
    page = client.get(f"/cases/{code}").get_data(as_text=True)
    assert "Võ Thị Mẹ" not in page and "xưởng may Hòa Bình" not in page


def test_the_form_recording_an_outside_agencys_answer_keeps_nothing_typed(app, client, login_as):
    """The generic walk never showed it (its sample referral has no sender), and the form lacked autocomplete=off."""
    from tests.test_autocomplete import problems_of

    officer = login_as("commune")
    with app.app_context():
        case = factories.create_case(user=officer)
        referral_id = factories.create_referral(case, sent_by_id=officer.id).id
    html = client.get(f"/referrals/{referral_id}").get_data(as_text=True)
    assert 'id="referral-outside-answer"' in html
    assert problems_of(f"/referrals/{referral_id}", html) == []


def test_the_outside_answer_form_asks_for_the_decline_reason_before_the_confirmation(app, client, login_as):
    """validate.js runs before the "record on its behalf?" question: the form declares what the server requires,
    so the officer is not asked to confirm an answer that is then refused."""
    from tests.test_client_rules import elements

    officer = login_as("commune")
    with app.app_context():
        case = factories.create_case(user=officer)
        referral_id = factories.create_referral(case, sent_by_id=officer.id).id
    page = elements(client.get(f"/referrals/{referral_id}").get_data(as_text=True)).by_id
    note = page["outside-note"]
    assert note["data-required-if"] == "outcome=declined"
    assert note["data-msg-required-if"] == "Bạn hãy cho biết lý do nơi nhận từ chối chuyển tuyến."
    assert page["outside-answered_on"]["data-max-date"] == "today"
    assert page["outside-answered_by"]["data-required"] == ""
    # The server's own check is unchanged.
    response = client.post(f"/referrals/{referral_id}/outside-answer",
                           {"version": "1", "outcome": "declined", "answered_on": "2026-01-01",
                            "answered_by": "Trực ban", "note": ""})
    assert response.status_code == 422
