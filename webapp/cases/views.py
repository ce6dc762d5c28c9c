"""Case register pages: list, reception, case page, edits, status, consent, matching."""
from __future__ import annotations

import json
from functools import partial

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from webapp.audit.services import Action, record, record_view
from webapp.auth.access import permission_required
from webapp.auth.roles import Permission
from webapp.cases import queries
from webapp.cases.access import case_or_404, owns_case, receiving_communes, visible_cases
from webapp.cases.forms import (
    CaseEditForm,
    CaseFilterForm,
    ConsentForm,
    MatchQueryForm,
    ReceptionForm,
    StatusForm,
)
from webapp.cases.models import STATUS_LABELS, Case
from webapp.cases.presenters import (
    case_labels,
    event_detail,
    event_label,
    fill_case_choices,
    form_values,
    person_form_data,
)
from webapp.cases.rights import (
    ERASURE_REASONS,
    anonymise,
    case_records,
    cases_in_scope,
    person_export,
    record_export,
)
from webapp.cases.services import (
    create_case,
    is_overdue,
    link_same_person,
    matches_before_saving,
    possible_matches,
    reception_problems,
    record_consent,
    set_status,
    update_case,
)
from webapp.db import reads_only
from webapp.errors import StaleRecord, UserError
from webapp.extensions import db
from webapp.i18n import local_today
from webapp.pwa.protocol import offline_form
from webapp.submissions.http import handle_create
from webapp.web import attach_error, form_data, is_post, list_filters, render_list

bp = Blueprint("cases", __name__, url_prefix="/cases")
bp.add_app_template_global(event_label)
bp.add_app_template_global(event_detail)
bp.add_app_template_global(lambda case: owns_case(current_user, case), "owns_case")


@bp.route("", methods=["GET", "POST"])
@permission_required(Permission.READ_CASES)
@reads_only
def case_list():
    form = CaseFilterForm(formdata=form_data())
    fill_case_choices(form, current_user)
    status, valid = list_filters(form)
    sort = valid["sort"] or "newest"
    stmt = queries.case_list(visible_cases(current_user), q=valid["q"], status=valid["status"],
                             commune=valid["commune"], purpose=valid["purpose"], date_from=valid["date_from"],
                             date_to=valid["date_to"], overdue=bool(valid["overdue"]), sort=sort)
    return render_list("cases/list.html", "cases/_list.html", stmt, valid, status, partial(queries.case_rows, sort=sort),
                       form=form,
                       labels=case_labels(), is_overdue=partial(is_overdue, today=local_today()), filtered=is_post())


@bp.route("/new", methods=["GET", "POST"])
@permission_required(Permission.WRITE_CASES)
@offline_form("case", _l("New reception"))
def case_new():
    form = ReceptionForm()
    fill_case_choices(form, current_user)
    allowed = receiving_communes(current_user)
    if not is_post():
        form.reception_date.data = form.reception_date.data or local_today()
        if allowed:
            form.commune_code.data = allowed[0]

    def show(status=200):
        # Shown again after a refusal: the possible earlier cases stay in view, with the officer's choice.
        matches = _matches_shown(form_values(form)) if is_post() else []
        if matches:
            db.session.commit()  # the audit of the cases shown; nothing else is pending when a form is refused
        return render_template("cases/new.html", form=form, labels=case_labels(), matches=matches), status

    def create():
        case = create_case(form_values(form), current_user, allowed)
        if form.same_person.data:
            link_same_person(case, _linkable(form.same_person.data), current_user)
        return "case", case.code, url_for("cases.case_show", code=case.code)

    if not is_post():
        return show()
    form.rules = lambda f: reception_problems(form_values(f), local_today(), allowed)
    return handle_create("case", form, create, show, saved_message=_("Case saved."))


def _linkable(code: str) -> Case:
    """An earlier case the officer may link a new reception to: the same rule as linking from the case page."""
    other = db.session.scalar(select(Case).where(Case.code == code.strip().upper(), visible_cases(current_user)))
    if other is None or not owns_case(current_user, other):
        raise UserError(_("You cannot link this reception to that case. Save it, then ask the commune that "
                          "received the other case."), "same_person")
    return other


