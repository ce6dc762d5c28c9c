"""Support: planned and given, checked against the eligibility table, amounts as given, totals by SQL."""
import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from tests import factories
from webapp.audit.models import AuditEvent
from webapp.extensions import db
from webapp.support.models import SupportEvent


def support_form(**over):
    data = {"submission_id": str(uuid.uuid4()), "regime": "a", "beneficiary": "", "status": "delivered",
            "given_on": (date.today() - timedelta(days=1)).isoformat(), "planned_on": "", "amount": "1.500.000",
            "description": "Gạo và quần áo", "agency_id": "", "notes": "", "eligibility_note": ""}
    data.update(over)
    return data


@pytest.fixture
def officer_case(app, login_as):
    officer = login_as("commune")
    with app.app_context():
        case = factories.create_case(user=officer, needs=["a", "b", "k"],
                                     children=[{"sex": "male", "age": 5}],
                                     reception_date=date.today() - timedelta(days=10))
        return officer, case.code


def events(app):
    with app.app_context():
        return db.session.scalars(select(SupportEvent).order_by(SupportEvent.id)).all()


def test_support_is_recorded_with_the_amount_as_given(app, client, officer_case):
    _officer, code = officer_case
    response = client.post(f"/cases/{code}/support/new", support_form())
    assert response.status_code == 303
    [event] = events(app)
    assert (event.regime, event.status, event.amount_vnd, event.description) == ("a", "delivered", 1_500_000,
                                                                                 "Gạo và quần áo")
    page = client.get(f"/cases/{code}").get_data(as_text=True)
    assert "1.500.000" in page and "Gạo và quần áo" in page


@pytest.mark.parametrize("typed, stored", [("2 000 000", 2_000_000), ("750000", 750_000), ("1,200,000 đ", 1_200_000),
                                           ("", None)])
def test_amounts_typed_the_vietnamese_way(app, client, officer_case, typed, stored):
    _officer, code = officer_case
    assert client.post(f"/cases/{code}/support/new", support_form(amount=typed)).status_code == 303
    assert events(app)[0].amount_vnd == stored


@pytest.mark.parametrize("typed", ["-500000", "một triệu", "12.5e6", "99999999999", "1500000.50x"])
def test_bad_amounts_are_refused_clearly_and_nothing_saved(app, client, officer_case, typed):
    _officer, code = officer_case
    response = client.post(f"/cases/{code}/support/new", support_form(amount=typed))
    assert response.status_code == 422
    assert 'id="amount-error"' in response.get_data(as_text=True)
    assert events(app) == []


@pytest.mark.parametrize("over", [
    {"given_on": (date.today() + timedelta(days=2)).isoformat()},
    {"given_on": (date.today() - timedelta(days=30)).isoformat()},  # before the reception
    {"given_on": ""},
    {"amount": "", "description": ""},
    {"regime": "zz"},
    {"status": "stolen"},
    {"status": "planned", "planned_on": ""},
    {"description": "x" * 600},
])
def test_invalid_support_is_refused(app, client, officer_case, over):
    _officer, code = officer_case
    assert client.post(f"/cases/{code}/support/new", support_form(**over)).status_code == 422
    assert events(app) == []


def test_ineligible_support_asks_for_a_reason_and_is_marked(app, client, officer_case):
    _officer, code = officer_case  # being verified, in Viet Nam: a–g, so no loans (k)
    refused = client.post(f"/cases/{code}/support/new", support_form(regime="k"))
    assert refused.status_code == 422
    assert 'id="eligibility_note-error"' in refused.get_data(as_text=True)
    accepted = client.post(f"/cases/{code}/support/new", support_form(regime="k", eligibility_note="Quyết định của UBND xã"))
    assert accepted.status_code == 303
    [event] = events(app)
    assert event.outside_eligibility and event.eligibility_note == "Quyết định của UBND xã"
    assert "badge-late" in client.get(f"/cases/{code}").get_data(as_text=True)


def test_eligibility_table_per_group(app, ctx):
    from webapp.support.eligibility import eligible_regimes

    officer = factories.create_user("commune")
    verifying = factories.create_case(user=officer)
    assert eligible_regimes(verifying) == set("a b c d dd e g".split())
    identified = factories.create_case(user=officer)
    identified.status = "identified"
    assert eligible_regimes(identified) == set("a b c d dd e g h i k".split())
    identified.person.nationality = "KH"
    assert eligible_regimes(identified) == set("a b c d dd g".split())
    child_case = factories.create_case(user=officer, children=[{"sex": "female", "age": 8}])
    assert eligible_regimes(child_case, child_case.children[0]) == set("a b c d dd e g h".split())
    identified.person.nationality = "VN"
    identified.legal_regime = "2011"
    assert "c" not in eligible_regimes(identified) and "k" in eligible_regimes(identified)
    identified.status = "not_victim"
    assert eligible_regimes(identified) == set()
    db.session.rollback()


