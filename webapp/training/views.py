"""Training pages: the course list, a course with its sessions and roster, attendance on the day, and the
attendance report with its printable sheet and XLSX export."""
from __future__ import annotations

from flask import Blueprint, flash, g, make_response, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from webapp.auth.access import permission_required
from webapp.auth.models import User
from webapp.auth.roles import Permission
from webapp.cases.choices import communes_of, home_province
from webapp.errors import UserError, render_error
from webapp.extensions import db
from webapp.i18n import local_today
from webapp.places.models import AdminUnit
from webapp.pwa import protocol
from webapp.pwa.protocol import offline_form
from webapp.submissions.http import handle_create
from webapp.text import search_key
from webapp.training import queries, services
from webapp.training import roster_import as roster_files
from webapp.training.access import course_or_404, may_manage, may_see_phones, participant_or_404, session_or_404
from webapp.training.export import course_workbook
from webapp.training.forms import (
    CompletionForm,
    CourseEditForm,
    CourseFilterForm,
    CourseForm,
    MarkForm,
    ParticipantForm,
    PickUserForm,
    SessionForm,
    WalkInForm,
)
from webapp.training.models import (
    ATTENDANCE_LABELS,
    AUDIENCE_LABELS,
    PARTICIPANT_SEX_LABELS,
    Participant,
    TrainingSession,
)
from webapp.web import attach_error, form_data, is_post, list_filters, render_list

bp = Blueprint("training", __name__, url_prefix="/training")

COURSE_VALUES = ("title", "organiser", "starts_on", "ends_on", "place", "audience", "topics")


def _labels():
    return {"audience": AUDIENCE_LABELS, "sex": PARTICIPANT_SEX_LABELS, "attendance": ATTENDANCE_LABELS}


def _values(form, names) -> dict:
    return {name: getattr(form, name).data for name in names}


@bp.route("", methods=["GET", "POST"])
@permission_required(Permission.VIEW_TRAINING)
def course_list():
    form = CourseFilterForm(formdata=form_data())
    form.audience.choices = [("", _("All"))] + [(k, str(v)) for k, v in AUDIENCE_LABELS.items()]
    status, valid = list_filters(form)
    stmt = queries.course_list(valid["audience"], valid["date_from"], valid["date_to"])
    return render_list("training/list.html", "training/_list.html", stmt, valid, status, form=form, labels=_labels(),
                       filtered=is_post())


@bp.route("/new", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_TRAINING)
def course_new():
    form = CourseForm()

    def show(status=200):
        return render_template("training/new.html", form=form), status

    def create():
        course = services.save_course(None, _values(form, COURSE_VALUES), current_user)
        return "training_course", str(course.id), url_for("training.course_show", course_id=course.id)

    if not is_post():
        form.starts_on.data = form.starts_on.data or local_today()
        return show()
    form.rules = lambda f: services.course_problems(_values(f, COURSE_VALUES))
    return handle_create("training_course", form, create, show, saved_message=_("Course saved."))


def _commune_choices():
    return [("", "—")] + communes_of(home_province())


def _user_choices(course):
    taken = {p.user_id for p in course.participants if p.user_id}
    users = db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.full_name)).all()
    return [("", "—")] + [(str(u.id), u.full_name) for u in users if u.id not in taken]


def _course_page(course, status=200, **forms):
    manage = may_manage(current_user)
    participant_form = forms.get("participant_form") or ParticipantForm(formdata=None)
    participant_form.commune_code.choices = _commune_choices()
    pick_form = forms.get("pick_form") or PickUserForm(formdata=None)
    pick_form.user_id.choices = _user_choices(course) if manage else []
    return render_template(
        "training/show.html", course=course, manage=manage, phones=may_see_phones(current_user),
        edit_form=forms.get("edit_form") or CourseEditForm(formdata=None, obj=course),
        session_form=forms.get("session_form") or SessionForm(formdata=None),
        participant_form=participant_form, pick_form=pick_form, labels=_labels(),
        counts=queries.session_counts(course.id)), status