@bp.route("/new/matches", methods=["POST"])
@permission_required(Permission.WRITE_CASES)
def reception_matches():
    """While a reception is typed: cases in the officer's scope that may be the same person.

    Posted by htmx (names never go in a URL); nothing is saved but the audit of the cases shown.
    """
    form = MatchQueryForm()
    matches = _matches_shown(form.data) if form.validate() else []
    db.session.commit()
    return render_template("cases/_reception_matches.html", matches=matches, chosen=form.same_person.data)


def _matches_shown(values: dict) -> list[Case]:
    """Possible earlier cases of the person being received; each one shown is audited as a view."""
    matches = matches_before_saving(values, visible_cases(current_user))
    for case in matches:
        record(Action.VIEW, "case", case.code, detail="possible_match")
    return matches


def _show(case, status=200, anchor=None, **forms):
    """The case page; after a refused form, with what was typed, saying it is the case page (see page_url)."""
    matches = possible_matches(case.person, visible_cases(current_user))
    record_view("case", case.code)
    db.session.commit()
    status_form = forms.get("status_form") or StatusForm(formdata=None, obj=case, version=case.version)
    status_form.status.choices = [(k.value, str(v)) for k, v in STATUS_LABELS.items()]
    if not forms.get("status_form"):
        status_form.legal_regime.data = case.legal_regime if case.legal_regime_corrected else ""
    return render_template("cases/show.html", case=case, labels=case_labels(), matches=matches,
                           same_person=[c for c in cases_in_scope(case.person, visible_cases(current_user))
                                        if c.id != case.id],
                           overdue=is_overdue(case), status_form=status_form,
                           consent_form=forms.get("consent_form") or ConsentForm(formdata=None, on_date=local_today()),
                           message=forms.get("message"), referral_form=forms.get("referral_form"),
                           erasure_reasons=ERASURE_REASONS, page_url=_refusal_url(case, anchor)), status


def _refusal_url(case, anchor):
    """A refusal answers a POST: the browser is told the page's own address, so a reload shows the case page
    instead of posting again (static/js/app.js); what was typed is in the page it has."""
    return url_for("cases.case_show", code=case.code, _anchor=anchor) if is_post() else None


render_case_page = _show


@bp.route("/<code>")
@permission_required(Permission.READ_CASES)
def case_show(code: str):
    return _show(case_or_404(code, current_user))


@bp.route("/<code>/edit", methods=["GET", "POST"])
@permission_required(Permission.WRITE_CASES)
def case_edit(code: str):
    case = case_or_404(code, current_user)
    form = CaseEditForm(formdata=form_data(), data=None if is_post() else person_form_data(case))
    fill_case_choices(form, current_user, province=form.home_province.data)
    status, conflict = 200, None
    if is_post():
        status = 422
        if form.validate():
            try:
                update_case(case, form_values(form), form.version.data, current_user)
                db.session.commit()
            except StaleRecord as error:
                db.session.rollback()
                conflict, status = error.message, 409
            except StaleDataError:
                db.session.rollback()
                conflict, status = _("Another officer saved this case at the same moment. Check and save again."), 409
            except UserError as error:
                db.session.rollback()
                attach_error(form, error)
            else:
                flash(_("Changes saved."), "success")
                return redirect(url_for("cases.case_show", code=case.code), 303)
        if conflict:
            case = case_or_404(code, current_user)
            form.version.data = str(case.version)  # saving again now overwrites, knowingly
    record_view("case", case.code)
    db.session.commit()
    return render_template("cases/edit.html", form=form, case=case, labels=case_labels(), conflict=conflict), status


