"""Report pages: a unit's report (figures, narrative, submit, the province's decision), its versions and their
comparison, the province's status board and provincial report, and the reporting calendar."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from webapp.audit.services import record_view
from webapp.auth.access import permission_required
from webapp.auth.roles import Permission, has_permission
from webapp.errors import UserError
from webapp.extensions import db
from webapp.i18n import local_today
from webapp.reports import periods, services
from webapp.reports.access import may_write, period_or_404, unit_or_404
from webapp.reports.forms import DecisionForm, NarrativeForm, PeriodForm
from webapp.reports.models import STATUS_LABELS, ReportStatus
from webapp.web import attach_error

bp = Blueprint("reports", __name__, url_prefix="/reports")


@bp.app_template_global()
def report_reminders():
    """The reminders "my work" shows a commune officer or centre: reports returned, a deadline approaching."""
    if not has_permission(current_user.role, Permission.WRITE_REPORTS):
        return []
    today = local_today()
    return services.reminders(current_user, periods.current_period(today), today)


@bp.app_template_filter("label")
def label_filter(label) -> str:
    """A snapshot's label in the reader's language (Vietnamese when that language is missing)."""
    if not label:
        return ""
    from flask_babel import get_locale

    return label.get(str(get_locale())) or label.get("vi") or ""


def _context():
    return {"status_labels": STATUS_LABELS}


@bp.get("")
@permission_required(Permission.VIEW_REPORTS)
def index():
    """A unit's reports of the year; the province goes to the status board."""
    if has_permission(current_user.role, Permission.REVIEW_REPORTS):
        return redirect(url_for("reports.board"))
    unit = services.user_unit(current_user)
    today = local_today()
    current = periods.current_period(today)
    rows = []
    if unit is not None:  # this year's reports and last year's, the latest first
        for period in periods.year_periods(current.year)[::-1] + periods.year_periods(current.year - 1)[::-1]:
            rows.append({"period": period, "status": services.status_of(services.latest(period, unit)),
                         "overdue": period.due_on < today})
    return render_template("reports/index.html", unit=unit, rows=rows, current=current, today=today, **_context())


def _page(period, unit, form=None, decision=None, status=200):
    record_view("report", f"{period.key}/{unit.key}")
    db.session.commit()
    all_versions = services.versions(period, unit)
    version = all_versions[-1] if all_versions else None
    state = services.status_of(version)
    frozen = version is not None and version.status in services.DONE
    figures = services.figures_of(version) if frozen else services.compute_figures(unit, period)
    writable = may_write(current_user, unit) and state in (ReportStatus.NOT_STARTED, *services.EDITABLE)
    if form is None and writable:
        source = version if version is not None else None
        form = NarrativeForm(formdata=None, data={name: getattr(source, name, None) or ""
                                                  for name in services.NARRATIVE_FIELDS})
    reviewer = has_permission(current_user.role, Permission.REVIEW_REPORTS)
    if decision is None and reviewer and state == ReportStatus.SUBMITTED:
        decision = DecisionForm(formdata=None)
    return render_template("reports/show.html", period=period, unit=unit, versions=all_versions, version=version,
                           state=state, frozen=frozen, figures=figures, form=form if writable else None,
                           decision=decision, today=local_today(), **_context()), status


@bp.get("/<int:year>/<kind>/<unit>")
@permission_required(Permission.VIEW_REPORTS)
def show(year: int, kind: str, unit: str):
    period = period_or_404(year, kind)
    return _page(period, unit_or_404(unit, current_user))


@bp.post("/<int:year>/<kind>/<unit>")
@permission_required(Permission.WRITE_REPORTS)
def save(year: int, kind: str, unit: str):
    period = period_or_404(year, kind)
    found = unit_or_404(unit, current_user)
    if not may_write(current_user, found):
        abort(404)
    form = NarrativeForm()
    if not form.validate():
        return _page(period, found, form=form, status=422)
    values = {name: getattr(form, name).data for name in services.NARRATIVE_FIELDS}
    submitting = request.form.get("action") == "submit"
    try:
        if submitting:
            services.submit(period, found, values, current_user, local_today())
        else:
            services.save_draft(period, found, values, current_user)
        db.session.commit()
    except UserError as error:
        db.session.rollback()
        attach_error(form, error)
        return _page(period_or_404(year, kind), found, form=form, status=422)
    except (StaleDataError, IntegrityError):  # another officer of the unit saved the same version first
        db.session.rollback()
        form.form_errors.append(_("Someone else changed this report at the same moment. Check and try again."))
        return _page(period_or_404(year, kind), found, form=form, status=409)
    flash(_("Report submitted to the province.") if submitting else _("Draft saved."), "success")
    return redirect(url_for("reports.show", year=year, kind=kind, unit=found.key), 303)


