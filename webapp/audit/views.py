"""The audit log, for the administrator: filter and page through who did what."""
from __future__ import annotations

from flask import Blueprint, current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from webapp.audit import queries
from webapp.audit.forms import AuditFilterForm
from webapp.audit.presenters import audit_detail
from webapp.audit.services import Action
from webapp.auth.access import permission_required
from webapp.auth.roles import Permission
from webapp.web import form_data, list_filters, render_list

bp = Blueprint("audit", __name__, url_prefix="/admin/audit")
bp.add_app_template_global(audit_detail)

ACTION_LABELS = {
    Action.LOGIN: _l("Signed in"),
    Action.LOGIN_FAILED: _l("Failed sign-in"),
    Action.LOGIN_THROTTLED: _l("Sign-in blocked: too many tries"),
    Action.LOGOUT: _l("Signed out"),
    Action.SESSION_EXPIRED: _l("Session expired"),
    Action.CREATE: _l("Created"),
    Action.UPDATE: _l("Changed"),
    Action.DELETE: _l("Deleted"),
    Action.VIEW: _l("Viewed"),
    Action.EXPORT: _l("Exported"),
    Action.PASSWORD_CHANGE: _l("Changed own password"),
    Action.PASSWORD_RESET: _l("Password reset"),
    Action.DISABLE: _l("Account disabled"),
    Action.ENABLE: _l("Account enabled"),
    Action.IMPORT: _l("Imported"),
}

OBJECT_LABELS = {
    "case": _l("Case"),
    "person": _l("Person"),
    "support_event": _l("Support"),
    "referral": _l("Referral"),
    "followup": _l("Follow-up visit"),
    "tipoff": _l("Tip-off"),
    "outreach_session": _l("Outreach session"),
    "key_area": _l("Key area"),
    "user": _l("Account"),
    "agency": _l("Agency"),
    "catalogue_entry": _l("Catalogue entry"),
    "admin_unit": _l("Administrative units"),
    "protection": _l("Protection"),
    "eligibility": _l("Eligibility for support"),
}


@bp.route("", methods=["GET", "POST"])
@permission_required(Permission.READ_AUDIT)
def event_list():
    form = AuditFilterForm(formdata=form_data())
    form.action.choices = [("", _("All actions"))] + [(a.value, str(label)) for a, label in ACTION_LABELS.items()]
    form.object_type.choices = [("", _("All kinds"))] + [(k, str(v)) for k, v in OBJECT_LABELS.items()]
    status, valid = list_filters(form)
    stmt = queries.events(username=valid["username"], action=valid["action"], object_type=valid["object_type"],
                          date_from=valid["date_from"], date_to=valid["date_to"],
                          zone=current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return render_list("audit/list.html", "audit/_list.html", stmt, valid, status, form=form,
                       action_labels=ACTION_LABELS, object_labels=OBJECT_LABELS)
