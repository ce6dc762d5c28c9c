"""Business rules after support: follow-up visits, the reintegration status, closing and reopening a case."""
from __future__ import annotations

import unicodedata
from datetime import date

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import and_, func, or_, select, update

from webapp.audit.services import Action, record
from webapp.auth.models import User
from webapp.auth.roles import Role
from webapp.cases.access import GRANTING_STATUSES
from webapp.cases.models import CLOSURE_REASONS, REINTEGRATION_LABELS, Case
from webapp.cases.services import add_event
from webapp.errors import StaleRecord, UserError
from webapp.extensions import db
from webapp.followups.models import VISIT_PURPOSES, FollowUp
from webapp.i18n import format_date, local_today
from webapp.referrals.models import Referral, ReferralStatus
from webapp.support.models import SupportEvent, SupportStatus

FINDINGS_MAX = 4000
RISK_NOTE_MAX = 2000
CANCEL_REASON_MAX = 500
NOTE_MAX = 500
MET_WITH_MAX = 200
MAX_YEARS_AHEAD = 2


def _stored(text: str | None) -> str | None:
    """Text as stored: NFC, no surrounding blanks, None when empty (line breaks are kept)."""
    return unicodedata.normalize("NFC", text or "").strip() or None


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _raise_first(problems: list[tuple[str | None, str]]) -> None:
    if problems:
        raise UserError(problems[0][1], problems[0][0])


def assignable_officers(case: Case, planner=None) -> list[User]:
    """Who may be sent on a visit of the case: active officers of its commune, of a commune or centre that
    accepted a referral of it (as `visible_cases` grants them), and the planner; by name."""
    granted = select(Referral.to_commune_code, Referral.to_agency_id).where(
        Referral.case_id == case.id, Referral.status.in_(GRANTING_STATUSES), Referral.shares_information.is_(True))
    rows = list(db.session.execute(granted))
    communes = {case.commune_code} | {c for c, _a in rows if c}
    agencies = {a for _c, a in rows if a}
    scope = or_(and_(User.role == Role.COMMUNE, User.commune_code.in_(communes)),
                and_(User.role == Role.SHELTER, User.agency_id.in_(agencies)))
    if planner is not None:
        scope = or_(scope, User.id == planner.id)
    return list(db.session.scalars(select(User).where(User.active.is_(True), scope)
                                   .order_by(User.full_name, User.id)))


def schedule_problems(case: Case, due_on: date | None, today: date, purpose: str | None = "living",
                      note: str | None = None, assigned_to_id: int | None = None,
                      planner=None) -> list[tuple[str, str]]:
    """Every rule a new follow-up visit breaks, as (field, message); empty when it may be saved.

    `assigned_to_id` None means the planner goes; otherwise it must be one of `assignable_officers`.
    """
    if case.closed_on:
        return [("due_on", _("This case is closed: reopen it to schedule a visit."))]
    problems = []
    if due_on is None:
        problems.append(("due_on", _("This field is required.")))
    elif due_on < case.reception_date:
        problems.append(("due_on", _("A visit cannot be due before the reception (%(date)s).",
                                     date=format_date(case.reception_date))))
    elif due_on > _years_after(today, MAX_YEARS_AHEAD):
        problems.append(("due_on", _("Schedule a visit at most %(n)d years ahead.", n=MAX_YEARS_AHEAD)))
    text = _stored(note)
    if purpose not in VISIT_PURPOSES:
        problems.append(("purpose", _("Choose the purpose of the visit.")))
    elif purpose == "other" and not text:
        problems.append(("note", _("Say what the visit is for.")))
    if text and len(text) > NOTE_MAX:
        problems.append(("note", _("Enter at most %(max)d characters.", max=NOTE_MAX)))
    if assigned_to_id is not None and assigned_to_id not in {u.id for u in assignable_officers(case, planner)}:
        problems.append(("assigned_to_id", _("Choose an officer who works on this case.")))
    return problems


def schedule_followup(case: Case, due_on: date, user, today: date | None = None, *, purpose: str = "living",
                      note: str | None = None, assigned_to_id: int | None = None) -> FollowUp:
    """Schedule a follow-up visit of the case, assigned to `assigned_to_id` (default: `user`).

    Raises UserError for a broken rule. Does not commit.
    """
    _raise_first(schedule_problems(case, due_on, today or local_today(), purpose, note, assigned_to_id, user))
    followup = FollowUp(case_id=case.id, due_on=due_on, created_by_id=user.id, purpose=purpose, note=_stored(note),
                        assigned_to_id=assigned_to_id or user.id)
    db.session.add(followup)
    # The note may name people: the timeline and the audit get the date only.
    add_event(case, "followup_scheduled", user, f"due={due_on.isoformat()}")
    db.session.flush()
    record(Action.CREATE, "followup", followup.id, user=user, detail=f"case={case.code}")
    return followup