@bp.get("/<int:course_id>")
@permission_required(Permission.VIEW_TRAINING)
def course_show(course_id: int):
    return _course_page(course_or_404(course_id))


@bp.post("/<int:course_id>")
@permission_required(Permission.MANAGE_TRAINING)
def course_update(course_id: int):
    course = course_or_404(course_id)
    form = CourseEditForm()
    form.rules = lambda f: services.course_problems(_values(f, COURSE_VALUES))
    if not form.validate():
        return _course_page(course, 422, edit_form=form)
    try:
        services.save_course(course, _values(form, COURSE_VALUES), current_user)
    except UserError as error:
        db.session.rollback()
        attach_error(form, error)
        return _course_page(course_or_404(course_id), 422, edit_form=form)
    db.session.commit()
    flash(_("Changes saved."), "success")
    return redirect(url_for("training.course_show", course_id=course.id), 303)


@bp.post("/<int:course_id>/sessions")
@permission_required(Permission.MANAGE_TRAINING)
def session_add(course_id: int):
    course = course_or_404(course_id)
    form = SessionForm()
    if not form.validate():
        return _course_page(course, 422, session_form=form)
    try:
        services.add_session(course, form.held_on.data, form.starts_at.data, form.ends_at.data)
    except UserError as error:
        db.session.rollback()
        attach_error(form, error)
        return _course_page(course_or_404(course_id), 422, session_form=form)
    db.session.commit()
    flash(_("Session added."), "success")
    return redirect(url_for("training.course_show", course_id=course.id, _anchor="sessions"), 303)


PARTICIPANT_VALUES = ("full_name", "sex", "birth_year", "agency", "position", "commune_code", "phone")


@bp.post("/<int:course_id>/participants")
@permission_required(Permission.MANAGE_TRAINING)
def participant_add(course_id: int):
    course = course_or_404(course_id)
    form = ParticipantForm()
    form.commune_code.choices = _commune_choices()
    if not form.validate():
        return _course_page(course, 422, participant_form=form)
    try:
        _person, created = services.add_participant(course, _values(form, PARTICIPANT_VALUES), local_today().year)
    except UserError as error:
        db.session.rollback()
        attach_error(form, error)
        return _course_page(course_or_404(course_id), 422, participant_form=form)
    db.session.commit()
    flash(_("Participant added.") if created else _("This person is already on the roster."),
          "success" if created else "info")
    return redirect(url_for("training.course_show", course_id=course.id, _anchor="roster"), 303)


@bp.post("/<int:course_id>/participants/from-user")
@permission_required(Permission.MANAGE_TRAINING)
def participant_pick(course_id: int):
    course = course_or_404(course_id)
    form = PickUserForm()
    form.user_id.choices = _user_choices(course)
    if not form.validate():
        return _course_page(course, 422, pick_form=form)
    user = db.session.get(User, int(form.user_id.data))
    values = {"full_name": user.full_name, "agency": user.agency.name if user.agency else "",
              "position": "", "commune_code": user.commune_code, "phone": ""}
    services.add_participant(course, values, local_today().year, user_id=user.id)
    db.session.commit()
    flash(_("Participant added."), "success")
    return redirect(url_for("training.course_show", course_id=course.id, _anchor="roster"), 303)


@bp.post("/<int:course_id>/participants/<int:participant_id>/remove")
@permission_required(Permission.MANAGE_TRAINING)
def participant_remove(course_id: int, participant_id: int):
    course = course_or_404(course_id)
    services.remove_participant(participant_or_404(course, participant_id))
    db.session.commit()
    flash(_("Participant removed from the roster, with their attendance."), "success")
    return redirect(url_for("training.course_show", course_id=course.id, _anchor="roster"), 303)


