"""The plan's targets (chỉ tiêu): five indicators computed from the records, each against its target.

Each indicator is "done out of due" for the province or one commune over the target's period (cut at today),
with the list of what is missing, each item leading to the page where the work is done:

- tipoffs: tip-offs received in the period, classified and closed (handled) by its end;
- verification: cases received in the period whose 3-day verification deadline has come, verified by it
  (the same rule as the report and the case register: reception date + VERIFICATION_DAYS calendar days).
  These indicators measure the officers' work, so every case counts, with or without consent to statistics;
- protection: people needing protection during the period (`protection_counts`), protected by its end;
- outreach: key areas (địa bàn trọng điểm) reached by at least one outreach session in the period;
- training: communes with at least one officer who attended a training session held in the period.

The province sets each target's percentage and period (`PlanTarget`); until it does, the default is 100% over
the current calendar year.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, select
from sqlalchemy.orm import selectinload

from webapp.cases.models import Case
from webapp.errors import UserError
from webapp.extensions import db
from webapp.outreach.models import KeyArea
from webapp.outreach.queries import key_area_reach
from webapp.places.services import home_communes
from webapp.protection.models import Protection, ProtectionStatus
from webapp.protection.queries import protection_counts
from webapp.reports.compute import verified_on
from webapp.reports.plan_models import PlanTarget
from webapp.tipoffs.models import STATUS_LABELS as TIPOFF_STATUS_LABELS
from webapp.tipoffs.models import TipOff
from webapp.training.models import ATTENDED, Attendance, Participant, TrainingSession

INDICATORS = {
    "tipoffs": _l("Tip-offs classified and handled"),
    "verification": _l("Received cases verified within 3 days"),
    "protection": _l("People needing protection who were protected"),
    "outreach": _l("Key areas reached by outreach"),
    "training": _l("Communes with an officer trained"),
}
NOTES = {
    "tipoffs": _l("Tip-offs received in the period that were classified and closed by its end."),
    "verification": _l("Cases received in the period whose 3-day deadline has come, verified by the deadline. "
                       "Every case counts, with or without consent to statistics."),
    "protection": _l("People (received persons, children, relatives) who needed protection during the period "
                     "and whose protection started by its end."),
    "outreach": _l("Key areas marked by the province that at least one outreach session reached in the period."),
    "training": _l("Communes with at least one officer who attended a training session held in the period."),
}
LINK_LABELS = {
    "tipoffs": _l("Open the tip-off"),
    "verification": _l("Open the case"),
    "protection": _l("Open the protection"),
    "outreach": _l("Log an outreach session"),
    "training": _l("Training courses"),
}


@dataclass
class Target:
    indicator: str
    percent: int
    starts_on: date
    ends_on: date
    row: PlanTarget | None = None

    @property
    def label(self) -> str:
        return str(INDICATORS[self.indicator])

    @property
    def note(self) -> str:
        return str(NOTES[self.indicator])


@dataclass
class Missing:
    """One thing not done: what it is, a date, and where to do it (endpoint and its arguments)."""

    label: str
    on: date | None
    detail: str = ""
    endpoint: str | None = None
    args: dict = field(default_factory=dict)


@dataclass
class Indicator:
    target: Target
    done: int
    due: int
    start: date
    end: date
    missing: list[Missing] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.target.indicator

    @property
    def percent(self) -> int | None:
        """Whole percent, rounded down (99.5% is not 100%); None when nothing was due."""
        return None if self.due == 0 else self.done * 100 // self.due

    @property
    def met(self) -> bool:
        return self.due == 0 or self.done * 100 >= self.target.percent * self.due


def default_target(indicator: str, today: date) -> Target:
    return Target(indicator, 100, date(today.year, 1, 1), date(today.year, 12, 31))


def get_targets(today: date) -> list[Target]:
    rows = {r.indicator: r for r in db.session.scalars(select(PlanTarget))}
    found = []
    for key in INDICATORS:
        row = rows.get(key)
        found.append(Target(key, row.target_percent, row.starts_on, row.ends_on, row) if row
                     else default_target(key, today))
    return found


def set_target(indicator: str, values: dict, user) -> PlanTarget:
    """Store an indicator's target and period. Flushes, never commits."""
    if indicator not in INDICATORS:
        raise UserError(_l("Choose an indicator of the plan."))
    percent, starts_on, ends_on = values["target_percent"], values["starts_on"], values["ends_on"]
    if percent is None or not 0 < percent <= 100:
        raise UserError(_l("The target is a percentage from 1 to 100."), "target_percent")
    if ends_on < starts_on:
        raise UserError(_l("The period must end on or after its first day."), "ends_on")
    row = db.session.scalar(select(PlanTarget).where(PlanTarget.indicator == indicator))
    if row is None:
        row = PlanTarget(indicator=indicator)
    row.target_percent, row.starts_on, row.ends_on, row.changed_by_id = percent, starts_on, ends_on, user.id
    db.session.add(row)
    db.session.flush()
    return row


# ---------------------------------------------------------------- the indicators