def visit_problems(followup: FollowUp, done_on: date | None, findings: str | None,
                   today: date) -> list[tuple[str, str]]:
    """Every rule a recorded visit breaks, as (field, message); empty when it may be saved."""
    problems = []
    if done_on is None:
        problems.append(("done_on", _("This field is required.")))
    elif done_on > today:
        problems.append(("done_on", _("This date is in the future.")))
    elif done_on < followup.case.reception_date:
        problems.append(("done_on", _("A visit cannot be before the reception (%(date)s).",
                                      date=format_date(followup.case.reception_date))))
    text = _stored(findings)
    if not text:
        problems.append(("findings", _("Write what was found on the visit.")))
    elif len(text) > FINDINGS_MAX:
        problems.append(("findings", _("Enter at most %(max)d characters.", max=FINDINGS_MAX)))
    return problems


def record_visit(followup: FollowUp, done_on: date, findings: str, user, today: date | None = None) -> None:
    """Record that the visit was made, by `user`. Does not commit.

    Raises StaleRecord when the visit was already recorded (by anyone, even a
    moment ago), UserError for a broken rule.
    """
    if followup.done_on is not None:
        raise StaleRecord(_("This visit was already recorded. Schedule another visit if needed."))
    if followup.case.closed_on is not None:
        raise UserError(_("This case is closed. Reopen it to record a visit."), "done_on")
    _raise_first(visit_problems(followup, done_on, findings, today or local_today()))
    # Only the request that finds the visit still open may record it: two officers at once get one result.
    result = db.session.execute(
        update(FollowUp).where(FollowUp.id == followup.id, FollowUp.done_on.is_(None))
        .values(done_on=done_on, done_by_id=user.id, findings=_stored(findings))
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise StaleRecord(_("This visit was already recorded. Schedule another visit if needed."))
    db.session.refresh(followup)
    add_event(followup.case, "followup_done", user, f"followup={followup.id}")
    db.session.flush()
    record(Action.UPDATE, "followup", followup.id, user=user, detail="done")


def open_followups(case: Case) -> list[FollowUp]:
    """The case's visits planned and not yet made, the earliest due first."""
    return list(db.session.scalars(select(FollowUp).where(FollowUp.case_id == case.id, FollowUp.done_on.is_(None))
                                   .order_by(FollowUp.due_on, FollowUp.id)))


def planned_visit(case: Case, fulfils: str | None) -> tuple[FollowUp | None, bool]:
    """Which planned visit an outcome fulfils: ("auto") the earliest still open, ("none") none, or one by its id.

    Returns (visit or None, whether the choice is valid); a visit of another case or already made is not valid.
    """
    if fulfils in (None, "", "auto"):
        planned = open_followups(case)
        return (planned[0] if planned else None), True
    if fulfils == "none":
        return None, True
    if not fulfils.isdigit() or len(fulfils) > 9:
        return None, False
    visit = db.session.get(FollowUp, int(fulfils))
    if visit is None or visit.case_id != case.id or visit.done_on is not None:
        return None, False
    return visit, True


def outcome_problems(case: Case, v: dict, today: date) -> list[tuple[str | None, str]]:
    """Every rule a visit outcome recorded by case code breaks, as (field, message); empty when it may be saved.

    `v` holds: fulfils, done_on, met_with, findings, risk_noted, next_due_on.
    """
    if case.closed_on is not None:
        return [("case_code", _("This case is closed. Reopen it to record a visit."))]
    problems = []
    _visit, valid = planned_visit(case, v.get("fulfils"))
    if not valid:
        problems.append(("fulfils", _("This planned visit is already recorded or is not of this case. "
                                      "Choose another.")))
    done_on = v.get("done_on")
    if done_on is None:
        problems.append(("done_on", _("This field is required.")))
    elif done_on > today:
        problems.append(("done_on", _("This date is in the future.")))
    elif done_on < case.reception_date:
        problems.append(("done_on", _("A visit cannot be before the reception (%(date)s).",
                                      date=format_date(case.reception_date))))
    met_with = _stored(v.get("met_with"))
    if met_with and len(met_with) > MET_WITH_MAX:
        problems.append(("met_with", _("Enter at most %(max)d characters.", max=MET_WITH_MAX)))
    text = _stored(v.get("findings"))
    if not text:
        problems.append(("findings", _("Write what was found on the visit.")))
    elif len(text) > FINDINGS_MAX:
        problems.append(("findings", _("Enter at most %(max)d characters.", max=FINDINGS_MAX)))
    next_due = v.get("next_due_on")
    if next_due is not None:
        if done_on is not None and next_due <= done_on:
            problems.append(("next_due_on", _("The next visit must be due after this one.")))
        elif next_due > _years_after(today, MAX_YEARS_AHEAD):
            problems.append(("next_due_on", _("Schedule a visit at most %(n)d years ahead.", n=MAX_YEARS_AHEAD)))
    return problems


def record_outcome(case: Case, v: dict, user, today: date | None = None) -> FollowUp:
    """Record a visit made to the case (the form found by case code); returns the visit recorded. Does not commit.

    Marks the planned visit it fulfils as made, or adds a visit made without a plan; a next due date plans
    the next visit, assigned to `user`. Raises UserError for a broken rule (among them: the planned visit was
    recorded by someone else meanwhile).
    """
    today = today or local_today()
    _raise_first(outcome_problems(case, v, today))
    planned, _valid = planned_visit(case, v.get("fulfils"))
    values = {"done_on": v["done_on"], "done_by_id": user.id, "met_with": _stored(v.get("met_with")),
              "findings": _stored(v["findings"]), "risk_noted": bool(v.get("risk_noted"))}
    if planned is not None:
        # Only the request that finds the visit still open may record it, as for record_visit.
        result = db.session.execute(
            update(FollowUp).where(FollowUp.id == planned.id, FollowUp.done_on.is_(None)).values(**values)
            .execution_options(synchronize_session=False))
        if result.rowcount != 1:
            raise StaleRecord(_("This planned visit was already recorded. Choose another."), "fulfils")
        db.session.refresh(planned)
        visit, action = planned, Action.UPDATE
    else:
        visit = FollowUp(case_id=case.id, due_on=v["done_on"], assigned_to_id=user.id, created_by_id=user.id,
                         **values)
        db.session.add(visit)
        action = Action.CREATE
    db.session.flush()
    # What was found and whom they met stay in the record: the timeline and the audit get the visit's id only.
    add_event(case, "followup_done", user, f"followup={visit.id}" + (";risk" if visit.risk_noted else ""))
    db.session.flush()
    record(action, "followup", visit.id, user=user, detail="done" if action == Action.UPDATE else f"case={case.code};done")
    if v.get("next_due_on") is not None:
        schedule_followup(case, v["next_due_on"], user, today, purpose=visit.purpose or "living")
    return visit


def _check_version(case: Case, expected) -> None:
    if str(case.version) != str(expected):
        raise StaleRecord(_("Another officer changed this case while you were editing. What you typed is still "
                            "in the form below and was not saved; the saved values are shown above it. Check them "
                            "and save again."))


def set_reintegration(case: Case, status: str | None, risk_note: str | None, expected_version, user) -> list[str]:
    """Set the reintegration status and the risk note; returns the names of changed fields. Does not commit.

    Raises StaleRecord when the case changed since `expected_version`, UserError for a broken rule
    (among them: the case is closed).
    """
    if case.closed_on:
        raise UserError(_("This case is closed: reopen it to change the reintegration status."))
    _check_version(case, expected_version)
    note = _stored(risk_note)
    problems = []
    if status not in REINTEGRATION_LABELS:
        problems.append(("reintegration_status", _("Not a valid choice.")))
    if note and len(note) > RISK_NOTE_MAX:
        problems.append(("retrafficking_risk_note", _("Enter at most %(max)d characters.", max=RISK_NOTE_MAX)))
    _raise_first(problems)
    changed = []
    for name, value in (("reintegration_status", status), ("retrafficking_risk_note", note)):
        if getattr(case, name) != value:
            setattr(case, name, value)
            changed.append(name)
    if changed:
        # The risk note may describe the person: the timeline and the audit get the status code only.
        add_event(case, "reintegration_updated", user, f"status={case.reintegration_status}")
        db.session.flush()
        record(Action.UPDATE, "case", case.code, user=user, detail="reintegration:" + ",".join(changed))
    return changed


def waiting_referrals(case: Case) -> int:
    """How many referrals of the case were sent and are still waiting for an answer."""
    return db.session.scalar(select(func.count(Referral.id)).where(
        Referral.case_id == case.id, Referral.status == ReferralStatus.SENT)) or 0


def planned_support(case: Case) -> list[SupportEvent]:
    """Support planned for the case and not delivered: what closing it cancels."""
    return list(db.session.scalars(select(SupportEvent).where(
        SupportEvent.case_id == case.id, SupportEvent.status == SupportStatus.PLANNED)
        .order_by(SupportEvent.planned_on, SupportEvent.id)))


def planned_ids(events: list[SupportEvent]) -> str:
    """The planned support an officer was shown, as the closing form carries it back."""
    return ",".join(str(e.id) for e in events)


def _cancel_problems(case: Case, cancel_reason: str | None, shown: str | None) -> list[tuple[str | None, str]]:
    planned = planned_support(case)
    if not planned:
        return []
    if (shown or "") != planned_ids(planned):
        return [(None, _("The support planned for this case changed since you opened the page. Check the list "
                         "below and close the case again."))]
    text = _stored(cancel_reason)
    if not text:
        return [("cancel_reason", ngettext(
            "%(num)d support planned for this case will be cancelled. Say why.",
            "%(num)d supports planned for this case will be cancelled. Say why.", len(planned)))]
    if len(text) > CANCEL_REASON_MAX:
        return [("cancel_reason", _("Enter at most %(max)d characters.", max=CANCEL_REASON_MAX))]
    return []


def closure_problems(case: Case, reason: str | None, closed_on: date | None, today: date,
                     cancel_reason: str | None = None, shown_planned: str | None = None
                     ) -> list[tuple[str | None, str]]:
    """Every rule a closure breaks, as (field, message); empty when the case may be closed.

    Support still planned is cancelled by the closure, so it needs a reason; `shown_planned`
    is the planned support the officer saw (see `planned_ids`), which must still be all there is.
    """
    problems = []
    if reason not in CLOSURE_REASONS:
        problems.append(("closure_reason", _("Choose the reason for closing the case.")))
    if closed_on and closed_on > today:
        problems.append(("closed_on", _("This date is in the future.")))
    elif closed_on and closed_on < case.reception_date:
        problems.append(("closed_on", _("A case cannot be closed before the reception (%(date)s).",
                                        date=format_date(case.reception_date))))
    waiting = waiting_referrals(case)
    if waiting:
        problems.append((None, ngettext(
            "%(num)d referral of this case is still waiting for an answer. It must be accepted or declined "
            "before the case is closed.",
            "%(num)d referrals of this case are still waiting for an answer. They must be accepted or declined "
            "before the case is closed.", waiting)))
    return problems + _cancel_problems(case, cancel_reason, shown_planned)


def close_case(case: Case, reason: str, closed_on: date | None, user, today: date | None = None,
               cancel_reason: str | None = None, shown_planned: str | None = None) -> None:
    """Close the case with a reason, on `closed_on` (default today), cancelling the support still planned
    with `cancel_reason`. Does not commit.

    Raises StaleRecord when it is already closed, UserError for a broken rule
    (among them: referrals still waiting for an answer, planned support without a reason to cancel it).
    """
    today = today or local_today()
    if case.closed_on:
        raise StaleRecord(_("This case was already closed."))
    _raise_first(closure_problems(case, reason, closed_on, today, cancel_reason, shown_planned))
    for event in planned_support(case):
        event.status = SupportStatus.CANCELLED
        event.cancellation_reason = _stored(cancel_reason)
        add_event(case, "support_cancelled", user, f"{event.regime}:{SupportStatus.CANCELLED}")
        db.session.flush()
        record(Action.UPDATE, "support_event", event.id, user=user, detail="status=cancelled;case_closed")
    case.closed_on = closed_on or today
    case.closure_reason = reason
    add_event(case, "closed", user, f"reason={reason}")
    db.session.flush()
    record(Action.UPDATE, "case", case.code, user=user, detail=f"closed:{reason}")


def reopen_case(case: Case, user) -> None:
    """Reopen a closed case; the closure stays in the timeline. Raises StaleRecord if it is not closed."""
    if not case.closed_on:
        raise StaleRecord(_("This case is not closed."))
    case.closed_on = None
    case.closure_reason = None
    add_event(case, "reopened", user)
    db.session.flush()
    record(Action.UPDATE, "case", case.code, user=user, detail="reopened")
