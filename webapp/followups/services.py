"""Business rules after support: follow-up visits, the reintegration status, closing and reopening a case."""
from __future__ import annotations

import unicodedata
from datetime import date

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select, update

from webapp.audit.services import Action, record
from webapp.cases.models import CLOSURE_REASONS, REINTEGRATION_LABELS, Case
from webapp.cases.services import add_event
from webapp.errors import StaleRecord, UserError
from webapp.extensions import db
from webapp.followups.models import FollowUp
from webapp.i18n import format_date, local_today
from webapp.referrals.models import Referral, ReferralStatus
from webapp.support.models import SupportEvent, SupportStatus

FINDINGS_MAX = 4000
RISK_NOTE_MAX = 2000
CANCEL_REASON_MAX = 500
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


def schedule_problems(case: Case, due_on: date | None, today: date) -> list[tuple[str, str]]:
    """Every rule a new follow-up visit breaks, as (field, message); empty when it may be saved."""
    if case.closed_on:
        return [("due_on", _("This case is closed: reopen it to schedule a visit."))]
    if due_on is None:
        return [("due_on", _("This field is required."))]
    if due_on < case.reception_date:
        return [("due_on", _("A visit cannot be due before the reception (%(date)s).",
                             date=format_date(case.reception_date)))]
    if due_on > _years_after(today, MAX_YEARS_AHEAD):
        return [("due_on", _("Schedule a visit at most %(n)d years ahead.", n=MAX_YEARS_AHEAD))]
    return []


def schedule_followup(case: Case, due_on: date, user, today: date | None = None) -> FollowUp:
    """Schedule a follow-up visit of the case. Raises UserError for a broken rule. Does not commit."""
    _raise_first(schedule_problems(case, due_on, today or local_today()))
    followup = FollowUp(case_id=case.id, due_on=due_on, created_by_id=user.id)
    db.session.add(followup)
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