def _case_action(code: str, form, form_name: str, act, done: str, anchor: str):
    """A form on the case page: validate, act, commit and go back; or show the page again with what was typed.

    `act(case)` calls a service, which may raise StaleRecord (409) or UserError (422).
    """
    case = case_or_404(code, current_user)
    if not form.validate():
        return _show(case, 422, anchor, **{form_name: form})
    try:
        act(case)
    except StaleRecord as error:
        db.session.rollback()
        return _show(case_or_404(code, current_user), 409, message=error.message)
    except UserError as error:
        db.session.rollback()
        attach_error(form, error)
        return _show(case_or_404(code, current_user), 422, anchor, **{form_name: form})
    db.session.commit()
    flash(done, "success")
    return redirect(url_for("cases.case_show", code=case.code), 303)


@bp.route("/<code>/status", methods=["POST"])
@permission_required(Permission.WRITE_CASES)
def case_status(code: str):
    form = StatusForm()
    form.status.choices = [(k.value, str(v)) for k, v in STATUS_LABELS.items()]
    return _case_action(code, form, "status_form",
                        lambda case: set_status(case, form.data, form.version.data, current_user), _("Status saved."), "verification")


@bp.route("/<code>/consent", methods=["POST"])
@permission_required(Permission.WRITE_CASES)
def case_consent(code: str):
    form = ConsentForm()
    return _case_action(code, form, "consent_form",
                        lambda case: record_consent(case, form.kind.data, form.given.data == "yes", form.on_date.data,
                                                    current_user),
                        _("Consent recorded."), "consents")


@bp.route("/<code>/link", methods=["POST"])
@permission_required(Permission.WRITE_CASES)
def case_link(code: str):
    case = case_or_404(code, current_user)
    other = case_or_404(request.form.get("other", "")[:20], current_user)
    if not (owns_case(current_user, case) and owns_case(current_user, other)):
        abort(403)  # merging people is for the communes and the province that answer for the cases
    try:
        link_same_person(case, other, current_user)
    except UserError as error:
        db.session.rollback()
        return _show(case_or_404(code, current_user), 422, "matches", message=error.message)
    db.session.commit()
    flash(_("The cases now belong to one person."), "success")
    return redirect(url_for("cases.case_show", code=case.code), 303)


@bp.route("/<code>/export", methods=["POST"])
@permission_required(Permission.READ_CASES)
def case_export(code: str):
    """A copy of everything held about the person: JSON for machines, an HTML document for people."""
    case = case_or_404(code, current_user)
    fmt = "json" if request.form.get("format") == "json" else "html"
    cases = cases_in_scope(case.person, visible_cases(current_user))
    data = person_export(case.person, case_labels(), cases)
    record_export(case.person, cases, current_user, fmt)
    db.session.commit()
    if fmt == "json":
        body = json.dumps(data, ensure_ascii=False, indent=2)
        response = make_response(body)
        response.mimetype = "application/json"
    else:
        from webapp.followups.presenters import followup_labels
        from webapp.protection.presenters import protection_labels, who

        response = make_response(render_template(
            "cases/export.html", person=case.person, cases=cases, records={c.id: case_records(c) for c in cases},
            labels=case_labels(), protection_labels=protection_labels(), followup_labels=followup_labels(), who=who,
            code=case.code, generated=local_today()))
    response.headers["Content-Disposition"] = f'attachment; filename="{case.code}.{fmt}"'
    return response


@bp.route("/<code>/erase", methods=["POST"])
@permission_required(Permission.ERASE_PERSONAL_DATA)
def case_erase(code: str):
    case = case_or_404(code, current_user)
    if request.form.get("confirm") != case.code:
        return _show(case, 422, "rights", message=_("Type the case code to confirm the erasure."))
    try:
        anonymise(case.person, request.form.get("reason", ""), current_user)
    except UserError as error:
        db.session.rollback()
        return _show(case_or_404(code, current_user), 422, "rights", message=str(error.message))
    db.session.commit()
    flash(_("The person's identifying data was erased. Anonymous facts remain for statistics."), "success")
    return redirect(url_for("cases.case_show", code=case.code), 303)


@bp.route("/communes")
@permission_required(Permission.WRITE_CASES)
def commune_options():
    """The communes of a province, as <option>s for the home-commune select."""
    from webapp.cases.choices import communes_of

    province = request.args.get("home_province", "")[:10]
    return render_template("cases/_commune_options.html", options=communes_of(province), selected=None)

