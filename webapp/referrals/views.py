"""Referral pages: sending from a case, the inbox, one referral's page, and answering it."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from webapp.audit.services import record_view
from webapp.auth.access import permission_required
from webapp.auth.roles import Permission, Role
from webapp.cases.access import case_or_404, visible_cases
from webapp.cases.models import Case
from webapp.errors import StaleRecord, UserError
from webapp.extensions import db
from webapp.i18n import local_today
from webapp.referrals import queries, services
from webapp.referrals.access import (
    addressed_or_404,
    addressed_to,
    completable_or_404,
    may_answer,
    may_complete,
    may_record_on_behalf,
    on_behalf_or_404,
    referral_or_404,
    sent_from,
    visible_referrals,
)
from webapp.referrals.forms import AnswerForm, DeclineForm, OutsideAnswerForm, ReferralFilterForm, ReferralForm
from webapp.referrals.models import Referral, ReferralStatus
from webapp.referrals.presenters import (
    fill_filter_choices,
    fill_send_choices,
    form_values,
    receiver_name,
    referral_labels,
)
from webapp.submissions.http import handle_create
from webapp.web import attach_error, form_data, is_post, list_filters, render_list

bp = Blueprint("referrals", __name__)
bp.add_app_template_global(receiver_name)
bp.add_app_template_global(services.may_override_consent)


@bp.app_template_global()
def case_referrals(case: Case) -> list[Referral]:
    return queries.case_referrals(case.id)


@bp.app_template_global()
def referral_send_form(case: Case) -> ReferralForm:
    """A blank referral form for the case page (never bound to whatever that page was posted)."""
    form = ReferralForm(formdata=None)
    fill_send_choices(form, case)
    return form


@bp.app_template_global()
def referral_status_label(status: str) -> str:
    return referral_labels()["status"].get(status, status)


@bp.post("/cases/<code>/referrals")
@permission_required(Permission.WRITE_CASES)
def referral_send(code: str):
    case = case_or_404(code, current_user)
    form = ReferralForm()
    fill_send_choices(form, case)

    def show(status=200):
        # A refusal is answered on the case page, the form open with what was typed (see cases.views._show).
        from webapp.cases.views import render_case_page

        return render_case_page(case, status, "referrals", referral_form=form)

    def create():
        referral = services.send_referral(case, form_values(form), current_user)
        return "referral", referral.id, url_for("cases.case_show", code=case.code, _anchor="referrals")

    form.rules = lambda f: services.referral_problems(case, form_values(f), current_user)
    return handle_create("referral", form, create, show, saved_message=_("Referral sent."))


def _boxes(user) -> list[str]:
    """The inbox's boxes for this user: a province officer sees every referral, others theirs in and out."""
    return ["all", "sent"] if user.role == Role.PROVINCE else ["received", "sent"]


def _box_clause(box: str, user):
    return {"received": addressed_to, "sent": sent_from, "all": visible_referrals}[box](user)


@bp.route("/referrals", methods=["GET", "POST"])
@permission_required(Permission.READ_CASES)
def referral_list():
    form = ReferralFilterForm(formdata=form_data())
    boxes = _boxes(current_user)
    fill_filter_choices(form, boxes)
    status, valid = list_filters(form)
    box = valid["box"] if valid["box"] in boxes else boxes[0]
    form.box.data = box
    clause = _box_clause(box, current_user)
    stmt = queries.referral_list(clause, status=valid["status"])
    return render_list("referrals/list.html", "referrals/_list.html", stmt, valid, status, form=form, box=box,
                       counts=queries.counters(clause), labels=referral_labels(),
                       filtered=is_post() and bool(valid["status"]))


def _page(referral: Referral, status: int = 200, decline_form=None, message=None, outside_form=None):
    """The referral's page; every showing is audited, since it may name the person."""
    record_view("referral", referral.id)
    db.session.commit()
    answer = AnswerForm(formdata=None, version=referral.version)
    decline_form = decline_form or DeclineForm(formdata=None, version=referral.version)
    decline_form.version.data = str(referral.version)
    outside_form = outside_form or OutsideAnswerForm(formdata=None, answered_on=local_today())
    outside_form.version.data = str(referral.version)
    if referral.status == ReferralStatus.ACCEPTED:  # accepted already: what is left to record is the completion
        outside_form.outcome.choices = [("completed", referral_labels()["status"]["completed"])]
    on_behalf = may_record_on_behalf(referral, current_user) and services.may_record_for_receiver(referral)
    case_visible = db.session.scalar(select(Case.id).where(Case.id == referral.case_id,
                                                           visible_cases(current_user))) is not None
    return render_template("referrals/show.html", referral=referral, labels=referral_labels(), answer_form=answer,
                           decline_form=decline_form, message=message, case_visible=case_visible,
                           may_answer=may_answer(referral, current_user),
                           may_complete=may_complete(referral, current_user), on_behalf=on_behalf,
                           outside_form=outside_form), status


