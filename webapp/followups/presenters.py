"""What the follow-up part of a case page needs: the visits, the forms (fresh or as typed), the labels."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from flask_login import current_user

from webapp.cases.models import CLOSURE_REASONS, REINTEGRATION_LABELS, Case
from webapp.followups import queries
from webapp.followups.forms import (
    ClosureForm,
    FollowUpForm,
    ReintegrationForm,
    VisitForm,
)
from webapp.followups.models import VISIT_PURPOSES
from webapp.followups.services import (
    assignable_officers,
    open_followups,
    planned_ids,
    planned_support,
    waiting_referrals,
)
from webapp.i18n import format_date, local_today


@dataclass
class CaseSection:
    case: Case
    followups: list
    schedule_form: FollowUpForm
    reintegration_form: ReintegrationForm
    closure_form: ClosureForm
    visit_forms: dict[int, VisitForm]
    waiting_referrals: int
    planned_support: list
    labels: dict
    today: date
    message: str | None = None
    conflict: str | None = None
    open_forms: set[str] = field(default_factory=set)


def followup_labels() -> dict:
    return {
        "reintegration": {k: str(v) for k, v in REINTEGRATION_LABELS.items()},
        "closure": {k: str(v) for k, v in CLOSURE_REASONS.items()},
        "purpose": {k: str(v) for k, v in VISIT_PURPOSES.items()},
    }


def assignee_choices(case: Case, planner) -> list[tuple[str, str]]:
    """Who a visit of the case can be given to: the planner first (the empty choice), then the others by name."""
    others = [(str(u.id), u.full_name) for u in assignable_officers(case, planner) if u.id != planner.id]
    return [("", _("Me (%(name)s)", name=planner.full_name))] + others


def planned_choices(case: Case) -> list[tuple[str, str]]:
    """The case's planned visits not yet made, as choices of the visit form."""
    purposes = followup_labels()["purpose"]
    return [(str(f.id), _("Planned for %(date)s", date=format_date(f.due_on))
             + (f" · {purposes[f.purpose]}" if f.purpose in purposes else "")) for f in open_followups(case)]


def _schedule_form(case: Case) -> FollowUpForm:
    form = FollowUpForm(formdata=None)
    form.assigned_to_id.choices = assignee_choices(case, current_user)
    return form


def case_section(case: Case, *, schedule_form=None, reintegration_form=None, closure_form=None,
                 visit_forms: dict | None = None, message=None, conflict=None) -> CaseSection:
    """The section for `case`; a form passed in (as the officer typed it, with its errors) replaces the fresh one."""
    today = local_today()
    followups = queries.case_followups(case)
    typed = dict(visit_forms or {})
    forms = {f.id: typed.get(f.id) or VisitForm(formdata=None, followup_id=f.id, done_on=today)
             for f in followups if f.done_on is None}
    opened = {name for name, form in (("schedule", schedule_form), ("reintegration", reintegration_form),
                                      ("closure", closure_form)) if form is not None}
    opened |= {f"visit-{followup_id}" for followup_id in typed}
    planned = [] if case.closed_on else planned_support(case)
    closure_form = closure_form or ClosureForm(formdata=None, closed_on=today)
    closure_form.planned_ids.data = planned_ids(planned)  # what the officer sees now is what closing cancels
    return CaseSection(
        case=case, followups=followups,
        schedule_form=schedule_form or _schedule_form(case),
        reintegration_form=reintegration_form or ReintegrationForm(
            formdata=None, version=case.version, reintegration_status=case.reintegration_status or "",
            retrafficking_risk_note=case.retrafficking_risk_note or ""),
        closure_form=closure_form,
        visit_forms=forms, waiting_referrals=0 if case.closed_on else waiting_referrals(case), planned_support=planned,
        labels=followup_labels(), today=today, message=message, conflict=conflict, open_forms=opened)
