"""Recording support: planned and given, checked against the eligibility table, amounts as actually given."""
from __future__ import annotations

import re
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select

from webapp.audit.services import Action, record
from webapp.cases.models import Case
from webapp.cases.services import add_event
from webapp.errors import StaleRecord, UserError
from webapp.extensions import db
from webapp.i18n import local_today
from webapp.support.eligibility import is_eligible
from webapp.support.models import SupportEvent, SupportStatus

MAX_AMOUNT_VND = 2_000_000_000  # far above any allowance or loan: larger is a typing mistake
MAX_PLAN_AHEAD = timedelta(days=730)
_SEPARATORS = re.compile(r"[\s.,_]")


def parse_amount(text: str | None) -> int | None:
    """Dong as typed on a phone ('1.500.000', '1 500 000', '1500000 đ'); None when empty.

    Raises UserError for text that is not a whole, positive, sensible number of dong.
    """
    raw = (text or "").strip().lower().removesuffix("vnd").removesuffix("đ").removesuffix("₫").strip()
    if not raw:
        return None
    if raw.startswith("-"):
        raise UserError(_("An amount cannot be negative."), "amount")
    digits = _SEPARATORS.sub("", raw)
    if not re.fullmatch(r"[0-9]+", digits):
        raise UserError(_("Enter the amount in dong, digits only, e.g. 1.500.000."), "amount")
    amount = int(digits)
    if amount > MAX_AMOUNT_VND:
        raise UserError(_("This amount is too large (more than 2 billion dong). Check the number of zeros."), "amount")
    return amount


def support_problems(case: Case, v: dict) -> list[tuple[str, str]]:
    """Every rule the support record breaks, as (field, message)."""
    today = local_today()
    problems = []
    status = v.get("status")
    if status == SupportStatus.DELIVERED:
        if not v.get("given_on"):
            problems.append(("given_on", _("Give the date the support was given.")))
        if v.get("amount") is None and not v.get("description"):
            problems.append(("description", _("Give the amount in dong or describe what was given.")))
    if status == SupportStatus.PLANNED and not v.get("planned_on"):
        problems.append(("planned_on", _("Give the planned date.")))
    if v.get("given_on"):
        if v["given_on"] > today:
            problems.append(("given_on", _("This date is in the future.")))
        elif v["given_on"] < case.reception_date:
            problems.append(("given_on", _("Support cannot be given before the reception.")))
    if v.get("planned_on") and v["planned_on"] > today + MAX_PLAN_AHEAD:
        problems.append(("planned_on", _("Plan at most two years ahead.")))
    if case.closed_on is not None:
        problems.append(("regime", _("This case is closed. Reopen it to record support.")))
    child = v.get("child")
    if v.get("regime") and status != SupportStatus.NOT_ELIGIBLE and not is_eligible(case, v["regime"], child) \
            and not (v.get("eligibility_note") or "").strip():
        problems.append(("eligibility_note", _("The eligibility table does not grant this support to this person. "
                                               "Give the reason for recording it anyway.")))
    return problems


def _apply(event: SupportEvent, case: Case, v: dict) -> None:
    event.regime = v["regime"]
    event.status = v["status"]
    event.child_id = v["child"].id if v.get("child") is not None else None
    event.planned_on = v.get("planned_on")
    event.given_on = v.get("given_on") if v["status"] == SupportStatus.DELIVERED else None
    event.agency_id = v.get("agency_id")
    event.amount_vnd = v.get("amount")
    event.description = (v.get("description") or "").strip() or None
    event.notes = (v.get("notes") or "").strip() or None
    eligible = is_eligible(case, v["regime"], v.get("child"))
    event.outside_eligibility = not eligible and v["status"] != SupportStatus.NOT_ELIGIBLE
    event.eligibility_note = (v.get("eligibility_note") or "").strip() or None if event.outside_eligibility else None


def record_support(case: Case, v: dict, user) -> SupportEvent:
    """Add a planned or given support to the case. Raises UserError for the first rule broken. Does not commit."""
    problems = support_problems(case, v)
    if problems:
        raise UserError(problems[0][1], problems[0][0])
    event = SupportEvent(case_id=case.id, created_by_id=user.id)
    _apply(event, case, v)
    db.session.add(event)
    kind = "support_planned" if event.status == SupportStatus.PLANNED else "support_given"
    add_event(case, kind, user, f"{event.regime}:{event.status}")
    db.session.flush()
    record(Action.CREATE, "support_event", event.id, detail=f"case={case.code};regime={event.regime}")
    return event


def update_support(event: SupportEvent, v: dict, expected_version, user) -> None:
    """Change a support record (e.g. deliver what was planned). Raises StaleRecord or UserError. Does not commit."""
    if str(event.version) != str(expected_version):
        raise StaleRecord(_("Someone else changed this support record while you were editing. "
                            "Your entries are still in the form; check the saved values and save again."))
    problems = support_problems(event.case, v)
    if problems:
        raise UserError(problems[0][1], problems[0][0])
    was = event.status
    _apply(event, event.case, v)
    kind = "support_given" if was == SupportStatus.PLANNED and event.status == SupportStatus.DELIVERED else "support_changed"
    add_event(event.case, kind, user, f"{event.regime}:{event.status}")
    db.session.flush()
    record(Action.UPDATE, "support_event", event.id, detail=f"status={event.status}")


def plan_from_needs(case: Case, user) -> int:
    """Turn the needs assessed at reception into planned support; returns how many were added. Does not commit."""
    needs = set(case.tag_codes("support_regime"))
    already = set(db.session.scalars(select(SupportEvent.regime).where(SupportEvent.case_id == case.id,
                                                                        SupportEvent.child_id.is_(None))))
    added = 0
    for regime in sorted(needs - already):
        v = {"regime": regime, "status": SupportStatus.PLANNED, "planned_on": local_today() + timedelta(days=7),
             "eligibility_note": None}
        if is_eligible(case, regime):
            record_support(case, v, user)
            added += 1
    return added


def totals_by_regime(visible, date_from=None, date_to=None):
    """Per regime: people helped, support events and dong given, computed by the database."""
    stmt = (select(SupportEvent.regime, func.count(func.distinct(Case.person_id)), func.count(SupportEvent.id),
                   func.coalesce(func.sum(SupportEvent.amount_vnd), 0))
            .join(Case, Case.id == SupportEvent.case_id)
            .where(visible, SupportEvent.status == SupportStatus.DELIVERED)
            .group_by(SupportEvent.regime).order_by(SupportEvent.regime))
    if date_from:
        stmt = stmt.where(SupportEvent.given_on >= date_from)
    if date_to:
        stmt = stmt.where(SupportEvent.given_on <= date_to)
    return db.session.execute(stmt).all()
