"""Business rules of training: courses and sessions, the roster, and attendance marks that converge.

Services flush and never commit; views commit once.
"""
from __future__ import annotations

import re
from datetime import date, datetime, time, timezone

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from webapp.errors import UserError
from webapp.extensions import db
from webapp.places.models import AdminUnit
from webapp.text import clean, search_key
from webapp.training.models import (
    ATTENDANCE_LABELS,
    AUDIENCE_LABELS,
    PARTICIPANT_SEX_LABELS,
    Attendance,
    AttendanceMark,
    Participant,
    TrainingCourse,
    TrainingSession,
)

COURSE_FIELDS = ("title", "organiser", "starts_on", "ends_on", "place", "audience", "topics")
OLDEST_YEAR = 1930
PHONE = re.compile(r"^\+?[0-9 .\-]{8,15}$")
DEVICE = re.compile(r"^[0-9A-Za-z\-]{8,36}$")


def course_problems(v: dict) -> list[tuple[str, str]]:
    problems = []
    for name in ("title", "organiser", "place"):
        if not clean(v.get(name)):
            problems.append((name, _("This field is required.")))
    if v.get("audience") not in AUDIENCE_LABELS:
        problems.append(("audience", _("Not a valid choice.")))
    if v.get("starts_on") and v.get("ends_on") and v["ends_on"] < v["starts_on"]:
        problems.append(("ends_on", _("The course cannot end before it starts.")))
    return problems


def _raise_first(problems) -> None:
    if problems:
        field, message = problems[0]
        raise UserError(message, field)


def save_course(course: TrainingCourse | None, v: dict, user) -> TrainingCourse:
    """Create (course None) or update a course; raises UserError on the first problem."""
    _raise_first(course_problems(v))
    if course is None:
        course = TrainingCourse(created_by_id=user.id)
        db.session.add(course)
    for name in COURSE_FIELDS:
        value = v.get(name)
        setattr(course, name, clean(value) if isinstance(value, str) and name != "topics" else value)
    course.topics = (v.get("topics") or "").strip()
    db.session.flush()
    return course


def set_completion(course: TrainingCourse, percent: int | None) -> None:
    if percent is None or not 1 <= percent <= 100:
        raise UserError(_("Enter a share between 1 and 100 percent."), "completion_percent")
    course.completion_percent = percent
    db.session.flush()


def add_session(course: TrainingCourse, held_on: date | None, starts_at: time | None,
                ends_at: time | None) -> TrainingSession:
    if held_on is None:
        raise UserError(_("This field is required."), "held_on")
    if starts_at is None or ends_at is None:
        raise UserError(_("Give the start and end time."), "starts_at")
    if ends_at <= starts_at:
        raise UserError(_("The session must end after it starts."), "ends_at")
    if not course.starts_on <= held_on <= course.ends_on:
        raise UserError(_("The session must fall within the course dates."), "held_on")
    session = TrainingSession(course=course, held_on=held_on, starts_at=starts_at, ends_at=ends_at)
    db.session.add(session)
    db.session.flush()
    return session


def identity_key(full_name: str, birth_year: int | None, phone: str | None) -> str:
    """Who a participant is, for spotting the same person twice: name without diacritics, year, phone digits."""
    digits = re.sub(r"\D", "", phone or "")
    return "|".join((search_key(full_name), str(birth_year or ""), digits))[:200]


def participant_problems(v: dict, this_year: int) -> list[tuple[str, str]]:
    problems = []
    if not clean(v.get("full_name")):
        problems.append(("full_name", _("Give the participant's name.")))
    elif len(clean(v.get("full_name"))) > 120:
        problems.append(("full_name", _("Enter at most %(max)d characters.", max=120)))
    if v.get("sex") and v["sex"] not in PARTICIPANT_SEX_LABELS:
        problems.append(("sex", _("Not a valid choice.")))
    year = v.get("birth_year")
    if year is not None and not OLDEST_YEAR <= year <= this_year - 10:
        problems.append(("birth_year", _("Give a year of birth between %(first)d and %(last)d.",
                                         first=OLDEST_YEAR, last=this_year - 10)))
    if v.get("phone") and not PHONE.match(v["phone"]):
        problems.append(("phone", _("Give a phone number of 8 to 15 digits.")))
    if v.get("commune_code") and db.session.get(AdminUnit, v["commune_code"]) is None:
        problems.append(("commune_code", _("Not a valid choice.")))
    for name, limit in (("agency", 200), ("position", 120)):
        if len(clean(v.get(name))) > limit:
            problems.append((name, _("Enter at most %(max)d characters.", max=limit)))
    return problems


