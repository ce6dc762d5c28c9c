"""Holes found in review, each kept shut by a test: scope of copies and lists, consent, locks, no 500s."""
import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests import factories
from tests.conftest import Browserish
from webapp.cases.models import Case
from webapp.extensions import db
from webapp.support.models import SupportEvent


def _same_person_in_two_communes(app, officer):
    """A case of commune A and one of commune B that belong to one person (as after a province link)."""
    with app.app_context():
        mine = factories.create_case(user=officer)
        theirs = factories.create_case(user=factories.create_user("commune", commune_code=factories.COMMUNE_B),
                                       commune_code=factories.COMMUNE_B, notes="GHI-CHU-CUA-XA-B")
        a, b = db.session.get(Case, mine.id), db.session.get(Case, theirs.id)
        absorbed = b.person
        b.person = a.person
        db.session.flush()
        db.session.delete(absorbed)
        db.session.commit()
        return a.code, b.code


def test_a_copy_for_the_person_never_reaches_beyond_the_officers_area(app, client, login_as):
    officer = login_as("commune")
    mine, theirs = _same_person_in_two_communes(app, officer)
    body = client.post(f"/cases/{mine}/export", {"format": "json"}).get_data(as_text=True)
    assert mine in body and theirs not in body and "GHI-CHU-CUA-XA-B" not in body


def test_the_case_page_lists_only_same_person_cases_in_the_area(app, client, login_as):
    officer = login_as("commune")
    mine, theirs = _same_person_in_two_communes(app, officer)
    assert theirs not in client.get(f"/cases/{mine}").get_data(as_text=True)


def test_a_referral_without_the_persons_information_gives_no_access_to_the_case(app, login_as):
    staff = login_as("shelter")
    with app.app_context():
        from webapp.places.models import Agency

        case = factories.create_case(full_name="Đinh Thị Kín Đáo")
        factories.create_referral(case, to_agency=db.session.get(Agency, staff.agency_id), status="accepted",
                                  shares_information=False)
        code = case.code
    client = Browserish(app)
    client.login(staff.username)
    assert client.get(f"/cases/{code}").status_code == 404


def test_only_those_who_answer_for_both_cases_link_people(app, login_as):
    staff = login_as("shelter")
    with app.app_context():
        from webapp.places.models import Agency

        centre = db.session.get(Agency, staff.agency_id)
        one, two = factories.create_case(), factories.create_case()
        for case in (one, two):
            factories.create_referral(case, to_agency=centre, status="accepted")
        codes = one.code, two.code
    client = Browserish(app)
    client.login(staff.username)
    assert client.post(f"/cases/{codes[0]}/link", {"other": codes[1]}).status_code == 403


@pytest.fixture
def closed_case(app, login_as):
    officer = login_as("commune")
    with app.app_context():
        case = db.session.get(Case, factories.create_case(user=officer, needs=["a", "b"],
                                                          reception_date=date.today() - timedelta(days=10)).id)
        visit = factories.create_followup(case, due_on=date.today())
        case.closed_on, case.closure_reason = date.today(), "reintegrated"
        db.session.commit()
        return case.code, visit.id


def test_planning_support_on_a_closed_case_is_refused_not_a_crash(app, client, closed_case):
    code, _visit = closed_case
    assert client.post(f"/cases/{code}/support/plan").status_code == 303
    with app.app_context():
        assert db.session.scalar(select(SupportEvent.id)) is None


def test_a_visit_cannot_be_recorded_on_a_closed_case(app, client, closed_case):
    _code, visit = closed_case
    response = client.post(f"/followups/{visit}/done", {"done_on": date.today().isoformat(), "findings": "Ổn"})
    assert response.status_code == 422


@pytest.mark.parametrize("amount", ["²", "١٢٣", "１２３"])
def test_digits_of_other_scripts_are_refused_not_a_crash(app, client, login_as, amount):
    officer = login_as("commune")
    with app.app_context():
        code = factories.create_case(user=officer, reception_date=date.today() - timedelta(days=10)).code
    response = client.post(f"/cases/{code}/support/new", {
        "submission_id": str(uuid.uuid4()), "regime": "a", "beneficiary": "", "status": "delivered",
        "given_on": date.today().isoformat(), "planned_on": "", "amount": amount, "description": "x",
        "agency_id": "", "notes": "", "eligibility_note": ""})
    assert response.status_code == 422


def test_huge_ids_and_page_numbers_are_not_a_crash(client, login_as):
    login_as("commune")
    huge = str(2**70)
    for url in (f"/referrals/{huge}", f"/support/{huge}"):
        assert client.get(url).status_code == 404
    assert client.post(f"/followups/{huge}/done", {}).status_code == 404
    for url in ("/cases", "/referrals", "/tipoffs"):
        assert client.post(url, {"page": huge}).status_code in (200, 422)


def test_a_support_edit_without_its_version_cannot_overwrite(app, client, login_as):
    officer = login_as("commune")
    with app.app_context():
        case = factories.create_case(user=officer, reception_date=date.today() - timedelta(days=10))
        event = factories.create_support_event(case)
    response = client.post(f"/support/{event.id}", {
        "regime": "a", "beneficiary": "", "status": "delivered", "given_on": date.today().isoformat(),
        "planned_on": "", "amount": "1", "description": "x", "agency_id": "", "notes": "", "eligibility_note": ""})
    assert response.status_code == 422
    with app.app_context():
        assert db.session.get(SupportEvent, event.id).amount_vnd == 500_000
