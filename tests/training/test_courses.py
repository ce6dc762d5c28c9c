"""Courses: the coordinator creates and manages them; the province and commune officers only read them."""
import uuid

import pytest
from sqlalchemy import func, select

from tests.test_access_matrix import outsider, rules_of, unexpected_answers
from tests.training.helpers import create_course
from webapp.extensions import db
from webapp.training.models import Participant, TrainingCourse, TrainingSession


@pytest.fixture(autouse=True)
def _token_from_a_plain_page(monkeypatch):
    """This branch's home page of case roles fails (fixed on main since: follow-up scope without an id);
    these tests take their CSRF token from the password page instead of following /login to home."""
    from tests.conftest import CSRF_META, Browserish

    monkeypatch.setattr(Browserish, "csrf", lambda self: CSRF_META.search(
        self.get("/account/password", follow_redirects=True).get_data(as_text=True)).group(1))


COURSE = {"title": "Tập huấn nhận diện nạn nhân", "organiser": "Sở Y tế Đồng Tháp", "starts_on": "2026-11-02",
          "ends_on": "2026-11-04", "place": "Hội trường tỉnh", "audience": "commune_officers",
          "topics": "Luật 2024"}


def _count(app, model):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_trainer_creates_a_course_once_even_when_the_form_is_sent_twice(app, client, login_as):
    login_as("trainer")
    data = dict(COURSE, submission_id=str(uuid.uuid4()))
    first = client.post("/training/new", data)
    second = client.post("/training/new", data)
    assert first.status_code == 303 and second.headers["Location"] == first.headers["Location"]
    assert _count(app, TrainingCourse) == 1
    page = client.get(first.headers["Location"]).get_data(as_text=True)
    assert "Tập huấn nhận diện nạn nhân" in page and "Cán bộ cấp xã" in page


def test_a_course_cannot_end_before_it_starts(app, client, login_as):
    login_as("trainer")
    response = client.post("/training/new", dict(COURSE, ends_on="2026-11-01", submission_id=str(uuid.uuid4())))
    assert response.status_code == 422
    assert "Tập huấn nhận diện nạn nhân" in response.get_data(as_text=True)  # what was typed stays
    assert _count(app, TrainingCourse) == 0


def test_a_session_must_end_after_it_starts_and_fall_within_the_course(app, client, login_as):
    login_as("trainer")
    with app.app_context():
        course_id = create_course(sessions=0).id
    late = client.post(f"/training/{course_id}/sessions", {"held_on": "2026-11-03", "starts_at": "14:00",
                                                           "ends_at": "13:30"})
    outside = client.post(f"/training/{course_id}/sessions", {"held_on": "2026-12-03", "starts_at": "08:00",
                                                              "ends_at": "11:00"})
    good = client.post(f"/training/{course_id}/sessions", {"held_on": "2026-11-03", "starts_at": "08:00",
                                                           "ends_at": "11:00"})
    assert (late.status_code, outside.status_code, good.status_code) == (422, 422, 303)
    assert _count(app, TrainingSession) == 1


def test_the_same_person_typed_twice_is_on_the_roster_once(app, client, login_as):
    login_as("trainer")
    with app.app_context():
        course_id = create_course().id
    person = {"full_name": "Nguyễn Thị Hoa", "sex": "female", "birth_year": "1990", "agency": "UBND xã",
              "position": "Cán bộ", "commune_code": "", "phone": "0912 345 678"}
    assert client.post(f"/training/{course_id}/participants", person).status_code == 303
    again = dict(person, full_name="nguyen thi hoa", phone="0912345678")
    assert client.post(f"/training/{course_id}/participants", again).status_code == 303
    assert _count(app, Participant) == 1


def test_a_participant_picked_from_sen_accounts(app, client, login_as):
    from tests import factories

    login_as("trainer")
    with app.app_context():
        course_id = create_course().id
        officer = factories.create_user("commune", username="officer-b", full_name="Lê Văn Bình")
        officer_id = officer.id
    assert client.post(f"/training/{course_id}/participants/from-user", {"user_id": str(officer_id)}).status_code == 303
    with app.app_context():
        person = db.session.scalar(select(Participant))
        assert (person.full_name, person.user_id) == ("Lê Văn Bình", officer_id)


def test_phone_numbers_are_shown_only_to_the_coordinator(app, client, login_as):
    with app.app_context():
        course_id = create_course(participants=1).id
    login_as("commune")
    page = client.get(f"/training/{course_id}").get_data(as_text=True)
    assert "Người học 01" in page and "0900000000" not in page
    attendance = client.get(f"/training/{course_id}/sessions/1/attendance")
    assert attendance.status_code == 403


@pytest.mark.parametrize("role", ["province", "commune"])
def test_province_and_commune_officers_read_courses_but_change_nothing(app, role):
    client, objs = outsider(app, role, None)
    rules = rules_of(app, "training")

    def expected(rule):
        endpoint = app.view_functions[rule.endpoint]
        return 403 if endpoint.access == "manage_training" else 200

    readable = [r for r in rules if "GET" in r.methods]
    problems = unexpected_answers(client, [r for r in readable if expected(r) == 200], objs, 200)
    problems += unexpected_answers(client, [r for r in rules if expected(r) == 403], objs, 403)
    assert problems == []
    assert _count(app, TrainingCourse) == 1


@pytest.mark.parametrize("role", ["volunteer", "shelter", "admin"])
def test_others_reach_no_training_route(app, role):
    client, objs = outsider(app, role, None)
    assert unexpected_answers(client, rules_of(app, "training"), objs, 403) == []


def test_trainer_finds_courses_on_the_home_page_and_in_the_menu(app, client, login_as):
    login_as("trainer")
    page = client.get("/").get_data(as_text=True)
    assert page.count('href="/training"') == 2 and 'href="/training/new"' in page
    assert "/cases" not in page and "/tipoffs" not in page


def test_the_coordinator_corrects_a_course_and_a_bad_correction_keeps_what_was_typed(app, client, login_as):
    login_as("trainer")
    with app.app_context():
        course_id = create_course().id
    data = dict(COURSE, title="Tập huấn kỹ năng hỗ trợ nạn nhân")
    assert client.post(f"/training/{course_id}", data).status_code == 303
    bad = client.post(f"/training/{course_id}", dict(data, title="Tên mới chưa lưu", audience="pilots"))
    assert bad.status_code == 422 and "Tên mới chưa lưu" in bad.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(TrainingCourse, course_id).title == "Tập huấn kỹ năng hỗ trợ nạn nhân"