def find_participant(course: TrainingCourse, key: str) -> Participant | None:
    return db.session.scalar(select(Participant).where(Participant.course_id == course.id,
                                                       Participant.identity_key == key))


def add_participant(course: TrainingCourse, v: dict, this_year: int, user_id: int | None = None,
                    client_id: str | None = None, walk_in: bool = False) -> tuple[Participant, bool]:
    """(participant, created): the same person (same identity key) is never added twice."""
    _raise_first(participant_problems(v, this_year))
    key = identity_key(v["full_name"], v.get("birth_year"), v.get("phone"))
    existing = find_participant(course, key)
    if existing is not None:
        return existing, False
    participant = Participant(
        course=course, full_name=clean(v["full_name"]), sex=v.get("sex") or None, birth_year=v.get("birth_year"),
        agency=clean(v.get("agency")), position=clean(v.get("position")), commune_code=v.get("commune_code") or None,
        phone=re.sub(r"[^0-9+]", "", v.get("phone") or ""), identity_key=key, user_id=user_id,
        client_id=client_id, walk_in=walk_in)
    db.session.add(participant)
    db.session.flush()
    return participant, True


def remove_participant(participant: Participant) -> None:
    db.session.delete(participant)
    db.session.flush()


def parse_marked_at(value: str | None) -> datetime:
    """The phone's time of the tap, ISO 8601; stored as naive UTC. Raises UserError when unreadable."""
    try:
        moment = datetime.fromisoformat((value or "").replace("Z", "+00:00"))
    except ValueError:
        raise UserError(_("This mark has no valid time.")) from None
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def mark(session: TrainingSession, participant: Participant, status: str, marked_at: datetime,
         device_id: str, user_id: int | None) -> Attendance:
    """Record one tap. Replays and marks from several phones converge on one row per person and session:
    the mark made last on its phone wins; every distinct mark is kept in the history."""
    if status not in ATTENDANCE_LABELS:
        raise UserError(_("Not a valid choice."), "status")
    if not DEVICE.match(device_id or ""):
        raise UserError(_("This mark does not say which phone made it."))
    if participant.course_id != session.course_id:
        raise UserError(_("This person is not on this course."))
    seen = db.session.scalar(select(AttendanceMark.id).where(
        AttendanceMark.session_id == session.id, AttendanceMark.participant_id == participant.id,
        AttendanceMark.device_id == device_id, AttendanceMark.marked_at == marked_at))
    if seen is None:
        _insert_once(AttendanceMark(session_id=session.id, participant_id=participant.id, status=status,
                                    marked_at=marked_at, device_id=device_id, marked_by_id=user_id))
    current = select(Attendance).where(Attendance.session_id == session.id,
                                       Attendance.participant_id == participant.id)
    row = db.session.scalar(current)
    if row is None:
        row = Attendance(session_id=session.id, participant_id=participant.id, status=status,
                         marked_at=marked_at, device_id=device_id, marked_by_id=user_id)
        if _insert_once(row):
            return row
        row = db.session.scalar(current)  # another phone's mark for this person landed at the same moment
    if (marked_at, device_id) > (row.marked_at, row.device_id):  # ties broken by phone id: same on every server
        row.status, row.marked_at, row.device_id, row.marked_by_id = status, marked_at, device_id, user_id
    db.session.flush()
    return row


def _insert_once(record) -> bool:
    """Insert in a savepoint: False when a unique row saved at the same moment by another request won."""
    try:
        with db.session.begin_nested():
            db.session.add(record)
        return True
    except IntegrityError:
        return False


def add_walk_in(session: TrainingSession, client_id: str, v: dict, this_year: int) -> Participant:
    """A person not on the roster who came anyway; the phone's id makes a second send add no one."""
    if not DEVICE.match(client_id or ""):
        raise UserError(_("This walk-in has no valid code. Reload the page and add them again."))
    course = session.course
    existing = db.session.scalar(select(Participant).where(Participant.course_id == course.id,
                                                           Participant.client_id == client_id))
    if existing is not None:
        return existing
    try:
        with db.session.begin_nested():
            participant, _created = add_participant(course, v, this_year, client_id=client_id, walk_in=True)
    except IntegrityError:  # the same walk-in from another phone landed at the same moment
        participant = db.session.scalar(select(Participant).where(Participant.course_id == course.id,
                                                                  Participant.client_id == client_id))
        participant = participant or find_participant(course, identity_key(v["full_name"], None, None))
    return participant
