"""Protection of the person, accompanying children and relatives: record a request, change it as it goes."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from webapp.audit.services import record_view
from webapp.auth.access import permission_required
from webapp.auth.roles import Permission
from webapp.cases.access import case_or_404
from webapp.cases.models import Case
from webapp.errors import StaleRecord, UserError
from webapp.extensions import db
from webapp.i18n import local_today
from webapp.protection import presenters
from webapp.protection.access import protection_or_404
from webapp.protection.forms import ProtectionEditForm, ProtectionForm
from webapp.protection.services import (
    case_protections,
    protection_problems,
    record_protection,
    update_protection,
)
from webapp.submissions.http import handle_create
from webapp.web import attach_error, is_post

bp = Blueprint("protection", __name__)


@bp.app_template_global()
def protection_section(case: Case) -> dict:
    """What the case page's protection part shows (the page itself records the read of the case)."""
    return {"records": case_protections(case), "labels": presenters.protection_labels(), "who": presenters.who}


def _case_url(case: Case) -> str:
    return url_for("cases.case_show", code=case.code, _anchor="protection")


@bp.route("/cases/<code>/protection/new", methods=["GET", "POST"])
@permission_required(Permission.WRITE_CASES)
def protection_new(code: str):
    case = case_or_404(code, current_user)
    form = ProtectionForm()
    presenters.fill_choices(form, case)
    if not is_post():
        form.requested_on.data = local_today()

    def show(status=200):
        record_view("case", case.code)
        db.session.commit()
        return render_template("protection/new.html", form=form, case=case), status

    def create():
        record_protection(case, presenters.form_values(form), current_user)
        return "protection", case.code, _case_url(case)

    if not is_post():
        return show()
    form.rules = lambda f: protection_problems(case, presenters.form_values(f), local_today())
    return handle_create("protection", form, create, show, saved_message=_("Protection recorded."))


@bp.route("/protection/<int:protection_id>", methods=["GET", "POST"])
@permission_required(Permission.WRITE_CASES)
def protection_edit(protection_id: int):
    protection = protection_or_404(protection_id, current_user)
    case = protection.case
    form = ProtectionEditForm() if is_post() else ProtectionEditForm(formdata=None,
                                                                     data=presenters.edit_data(protection))
    presenters.fill_choices(form, case, protection)
    status, conflict = 200, None
    if is_post():
        status = 422
        form.rules = lambda f: protection_problems(case, presenters.form_values(f), local_today(), protection)
        if form.validate():
            try:
                update_protection(protection, presenters.form_values(form), form.version.data, current_user)
                db.session.commit()
            except (StaleRecord, StaleDataError) as error:
                db.session.rollback()
                conflict = getattr(error, "message", None) or _(
                    "Another officer saved this protection record at the same moment. Check and save again.")
                status = 409
                protection = protection_or_404(protection_id, current_user)
                form.version.data = str(protection.version)  # saving again now overwrites, knowingly
            except UserError as error:
                db.session.rollback()
                attach_error(form, error)
            else:
                flash(_("Changes saved."), "success")
                return redirect(_case_url(case), 303)
    record_view("protection", protection.id)
    db.session.commit()
    return render_template("protection/edit.html", form=form, case=protection.case, protection=protection,
                           labels=presenters.protection_labels(), who=presenters.who,
                           conflict=conflict), status
