"""Follow-up visits, reintegration and closure of a case, and each officer's "my work" page."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from webapp.audit.services import record_view
from webapp.auth.access import permission_required
from webapp.auth.roles import Permission
from webapp.cases.access import case_or_404, owns_case, visible_cases
from webapp.cases.models import Case
from webapp.cases.presenters import case_labels
from webapp.catalogues.services import labels
from webapp.errors import StaleRecord, UserError
from webapp.extensions import db
from webapp.followups import queries
from webapp.followups.access import followup_or_404
from webapp.followups.forms import (
    ClosureForm,
    FollowUpForm,
    ReintegrationForm,
    VisitForm,
    VisitOutcomeForm,
)
from webapp.followups.presenters import assignee_choices, case_section, followup_labels, planned_choices
from webapp.followups.services import (
    close_case,
    closure_problems,
    outcome_problems,
    record_outcome,
    record_visit,
    reopen_case,
    schedule_followup,
    schedule_problems,
    set_reintegration,
    visit_problems,
)
from webapp.i18n import local_today
from webapp.pwa.protocol import offline_form
from webapp.submissions.http import handle_create
from webapp.web import attach_error, is_post, render

SAME_MOMENT = _l("Another officer changed this case at the same moment. Check and try again.")

bp = Blueprint("followups", __name__)
# The case page (cases/show.html) includes followups/_case_section.html, which builds its part through this.
bp.add_app_template_global(case_section, "followup_section")


@bp.app_template_global()
def my_work_counts() -> dict[str, int]:
    """The home page's counters of the signed-in officer's work."""
    return queries.work_counts(current_user, local_today())


def _case_url(code: str) -> str:
    return url_for("cases.case_show", code=code, _anchor="followups")


def _page(code: str, status: int = 200, **section):
    """This part of the case page alone, with the forms as typed: what a refused or conflicting save shows."""
    case = case_or_404(code, current_user)
    record_view("case", case.code)
    db.session.commit()
    return render("followups/case.html", "followups/_case_section.html", status=status, case=case,
                  labels=case_labels(), section=case_section(case, **section))


@bp.post("/cases/<code>/followups")
@permission_required(Permission.WRITE_CASES)
def followup_new(code: str):
    case = case_or_404(code, current_user)
    form = FollowUpForm()
    form.assigned_to_id.choices = assignee_choices(case, current_user)

    def show(status=200):
        return _page(code, status, schedule_form=form)

    def create():
        followup = schedule_followup(case, form.due_on.data, current_user, purpose=form.purpose.data,
                                     note=form.note.data, assigned_to_id=form.assigned_to_id.data)
        return "followup", followup.id, _case_url(case.code)

    form.rules = lambda f: schedule_problems(case, f.due_on.data, local_today(), f.purpose.data, f.note.data,
                                             f.assigned_to_id.data, current_user)
    return handle_create("followup", form, create, show, saved_message=_("Follow-up visit scheduled."))


@bp.post("/followups/<int:followup_id>/done")
@permission_required(Permission.WRITE_CASES)
def followup_done(followup_id: int):
    followup = followup_or_404(followup_id, current_user)
    code = followup.case.code
    form = VisitForm(followup_id=followup.id)
    form.rules = lambda f: visit_problems(followup, f.done_on.data, f.findings.data, local_today())
    if followup.done_on is None and not form.validate():
        return _page(code, 422, visit_forms={followup.id: form})
    try:
        record_visit(followup, form.done_on.data, form.findings.data, current_user)
    except StaleRecord as error:
        return _stale(code, error.message)
    except UserError as error:
        db.session.rollback()
        attach_error(form, error)
        return _page(code, 422, visit_forms={followup.id: form})
    db.session.commit()
    flash(_("Visit recorded."), "success")
    return redirect(_case_url(code), 303)


def _case_by_code(code: str | None) -> Case | None:
    """The case with this code if the officer may see it; None for an unknown code and for another area's alike."""
    code = (code or "").strip().upper()
    return db.session.scalar(select(Case).where(Case.code == code, visible_cases(current_user))) if code else None


def _outcome(form) -> dict:
    return {"fulfils": form.fulfils.data, "done_on": form.done_on.data, "met_with": form.met_with.data,
            "findings": form.findings.data, "risk_noted": form.risk_noted.data,
            "next_due_on": form.next_due_on.data}


def _opened_from_plan(form) -> None:
    """Opened from a planned visit (online): fill in its case and choose it. Showing them reads the case."""
    visit_id = request.args.get("visit", "")
    if not (visit_id.isdigit() and len(visit_id) <= 9):
        return
    planned = followup_or_404(int(visit_id), current_user)
    form.case_code.data = planned.case.code
    form.fulfils.choices += planned_choices(planned.case)
    form.fulfils.data = str(planned.id)
    record_view("case", planned.case.code)
    db.session.commit()