@bp.get("/<int:course_id>/sessions/<int:meeting_id>/attendance")
@permission_required(Permission.MANAGE_TRAINING)
def attendance(course_id: int, meeting_id: int):
    """The phone screen for one session: names, agency and position only, never phone numbers.

    The phone keeps a copy of it (asked with `Sen-Outbox: blank`, rendered with nothing bound to the
    session) so attendance can be taken without signal; sign-out drops it with the blank forms.
    """
    course = course_or_404(course_id)
    session = session_or_404(course, meeting_id)
    kept = request.headers.get(protocol.HEADER) == "blank"
    g.sen_blank = kept
    response = make_response(render_template("training/attendance.html", course=course, session=session,
                                             marks=queries.marks_of_session(session.id), labels=_labels()))
    if kept:
        response.headers["Sen-Keep"] = "1"
    return response


def _session_of(form):
    """The session a mark names, or a UserError (a session that does not exist is never revealed)."""
    session = db.session.get(TrainingSession, form.session_id.data or 0)
    if session is None:
        raise UserError(_("This session no longer exists."))
    return session


def _person(session, reference: str):
    """A roster id, or the phone-made id of a walk-in."""
    person = None
    if reference.isdigit():
        person = db.session.get(Participant, int(reference))
    else:
        person = db.session.scalar(select(Participant).where(Participant.course_id == session.course_id,
                                                             Participant.client_id == reference))
    if person is None or person.course_id != session.course_id:
        raise UserError(_("This person is not on this course."))
    return person


def _after_mark(session):
    return url_for("training.attendance", course_id=session.course_id, meeting_id=session.id)


@bp.post("/marks")
@permission_required(Permission.MANAGE_TRAINING)
@offline_form("attendance_mark", _l("Attendance mark"), blank=False)
def mark():
    """One tap, sent now or replayed from the outbox. Marks converge: one row per person and session."""
    form = MarkForm()

    def create():
        session = _session_of(form)
        row = services.mark(session, _person(session, form.participant.data),
                            form.status.data, services.parse_marked_at(form.marked_at.data),
                            form.device_id.data, current_user.id)
        return "training_attendance", str(row.id), _after_mark(session)

    return handle_create("attendance_mark", form, create, lambda status: _form_refused(form, status))


@bp.post("/walk-ins")
@permission_required(Permission.MANAGE_TRAINING)
@offline_form("walk_in", _l("Walk-in"), blank=False)
def walk_in():
    """Someone not on the roster came: added once per phone-made id (from any phone), marked present."""
    form = WalkInForm()

    def create():
        session = _session_of(form)
        values = {"full_name": form.full_name.data, "agency": form.agency.data, "position": form.position.data}
        person = services.add_walk_in(session, form.client_id.data, values, local_today().year)
        services.mark(session, person, "present", services.parse_marked_at(form.marked_at.data),
                      form.device_id.data, current_user.id)
        return "training_participant", str(person.id), _after_mark(session)

    return handle_create("walk_in", form, create, lambda status: _form_refused(form, status))


def _form_refused(form, status):
    """Marks are sent by the page's script, not typed in a form: the messages are all there is to show."""
    return render_error(status, " ".join(protocol.form_messages(form)) or None)


def _report_page(course, form=None, status=200):
    form = form or CompletionForm(formdata=None, obj=course)
    return render_template("training/report.html", course=course, form=form, manage=may_manage(current_user),
                           rows=queries.participant_attendance(course), counts=queries.session_counts(course.id),
                           labels=_labels()), status


@bp.get("/<int:course_id>/report")
@permission_required(Permission.VIEW_TRAINING)
def report(course_id: int):
    """Attendance per session and per participant, and who completed the course."""
    return _report_page(course_or_404(course_id))


