"""A centre sees a case only once it accepted its referral; every referral route is scoped, hidden and audited."""
import pytest
from sqlalchemy import select

from tests import factories
from tests.factories import COMMUNE_B
from tests.referrals.helpers import audit_rows, send_post
from tests.test_access_matrix import outsider, rules_of, unexpected_answers
from webapp.cases.access import visible_cases
from webapp.cases.models import Case
from webapp.extensions import db
from webapp.referrals.models import Referral


def _referral(app, status="sent", **kw):
    with app.app_context():
        centre = factories.create_agency()
        case = factories.create_case(consent_share=True, full_name="Trần Thị Hồng")
        sent = factories.create_referral(case, centre, status=status, **kw)
        return {"id": sent.id, "code": case.code, "centre": centre.id}


def _centre_user(app, client, centre_id):
    with app.app_context():
        user = factories.create_user("shelter", agency_id=centre_id)
    client.login(user.username)
    return user


def _case_list(client) -> str:
    return client.get("/cases").get_data(as_text=True)


def test_a_centre_sees_the_case_only_after_accepting_its_referral(app, client):
    r = _referral(app)
    _centre_user(app, client, r["centre"])
    assert client.get(f"/cases/{r['code']}").status_code == 404
    assert r["code"] not in _case_list(client)
    assert client.post(f"/referrals/{r['id']}/accept", {"version": "1"}).status_code == 303
    assert client.get(f"/cases/{r['code']}").status_code == 200
    assert r["code"] in _case_list(client)


@pytest.mark.parametrize("status, sees", [("sent", False), ("declined", False), ("accepted", True),
                                          ("completed", True)])
def test_which_referral_statuses_open_the_case_to_the_centre(app, ctx, status, sees):
    r = _referral(app, status=status)
    staff = factories.create_user("shelter", agency_id=r["centre"])
    found = db.session.scalar(select(Case.code).where(visible_cases(staff)))
    assert (found == r["code"]) is sees


def test_declining_leaves_the_centre_without_the_case(app, client):
    r = _referral(app)
    _centre_user(app, client, r["centre"])
    assert client.post(f"/referrals/{r['id']}/decline", {"version": "1", "reason": "Hết chỗ."}).status_code == 303
    assert client.get(f"/cases/{r['code']}").status_code == 404
    assert r["code"] not in _case_list(client)
    assert client.get(f"/referrals/{r['id']}").status_code == 200  # their own answer stays readable


def test_another_centre_never_sees_the_case(app, client):
    r = _referral(app, status="accepted")
    with app.app_context():
        elsewhere = factories.create_agency().id
    _centre_user(app, client, elsewhere)
    assert client.get(f"/cases/{r['code']}").status_code == 404
    assert client.get(f"/referrals/{r['id']}").status_code == 404


def test_a_commune_sees_a_case_referred_to_it_only_after_accepting(app, ctx):
    case = factories.create_case(consent_share=True)
    sent = factories.create_referral(case, to_commune_code=COMMUNE_B)
    officer_b = factories.create_user("commune", commune_code=COMMUNE_B)
    assert db.session.scalar(select(Case.id).where(visible_cases(officer_b))) is None
    sent.status = "accepted"
    db.session.commit()
    assert db.session.scalar(select(Case.id).where(visible_cases(officer_b))) == case.id


def test_the_scope_clause_stays_right_inside_a_query_of_referrals(app, ctx):
    """The granting subquery has its own alias: nested under a query of referrals it still asks about the case."""
    case = factories.create_case(consent_share=True)
    centre = factories.create_agency()
    factories.create_referral(case, centre, status="accepted")
    other = factories.create_referral(case, status="sent")  # to another centre, still waiting
    staff = factories.create_user("shelter", agency_id=centre.id)
    ids = db.session.scalars(select(Referral.id).where(Referral.case_id.in_(
        select(Case.id).where(visible_cases(staff))))).all()
    assert other.id in ids and len(ids) == 2


def referral_rules(app):
    return rules_of(app, "referrals")


_outsider = outsider


@pytest.mark.parametrize("role, commune", [("commune", COMMUNE_B), ("shelter", None)])
def test_every_route_about_one_referral_hides_it_from_outsiders(app, role, commune):
    """Another commune's officer, another centre's staff: as if the referral did not exist."""
    client, objs = _outsider(app, role, commune)
    rules = [r for r in referral_rules(app) if "referral_id" in r.arguments]
    assert unexpected_answers(client, rules, objs, 404, {"version": "1", "reason": "x"}) == []
    assert len(rules) == 5  # the page, accept, decline, complete, the answer recorded on the receiver's behalf
    with app.app_context():
        assert db.session.get(Referral, objs["referral_id"]).status == "sent"


def test_sending_is_refused_for_a_case_outside_scope(app):
    client, objs = _outsider(app, "commune", COMMUNE_B)
    with app.app_context():
        centre = factories.create_agency().id
    response = client.post(f"/cases/{objs['case_code']}/referrals", send_post(centre))
    assert response.status_code == 404
    with app.app_context():
        assert db.session.scalar(select(Referral.id).where(Referral.to_agency_id == centre)) is None


@pytest.mark.parametrize("role", ["volunteer", "trainer", "admin"])
def test_roles_without_case_permissions_reach_no_referral_route(app, role):
    client, objs = _outsider(app, role, None)
    assert unexpected_answers(client, referral_rules(app), objs, 403) == []
    assert "/referrals" not in client.get("/").get_data(as_text=True)


def test_officers_and_centres_find_referrals_from_the_menu_and_home(client, login_as):
    login_as("shelter")
    assert 'href="/referrals"' in client.get("/").get_data(as_text=True)


def test_every_showing_of_a_referral_is_audited(app, client):
    r = _referral(app)
    _centre_user(app, client, r["centre"])
    client.get(f"/referrals/{r['id']}")
    client.get(f"/referrals/{r['id']}")
    refused = client.post(f"/referrals/{r['id']}/decline", {"version": "1", "reason": ""})
    assert refused.status_code == 422  # the page shown again with the error is a showing too
    client.get("/referrals")  # the inbox shows no more than a line of each
    views = audit_rows(app, action="view", object_type="referral")
    assert [v.object_id for v in views] == [str(r["id"])] * 3


def test_no_personal_data_in_urls_or_audit(app, client):
    r = _referral(app)
    _centre_user(app, client, r["centre"])
    response = client.post(f"/referrals/{r['id']}/decline", {"version": "1", "reason": "Chị Trần Thị Hồng bị ốm."})
    assert "Hồng" not in response.headers["Location"]
    for row in audit_rows(app):
        assert "Hồng" not in (row.detail or "") and "Hồng" not in (row.object_id or "")
