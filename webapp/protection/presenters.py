"""Between the protection form and its services: choices, plain values, and the labels pages show."""
from __future__ import annotations

from flask_babel import gettext as _

from webapp.cases.choices import active_agencies
from webapp.cases.models import SEX_LABELS, Case
from webapp.catalogues.services import choices, labels
from webapp.protection.models import PROTECTION_STATUS_LABELS, REQUESTERS, RISK_LEVELS, SUBJECTS, Protection
from webapp.protection.services import MEASURE_VOCABULARY


def child_label(child) -> str:
    sex = SEX_LABELS.get(child.sex, child.sex)
    return _("Accompanying child: %(sex)s, %(age)d", sex=sex, age=child.age)


def fill_choices(form, case: Case, saved: Protection | None = None) -> None:
    """Options of the form's lists; a retired measure or agency this record already has stays offered."""
    measures = choices(MEASURE_VOCABULARY)
    everything = labels(MEASURE_VOCABULARY)
    offered = {code for code, _label in measures}
    for code in (saved.measure_codes if saved is not None else []):
        if code not in offered:
            measures.append((code, everything.get(code, code)))
    form.measures.choices = measures
    agencies = [(str(i), n) for i, n in active_agencies()]
    if saved is not None and saved.agency is not None and str(saved.agency_id) not in dict(agencies):
        agencies.append((str(saved.agency_id), saved.agency.name))
    form.agency_id.choices = [("", _("— not in the list —"))] + agencies
    form.child_id.choices = [("", _("— choose —"))] + [(str(c.id), child_label(c)) for c in case.children]
    if not case.children:
        form.subject.choices = [(k, v) for k, v in form.subject.choices if k != "child"]


def form_values(form) -> dict:
    """The form's data as plain values for the services."""
    return {
        "subject": form.subject.data, "child_id": int(form.child_id.data) if form.child_id.data else None,
        "relative_name": form.relative_name.data, "relative_relationship": form.relative_relationship.data,
        "requested_on": form.requested_on.data, "requested_by": form.requested_by.data, "threat": form.threat.data,
        "risk_level": form.risk_level.data or None, "measures": list(form.measures.data or []),
        "agency_id": int(form.agency_id.data) if form.agency_id.data else None, "agency_name": form.agency_name.data,
        "start_on": form.start_on.data, "end_on": form.end_on.data, "status": form.status.data,
        "outcome": form.outcome.data,
    }


def edit_data(protection: Protection) -> dict:
    """What the edit form starts with: the record as it is now."""
    return {
        "subject": protection.subject, "child_id": str(protection.child_id or ""),
        "relative_name": protection.relative_name or "",
        "relative_relationship": protection.relative_relationship or "",
        "requested_on": protection.requested_on, "requested_by": protection.requested_by,
        "threat": protection.threat, "risk_level": protection.risk_level or "",
        "measures": protection.measure_codes, "agency_id": str(protection.agency_id or ""),
        "agency_name": protection.agency_name or "", "start_on": protection.start_on, "end_on": protection.end_on,
        "status": protection.status, "outcome": protection.outcome or "", "version": protection.version,
    }


def protection_labels() -> dict:
    """Every label a protection list needs, in the user's language."""
    return {
        "status": {k.value: str(v) for k, v in PROTECTION_STATUS_LABELS.items()},
        "subject": {k: str(v) for k, v in SUBJECTS.items()},
        "requester": {k: str(v) for k, v in REQUESTERS.items()},
        "risk": {k: str(v) for k, v in RISK_LEVELS.items()},
        "measure": labels(MEASURE_VOCABULARY),
    }


def who(protection: Protection) -> str:
    """Who is protected, as a case page says it (a relative's name is shown only inside the case)."""
    if protection.subject == "child" and protection.child is not None:
        return child_label(protection.child)
    if protection.subject == "relative":
        return f"{protection.relative_name} ({protection.relative_relationship})"
    return str(SUBJECTS.get(protection.subject, protection.subject))


def event_detail(detail: str) -> str:
    """The timeline detail of a protection event: whom it is for, and its status; no names."""
    parts = dict(part.partition("=")[::2] for part in detail.split(";") if "=" in part)
    status = PROTECTION_STATUS_LABELS.get(parts.get("status"), "")
    subject = SUBJECTS.get(parts.get("subject"), "")
    return " · ".join(str(text) for text in (subject, status) if text)