@bp.post("/<int:year>/<kind>/<unit>/decision")
@permission_required(Permission.REVIEW_REPORTS)
def decide(year: int, kind: str, unit: str):
    period = period_or_404(year, kind)
    found = unit_or_404(unit, current_user)
    form = DecisionForm()
    action = request.form.get("action")
    if action not in ("accept", "return"):
        form.form_errors.append(_("Choose to accept or to return the report."))
        return _page(period, found, decision=form, status=422)
    if not form.validate():
        return _page(period, found, decision=form, status=422)
    try:
        services.decide(period, found, action, form.comment.data, current_user)
        db.session.commit()
    except UserError as error:
        db.session.rollback()
        attach_error(form, error)
        return _page(period_or_404(year, kind), found, decision=form, status=422)
    except StaleDataError:
        db.session.rollback()
        form.form_errors.append(_("Someone else changed this report at the same moment. Check and try again."))
        return _page(period_or_404(year, kind), found, decision=form, status=409)
    flash(_("Report accepted.") if action == "accept" else _("Report returned to the unit for correction."),
          "success")
    return redirect(url_for("reports.show", year=year, kind=kind, unit=found.key), 303)


def _version_or_404(period, unit, number: int):
    for version in services.versions(period, unit):
        if version.number == number:
            return version
    abort(404)


@bp.get("/<int:year>/<kind>/<unit>/v<int:number>")
@permission_required(Permission.VIEW_REPORTS)
def version(year: int, kind: str, unit: str, number: int):
    period = period_or_404(year, kind)
    found = unit_or_404(unit, current_user)
    chosen = _version_or_404(period, found, number)
    record_view("report", f"{period.key}/{found.key}/v{number}")
    db.session.commit()
    return render_template("reports/version.html", period=period, unit=found, version=chosen,
                           figures=services.figures_of(chosen), **_context())


@bp.get("/<int:year>/<kind>/<unit>/compare")
@permission_required(Permission.VIEW_REPORTS)
def compare(year: int, kind: str, unit: str):
    period = period_or_404(year, kind)
    found = unit_or_404(unit, current_user)
    old = _version_or_404(period, found, request.args.get("a", type=int) or 0)
    new = _version_or_404(period, found, request.args.get("b", type=int) or 0)
    if not (old.figures and new.figures):
        abort(404)
    record_view("report", f"{period.key}/{found.key}/v{old.number}-v{new.number}")
    db.session.commit()
    return render_template("reports/compare.html", period=period, unit=found, old=old, new=new,
                           tables=services.compare(services.figures_of(old), services.figures_of(new)),
                           **_context())


def _period_from_args():
    today = local_today()
    year, kind = request.args.get("year", type=int), request.args.get("kind")
    if year is None and kind is None:
        return periods.current_period(today)
    if year is None or not periods.valid(year, kind or ""):
        abort(404)
    return periods.get_period(year, kind)


@bp.get("/board")
@permission_required(Permission.REVIEW_REPORTS)
def board():
    today = local_today()
    period = _period_from_args()
    rows = services.board(period, today)
    return render_template("reports/board.html", period=period, rows=rows, today=today,
                           choices=[p for y in (period.year - 1, period.year, period.year + 1)
                                    for p in periods.year_periods(y)], **_context())


@bp.get("/<int:year>/<kind>/province")
@permission_required(Permission.REVIEW_REPORTS)
def province(year: int, kind: str):
    period = period_or_404(year, kind)
    record_view("report", f"{period.key}/province")
    db.session.commit()
    return render_template("reports/province.html", period=period, result=services.aggregate(period),
                           **_context())


@bp.route("/periods/<int:year>", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_REPORT_PERIODS)
def calendar(year: int):
    if not periods.FIRST_YEAR <= year <= periods.LAST_YEAR:
        abort(404)
    today = local_today()
    status, failed = 200, None
    if request.method == "POST":
        form = PeriodForm()
        kind = form.kind.data
        if kind not in periods.KINDS:
            form.form_errors.append(_("Choose a report of the calendar."))
            status, failed = 422, form
        elif not form.validate():
            status, failed = 422, form
        else:
            try:
                services.change_period(periods.get_period(year, kind), form.data, today, current_user)
                db.session.commit()
                flash(_("Calendar saved."), "success")
                return redirect(url_for("reports.calendar", year=year), 303)
            except UserError as error:
                db.session.rollback()
                attach_error(form, error)
                status, failed = 422, form
            except IntegrityError:  # the period was stored by another request at the same moment
                db.session.rollback()
                form.form_errors.append(_("Someone else changed this report at the same moment. Check and try "
                                          "again."))
                status, failed = 409, form
    forms = []
    for period in periods.year_periods(year):
        if failed is not None and failed.kind.data == period.kind:
            forms.append((period, failed))
        else:
            forms.append((period, PeriodForm(formdata=None, data={
                "kind": period.kind, "starts_on": period.starts_on, "ends_on": period.ends_on,
                "due_on": period.due_on})))
    if failed is not None and failed.kind.data not in periods.KINDS:
        forms.insert(0, (None, failed))
    return render_template("reports/calendar.html", year=year, forms=forms,
                           editable=periods.editable(year, today), **_context()), status


# The download routes live in their own module (on this blueprint).
from webapp.reports import export_views  # noqa: E402, F401
