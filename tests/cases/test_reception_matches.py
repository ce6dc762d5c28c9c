"""Before saving: the reception form warns of earlier cases of the same person, in the officer's scope only."""
from __future__ import annotations

from sqlalchemy import func, select

from tests import factories
from tests.cases.helpers import reception_post
from tests.factories import COMMUNE_B
from webapp.audit.models import AuditEvent
from webapp.cases.models import Case, Person
from webapp.extensions import db

TYPED = {"full_name": "Tran Thi Mai", "birth_year": "1996", "home_commune_code": COMMUNE_B,
         "reception_date": "", "birth_date": "", "estimated_age": "", "id_number": ""}


def earlier_case(app, commune=None):
    """Trần Thị Mai, born 1995 and living in commune B, received once before by a commune officer."""
    with app.app_context():
        kw = {"commune_code": commune} if commune else {}
        officer = factories.create_user("commune", **kw)
        values = {"commune_code": officer.commune_code} if commune else {}
        return factories.create_case(user=officer, full_name="Trần Thị Mai", birth_year=1995, id_number=None,
                                     **values).code


def test_typing_a_returning_persons_name_year_and_home_shows_the_earlier_case(app, client, login_as):
    code = earlier_case(app)
    login_as("commune")
    response = client.post("/cases/new/matches", TYPED, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert code in html and "Trần Thị Mai" in html
    assert f'name="same_person" value="{code}"' in html      # offered for linking
    assert response.headers["Cache-Control"] == "no-store"
    with app.app_context():
        views = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "view",
                                                            AuditEvent.object_id == code)).all()
        assert [v.detail for v in views] == ["possible_match"]


def test_nothing_is_shown_while_too_little_is_typed(app, client, login_as):
    earlier_case(app)
    login_as("commune")
    html = client.post("/cases/new/matches", {**TYPED, "home_commune_code": ""}).get_data(as_text=True)
    assert 'name="same_person"' not in html and 'id="reception-matches"' in html


def test_another_communes_person_is_never_shown(app, client, login_as):
    earlier_case(app, commune=COMMUNE_B)
    login_as("commune")                           # an officer of commune A
    html = client.post("/cases/new/matches", TYPED).get_data(as_text=True)
    assert "Trần Thị Mai" not in html and "DT-" not in html
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEvent)
                                 .where(AuditEvent.detail == "possible_match")) == 0


def test_names_never_go_in_a_url_and_the_check_needs_csrf(app, client, login_as):
    login_as("commune")
    assert client.get("/cases/new/matches?full_name=Mai").status_code == 405
    assert client.post("/cases/new/matches", TYPED, csrf=False).status_code == 400


def test_a_reception_saved_with_the_match_chosen_joins_the_earlier_person(app, client, login_as):
    code = earlier_case(app)
    login_as("commune")
    response = client.post("/cases/new", reception_post(full_name="Trần Thị Mai", birth_year=1996, id_number="",
                                                        same_person=code))
    assert response.status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Person)) == 1
        assert db.session.scalar(select(func.count()).select_from(Case)) == 2
        assert db.session.scalar(select(Case).where(Case.code == code)).person.birth_year == 1996


def test_a_reception_cannot_be_linked_to_a_case_outside_the_officers_area(app, client, login_as):
    code = earlier_case(app, commune=COMMUNE_B)
    login_as("commune")
    response = client.post("/cases/new", reception_post(full_name="Trần Thị Mai", id_number="", same_person=code))
    assert response.status_code == 422
    assert "Bạn không thể liên kết" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Case)) == 1
