"""Budget estimates: a unit enters its year's estimate per support regime; the province reads every unit's."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from wtforms import StringField

from webapp.auth.access import permission_required
from webapp.auth.roles import Permission, has_permission
from webapp.errors import UserError
from webapp.extensions import db
from webapp.forms import SenForm, max_length, optional
from webapp.i18n import local_today
from webapp.reports import budget, services
from webapp.reports.access import may_see, unit_or_404
from webapp.reports.periods import FIRST_YEAR, LAST_YEAR
from webapp.web import attach_error

bp = Blueprint("budget", __name__, url_prefix="/budget")


@bp.app_template_global()
def budget_comparison(unit, year, until=None):
    """For the report page: the unit's estimate against what was delivered, or None when no estimate exists."""
    found = budget.comparison(unit, year, until)
    return found if found["entered"] else None


def _form_class():
    """One amount field per support regime of the catalogue."""

    class BudgetForm(SenForm):
        pass

    for code, label in budget.regimes():
        setattr(BudgetForm, f"regime_{code}", StringField(label, validators=[optional(), max_length(20)],
                                                          render_kw={"inputmode": "numeric", "autocomplete": "off"}))
    return BudgetForm


def _may_enter(unit) -> bool:
    return has_permission(current_user.role, Permission.ENTER_BUDGET) and may_see(current_user, unit)


def _year_or_404(year: int) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        abort(404)
    return year


@bp.get("")
@permission_required(Permission.VIEW_REPORTS)
def index():
    """The province: every unit's estimate and delivery for the year; a unit goes to its own."""
    year = _year_or_404(request.args.get("year", type=int) or local_today().year)
    if not has_permission(current_user.role, Permission.REVIEW_REPORTS):
        unit = services.user_unit(current_user)
        if unit is None:
            abort(404)
        return redirect(url_for("budget.unit_budget", year=year, unit=unit.key))
    rows = [{"unit": unit, **budget.comparison(unit, year)} for unit in services.commune_units() + services.centre_units()]
    return render_template("reports/budget_index.html", year=year, rows=rows)


def _page(year, unit, form=None, status=200):
    if form is None and _may_enter(unit):
        planned = budget.estimates(unit, year)
        form = _form_class()(formdata=None, data={f"regime_{c}": f"{a:,}".replace(",", ".")
                                                  for c, a in planned.items()})
    return render_template("reports/budget.html", year=year, unit=unit, form=form if _may_enter(unit) else None,
                           result=budget.comparison(unit, year), note=budget.NOTE), status


@bp.get("/<int:year>/<unit>")
@permission_required(Permission.VIEW_REPORTS)
def unit_budget(year: int, unit: str):
    return _page(_year_or_404(year), unit_or_404(unit, current_user))


@bp.post("/<int:year>/<unit>")
@permission_required(Permission.ENTER_BUDGET)
def save(year: int, unit: str):
    year = _year_or_404(year)
    found = unit_or_404(unit, current_user)
    if not _may_enter(found):
        abort(404)
    form = _form_class()()
    if not form.validate():
        return _page(year, found, form, 422)
    try:
        budget.save_estimates(found, year, {c: form[f"regime_{c}"].data for c, _label in budget.regimes()},
                              current_user)
        db.session.commit()
    except UserError as error:
        db.session.rollback()
        attach_error(form, error)
        return _page(year, found, form, 422)
    except IntegrityError:
        db.session.rollback()
        form.form_errors.append(str(CONFLICT))
        return _page(year, found, form, 409)
    flash(_("Budget estimate saved."), "success")
    return redirect(url_for("budget.unit_budget", year=year, unit=found.key), 303)


CONFLICT = _l("Someone else changed this estimate at the same moment. Check and try again.")
