"""Case routes refuse everyone outside the case's scope, without revealing that it exists."""
import pytest
from sqlalchemy import select

from tests import factories
from tests.cases.helpers import reception_post
from tests.conftest import Browserish
from tests.factories import COMMUNE_B
from tests.test_access_matrix import outsider, unexpected_answers
from webapp.audit.models import AuditEvent
from webapp.auth.roles import has_permission
from webapp.extensions import db


def case_rules(app):
    return [r for r in app.url_map.iter_rules() if "code" in r.arguments]


@pytest.mark.parametrize("role, commune, expected", [
    ("commune", COMMUNE_B, 404),  # another commune's officer: as if the case did not exist
    ("shelter", None, 404),  # a centre sees cases only after accepting a referral
    ("volunteer", None, 403),  # no victim data at all
    ("trainer", None, 403),
    ("admin", None, 403),
])
def test_every_case_route_refuses_users_outside_scope(app, role, commune, expected):
    client, objs = outsider(app, role, commune)

    def want(rule):
        # A role without the route's permission gets 403 whatever the code: that reveals nothing either.
        return expected if has_permission(role, app.view_functions[rule.endpoint].access) else 403

    assert unexpected_answers(client, case_rules(app), objs, want, {"other": objs["case_code"]}) == []
    assert case_rules(app)  # the list is not empty: the case routes exist


def test_guessing_a_code_tells_nothing(app, client, login_as):
    login_as("commune", commune_code=COMMUNE_B)
    with app.app_context():
        real = factories.create_case().code
    assert client.get(f"/cases/{real}").status_code == client.get("/cases/DT-1999-99999").status_code == 404


def test_search_results_stay_in_scope(app, client, login_as):
    with app.app_context():
        factories.create_case(full_name="Hồ Thị Xa")
    login_as("commune", commune_code=COMMUNE_B)
    page = client.post("/cases", {"q": "Xa"}).get_data(as_text=True)
    assert "Hồ Thị Xa" not in page


def test_province_sees_every_commune(app, client, login_as):
    with app.app_context():
        factories.create_case(full_name="Hồ Thị Xa")
        factories.create_case(full_name="Lý Văn Gần", commune_code=COMMUNE_B,
                              user=factories.create_user("commune", commune_code=COMMUNE_B))
    login_as("province")
    page = client.get("/cases").get_data(as_text=True)
    assert "Hồ Thị Xa" in page and "Lý Văn Gần" in page


def test_links_to_out_of_scope_cases_are_refused(app, client, login_as):
    officer = login_as("commune")
    with app.app_context():
        mine = factories.create_case(user=officer).code
        theirs = factories.create_case(commune_code=COMMUNE_B,
                                       user=factories.create_user("commune", commune_code=COMMUNE_B)).code
    assert client.post(f"/cases/{mine}/link", {"other": theirs}).status_code == 404


def test_volunteer_and_trainer_see_no_victim_data_anywhere(app, login_as):
    with app.app_context():
        factories.create_case(full_name="Phan Thị Kín")
    for role in ("volunteer", "trainer"):
        client = Browserish(app)
        with app.app_context():
            user = factories.create_user(role)
        client.login(user.username)
        for url in ("/", "/cases", "/cases/new"):
            assert "Phan Thị Kín" not in client.get(url).get_data(as_text=True)
        assert "/cases" not in client.get("/").get_data(as_text=True)


def test_every_case_view_is_audited(app, client, login_as):
    login_as("commune")
    code = client.post("/cases/new", reception_post()).headers["Location"].rsplit("/", 1)[1]
    client.get(f"/cases/{code}")
    client.get(f"/cases/{code}")
    client.get(f"/cases/{code}/edit")
    with app.app_context():
        views = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "view",
                                                            AuditEvent.object_type == "case")).all()
    assert [v.object_id for v in views] == [code] * 3
