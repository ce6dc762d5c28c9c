"""Outreach pages: logging a session (also offline), the list, correcting a session, the summary, key areas."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select, true
from sqlalchemy.orm.exc import StaleDataError

from webapp.auth.access import permission_required
from webapp.auth.roles import Permission, Role
from webapp.errors import StaleRecord, UserError, render_error
from webapp.extensions import db
from webapp.i18n import local_today
from webapp.outreach import queries
from webapp.outreach.access import edit_until, logging_communes, may_edit, session_or_404, visible_sessions
from webapp.outreach.forms import KeyAreaForm, OutreachEditForm, OutreachFilterForm, OutreachForm, SummaryForm
from webapp.outreach.models import REACH_VENUES, KeyArea, OutreachSession
from webapp.outreach.presenters import (
    commune_choices,
    edit_form_data,
    fill_choices,
    fill_filter_choices,
    form_values,
    outreach_labels,
)
from webapp.outreach.services import (
    add_key_area,
    create_session,
    creation_problems,
    remove_key_area,
    session_problems,
    update_session,
)
from webapp.places.models import AdminUnit
from webapp.pwa.protocol import offline_form
from webapp.submissions.http import handle_create
from webapp.web import attach_error, form_data, is_post, list_filters, render, render_list

bp = Blueprint("outreach", __name__, url_prefix="/outreach")


@bp.route("", methods=["GET", "POST"])
@permission_required(Permission.LOG_OUTREACH)
def session_list():
    form = OutreachFilterForm(formdata=form_data())
    fill_filter_choices(form, current_user)
    status, valid = list_filters(form)
    stmt = queries.session_list(visible_sessions(current_user), date_from=valid["date_from"], date_to=valid["date_to"],
                                commune=valid["commune"], venue=valid["venue"], topic=valid["topic"])
    return render_list("outreach/list.html", "outreach/_list.html", stmt, valid, status, form=form,
                       labels=outreach_labels(), filtered=is_post(), reach_venues=REACH_VENUES)


@bp.route("/new", methods=["GET", "POST"])
@permission_required(Permission.LOG_OUTREACH)
@offline_form("outreach", _l("Outreach session"))
def session_new():
    form = OutreachForm()
    allowed = logging_communes(current_user)
    fill_choices(form, current_user)
    if not is_post():
        form.held_on.data = form.held_on.data or local_today()
        if allowed:
            form.commune_code.data = allowed[0]

    def show(status=200):
        return render_template("outreach/new.html", form=form, may_log=allowed != [],
                               reach_venues=sorted(REACH_VENUES)), status

    def create():
        session = create_session(form_values(form), current_user, allowed)
        return "outreach_session", session.id, url_for("outreach.session_show", session_id=session.id)

    if not is_post():
        return show()
    form.rules = lambda f: creation_problems(form_values(f), local_today(), allowed)
    return handle_create("outreach", form, create, show, saved_message=_("Outreach session saved."))


def _page(session, form=None, status=200, conflict=None):
    editable = may_edit(current_user, session)
    if form is None and editable:
        form = OutreachEditForm(formdata=None, data=edit_form_data(session))
        fill_choices(form, session=session)
    return render_template("outreach/show.html", session=session, form=form, editable=editable,
                           edit_until=edit_until(session), volunteer=current_user.role == Role.VOLUNTEER,
                           labels=outreach_labels(), conflict=conflict, reach_venues=sorted(REACH_VENUES)), status


@bp.get("/<int:session_id>")
@permission_required(Permission.LOG_OUTREACH)
def session_show(session_id: int):
    return _page(session_or_404(session_id, current_user))


@bp.post("/<int:session_id>")
@permission_required(Permission.LOG_OUTREACH)
def session_update(session_id: int):
    session = session_or_404(session_id, current_user)
    if not may_edit(current_user, session):
        return render_error(403, _("This session can no longer be changed from your account. Ask your commune "
                                   "officer to correct it."))
    form = OutreachEditForm()
    fill_choices(form, session=session)
    form.rules = lambda f: session_problems(form_values(f), local_today())
    if not form.validate():
        return _page(session, form, 422)
    try:
        update_session(session, form_values(form), form.version.data, current_user)
        db.session.commit()
    except (StaleRecord, StaleDataError) as error:
        return _conflict(session_id, form, getattr(error, "message", None) or _(
            "Someone else saved this session at the same moment. Check and save again."))
    except UserError as error:
        db.session.rollback()
        attach_error(form, error)
        return _page(session_or_404(session_id, current_user), form, 422)
    flash(_("Changes saved."), "success")
    return redirect(url_for("outreach.session_show", session_id=session.id), 303)


def _conflict(session_id: int, form, message: str):
    db.session.rollback()
    session = session_or_404(session_id, current_user)
    form.version.data = str(session.version)  # saving again now overwrites, knowingly
    return _page(session, form, 409, conflict=message)


def _summary_window(form) -> tuple[int, date, date, str | None]:
    status = 422 if is_post() and not form.validate() else 200
    today = local_today()
    start = form.date_from.data if not form.date_from.errors and form.date_from.data else date(today.year, 1, 1)
    end = form.date_to.data if not form.date_to.errors and form.date_to.data else today
    if end < start:
        form.date_to.errors = list(form.date_to.errors) + [_("The end of the period is before its start.")]
        status, end = 422, start
    form.date_from.data, form.date_to.data = start, end
    commune = form.commune.data if form.commune.data in {c for c, _n in commune_choices(current_user)} else None
    return status, start, end, commune


@bp.route("/summary", methods=["GET", "POST"])
@permission_required(Permission.LOG_OUTREACH)
def summary():
    form = SummaryForm(formdata=form_data())
    fill_filter_choices(form, current_user)
    status, start, end, commune = _summary_window(form)
    scope = visible_sessions(current_user)
    where = scope if commune is None else (scope & (OutreachSession.commune_code == commune))
    allowed = logging_communes(current_user)
    areas_where = true() if allowed is None else KeyArea.commune_code.in_(allowed)
    if commune:
        areas_where = areas_where & (KeyArea.commune_code == commune)
    names = {u.code: u.name for u in db.session.scalars(select(AdminUnit).where(
        AdminUnit.parent_code == current_app.config["HOME_PROVINCE_CODE"]))}
    context = {
        "totals": queries.outreach_totals(start, end, where),
        "by_commune": queries.outreach_by("commune", start, end, where),
        "by_month": queries.outreach_by("month", start, end, where),
        "by_venue": queries.outreach_by("venue", start, end, where),
        "by_topic": queries.outreach_by("topic", start, end, where),
        "by_group": queries.outreach_by("group", start, end, where),
        "key_areas": queries.key_area_reach(start, end, where, areas_where),
    }
    return render("outreach/summary.html", "outreach/_summary.html", status=status, form=form, start=start, end=end,
                  labels=outreach_labels(), commune_names=names, **context)


@bp.route("/key-areas", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_KEY_AREAS)
def key_areas():
    form = KeyAreaForm(formdata=form_data())
    form.commune_code.choices = [("", _("— choose —"))] + commune_choices(current_user)
    status = 200
    if is_post():
        if form.validate():
            try:
                add_key_area(form.commune_code.data, form.hamlet.data, current_user,
                             current_app.config["HOME_PROVINCE_CODE"])
                db.session.commit()
            except UserError as error:
                db.session.rollback()
                attach_error(form, error)
                status = 422
            else:
                flash(_("Key area saved."), "success")
                return redirect(url_for("outreach.key_areas"), 303)
        else:
            status = 422
    today = local_today()
    rows = queries.key_area_reach(date(today.year, 1, 1), today)
    return render_template("outreach/key_areas.html", form=form, rows=rows, year=today.year), status


@bp.post("/key-areas/<int:key_area_id>/remove")
@permission_required(Permission.MANAGE_KEY_AREAS)
def key_area_remove(key_area_id: int):
    area = db.session.get(KeyArea, key_area_id)
    if area is None or not area.active:
        abort(404)
    remove_key_area(area, current_user)
    db.session.commit()
    flash(_("The area is no longer a key area. Sessions held there are kept."), "success")
    return redirect(url_for("outreach.key_areas"), 303)
