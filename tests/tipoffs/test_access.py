"""Tip-off routes refuse everyone outside the tip-off's scope, without revealing that it exists; views are audited."""
import pytest
from sqlalchemy import select

from tests import factories
from tests.factories import COMMUNE_B
from tests.test_access_matrix import outsider, rules_of, unexpected_answers
from tests.tipoffs.helpers import codes_in, handling_post, saved
from webapp.audit.models import AuditEvent
from webapp.extensions import db


def tipoff_rules(app):
    return rules_of(app, "tipoffs")


_outsider = outsider


@pytest.mark.parametrize("role, commune, expected", [
    ("commune", COMMUNE_B, 404),  # another commune's officer: as if the tip-off did not exist
    ("shelter", None, 404),  # centre staff take no tip-offs
])
def test_every_tipoff_route_hides_a_tip_off_outside_scope(app, role, commune, expected):
    client, objs = _outsider(app, role, commune)
    rules = [r for r in tipoff_rules(app) if "tipoff_code" in r.arguments]
    post = handling_post(saved(app, objs["tipoff_code"]), classification="other")
    assert unexpected_answers(client, rules, objs, expected, post) == []
    assert rules  # the tip-off routes exist
    assert saved(app, objs["tipoff_code"]).classification is None


@pytest.mark.parametrize("role", ["volunteer", "trainer", "admin"])
def test_roles_without_case_permissions_reach_no_tipoff_route(app, role):
    client, objs = _outsider(app, role, None)
    assert unexpected_answers(client, tipoff_rules(app), objs, 403) == []
    assert "/tipoffs" not in client.get("/").get_data(as_text=True)


def test_list_stays_in_scope(app, client, login_as):
    with app.app_context():
        theirs = factories.create_tipoff(summary="Chị Ba ở phường Cao Lãnh báo tin.").code
    login_as("commune", commune_code=COMMUNE_B)
    page = client.get("/tipoffs").get_data(as_text=True)
    assert theirs not in page and "Chị Ba ở phường Cao Lãnh" not in page
    assert codes_in(client.post("/tipoffs", {"status": "unclassified"}).get_data(as_text=True)) == []


def test_centre_staff_see_no_tip_offs(app, client, login_as):
    with app.app_context():
        code = factories.create_tipoff().code
    login_as("shelter")
    assert codes_in(client.get("/tipoffs").get_data(as_text=True)) == []
    assert client.get(f"/tipoffs/{code}").status_code == 404


def test_guessing_a_code_tells_nothing(app, client, login_as):
    login_as("commune", commune_code=COMMUNE_B)
    with app.app_context():
        real = factories.create_tipoff().code
    assert client.get(f"/tipoffs/{real}").status_code == client.get("/tipoffs/TB-1999-99999").status_code == 404


def test_officers_find_tip_offs_from_the_menu_and_home(client, login_as):
    login_as("commune")
    assert "/tipoffs" in client.get("/").get_data(as_text=True)


def test_every_showing_of_a_tip_off_is_audited(app, client, login_as):
    login_as("commune")
    with app.app_context():
        code = factories.create_tipoff().code
    client.get(f"/tipoffs/{code}")
    client.get(f"/tipoffs/{code}")
    refused = client.post(f"/tipoffs/{code}", handling_post(saved(app, code), closed_on="2000-01-01"))
    assert refused.status_code == 422  # the page shown again with the error is a showing too
    client.get("/tipoffs")  # the list shows no more than a line of each
    with app.app_context():
        views = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "view",
                                                            AuditEvent.object_type == "tipoff")).all()
    assert [v.object_id for v in views] == [code] * 3
