"""Protection lists and counts: the open records an officer answers for, and the figures reports need."""
from __future__ import annotations

from datetime import date

from sqlalchemy import String, and_, case, cast, distinct, false, func, literal, select, true

from webapp.auth.roles import Permission, Role, has_permission
from webapp.cases.access import visible_cases
from webapp.cases.models import Case, Person
from webapp.extensions import db
from webapp.protection.models import OPEN_STATUSES, Protection, ProtectionStatus


def _answering_for(user):
    """The cases whose protection the user answers for: the receiving commune's, or every case for the province."""
    if has_permission(user.role, Permission.READ_ALL_COMMUNES):
        return true()
    if user.role == Role.COMMUNE and user.commune_code:
        return Case.commune_code == user.commune_code
    return false()


def protection_open(user, today: date):
    """Protection asked for and not settled, or in place without an end, in the open cases the user answers for.

    Requests still waiting come first, the oldest first; nothing about the threat is selected.
    """
    waiting = Protection.status == ProtectionStatus.REQUESTED
    return (select(Protection.id, Protection.status, Protection.requested_on, Protection.start_on,
                   waiting.label("waiting"), Case.code, Person.full_name)
            .join(Case, Protection.case_id == Case.id).join(Person, Case.person_id == Person.id)
            .where(visible_cases(user), _answering_for(user), Case.closed_on.is_(None),
                   Protection.status.in_(OPEN_STATUSES), Protection.end_on.is_(None))
            .order_by(waiting.desc(), Protection.requested_on, Protection.id))


def _person_key():
    """One key per human being protected: the person received (over all their cases), a child, a relative."""
    return case(
        (Protection.subject == "person", literal("p") + cast(Case.person_id, String)),
        (Protection.subject == "child", literal("c") + cast(Protection.child_id, String)),
        else_=literal("r") + cast(Protection.id, String))


def protection_counts(start: date, end: date, commune_code: str | None = None) -> dict[str, int]:
    """How many people needed protection during [start, end] and how many of them were protected.

    A person needed protection when a request of theirs, not refused or found
    not needed, was made by `end` and had not ended before `start`; they were
    protected when that protection started by `end`. Each person counts once,
    however many requests they have. `commune_code` limits to the cases that
    commune received. Computed in one SQL query.
    """
    in_window = and_(Protection.requested_on <= end,
                     Protection.end_on.is_(None) | (Protection.end_on >= start),
                     Protection.status != ProtectionStatus.NOT_NEEDED)
    protected = and_(in_window, Protection.start_on.is_not(None), Protection.start_on <= end)
    key = _person_key()
    stmt = (select(func.count(distinct(case((in_window, key)))).label("needing"),
                   func.count(distinct(case((protected, key)))).label("protected"))
            .select_from(Protection).join(Case, Protection.case_id == Case.id))
    if commune_code is not None:
        stmt = stmt.where(Case.commune_code == commune_code)
    row = db.session.execute(stmt).one()
    return {"needing": row.needing or 0, "protected": row.protected or 0}
