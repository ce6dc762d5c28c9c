"""What training pages and reports read: the course list, attendance per session and person, and the
figures the reports issue calls (courses held, people trained by sex, audience and agency), all in SQL."""
from __future__ import annotations

from datetime import date

from sqlalchemy import case, distinct, func, select

from webapp.extensions import db
from webapp.training.models import ATTENDED, Attendance, Participant, TrainingCourse, TrainingSession


def course_list(audience: str | None = None, date_from: date | None = None, date_to: date | None = None):
    stmt = select(TrainingCourse).order_by(TrainingCourse.starts_on.desc(), TrainingCourse.id.desc())
    if audience:
        stmt = stmt.where(TrainingCourse.audience == audience)
    if date_from:
        stmt = stmt.where(TrainingCourse.ends_on >= date_from)
    if date_to:
        stmt = stmt.where(TrainingCourse.starts_on <= date_to)
    return stmt


def marks_of_session(session_id: int) -> dict[int, str]:
    """participant id -> status, for one session."""
    rows = db.session.execute(select(Attendance.participant_id, Attendance.status)
                              .where(Attendance.session_id == session_id))
    return dict(rows.all())


def session_counts(course_id: int) -> dict[int, dict[str, int]]:
    """session id -> {present, late, absent, attended}: counted by the database."""
    attended = func.sum(case((Attendance.status.in_(ATTENDED), 1), else_=0))
    rows = db.session.execute(
        select(TrainingSession.id,
               func.sum(case((Attendance.status == "present", 1), else_=0)),
               func.sum(case((Attendance.status == "late", 1), else_=0)),
               func.sum(case((Attendance.status == "absent", 1), else_=0)),
               attended)
        .outerjoin(Attendance, Attendance.session_id == TrainingSession.id)
        .where(TrainingSession.course_id == course_id).group_by(TrainingSession.id))
    return {sid: {"present": p or 0, "late": lt or 0, "absent": a or 0, "attended": t or 0}
            for sid, p, lt, a, t in rows.all()}


def participant_attendance(course: TrainingCourse) -> list[dict]:
    """Each participant with the sessions attended and whether they completed the course.

    Completion: attended (present or late) at least the course's share of all its sessions.
    """
    total = len(course.sessions)
    attended = (select(Attendance.participant_id, func.count().label("n"))
                .join(TrainingSession, TrainingSession.id == Attendance.session_id)
                .where(TrainingSession.course_id == course.id, Attendance.status.in_(ATTENDED))
                .group_by(Attendance.participant_id).subquery())
    rows = db.session.execute(
        select(Participant, func.coalesce(attended.c.n, 0))
        .outerjoin(attended, attended.c.participant_id == Participant.id)
        .where(Participant.course_id == course.id).order_by(Participant.full_name, Participant.id)).all()
    return [{"participant": p, "attended": n, "sessions": total,
             "completed": completes(n, total, course.completion_percent)} for p, n in rows]


def completes(attended: int, sessions: int, percent: int) -> bool:
    """Whole numbers only, so 80% of 3 sessions needs 3 (2.4 rounded up), never a float edge."""
    return sessions > 0 and attended * 100 >= percent * sessions


def courses_held(date_from: date, date_to: date) -> int:
    """Courses that held at least one session inside the window."""
    return db.session.scalar(
        select(func.count(distinct(TrainingCourse.id))).join(TrainingSession)
        .where(TrainingSession.held_on.between(date_from, date_to))) or 0


def people_trained(date_from: date, date_to: date) -> dict:
    """People who attended at least one session held in the window: in all, and by sex, audience and agency.

    A person on two courses counts twice (two trainings), as the plan's targets count trainings given.
    """
    attended = (select(Attendance.participant_id)
                .join(TrainingSession, TrainingSession.id == Attendance.session_id)
                .where(Attendance.status.in_(ATTENDED), TrainingSession.held_on.between(date_from, date_to)))
    base = (select(Participant.id, Participant.sex, Participant.agency, TrainingCourse.audience)
            .join(TrainingCourse, TrainingCourse.id == Participant.course_id)
            .where(Participant.id.in_(attended)).subquery())

    def by(column):
        rows = db.session.execute(select(column, func.count()).group_by(column).order_by(column)).all()
        return {key or "": n for key, n in rows}

    return {"total": db.session.scalar(select(func.count()).select_from(base)) or 0,
            "by_sex": by(base.c.sex), "by_audience": by(base.c.audience), "by_agency": by(base.c.agency)}
