"""Agencies (administrator) and the list of communes and wards of the province."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm.exc import StaleDataError

from webapp.auth.access import permission_required
from webapp.auth.roles import Permission
from webapp.db import in_vietnamese_order
from webapp.extensions import db
from webapp.places.forms import (
    AgencyCreateForm,
    AgencyEditForm,
    AgencyFilterForm,
    UnitFilterForm,
)
from webapp.places.models import AGENCY_KIND_LABELS, UNIT_TYPE_LABELS, AdminUnit, Agency
from webapp.places.services import home_communes, save_agency
from webapp.submissions.http import handle_create
from webapp.web import form_data, is_post, list_filters, render_list

bp = Blueprint("places", __name__, url_prefix="/admin")

_AGENCY_FIELDS = ("code", "name", "kind", "commune_code", "phone", "active")


def _fill_choices(form) -> None:
    form.kind.choices = [(k.value, str(label)) for k, label in AGENCY_KIND_LABELS.items()]
    form.commune_code.choices = [("", _("— none —"))] + [
        (u.code, u.full_name) for u in home_communes(current_app.config["HOME_PROVINCE_CODE"])
    ]


def _values(form) -> dict:
    values = {name: getattr(form, name).data for name in _AGENCY_FIELDS}
    values.update(name=values["name"].strip(), commune_code=values["commune_code"] or None,
                  phone=values["phone"] or None)
    return values


def _code_taken(code: str, agency_id: int | None = None) -> bool:
    stmt = select(Agency.id).where(Agency.code == code)
    if agency_id:
        stmt = stmt.where(Agency.id != agency_id)
    return db.session.scalar(stmt) is not None


@bp.route("/agencies", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_AGENCIES)
def agency_list():
    form = AgencyFilterForm(formdata=form_data())
    form.kind.choices = [("", _("All kinds"))] + [(k.value, str(v)) for k, v in AGENCY_KIND_LABELS.items()]
    status, valid = list_filters(form)
    names = dict(db.session.execute(select(Agency.id, Agency.name)).all())
    stmt = select(Agency).order_by(Agency.active.desc(), in_vietnamese_order(Agency.id, names))
    if valid["kind"]:
        stmt = stmt.where(Agency.kind == valid["kind"])
    return render_list("places/agencies.html", "places/_agency_list.html", stmt, valid, status, form=form,
                       kinds=AGENCY_KIND_LABELS)


@bp.route("/agencies/new", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_AGENCIES)
def agency_new():
    form = AgencyCreateForm()
    _fill_choices(form)

    def show(status=200):
        return render_template("places/agency_form.html", form=form, agency=None), status

    def create():
        from webapp.errors import UserError

        if _code_taken(form.code.data):
            raise UserError(_("Another agency already uses this code."), "code")
        agency = save_agency(None, **_values(form))
        return "agency", agency.id, url_for("places.agency_list")

    if not is_post():
        return show()
    return handle_create("agency", form, create, show, saved_message=_("Agency added."))


@bp.route("/agencies/<int:agency_id>", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_AGENCIES)
def agency_edit(agency_id: int):
    agency = db.first_or_404(select(Agency).where(Agency.id == agency_id))
    form = AgencyEditForm(formdata=form_data(), obj=agency)
    _fill_choices(form)
    status = 200
    if is_post():
        status = 422
        if form.validate():
            if _code_taken(form.code.data, agency.id):
                form.code.errors.append(_("Another agency already uses this code."))
            elif str(agency.version) != form.version.data:
                form.form_errors.append(_("Someone else changed this agency while you were editing. Reload the page."))
                status = 409
            else:
                try:
                    save_agency(agency, **_values(form))
                    db.session.commit()
                except StaleDataError:
                    db.session.rollback()
                    form.form_errors.append(_("Someone else changed this agency while you were editing. Reload the page."))
                    status = 409
                else:
                    flash(_("Changes saved."), "success")
                    return redirect(url_for("places.agency_list"), 303)
    else:
        form.version.data = agency.version
    return render_template("places/agency_form.html", form=form, agency=agency), status


@bp.route("/places", methods=["GET", "POST"])
@permission_required(Permission.VIEW_PLACES)
def unit_list():
    form = UnitFilterForm(formdata=form_data())
    status, valid = list_filters(form)
    province = current_app.config["HOME_PROVINCE_CODE"]
    names = dict(db.session.execute(select(AdminUnit.code, AdminUnit.full_name)
                                    .where(AdminUnit.parent_code == province)).all())
    stmt = select(AdminUnit).where(AdminUnit.parent_code == province).order_by(
        in_vietnamese_order(AdminUnit.code, names))
    if valid["q"]:
        term = "%" + valid["q"].strip() + "%"
        stmt = stmt.where(or_(AdminUnit.name.ilike(term), AdminUnit.name_en.ilike(term), AdminUnit.code == valid["q"].strip()))
    return render_list("places/units.html", "places/_unit_list.html", stmt, valid, status, form=form,
                       province=db.session.get(AdminUnit, province), unit_types=UNIT_TYPE_LABELS)