def test_support_for_an_accompanying_child(app, client, officer_case):
    _officer, code = officer_case
    with app.app_context():
        from webapp.cases.models import Case

        child_id = db.session.scalar(select(Case).where(Case.code == code)).children[0].id
    assert client.post(f"/cases/{code}/support/new", support_form(regime="h", beneficiary=str(child_id),
                                                                  amount="", description="Nhập học lớp 1")).status_code == 303
    [event] = events(app)
    assert event.child_id == child_id and not event.outside_eligibility


def test_plan_from_needs_then_deliver(app, client, officer_case):
    _officer, code = officer_case
    assert client.post(f"/cases/{code}/support/plan").status_code == 303
    planned = events(app)
    assert sorted(e.regime for e in planned) == ["a", "b"]  # k is a need but not granted to this person
    assert all(e.status == "planned" for e in planned)
    client.post(f"/cases/{code}/support/plan")
    assert len(events(app)) == 2  # planning twice adds nothing
    event = planned[0]
    form = support_form(regime=event.regime, version=str(event.version))
    form.pop("submission_id")
    assert client.post(f"/support/{event.id}", form).status_code == 303
    stale = client.post(f"/support/{event.id}", {**form, "amount": "1"})
    assert stale.status_code == 409
    assert events(app)[0].status == "delivered" and events(app)[0].amount_vnd == 1_500_000
    with app.app_context():
        from webapp.cases.models import Case

        kinds = [e.kind for e in db.session.scalar(select(Case).where(Case.code == code)).events]
    assert kinds.count("support_planned") == 2 and "support_given" in kinds


def test_quick_form_logs_support_by_case_code(app, client, officer_case):
    _officer, code = officer_case
    page = client.get(f"/support/quick?case={code}").get_data(as_text=True)
    assert f'value="{code}"' in page and 'inputmode="numeric"' in page
    form = support_form(case_code=code.lower())
    response = client.post("/support/quick", form)
    assert response.status_code == 303
    assert client.post("/support/quick", form).headers["Sen-Submission"] == "replayed"
    assert len(events(app)) == 1


def test_quick_form_refuses_a_case_outside_the_area(app, client, officer_case):
    with app.app_context():
        other = factories.create_case(user=factories.create_user("commune", commune_code=factories.COMMUNE_B),
                                      commune_code=factories.COMMUNE_B)
    response = client.post("/support/quick", support_form(case_code=other.code))
    assert response.status_code == 422
    assert 'id="case_code-error"' in response.get_data(as_text=True)
    assert events(app) == []


def test_support_routes_are_scoped_and_audited(app, client, officer_case):
    _officer, code = officer_case
    client.post(f"/cases/{code}/support/new", support_form())
    event = events(app)[0]
    client.get(f"/support/{event.id}")
    from tests.conftest import Browserish

    outsider = Browserish(app)
    with app.app_context():
        outsider.login(factories.create_user("commune", commune_code=factories.COMMUNE_B).username)
    assert outsider.get(f"/support/{event.id}").status_code == 404
    assert outsider.get(f"/cases/{code}/support/new").status_code == 404
    assert outsider.post(f"/cases/{code}/support/plan").status_code == 404
    with app.app_context():
        actions = [(a.action, a.object_type) for a in db.session.scalars(select(AuditEvent))]
    assert ("create", "support_event") in actions and ("view", "case") in actions


def test_totals_per_regime_are_computed_by_the_database(app, ctx):
    from webapp.cases.access import visible_cases
    from webapp.support.services import totals_by_regime

    officer = factories.create_user("commune")
    one, two = factories.create_case(user=officer), factories.create_case(user=officer)
    factories.create_support_event(one, regime="a", amount_vnd=100_000)
    factories.create_support_event(one, regime="a", amount_vnd=200_000)
    factories.create_support_event(two, regime="a", amount_vnd=None)
    factories.create_support_event(two, regime="b", amount_vnd=50_000)
    factories.create_support_event(two, regime="b", amount_vnd=70_000, status="planned", given_on=None)
    rows = {r[0]: tuple(r[1:]) for r in totals_by_regime(visible_cases(officer))}
    assert rows == {"a": (2, 3, 300_000), "b": (1, 1, 50_000)}
    assert db.session.scalar(select(func.count()).select_from(SupportEvent)) == 5


def test_totals_page_shows_vnd(app, client, officer_case):
    _officer, code = officer_case
    client.post(f"/cases/{code}/support/new", support_form(amount="2.500.000"))
    page = client.get("/support/totals").get_data(as_text=True)
    assert "2.500.000" in page and "₫" in page