@bp.route("/followups/visit", methods=["GET", "POST"])
@permission_required(Permission.WRITE_CASES)
@offline_form("followup_visit", _l("Follow-up visit"))
def visit_outcome():
    """Record a visit made, by case code: works without signal and is sent later from the outbox."""
    form = VisitOutcomeForm()
    case = _case_by_code(form.case_code.data) if is_post() else None
    if not is_post():
        form.done_on.data = local_today()
        _opened_from_plan(form)

    def show(status=200):
        return render_template("followups/visit.html", form=form), status

    def create():
        visit = record_outcome(case, _outcome(form), current_user)
        return "followup", visit.id, url_for("followups.visit_outcome", saved=case.code)

    def rules(f):
        if case is None:
            return [("case_code", _("No case with this code in your area. Check the code."))]
        return outcome_problems(case, _outcome(f), local_today())

    if not is_post():
        return show()
    if case is not None:
        form.fulfils.choices += planned_choices(case)
    form.rules = rules
    return handle_create("followup_visit", form, create, show,
                         saved_message=_("Visit recorded. You can record the next one."))


@bp.post("/cases/<code>/reintegration")
@permission_required(Permission.WRITE_CASES)
def reintegration(code: str):
    case = case_or_404(code, current_user)
    if case.closed_on:  # the page hides the form; a stale page or a script still gets a clear answer
        return _stale(code, _("This case is closed: reopen it to change the reintegration status."))
    form = ReintegrationForm()
    if not form.validate():
        return _page(code, 422, reintegration_form=form)
    try:
        set_reintegration(case, form.reintegration_status.data, form.retrafficking_risk_note.data,
                          form.version.data, current_user)
        db.session.commit()
    except StaleRecord as error:
        return _conflict(code, form, error.message)
    except StaleDataError:
        return _conflict(code, form, SAME_MOMENT)
    except UserError as error:
        db.session.rollback()
        attach_error(form, error)
        return _page(code, 422, reintegration_form=form)
    flash(_("Reintegration status saved."), "success")
    return redirect(_case_url(code), 303)


def _stale(code: str, message):
    """The visit or the case changed since the page was shown: say so, and show it as it is now."""
    db.session.rollback()
    return _page(code, 409, message=message)


def _conflict(code: str, form, message):
    """Someone saved first: show what is saved now beside what this officer typed, which stays in the form."""
    db.session.rollback()
    form.version.data = str(case_or_404(code, current_user).version)  # saving again now overwrites, knowingly
    return _page(code, 409, reintegration_form=form, conflict=message)


@bp.post("/cases/<code>/close")
@permission_required(Permission.WRITE_CASES)
def case_close(code: str):
    case = case_or_404(code, current_user)
    if not owns_case(current_user, case):
        abort(403)
    form = ClosureForm()
    form.rules = lambda f: closure_problems(case, f.closure_reason.data, f.closed_on.data, local_today(),
                                            f.cancel_reason.data, f.planned_ids.data)
    if case.closed_on is None and not form.validate():
        return _page(code, 422, closure_form=form)
    try:
        close_case(case, form.closure_reason.data, form.closed_on.data, current_user,
                   cancel_reason=form.cancel_reason.data, shown_planned=form.planned_ids.data)
        db.session.commit()
    except StaleRecord as error:
        return _stale(code, error.message)
    except StaleDataError:
        return _stale(code, SAME_MOMENT)
    except UserError as error:
        db.session.rollback()
        attach_error(form, error)
        return _page(code, 422, closure_form=form)
    flash(_("Case closed."), "success")
    return redirect(_case_url(code), 303)


@bp.post("/cases/<code>/reopen")
@permission_required(Permission.WRITE_CASES)
def case_reopen(code: str):
    case = case_or_404(code, current_user)
    if not owns_case(current_user, case):
        abort(403)
    try:
        reopen_case(case, current_user)
        db.session.commit()
    except StaleRecord as error:
        return _stale(code, error.message)
    except StaleDataError:
        return _stale(code, SAME_MOMENT)
    flash(_("Case reopened."), "success")
    return redirect(_case_url(code), 303)


@bp.get("/my-work")
@permission_required(Permission.WRITE_CASES)
def my_work():
    return render("followups/my_work.html", "followups/_my_work.html",
                  sections=queries.my_work(current_user, local_today()), limit=queries.LIMIT,
                  regimes=labels("support_regime"), purposes=followup_labels()["purpose"],
                  reminder_days=queries.reminder_days())
