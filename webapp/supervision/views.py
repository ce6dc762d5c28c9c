"""Supervision pages: the visits list, recording a visit, a visit's page, a commune marking a recommendation done."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.auth.access import permission_required
from webapp.auth.roles import Permission, Role, has_permission
from webapp.errors import UserError
from webapp.extensions import db
from webapp.i18n import local_today
from webapp.places.services import home_communes
from webapp.supervision import queries, services
from webapp.supervision.access import recommendation_or_404, visible_visits, visit_or_404
from webapp.supervision.forms import DoneForm, VisitFilterForm, VisitForm
from webapp.web import attach_error, form_data, is_post, list_filters, render_list

bp = Blueprint("supervision", __name__, url_prefix="/supervision")


@bp.app_template_global()
def supervision_reminders():
    """For "my work": recommendations to the officer's commune, not done, overdue or due within a week."""
    if current_user.role != Role.COMMUNE or not current_user.commune_code:
        return []
    return queries.due_recommendations(current_user.commune_code, local_today())


def _communes():
    return [(u.code, u.full_name) for u in home_communes(current_app.config["HOME_PROVINCE_CODE"])]


@bp.route("", methods=["GET", "POST"])
@permission_required(Permission.VIEW_SUPERVISION)
def visit_list():
    form = VisitFilterForm(formdata=form_data())
    province = has_permission(current_user.role, Permission.READ_ALL_COMMUNES)
    form.commune.choices = [("", _("All communes"))] + _communes() if province else []
    form.state.choices = [("", _("All visits")), ("open", _("With recommendations not done")),
                          ("done", _("All recommendations done"))]
    status, valid = list_filters(form)
    stmt = queries.visit_list(visible_visits(current_user), commune=valid["commune"] if province else None,
                              state=valid["state"])
    return render_list("supervision/list.html", "supervision/_list.html", stmt, valid, status, form=form,
                       filtered=is_post(), province=province, today=local_today())


@bp.route("/new", methods=["GET", "POST"])
@permission_required(Permission.RECORD_SUPERVISION)
def visit_new():
    form = VisitForm()
    form.commune_code.choices = [("", _("— choose —"))] + _communes()
    if is_post():
        if form.validate():
            recommendations = [{"text": e.form.text.data, "due_on": e.form.due_on.data}
                               for e in form.recommendations if (e.form.text.data or "").strip()]
            try:
                visit = services.record_visit(form.data, recommendations, current_user)
                db.session.commit()
            except UserError as error:
                db.session.rollback()
                attach_error(form, error)
            else:
                flash(_("Supervision visit recorded."), "success")
                return redirect(url_for("supervision.visit_show", visit_id=visit.id), 303)
        return render_template("supervision/new.html", form=form), 422
    return render_template("supervision/new.html", form=form)


def _show(visit, done_forms=None, status=200):
    answering = current_user.role == Role.COMMUNE
    forms = done_forms or {}
    if answering:
        for r in visit.recommendations:
            if r.done_on is None and r.id not in forms:
                forms[r.id] = DoneForm(formdata=None, prefix=f"r{r.id}")
    return render_template("supervision/show.html", visit=visit, done_forms=forms, today=local_today()), status


@bp.get("/<int:visit_id>")
@permission_required(Permission.VIEW_SUPERVISION)
def visit_show(visit_id: int):
    return _show(visit_or_404(visit_id, current_user))


@bp.post("/recommendations/<int:recommendation_id>/done")
@permission_required(Permission.ANSWER_SUPERVISION)
def recommendation_done(recommendation_id: int):
    recommendation = recommendation_or_404(recommendation_id, current_user)
    form = DoneForm(prefix=f"r{recommendation.id}")
    visit = recommendation.visit
    if not form.validate():
        return _show(visit, {recommendation.id: form}, 422)
    try:
        services.mark_done(recommendation, form.done_note.data, current_user, local_today())
        db.session.commit()
    except UserError as error:
        db.session.rollback()
        attach_error(form, error)
        return _show(visit_or_404(visit.id, current_user), {recommendation.id: form}, 422)
    flash(_("Recommendation marked done. The province sees it."), "success")
    return redirect(url_for("supervision.visit_show", visit_id=visit.id, _anchor=f"rec-{recommendation.id}"), 303)
