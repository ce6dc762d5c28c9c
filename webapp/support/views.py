"""Support pages: record from a case, the quick form, edit a record, plan from needs, totals per regime."""
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
from webapp.cases.access import case_or_404, visible_cases
from webapp.cases.choices import active_agencies
from webapp.cases.models import LEGAL_REGIMES, Case
from webapp.cases.presenters import case_labels
from webapp.catalogues.services import choices
from webapp.errors import StaleRecord, UserError
from webapp.extensions import db
from webapp.i18n import local_today
from webapp.pwa.protocol import offline_form
from webapp.submissions.http import handle_create
from webapp.support import eligibility
from webapp.support.eligibility import eligible_regimes, group_for
from webapp.support.forms import (
    EligibilityConfirmForm,
    EligibilityForm,
    QuickSupportForm,
    SupportEditForm,
    SupportForm,
)
from webapp.support.models import ELIGIBILITY_GROUPS, SUPPORT_STATUS_LABELS, SupportEvent
from webapp.support.services import (
    parse_amount,
    plan_from_needs,
    record_support,
    support_problems,
    totals_by_regime,
    update_support,
)
from webapp.web import attach_error, is_post

bp = Blueprint("support", __name__)


def _fill(form, case: Case | None, saved_agency=None) -> None:
    form.regime.choices = choices("support_regime")
    agencies = [(str(i), n) for i, n in active_agencies()]
    if saved_agency is not None and str(saved_agency.id) not in dict(agencies):
        agencies.append((str(saved_agency.id), saved_agency.name))  # retired since, still the truth for this record
    form.agency_id.choices = [("", _("— not known —"))] + agencies
    children = case.children if case is not None else []
    labels = case_labels()["sex"]
    form.beneficiary.choices = [("", _("The person received"))] + [
        (str(c.id), _("Accompanying child: %(sex)s, %(age)d", sex=labels.get(c.sex, c.sex), age=c.age))
        for c in children]


def _values(form, case: Case | None) -> dict:
    """The form as plain values; raises UserError for an amount that is not a number of dong."""
    child = None
    if case is not None and form.beneficiary.data:
        child = next((c for c in case.children if str(c.id) == form.beneficiary.data), None)
    return {"regime": form.regime.data, "status": form.status.data, "given_on": form.given_on.data,
            "planned_on": form.planned_on.data, "agency_id": int(form.agency_id.data) if form.agency_id.data else None,
            "amount": parse_amount(form.amount.data), "description": form.description.data, "notes": form.notes.data,
            "eligibility_note": form.eligibility_note.data, "child": child}


def _rules(form, case_getter):
    """Cross-field rules for the form, including a clear message for an amount that is not a number."""
    def rules(f):
        case = case_getter()
        if case is None:
            return [("case_code", _("No case with this code in your area. Check the code."))]
        try:
            return support_problems(case, _values(f, case))
        except UserError as error:
            return [(error.field, error.message)]
    return rules


@bp.route("/cases/<code>/support/new", methods=["GET", "POST"])
@permission_required(Permission.WRITE_CASES)
def support_new(code: str):
    case = case_or_404(code, current_user)
    form = SupportForm()
    _fill(form, case)
    if not is_post():
        form.given_on.data = local_today()
        if request.args.get("regime") in dict(form.regime.choices):
            form.regime.data = request.args["regime"]

    def show(status=200):
        return render_template("support/new.html", form=form, case=case, quick=False), status

    def create():
        record_support(case, _values(form, case), current_user)
        return "support_event", case.code, url_for("cases.case_show", code=case.code) + "#support"

    if not is_post():
        return show()
    form.rules = _rules(form, lambda: case)
    return handle_create("support", form, create, show, saved_message=_("Support recorded."))


def _quick_case(form) -> Case | None:
    code = (form.case_code.data or "").strip().upper()
    return db.session.scalar(select(Case).where(Case.code == code, visible_cases(current_user))) if code else None


@bp.route("/support/quick", methods=["GET", "POST"])
@permission_required(Permission.WRITE_CASES)
@offline_form("support", _l("Log support"))
def support_quick():
    """One screen, under a minute: which case, what was given, when."""
    form = QuickSupportForm()
    case = _quick_case(form) if is_post() else None
    _fill(form, case)
    if not is_post():
        form.given_on.data = local_today()
        form.case_code.data = (request.args.get("case") or "")[:20] or None

    def show(status=200):
        return render_template("support/quick.html", form=form, case=None, quick=True), status

    def create():
        event = record_support(case, _values(form, case), current_user)
        return "support_event", event.id, url_for("support.support_quick", saved=case.code)

    if not is_post():
        return show()
    form.rules = _rules(form, lambda: case)
    return handle_create("support", form, create, show, saved_message=_("Support recorded. You can log the next one."))


def _event_or_404(event_id: int) -> SupportEvent:
    event = db.session.scalar(select(SupportEvent).join(Case, Case.id == SupportEvent.case_id)
                              .where(SupportEvent.id == event_id, visible_cases(current_user)))
    if event is None:
        abort(404)
    return event