def _tipoffs(commune, start, end):
    stmt = select(TipOff).where(TipOff.received_on.between(start, end)).order_by(TipOff.received_on, TipOff.id)
    if commune:
        stmt = stmt.where(TipOff.commune_code == commune)
    done, missing = 0, []
    tipoffs = list(db.session.scalars(stmt))
    for tipoff in tipoffs:
        if tipoff.classified_at is not None and tipoff.closed_on is not None and tipoff.closed_on <= end:
            done += 1
        else:
            status = TIPOFF_STATUS_LABELS[tipoff.status] if tipoff.closed_on is None or tipoff.closed_on <= end \
                else TIPOFF_STATUS_LABELS["forwarded" if tipoff.forwarded_on else "classified"]
            missing.append(Missing(tipoff.code, tipoff.received_on, str(status), "tipoffs.tipoff_show",
                                   {"tipoff_code": tipoff.code}))
    return done, len(tipoffs), missing


def _verification(commune, start, end):
    stmt = (select(Case).where(Case.reception_date.between(start, end), Case.verification_due <= end)
            .options(selectinload(Case.events)).order_by(Case.reception_date, Case.id))
    if commune:
        stmt = stmt.where(Case.commune_code == commune)
    done, missing = 0, []
    cases = list(db.session.scalars(stmt))
    for case in cases:
        verified = verified_on(case)
        if verified is not None and verified <= case.verification_due:
            done += 1
            continue
        if verified is None or verified > end:
            detail = _l("Still being verified; the deadline was %(date)s", date=_day(case.verification_due))
        else:
            detail = _l("Verified on %(date)s, after the deadline of %(deadline)s", date=_day(verified),
                        deadline=_day(case.verification_due))
        missing.append(Missing(case.code, case.reception_date, str(detail), "cases.case_show", {"code": case.code}))
    return done, len(cases), missing


def _protection(commune, start, end):
    counts = protection_counts(start, end, commune)
    waiting = and_(Protection.requested_on <= end, Protection.end_on.is_(None) | (Protection.end_on >= start),
                   Protection.status != ProtectionStatus.NOT_NEEDED,
                   Protection.start_on.is_(None) | (Protection.start_on > end))
    stmt = (select(Protection.id, Protection.requested_on, Case.code).join(Case, Protection.case_id == Case.id)
            .where(waiting).order_by(Protection.requested_on, Protection.id))
    if commune:
        stmt = stmt.where(Case.commune_code == commune)
    missing = [Missing(code, requested, str(_l("Asked for on %(date)s, not in place", date=_day(requested))),
                       "protection.protection_edit", {"protection_id": pid})
               for pid, requested, code in db.session.execute(stmt)]
    return counts["protected"], counts["needing"], missing


def _outreach(commune, start, end):
    rows = key_area_reach(start, end, areas_where=(KeyArea.commune_code == commune) if commune else None)
    missing = [Missing(r["area"].commune.name + (f" · {r['area'].hamlet}" if r["area"].hamlet else ""), None,
                       str(_l("Not reached in this period")), "outreach.session_new")
               for r in rows if not r["sessions"]]
    return sum(1 for r in rows if r["sessions"]), len(rows), missing


def _training(commune, start, end):
    communes = home_communes(current_app.config["HOME_PROVINCE_CODE"])
    if commune:
        communes = [c for c in communes if c.code == commune]
    attended = (select(Attendance.participant_id).join(TrainingSession, TrainingSession.id == Attendance.session_id)
                .where(Attendance.status.in_(ATTENDED), TrainingSession.held_on.between(start, end)))
    trained = set(db.session.scalars(select(Participant.commune_code).where(Participant.id.in_(attended))
                                     .distinct()))
    missing = [Missing(c.full_name, None, str(_l("No officer trained in this period")), "training.course_list")
               for c in communes if c.code not in trained]
    return len(communes) - len(missing), len(communes), missing


_COMPUTE = {"tipoffs": _tipoffs, "verification": _verification, "protection": _protection,
            "outreach": _outreach, "training": _training}


def _day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def indicator(target: Target, commune: str | None, today: date) -> Indicator:
    """One indicator for the province (`commune` None) or one commune, over the target's period cut at today."""
    start, end = target.starts_on, min(target.ends_on, today)
    if end < start:
        return Indicator(target, 0, 0, start, end)
    done, due, missing = _COMPUTE[target.indicator](commune, start, end)
    return Indicator(target, done, due, start, end, missing)


def indicators(commune: str | None, today: date) -> list[Indicator]:
    return [indicator(t, commune, today) for t in get_targets(today)]


def ranking(today: date) -> list[dict]:
    """Every commune with its indicators, those meeting the fewest targets first (then the lowest percents)."""
    rows = []
    targets = get_targets(today)
    for unit in home_communes(current_app.config["HOME_PROVINCE_CODE"]):
        found = [indicator(t, unit.code, today) for t in targets]
        rows.append({"unit": unit, "indicators": found, "met": sum(1 for i in found if i.met and i.due),
                     "due": sum(1 for i in found if i.due)})
    return sorted(rows, key=lambda r: (r["met"] - r["due"], -r["due"], r["unit"].name))
