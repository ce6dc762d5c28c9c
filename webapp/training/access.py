"""Who may see which course. Training holds no victim data: every course is province-wide.

The trainer (coordinator) creates and manages every course. The province and commune officers read
courses, sessions and attendance, never the participants' phone numbers, and change nothing.
"""
from __future__ import annotations

from flask import abort

from webapp.auth.roles import Permission, has_permission
from webapp.extensions import db
from webapp.training.models import Participant, TrainingCourse, TrainingSession


def may_manage(user) -> bool:
    return has_permission(user.role, Permission.MANAGE_TRAINING)


def may_see_phones(user) -> bool:
    """Phone numbers are personal data: only whoever manages the roster sees them."""
    return may_manage(user)


def course_or_404(course_id: int) -> TrainingCourse:
    course = db.session.get(TrainingCourse, course_id)
    if course is None:
        abort(404)
    return course


def session_or_404(course: TrainingCourse, session_id: int) -> TrainingSession:
    session = db.session.get(TrainingSession, session_id)
    if session is None or session.course_id != course.id:
        abort(404)
    return session


def participant_or_404(course: TrainingCourse, participant_id: int) -> Participant:
    participant = db.session.get(Participant, participant_id)
    if participant is None or participant.course_id != course.id:
        abort(404)
    return participant
