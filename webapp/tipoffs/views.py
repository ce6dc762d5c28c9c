"""Tip-off register pages: the list with its counters, logging a tip-off, and its page with the handling form."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from webapp.audit.services import record_view
from webapp.auth.access import permission_required
from webapp.auth.roles import Permission
from webapp.errors import StaleRecord, UserError
from webapp.extensions import db
from webapp.i18n import local_today
from webapp.pwa.protocol import offline_form
from webapp.submissions.http import handle_create
from webapp.tipoffs import queries
from webapp.tipoffs.access import logging_communes, tipoff_or_404, visible_tipoffs
from webapp.tipoffs.forms import TipOffEditForm, TipOffFilterForm, TipOffForm
from webapp.tipoffs.presenters import (
    edit_form_data,
    fill_choices,
    fill_filter_choices,
    form_values,
    tipoff_labels,
)
from webapp.tipoffs.services import (
    create_tipoff,
    creation_problems,
    tipoff_problems,
    update_tipoff,
)
from webapp.web import attach_error, form_data, is_post, list_filters, render_list

bp = Blueprint("tipoffs", __name__, url_prefix="/tipoffs")


@bp.route("", methods=["GET", "POST"])
@permission_required(Permission.READ_CASES)
def tipoff_list():
    form = TipOffFilterForm(formdata=form_data())
    fill_filter_choices(form)
    status, valid = list_filters(form)
    visible = visible_tipoffs(current_user)
    stmt = queries.tipoff_list(visible, status=valid["status"], channel=valid["channel"],
                               classification=valid["classification"], date_from=valid["date_from"],
                               date_to=valid["date_to"])
    return render_list("tipoffs/list.html", "tipoffs/_list.html", stmt, valid, status, form=form,
                       counts=queries.counters(visible), labels=tipoff_labels(),
                       filtered=is_post(), may_log=logging_communes(current_user) != [])


@bp.route("/new", methods=["GET", "POST"])
@permission_required(Permission.WRITE_CASES)
@offline_form("tipoff", _l("New tip-off"))
def tipoff_new():
    form = TipOffForm()
    allowed = logging_communes(current_user)
    fill_choices(form, current_user)
    if not is_post():
        form.received_on.data = form.received_on.data or local_today()
        if allowed:
            form.commune_code.data = allowed[0]

    def show(status=200):
        return render_template("tipoffs/new.html", form=form, may_log=allowed != []), status

    def create():
        tipoff = create_tipoff(form_values(form), current_user, allowed)
        return "tipoff", tipoff.code, url_for("tipoffs.tipoff_show", tipoff_code=tipoff.code)

    if not is_post():
        return show()
    form.rules = lambda f: creation_problems(form_values(f), local_today(), allowed)
    return handle_create("tipoff", form, create, show, saved_message=_("Tip-off saved."))


def _page(tipoff, form=None, status=200, conflict=None):
    """The tip-off page; every showing is audited, since the summary may name people."""
    record_view("tipoff", tipoff.code)
    db.session.commit()
    if form is None:
        form = TipOffEditForm(formdata=None, data=edit_form_data(tipoff))
        fill_choices(form, tipoff=tipoff)
    return render_template("tipoffs/show.html", tipoff=tipoff, form=form, labels=tipoff_labels(),
                           conflict=conflict), status


@bp.get("/<tipoff_code>")
@permission_required(Permission.READ_CASES)
def tipoff_show(tipoff_code: str):
    return _page(tipoff_or_404(tipoff_code, current_user))


@bp.post("/<tipoff_code>")
@permission_required(Permission.WRITE_CASES)
def tipoff_update(tipoff_code: str):
    tipoff = tipoff_or_404(tipoff_code, current_user)
    form = TipOffEditForm()
    fill_choices(form, tipoff=tipoff)
    if form.forwarded_agency_id.data and not "".join(form.forwarded_on.raw_data or []).strip():
        form.forwarded_on.data = local_today()  # forwarded without a date: forwarded today
    form.rules = lambda f: tipoff_problems(form_values(f), local_today())
    if not form.validate():
        return _page(tipoff, form, 422)
    try:
        update_tipoff(tipoff, form_values(form), form.version.data, current_user)
        db.session.commit()
    except StaleRecord as error:
        return _conflict(tipoff_code, form, error.message)
    except StaleDataError:
        return _conflict(tipoff_code, form, _("Another officer saved this tip-off at the same moment. "
                                              "Check and save again."))
    except UserError as error:
        db.session.rollback()
        attach_error(form, error)
        return _page(tipoff_or_404(tipoff_code, current_user), form, 422)
    flash(_("Changes saved."), "success")
    return redirect(url_for("tipoffs.tipoff_show", tipoff_code=tipoff.code), 303)


def _conflict(tipoff_code: str, form, message: str):
    """Someone saved first: show what is saved now above what this officer typed, which stays in the form."""
    db.session.rollback()
    tipoff = tipoff_or_404(tipoff_code, current_user)
    form.version.data = str(tipoff.version)  # saving again now overwrites, knowingly
    return _page(tipoff, form, 409, conflict=message)
