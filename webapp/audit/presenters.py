"""The audit log's details in words: `status=accepted` reads "Trạng thái: Đã tiếp nhận", field names read as labels.

Details are stored as short codes (never personal data); this turns each part into the words the
forms and pages use. A code that has no words is shown with spaces, never as a program's name.
"""
from __future__ import annotations

import re

from flask import g
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

KEYS = {
    "status": _l("Status"),
    "case": _l("Case"),
    "agency": _l("Agency"),
    "commune": _l("Commune or ward"),
    "shares": _l("Shares the person's information"),
    "regime": _l("Support"),
    "reason": _l("Reason"),
    "consent": _l("Consent"),
    "linked": _l("Same person as"),
    "closed": _l("Closed"),
    "changed": _l("Changed"),
    "reintegration": _l("Reintegration"),
    "anonymised": _l("Identifying data erased"),
    "added": _l("Added"),
    "due": _l("Due"),
}
WORDS = {
    "yes": _l("yes"),
    "no": _l("no"),
    "abroad": _l("still abroad"),
    "on_behalf": _l("recorded on the receiver's behalf"),
    "consent_override": _l("sent without the person's consent (province override)"),
    "possible_match": _l("shown as a possible same person"),
    "done": _l("visit recorded"),
    "confirmed": _l("confirmed"),
    "reopened": _l("reopened"),
    "case_closed": _l("the case was closed"),
    "html": _l("document"),
    "json": "JSON",
    "disabled": _l("account disabled"),
    "unknown_account": _l("unknown account"),
    "account_or_address": _l("too many attempts from this account or address"),
}


def _statuses(object_type: str) -> dict:
    from webapp.cases.models import STATUS_LABELS
    from webapp.protection.models import PROTECTION_STATUS_LABELS
    from webapp.referrals.models import REFERRAL_STATUS_LABELS
    from webapp.support.models import SUPPORT_STATUS_LABELS
    from webapp.tipoffs.models import STATUS_LABELS as TIPOFF_STATUS_LABELS

    table = {"case": STATUS_LABELS, "referral": REFERRAL_STATUS_LABELS, "support_event": SUPPORT_STATUS_LABELS,
             "protection": PROTECTION_STATUS_LABELS, "tipoff": TIPOFF_STATUS_LABELS}.get(object_type, {})
    return {str(getattr(k, "value", k)): str(v) for k, v in table.items()}


def _field_labels() -> dict[str, str]:
    """The label of every field a change can name, from the forms that change it (once per request)."""
    labels = g.get("_audit_field_labels")
    if labels is not None:
        return labels
    from webapp.cases.presenters import _field_labels as case_fields
    from webapp.followups.forms import ReintegrationForm
    from webapp.outreach.forms import OutreachEditForm
    from webapp.places.forms import AgencyEditForm
    from webapp.protection.forms import ProtectionEditForm
    from webapp.tipoffs.forms import TipOffEditForm
    from webapp.users.forms import UserEditForm

    labels = {}
    for form_class in (UserEditForm, AgencyEditForm, OutreachEditForm, ProtectionEditForm, ReintegrationForm,
                       TipOffEditForm):
        try:
            form = form_class(formdata=None, meta={"csrf": False})
        except Exception:  # noqa: BLE001 - a form that needs more to build only lends no labels
            continue
        labels.update({name: str(field.label.text) for name, field in form._fields.items()})
    labels.update(case_fields())
    labels["active"] = str(_("Active"))
    g._audit_field_labels = labels
    return labels


def _plain(code: str) -> str:
    return code.replace("_", " ")


def _word(code: str, object_type: str) -> str:
    """One code in words: a status, a known word, a field's label, or the code itself with spaces."""
    if code in WORDS:
        return str(WORDS[code])
    statuses = _statuses(object_type)
    if code in statuses:
        return statuses[code]
    labels = _field_labels()
    if code in labels:
        return labels[code]
    return _plain(code)


def _value(key: str, value: str, object_type: str) -> str:
    if key == "status":
        return _statuses(object_type).get(value, _word(value, object_type))
    if key in ("case", "linked", "due"):
        return value
    if key == "agency" and value.isdigit():
        from webapp.extensions import db
        from webapp.places.models import Agency

        agency = db.session.get(Agency, int(value))
        return agency.name if agency else value
    if key == "commune":
        from webapp.extensions import db
        from webapp.places.models import AdminUnit

        unit = db.session.get(AdminUnit, value)
        return unit.full_name if unit else value
    if key == "regime":
        from webapp.catalogues.services import labels

        return labels("support_regime").get(value, value)
    if key == "consent":
        from webapp.cases.models import CONSENT_KINDS

        kind, _sep, given = value.partition("=")
        return f"{CONSENT_KINDS.get(kind, _plain(kind))}: {_word(given, object_type)}" if given else str(
            CONSENT_KINDS.get(kind, _plain(kind)))
    if key == "closed":
        from webapp.cases.models import CLOSURE_REASONS

        return str(CLOSURE_REASONS.get(value, _plain(value)))
    if key == "anonymised":
        from webapp.cases.rights import ERASURE_REASONS

        return str(ERASURE_REASONS.get(value, _plain(value)))
    return ", ".join(_word(code, object_type) for code in value.split(",") if code)


PART = re.compile(r"^([a-z_]+)([=:])(.*)$")


def audit_detail(object_type: str | None, detail: str | None) -> str:
    """An audit entry's detail as words, in the reader's language."""
    if not detail:
        return ""
    object_type = object_type or ""
    if object_type == "catalogue_entry":  # the vocabulary's code: the catalogue's own name
        return _plain(detail)
    words = []
    for part in re.split(r"[; ]", detail):
        if not part:
            continue
        match = PART.match(part)
        if match:
            key, _sep, value = match.groups()
            label = KEYS.get(key)
            words.append(f"{label}: {_value(key, value, object_type)}" if label else
                         f"{_plain(key)}: {_value(key, value, object_type)}")
        else:
            words.append(", ".join(_word(code, object_type) for code in part.split(",") if code))
    return "; ".join(words)
