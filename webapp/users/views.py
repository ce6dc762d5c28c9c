"""The administrator's account pages."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from webapp.audit.services import record_view
from webapp.auth.access import permission_required
from webapp.auth.models import User
from webapp.auth.roles import ROLE_LABELS, Permission, role_choices
from webapp.errors import StaleRecord, UserError
from webapp.extensions import db
from webapp.places.models import Agency
from webapp.places.services import home_communes
from webapp.submissions.http import handle_create
from webapp.text import text_key
from webapp.users import queries
from webapp.users.forms import (
    ActiveForm,
    ResetPasswordForm,
    UserCreateForm,
    UserEditForm,
    UserFilterForm,
)
from webapp.users.services import create_user, reset_password, set_active, update_user
from webapp.web import attach_error, form_data, is_post, list_filters, render_list

bp = Blueprint("users", __name__, url_prefix="/admin/users")

STATUS_CHOICES = [("", _l("All")), ("active", _l("Active")), ("disabled", _l("Disabled"))]


def _fill_choices(form) -> None:
    none = [("", _("— none —"))]
    form.commune_code.choices = none + [
        (u.code, u.full_name) for u in home_communes(current_app.config["HOME_PROVINCE_CODE"])
    ]
    agencies = sorted(db.session.scalars(select(Agency).where(Agency.active.is_(True))), key=lambda a: text_key(a.name))
    form.agency_id.choices = none + [(a.id, a.name) for a in agencies]  # "" is read as no agency


def _load(user_id: int) -> User:
    return db.first_or_404(select(User).where(User.id == user_id))


@bp.route("", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_USERS)
def user_list():
    form = UserFilterForm(formdata=form_data())
    form.role.choices = [("", _("All roles"))] + role_choices()
    form.status.choices = STATUS_CHOICES
    status, valid = list_filters(form)
    stmt = queries.users(valid["q"], valid["role"], valid["status"])
    return render_list("users/list.html", "users/_list.html", stmt, valid, status, form=form, role_labels=ROLE_LABELS)


@bp.route("/new", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_USERS)
def user_new():
    form = UserCreateForm()
    _fill_choices(form)

    def show(status=200):
        return render_template("users/new.html", form=form), status

    def create():
        user = create_user(username=form.username.data, password=form.password.data,
                           full_name=form.full_name.data.strip(), role=form.role.data, phone=form.phone.data,
                           commune_code=form.commune_code.data or None, agency_id=form.agency_id.data)
        return "user", user.id, url_for("users.user_edit", user_id=user.id)

    if not form.is_submitted():
        return show()
    return handle_create("user", form, create, show, saved_message=_("Account created."))


def _edit_form(user: User) -> UserEditForm:
    form = UserEditForm(formdata=None, obj=user)
    _fill_choices(form)
    form.version.data = user.version
    return form


def _edit_page(user: User, status: int = 200, form=None, reset_form=None, message: str | None = None):
    """The account page; every showing of it is audited, whatever the outcome."""
    form = form or _edit_form(user)
    if message:
        form.form_errors.append(message)
    record_view("user", user.id)
    db.session.commit()
    return render_template("users/edit.html", form=form, user=user,
                           reset_form=reset_form or ResetPasswordForm(formdata=None),
                           active_form=ActiveForm(formdata=None, version=user.version), role_labels=ROLE_LABELS), status


@bp.route("/<int:user_id>", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_USERS)
def user_edit(user_id: int):
    user = _load(user_id)
    if not is_post():
        return _edit_page(user)
    form = UserEditForm()
    _fill_choices(form)
    if not form.validate():
        return _edit_page(user, 422, form=form)
    values = {name: getattr(form, name).data for name in ("full_name", "phone", "role", "commune_code", "agency_id")}
    values.update(full_name=values["full_name"].strip(), commune_code=values["commune_code"] or None,
                  phone=values["phone"] or None)
    try:
        update_user(user, form.version.data, **values)
    except StaleRecord as error:
        db.session.rollback()
        return _edit_page(user, 409, message=error.message)
    except UserError as error:
        db.session.rollback()
        attach_error(form, error)
        return _edit_page(user, 422, form=form)
    db.session.commit()
    flash(_("Changes saved."), "success")
    return redirect(url_for("users.user_edit", user_id=user.id), 303)


@bp.route("/<int:user_id>/active", methods=["POST"])
@permission_required(Permission.MANAGE_USERS)
def user_active(user_id: int):
    user = _load(user_id)
    form = ActiveForm()
    if not form.validate() or form.version.data != user.version:
        return _edit_page(user, 409, message=_("The account changed in the meantime; nothing was done. Check it and try again."))
    try:
        set_active(user, not user.active, current_user)
    except UserError as error:
        db.session.rollback()
        return _edit_page(user, 422, message=error.message)
    db.session.commit()
    flash(_("Account enabled.") if user.active else _("Account disabled; it was signed out everywhere."), "success")
    return redirect(url_for("users.user_edit", user_id=user.id), 303)


@bp.route("/<int:user_id>/password", methods=["POST"])
@permission_required(Permission.MANAGE_USERS)
def user_reset_password(user_id: int):
    user = _load(user_id)
    form = ResetPasswordForm()
    if not form.validate():
        return _edit_page(user, 422, reset_form=form)
    try:
        reset_password(user, form.password.data)
    except UserError as error:
        db.session.rollback()
        attach_error(form, error)
        return _edit_page(user, 422, reset_form=form)
    db.session.commit()
    flash(_("Temporary password set. The user must choose a new one at the next sign-in."), "success")
    return redirect(url_for("users.user_edit", user_id=user.id), 303)