@bp.get("/referrals/<int:referral_id>")
@permission_required(Permission.READ_CASES)
def referral_show(referral_id: int):
    return _page(referral_or_404(referral_id, current_user))


def _answer(referral_id: int, load, form, act, done_message: str):
    """Load the referral with `load` (404 outside it), check the form, apply `act(referral)`, commit.

    A late answer (the referral changed since the page was opened) re-shows the
    page with 409; an answer the rules refuse re-shows it with 422 and why.
    """
    referral = load(referral_id, current_user)
    declining = isinstance(form, DeclineForm)
    if not form.validate():
        return _page(referral, 422, decline_form=form if declining else None,
                     message=None if declining else _("This answer could not be read. Reload the page and try again."))
    try:
        act(referral)
        db.session.commit()
    except StaleRecord as error:
        return _again(referral_id, 409, error.message)
    except StaleDataError:
        return _again(referral_id, 409, _("Someone else answered this referral at the same moment. Nothing was "
                                          "saved. Check its status below."))
    except UserError as error:
        if declining and error.field:
            db.session.rollback()
            attach_error(form, error)
            return _page(referral_or_404(referral_id, current_user), 422, decline_form=form)
        return _again(referral_id, 422, error.message)
    flash(done_message, "success")
    return redirect(url_for("referrals.referral_show", referral_id=referral_id), 303)


def _again(referral_id: int, status: int, message: str):
    """Nothing was saved: show the referral as it is now, with why."""
    db.session.rollback()
    return _page(referral_or_404(referral_id, current_user), status, message=message)


@bp.post("/referrals/<int:referral_id>/accept")
@permission_required(Permission.WRITE_CASES)
def referral_accept(referral_id: int):
    form = AnswerForm()
    return _answer(referral_id, addressed_or_404, form,
                   lambda r: services.accept(r, form.version.data, current_user),
                   _("Referral accepted. You can now open the case."))


@bp.post("/referrals/<int:referral_id>/decline")
@permission_required(Permission.WRITE_CASES)
def referral_decline(referral_id: int):
    form = DeclineForm()
    return _answer(referral_id, addressed_or_404, form,
                   lambda r: services.decline(r, form.reason.data, form.version.data, current_user),
                   _("Referral declined. The sender sees your reason."))


@bp.post("/referrals/<int:referral_id>/complete")
@permission_required(Permission.WRITE_CASES)
def referral_complete(referral_id: int):
    form = AnswerForm()
    return _answer(referral_id, completable_or_404, form,
                   lambda r: services.complete(r, form.version.data, current_user),
                   _("Referral completed."))


@bp.post("/referrals/<int:referral_id>/outside-answer")
@permission_required(Permission.WRITE_CASES)
def referral_outside_answer(referral_id: int):
    """The sender records the answer of a receiver without Sen accounts, on its behalf."""
    referral = on_behalf_or_404(referral_id, current_user)
    form = OutsideAnswerForm()
    # On an outdated page the answer is a conflict (409, from the service), not a list of field errors.
    form.rules = lambda f: (services.outside_answer_problems(referral, f.data, local_today())
                            if f.version.data == str(referral.version) else [])
    if not form.validate():
        return _page(referral, 422, outside_form=form)
    try:
        services.record_outside_answer(referral, form.data, form.version.data, current_user)
        db.session.commit()
    except StaleRecord as error:
        return _again(referral_id, 409, error.message)
    except StaleDataError:
        return _again(referral_id, 409, _("Someone else answered this referral at the same moment. Nothing was "
                                          "saved. Check its status below."))
    except UserError as error:
        db.session.rollback()
        if error.field:
            attach_error(form, error)
            return _page(on_behalf_or_404(referral_id, current_user), 422, outside_form=form)
        return _again(referral_id, 422, error.message)
    flash(_("The receiver's answer is recorded on its behalf."), "success")
    return redirect(url_for("referrals.referral_show", referral_id=referral_id), 303)