@bp.post("/<int:course_id>/completion")
@permission_required(Permission.MANAGE_TRAINING)
def completion(course_id: int):
    """The coordinator sets the share of sessions that completes the course."""
    course = course_or_404(course_id)
    form = CompletionForm()
    try:
        if not form.validate():
            raise UserError(_("Enter a share between 1 and 100 percent."), "completion_percent")
        services.set_completion(course, form.completion_percent.data)
    except UserError as error:
        db.session.rollback()
        form.completion_percent.errors = [error.message]
        return _report_page(course_or_404(course_id), form, 422)
    db.session.commit()
    flash(_("Changes saved."), "success")
    return redirect(url_for("training.report", course_id=course.id), 303)


@bp.get("/<int:course_id>/sheet")
@permission_required(Permission.VIEW_TRAINING)
def sheet(course_id: int):
    """The A4 sign-in sheet, one row per participant and a column per session, to print."""
    course = course_or_404(course_id)
    return render_template("training/sheet.html", course=course, labels=_labels())


@bp.get("/<int:course_id>/export.xlsx")
@permission_required(Permission.VIEW_TRAINING)
def export(course_id: int):
    course = course_or_404(course_id)
    data = course_workbook(course, queries.participant_attendance(course), queries.session_counts(course.id))
    return send_file(data, mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                     as_attachment=True, download_name=f"course-{course.id}-attendance.xlsx")


def _commune_keys() -> dict[str, str]:
    """A commune's name as written in a spreadsheet (with or without its kind) -> its code."""
    keys = {}
    for code, full_name in communes_of(home_province()):
        unit = db.session.get(AdminUnit, code)
        keys[search_key(full_name)] = code
        keys.setdefault(search_key(unit.name), code)
    return keys


def _import_page(course, status=200, rows=None, token=None, message=None):
    good = [r for r in rows or [] if r.good and not r.on_roster]
    return render_template("training/import.html", course=course, rows=rows, token=token, message=message,
                           good=good, bad=[r for r in rows or [] if not r.good],
                           known=[r for r in rows or [] if r.good and r.on_roster]), status


@bp.route("/<int:course_id>/import", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_TRAINING)
def roster_import(course_id: int):
    """Upload a spreadsheet and see what would be added; nothing is saved until it is confirmed."""
    course = course_or_404(course_id)
    if not is_post():
        return _import_page(course)
    upload = request.files.get("roster")
    extension = roster_files.extension_of(upload.filename if upload else "")
    if upload is None or not upload.filename:
        return _import_page(course, 422, message=_("Choose a file to import."))
    if extension is None:
        return _import_page(course, 422, message=_("Sen reads Excel workbooks (.xlsx) and CSV files (.csv)."))
    data = upload.read()
    try:
        rows = roster_files.read_rows(data, extension, course, _commune_keys(), local_today().year)
    except roster_files.UnreadableFile as error:
        return _import_page(course, 422, message=str(error))
    token = roster_files.keep(data, extension, current_user.id)
    return _import_page(course, rows=rows, token=token)


@bp.post("/<int:course_id>/import/confirm")
@permission_required(Permission.MANAGE_TRAINING)
def roster_import_confirm(course_id: int):
    """Add the good rows of the previewed file; people already on the roster are not added again."""
    course = course_or_404(course_id)
    token = request.form.get("token", "")
    found = roster_files.kept(token, current_user.id)
    if found is None:
        return _import_page(course, 422, message=_("This preview has expired. Choose the file again."))
    try:
        rows = roster_files.read_rows(found[0], found[1], course, _commune_keys(), local_today().year)
        added = roster_files.save_rows(course, rows, local_today().year)
    except roster_files.UnreadableFile as error:
        db.session.rollback()
        return _import_page(course, 422, message=str(error))
    db.session.commit()
    roster_files.forget(token, current_user.id)
    flash(ngettext("%(num)d participant added to the roster.", "%(num)d participants added to the roster.", added),
          "success")
    return redirect(url_for("training.course_show", course_id=course.id, _anchor="roster"), 303)
