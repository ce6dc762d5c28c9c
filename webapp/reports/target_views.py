"""The plan's targets: the province's figures and each commune's, with what is missing; the province sets them."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from webapp.auth.access import permission_required
from webapp.auth.roles import Permission, Role, has_permission
from webapp.errors import UserError
from webapp.extensions import db
from webapp.i18n import local_today
from webapp.reports import targets
from webapp.reports.services import Unit, unit_from_key
from webapp.reports.target_forms import TargetForm
from webapp.web import attach_error

bp = Blueprint("targets", __name__, url_prefix="/targets")


def commune_or_404(key: str, user) -> Unit:
    """A commune of the province the user may see the targets of: their own, or any for the province."""
    unit = unit_from_key(key)
    if unit is None or unit.kind != "commune":
        abort(404)
    if has_permission(user.role, Permission.READ_ALL_COMMUNES):
        return unit
    if user.role == Role.COMMUNE and user.commune_code == unit.code:
        return unit
    abort(404)


@bp.get("")
@permission_required(Permission.VIEW_PLAN_TARGETS)
def index():
    """The province's figures and the communes ranked; a commune officer goes to their commune's."""
    if not has_permission(current_user.role, Permission.READ_ALL_COMMUNES):
        if not current_user.commune_code:
            abort(404)
        return redirect(url_for("targets.commune", unit=f"commune-{current_user.commune_code}"))
    today = local_today()
    return render_template("reports/targets.html", unit=None, indicators=targets.indicators(None, today),
                           ranking=targets.ranking(today), today=today)


@bp.get("/<unit>")
@permission_required(Permission.VIEW_PLAN_TARGETS)
def commune(unit: str):
    found = commune_or_404(unit, current_user)
    today = local_today()
    return render_template("reports/targets.html", unit=found, indicators=targets.indicators(found.code, today),
                           ranking=None, today=today)


@bp.route("/settings", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_PLAN_TARGETS)
def settings():
    from flask import request

    today = local_today()
    status, failed = 200, None
    if request.method == "POST":
        form = TargetForm()
        if form.indicator.data not in targets.INDICATORS:
            form.form_errors.append(_("Choose an indicator of the plan."))
            status, failed = 422, form
        elif not form.validate():
            status, failed = 422, form
        else:
            try:
                targets.set_target(form.indicator.data, form.data, current_user)
                db.session.commit()
                flash(_("Target saved."), "success")
                return redirect(url_for("targets.settings"), 303)
            except UserError as error:
                db.session.rollback()
                attach_error(form, error)
                status, failed = 422, form
            except IntegrityError:
                db.session.rollback()
                form.form_errors.append(_("Someone else changed this target at the same moment. Check and try "
                                          "again."))
                status, failed = 409, form
    forms = []
    for target in targets.get_targets(today):
        if failed is not None and failed.indicator.data == target.indicator:
            forms.append((target, failed))
        else:
            forms.append((target, TargetForm(formdata=None, data={
                "indicator": target.indicator, "target_percent": target.percent, "starts_on": target.starts_on,
                "ends_on": target.ends_on})))
    if failed is not None and failed.indicator.data not in targets.INDICATORS:
        forms.insert(0, (None, failed))
    for target, form in forms:
        _ids_of_their_own(form, target.indicator if target else "unknown")
    return render_template("reports/target_settings.html", forms=forms, notes=targets.NOTES), status


def _ids_of_their_own(form, key: str) -> None:
    """One page holds a form per target: each field's id (and its label's) carries the target, names stay."""
    for field in (form.target_percent, form.starts_on, form.ends_on):
        field.id = f"{key}-{field.name}"
        field.label.field_id = field.id


dashboard_bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")


@dashboard_bp.get("")
@permission_required(Permission.VIEW_PLAN_TARGETS)
def dashboard():
    """A year at a glance, charts drawn by the server: the province's, or the officer's own commune's."""
    from flask import request

    from webapp.reports import dashboard as figures
    from webapp.reports.periods import FIRST_YEAR, LAST_YEAR

    today = local_today()
    year = request.args.get("year", type=int) or today.year
    if not FIRST_YEAR <= year <= LAST_YEAR:
        abort(404)
    if has_permission(current_user.role, Permission.READ_ALL_COMMUNES):
        commune, name = None, _("The whole province")
    elif current_user.commune_code:
        commune = current_user.commune_code
        found = unit_from_key(f"commune-{commune}")
        name = found.name if found else commune
    else:
        abort(404)
    return render_template("reports/dashboard.html", year=year, name=name, commune=commune, today=today,
                           f=figures.figures(year, commune, today))