@bp.route("/support/<int:event_id>", methods=["GET", "POST"])
@permission_required(Permission.WRITE_CASES)
def support_edit(event_id: int):
    event = _event_or_404(event_id)
    case = event.case
    form = SupportEditForm() if is_post() else SupportEditForm(formdata=None, obj=event)
    _fill(form, case, event.agency)
    status, conflict = 200, None
    if not is_post():
        form.amount.data = str(event.amount_vnd) if event.amount_vnd is not None else ""
        form.beneficiary.data = str(event.child_id) if event.child_id else ""
        form.agency_id.data = str(event.agency_id) if event.agency_id else ""
        if event.status == "planned" and not event.given_on:
            form.given_on.data = local_today()
    else:
        status = 422
        form.rules = _rules(form, lambda: case)
        if form.validate():
            try:
                update_support(event, _values(form, case), form.version.data, current_user)
                db.session.commit()
            except (StaleRecord, StaleDataError) as error:
                db.session.rollback()
                conflict = getattr(error, "message", None) or _("Someone else saved this record at the same moment.")
                status = 409
                event = _event_or_404(event_id)
                form.version.data = str(event.version)
            except UserError as error:
                db.session.rollback()
                attach_error(form, error)
            else:
                flash(_("Changes saved."), "success")
                return redirect(url_for("cases.case_show", code=case.code) + "#support", 303)
    record_view("case", case.code)
    db.session.commit()
    return render_template("support/edit.html", form=form, case=case, event=event, conflict=conflict), status


@bp.route("/cases/<code>/support/plan", methods=["POST"])
@permission_required(Permission.WRITE_CASES)
def support_plan(code: str):
    case = case_or_404(code, current_user)
    try:
        added = plan_from_needs(case, current_user)
    except UserError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("cases.case_show", code=case.code) + "#support", 303)
    db.session.commit()
    flash(_("%(n)d planned support entries added from the needs at reception.", n=added) if added
          else _("Every need at reception is already planned or recorded."), "success" if added else "info")
    return redirect(url_for("cases.case_show", code=case.code) + "#support", 303)


@bp.route("/support/totals")
@permission_required(Permission.READ_CASES)
def support_totals():
    rows = totals_by_regime(visible_cases(current_user))
    return render_template("support/totals.html", rows=rows, labels=case_labels()["support_regime"])


@bp.app_template_global()
def support_status_label(status: str) -> str:
    return str(SUPPORT_STATUS_LABELS.get(status, status))


@bp.app_template_global()
def support_events(case: Case) -> list[SupportEvent]:
    return list(db.session.scalars(select(SupportEvent).where(SupportEvent.case_id == case.id)
                                   .order_by(SupportEvent.given_on.desc().nulls_first(), SupportEvent.id.desc())))


@bp.app_template_global()
def eligible_for(case: Case) -> list[str]:
    return sorted(eligible_regimes(case))


@bp.app_template_global()
def eligibility_group_label(case: Case) -> str:
    group = group_for(case)
    return str(ELIGIBILITY_GROUPS[group]) if group else ""


def _eligibility_page(status: int = 200, typed: EligibilityForm | None = None, message=None):
    """The table of each law with its form (the one typed, with its errors, in place of a fresh one)."""
    laws = []
    for law in LEGAL_REGIMES:
        table = eligibility.rule_table(law)
        version = eligibility.table_version(law)
        if typed is not None and typed.law.data == law:
            form = typed
            form.version.data = str(version)
        else:
            form = EligibilityForm(formdata=None, law=law, version=version,
                                   rule=[f"{g}:{r}" for g, regimes in table.items() for r in regimes])
        form.law.data = law
        laws.append({"code": law, "title": str(LEGAL_REGIMES[law]), "form": form,
                     "to_confirm": eligibility.needs_confirmation(law),
                     "confirm_form": EligibilityConfirmForm(formdata=None, law=law, version=version)})
    return render_template("support/eligibility.html", laws=laws, groups=ELIGIBILITY_GROUPS,
                           regimes=choices("support_regime"), history=eligibility.history(),
                           change_lines=eligibility.change_lines, pending=eligibility.pending_cells(),
                           law_titles={k: str(v) for k, v in LEGAL_REGIMES.items()}, message=message), status


@bp.get("/support/eligibility")
@permission_required(Permission.MANAGE_ELIGIBILITY)
def eligibility_page():
    return _eligibility_page()


def _eligibility_act(form, act, done: str):
    """Validate, act on the law's table, commit; or show the page again with why (409 when outdated)."""
    if not form.validate() or form.law.data not in LEGAL_REGIMES:
        return _eligibility_page(422, typed=form if form.law.data in LEGAL_REGIMES else None,
                                 message=_("This form could not be read. Reload the page and try again."))
    try:
        act()
        db.session.commit()
    except StaleRecord as error:
        db.session.rollback()
        return _eligibility_page(409, message=error.message)
    except UserError as error:
        db.session.rollback()
        if error.field:
            attach_error(form, error)
        else:
            form.form_errors.append(error.message)
        return _eligibility_page(422, typed=form if isinstance(form, EligibilityForm) else None,
                                 message=None if isinstance(form, EligibilityForm) else error.message)
    flash(done, "success")
    return redirect(url_for("support.eligibility_page") + "#law-" + form.law.data, 303)


@bp.post("/support/eligibility")
@permission_required(Permission.MANAGE_ELIGIBILITY)
def eligibility_change():
    law = request.form.get("law")
    form = EligibilityForm(law=law if law in LEGAL_REGIMES else None)
    return _eligibility_act(form, lambda: eligibility.change_rules(
        form.law.data, eligibility.parse_cells(form.rule.data or []), form.reason.data, form.version.data,
        current_user), _("Eligibility table saved. The change is kept in the history below."))


@bp.post("/support/eligibility/confirm")
@permission_required(Permission.MANAGE_ELIGIBILITY)
def eligibility_confirm():
    form = EligibilityConfirmForm()
    return _eligibility_act(form, lambda: eligibility.confirm_rules(form.law.data, form.version.data, current_user),
                            _("Eligibility table confirmed."))
