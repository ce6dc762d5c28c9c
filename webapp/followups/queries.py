"""What an officer has to do ("my work"), and a case's follow-up visits. Every list is one query, limited."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import NamedTuple

from flask import current_app
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from webapp.cases.access import visible_cases
from webapp.cases.models import Case, CaseStatus, Person
from webapp.extensions import db
from webapp.followups.models import FollowUp
from webapp.places.models import AdminUnit
from webapp.protection.queries import protection_open
from webapp.referrals.access import addressed_to
from webapp.referrals.models import Referral, ReferralStatus
from webapp.support.models import SupportEvent, SupportStatus

DUE_SOON_DAYS = 7
REMINDER_DAYS = 3
LIMIT = 50


@dataclass(frozen=True)
class Section:
    """The first rows of one list of work, and how many there are in all."""

    items: list
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.items)


def reminder_days() -> int:
    """A visit due within this many days (or overdue) is shown as a reminder that stands out."""
    return int(current_app.config.get("FOLLOWUP_REMINDER_DAYS", REMINDER_DAYS))


def followups_due(user, today: date):
    """Visits not yet made, assigned to the user (or to no one), overdue or due soon, of the open cases the user
    may see; the earliest due first. `reminder` marks those due within `reminder_days()` or overdue."""
    remind = reminder_days()
    return (select(FollowUp.id, FollowUp.due_on, FollowUp.purpose, (FollowUp.due_on < today).label("overdue"),
                   (FollowUp.due_on <= today + timedelta(days=remind)).label("reminder"), Case.code,
                   Person.full_name)
            .join(Case, FollowUp.case_id == Case.id).join(Person, Case.person_id == Person.id)
            .where(visible_cases(user), Case.closed_on.is_(None), FollowUp.done_on.is_(None),
                   or_(FollowUp.assigned_to_id == user.id, FollowUp.assigned_to_id.is_(None)),
                   FollowUp.due_on <= today + timedelta(days=max(DUE_SOON_DAYS, remind)))
            .order_by(FollowUp.due_on, FollowUp.id))


def referrals_waiting(user, today: date):
    """Referrals sent to the user and not yet answered, oldest first; nothing about the person is selected."""
    # The row names the sender (the commune of the case, as the inbox does): the receiver is the reader.
    return (select(Referral.id, Referral.service, Referral.created_at, Case.code,
                   AdminUnit.name.label("sender_name"))
            .join(Case, Referral.case_id == Case.id)
            .join(AdminUnit, Case.commune_code == AdminUnit.code)
            .where(addressed_to(user), Referral.status == ReferralStatus.SENT)
            .order_by(Referral.created_at, Referral.id))


def verification_overdue(user, today: date):
    """Open cases still being verified after their 3-day deadline; the longest overdue first."""
    return (select(Case.code, Case.verification_due, Person.full_name)
            .join(Person, Case.person_id == Person.id)
            .where(visible_cases(user), Case.status == CaseStatus.BEING_VERIFIED, Case.verification_due < today,
                   Case.closed_on.is_(None))
            .order_by(Case.verification_due, Case.id))


def support_planned(user, today: date):
    """Support planned and not yet delivered in the open cases the user may see; earliest planned date first."""
    return (select(SupportEvent.id, SupportEvent.regime, SupportEvent.planned_on,
                   (SupportEvent.planned_on < today).label("late"), Case.code, Person.full_name)
            .join(Case, SupportEvent.case_id == Case.id).join(Person, Case.person_id == Person.id)
            .where(visible_cases(user), SupportEvent.status == SupportStatus.PLANNED, Case.closed_on.is_(None))
            .order_by(SupportEvent.planned_on.is_(None), SupportEvent.planned_on, SupportEvent.id))


MY_WORK = {
    "followups": followups_due,
    "referrals": referrals_waiting,
    "verification": verification_overdue,
    "support": support_planned,
    "protection": protection_open,
}


def _count(stmt):
    return select(func.count()).select_from(stmt.order_by(None).subquery()).scalar_subquery()


def my_work(user, today: date, limit: int = LIMIT) -> dict[str, Section]:
    """Each list of the user's work: its first `limit` rows and its total."""
    totals = work_counts(user, today)
    return {name: Section(list(db.session.execute(query(user, today).limit(limit))), totals[name])
            for name, query in MY_WORK.items()}


class _Scope(NamedTuple):
    """What of a user decides which work is theirs: the home page's counts depend on nothing else."""

    id: int  # follow-up visits are assigned to one officer
    role: str
    commune_code: str | None
    agency_id: int | None


def work_counts(user, today: date) -> dict[str, int]:
    """How many items each list of the user's work holds, in one query."""
    scope = _Scope(user.id, user.role, user.commune_code, user.agency_id)
    row = db.session.execute(_counts_statement(scope, today, reminder_days())).one()
    return dict(row._mapping)


@lru_cache(maxsize=256)
def _counts_statement(scope: _Scope, today: date, remind: int):
    """Built once per scope, day and reminder window (which `followups_due` reads from the config):
    building it costs more than running it, on every home page."""
    return select(*(_count(query(scope, today)).label(name) for name, query in MY_WORK.items()))


def case_followups(case: Case) -> list[FollowUp]:
    """The case's visits in the order they are due, with who made them."""
    return list(db.session.scalars(select(FollowUp).where(FollowUp.case_id == case.id)
                                   .options(selectinload(FollowUp.done_by), selectinload(FollowUp.assigned_to))
                                   .order_by(FollowUp.due_on, FollowUp.id)))
