"""Attendance marks converge: one row per person and session, whatever is replayed or marked twice."""
import uuid

from sqlalchemy import func, select

from tests.training.helpers import create_course
from webapp.extensions import db
from webapp.training.models import Attendance, AttendanceMark, Participant

PHONE_A = "7d3c1a2b-0000-4000-8000-00000000000a"
PHONE_B = "7d3c1a2b-0000-4000-8000-00000000000b"


def _course(app, participants=2):
    with app.app_context():
        course = create_course(sessions=1, participants=participants)
        return course.id, course.sessions[0].id, [p.id for p in course.participants]


def _mark(client, session_id, participant, status, at, device=PHONE_A, submission=None):
    return client.post("/training/marks", {"submission_id": submission or str(uuid.uuid4()),
                                           "session_id": str(session_id), "participant": str(participant),
                                           "status": status, "marked_at": at, "device_id": device})


def _rows(app):
    with app.app_context():
        return db.session.execute(select(Attendance.participant_id, Attendance.status)
                                  .order_by(Attendance.participant_id)).all()


def _history(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(AttendanceMark))


def test_the_same_mark_replayed_is_one_row_and_one_history_entry(app, client, login_as):
    login_as("trainer")
    _course_id, session_id, people = _course(app)
    submission = str(uuid.uuid4())
    for _ in range(2):  # the outbox sends again after a lost answer: same submission
        assert _mark(client, session_id, people[0], "present", "2026-11-02T01:05:00Z", submission=submission
                     ).status_code == 303
    # the same tap sent again under a new submission id (a second tab replaying): still one
    assert _mark(client, session_id, people[0], "present", "2026-11-02T01:05:00Z").status_code == 303
    assert _rows(app) == [(people[0], "present")]
    assert _history(app) == 1


def test_two_coordinators_marking_one_person_differently_the_later_tap_wins(app, client, login_as):
    login_as("trainer")
    _course_id, session_id, people = _course(app)
    # B's later mark arrives first; A's earlier mark arrives after, from the outbox.
    _mark(client, session_id, people[0], "late", "2026-11-02T01:20:00Z", device=PHONE_B)
    _mark(client, session_id, people[0], "absent", "2026-11-02T01:10:00+00:00", device=PHONE_A)
    assert _rows(app) == [(people[0], "late")]
    assert _history(app) == 2  # both kept
    with app.app_context():
        assert db.session.scalar(select(Attendance.device_id)) == PHONE_B


def test_a_walk_in_sent_from_two_phones_with_one_id_is_added_once(app, client, login_as):
    login_as("trainer")
    course_id, session_id, _people = _course(app, participants=0)
    walk_in = str(uuid.uuid4())
    for device in (PHONE_A, PHONE_B):
        response = client.post("/training/walk-ins", {
            "submission_id": str(uuid.uuid4()), "session_id": str(session_id), "client_id": walk_in,
            "full_name": "Trần Văn Tư", "agency": "Công an xã", "position": "", "marked_at": "2026-11-02T01:30:00Z",
            "device_id": device})
        assert response.status_code == 303
    with app.app_context():
        people = db.session.scalars(select(Participant)).all()
        assert [(p.full_name, p.walk_in, p.client_id) for p in people] == [("Trần Văn Tư", True, walk_in)]
    assert _rows(app) == [(people[0].id, "present")]
    # a later mark on the walk-in, by the phone's id, changes the same row
    _mark(client, session_id, walk_in, "late", "2026-11-02T01:40:00Z")
    assert _rows(app) == [(people[0].id, "late")]


def test_a_bad_mark_is_refused_and_saves_nothing(app, client, login_as):
    login_as("trainer")
    _course_id, session_id, people = _course(app)
    assert _mark(client, session_id, people[0], "asleep", "2026-11-02T01:05:00Z").status_code == 422
    assert _mark(client, session_id, people[0], "present", "yesterday").status_code == 422
    assert _mark(client, session_id, "999999", "present", "2026-11-02T01:05:00Z").status_code == 422
    assert _mark(client, 999999, people[0], "present", "2026-11-02T01:05:00Z").status_code == 422
    with app.app_context():
        other = create_course(sessions=1, participants=1, title="Lớp khác")
        stranger = other.participants[0].id
    assert _mark(client, session_id, stranger, "present", "2026-11-02T01:05:00Z").status_code == 422
    assert _rows(app) == [] and _history(app) == 0


def test_the_attendance_page_shows_names_and_no_phone_numbers(app, client, login_as):
    login_as("trainer")
    course_id, session_id, people = _course(app)
    _mark(client, session_id, people[0], "present", "2026-11-02T01:05:00Z")
    page = client.get(f"/training/{course_id}/sessions/{session_id}/attendance")
    text = page.get_data(as_text=True)
    assert "Người học 01" in text and "UBND xã" in text and "0900000000" not in text
    assert 'data-status="present"' in text
    assert "Sen-Keep" not in page.headers  # only the copy the phone asks to keep is marked keepable
    kept = client.get(f"/training/{course_id}/sessions/{session_id}/attendance", headers={"Sen-Outbox": "blank"})
    assert kept.headers["Sen-Keep"] == "1" and "csrf-token" not in kept.get_data(as_text=True)
