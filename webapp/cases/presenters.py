"""Between forms and services: choices for case forms, form data as plain values, labels for pages."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from webapp.cases import queries
from webapp.cases.access import receiving_communes
from webapp.cases.choices import (
    active_agencies,
    communes_of,
    countries,
    home_province,
    provinces,
)
from webapp.cases.models import (
    CLOSURE_REASONS,
    CONSENT_KINDS,
    LEGAL_REGIMES,
    REINTEGRATION_LABELS,
    SEX_LABELS,
    STATUS_LABELS,
    Case,
)
from webapp.cases.services import CASE_FIELDS, TAG_FIELDS
from webapp.catalogues.services import choices, kept, labels
from webapp.extensions import db
from webapp.places.models import AdminUnit
from webapp.places.services import home_commune_order, home_communes
from webapp.protection.presenters import event_detail as protection_event_detail
from webapp.referrals.presenters import event_detail as referral_event_detail

_SELECT_VOCABULARIES = {"arrival_route": "arrival_route", "border_gate": "border_gate", "ethnicity": "ethnicity",
                        "relationship_to_trafficker": "relationship"}


def _none():
    return [("", _("— not known —"))]


def fill_case_choices(form, user, province: str | None = None) -> None:
    """Give every select and checkbox list of a case form its options, in the user's language."""
    fields = form._fields
    for name, vocabulary in _SELECT_VOCABULARIES.items():
        if name in fields:
            # No route is chosen for the officer: a wrong default (the handover) asked for a border gate.
            first = [("", _("— choose —"))] if name == "arrival_route" else _none()
            fields[name].choices = first + choices(vocabulary)
    for name, vocabulary in TAG_FIELDS.items():
        if name in fields:
            fields[name].choices = choices(vocabulary)
    if "nationality" in fields:
        fields["nationality"].choices = countries()
        fields["exploitation_country"].choices = _none() + countries()
        fields["exploitation_province"].choices = _none() + provinces()
        fields["home_province"].choices = _none() + provinces()
        if province is None and not form.is_submitted() and not fields["home_province"].data:
            fields["home_province"].data = home_province()  # most people come home to this province
        chosen = province if province is not None else fields["home_province"].data
        fields["home_commune_code"].choices = _none() + communes_of(chosen)
    if "receiving_agency_id" in fields:
        fields["receiving_agency_id"].choices = _none() + [(str(i), n) for i, n in active_agencies()]
    if "commune_code" in fields:
        allowed = receiving_communes(user)
        fields["commune_code"].choices = _communes(allowed)
        if allowed is None:
            fields["commune_code"].choices = [("", _("— choose —"))] + fields["commune_code"].choices
    if "sort" in fields:  # the case list's filters
        kept_choices = kept("case_filters", _filter_choices)
        for name in ("status", "purpose", "sort"):
            fields[name].choices = list(kept_choices[name])
        fields["commune"].choices = [kept_choices["all_communes"]] + _communes(receiving_communes(user))


def _filter_choices() -> dict:
    """The case list's fixed choices, in the user's language: built once per language and catalogue version."""
    return {"status": [("", _("All statuses"))] + [(k.value, str(v)) for k, v in STATUS_LABELS.items()],
            "purpose": [("", _("All purposes"))] + choices("purpose"),
            "sort": [(k, str(label)) for k, (label, _order) in queries.SORTS.items()],
            "all_communes": ("", _("All communes"))}


def _communes(allowed: list[str] | None) -> list[tuple[str, str]]:
    """(code, name) of the province's communes the user may choose (None: all), in the province's order.

    An officer's own commune came with their session (webapp/auth/services.py find_session): no query then.
    """
    province = home_province()
    if allowed is None:
        units = home_communes(province)
    else:
        units = [u for u in (db.session.get(AdminUnit, code) for code in allowed) if u and u.parent_code == province]
        units.sort(key=home_commune_order)
    return [(u.code, u.full_name) for u in units]


def form_values(form) -> dict:
    """The form's data as plain values for the services (empty strings become None)."""
    values = {}
    for name, field in form._fields.items():
        data = field.data
        if name == "children":
            data = [{"sex": row.get("sex") or None, "age": row.get("age")} for row in data]
        elif isinstance(data, str):
            data = data.strip() or None
        values[name] = data
    if values.get("receiving_agency_id"):
        values["receiving_agency_id"] = int(values["receiving_agency_id"])
    return values


def person_form_data(case: Case) -> dict:
    """What the edit form starts with: the case and its person as they are now."""
    person = case.person
    data = {name: getattr(case, name) for name in CASE_FIELDS}
    data.update({name: getattr(person, name) for name in ("full_name", "other_names", "sex", "birth_date",
                                                            "ethnicity", "nationality", "id_number",
                                                            "home_commune_code", "current_address", "phone")})
    if not person.birth_date and person.birth_year and not person.birth_year_estimated:
        data["birth_year"] = person.birth_year
    if person.birth_year_estimated and person.birth_year:
        data["estimated_age"] = case.reception_date.year - person.birth_year
    data["home_province"] = person.home_commune.parent_code if person.home_commune else ""
    data["receiving_agency_id"] = str(case.receiving_agency_id) if case.receiving_agency_id else ""
    for field, vocabulary in TAG_FIELDS.items():
        data[field] = case.tag_codes(vocabulary)
    data["version"] = case.version
    return {k: ("" if v is None else v) for k, v in data.items()}


def case_labels() -> dict:
    """Every label a case page needs, in the user's language: built once per language and catalogue version."""
    return {kind: dict(names) for kind, names in kept("case_labels", _case_labels).items()}


def _case_labels() -> dict:
    return {
        "status": {k.value: str(v) for k, v in STATUS_LABELS.items()},
        "sex": {k: str(v) for k, v in SEX_LABELS.items()},
        "consent": {k: str(v) for k, v in CONSENT_KINDS.items()},
        "regime": {k: str(v) for k, v in LEGAL_REGIMES.items()},
        "countries": dict(countries()),
        "purpose": labels("purpose"), "arrival_route": labels("arrival_route"), "border_gate": labels("border_gate"),
        "ethnicity": labels("ethnicity"), "risk_flag": labels("risk_flag"), "recruitment": labels("recruitment"),
        "control": labels("control"), "relationship": labels("relationship"),
        "support_regime": labels("support_regime"),
    }


EVENT_KINDS = {
    "received": _l("Received"),
    "edited": _l("Edited"),
    "status_changed": _l("Status changed"),
    "consent_given": _l("Consent given"),
    "consent_withdrawn": _l("Consent withdrawn"),
    "linked": _l("Linked as the same person"),
    "exported": _l("Data exported for the person"),
    "anonymised": _l("Personal data erased"),
    "support_planned": _l("Support planned"),
    "support_given": _l("Support given"),
    "support_changed": _l("Support record changed"),
    "support_cancelled": _l("Planned support cancelled"),
    "referral_sent": _l("Referral sent"),
    "referral_accepted": _l("Referral accepted"),
    "referral_declined": _l("Referral declined"),
    "referral_completed": _l("Referral completed"),
    "followup_scheduled": _l("Follow-up visit scheduled"),
    "followup_done": _l("Follow-up visit done"),
    "reintegration_updated": _l("Reintegration status updated"),
    "closed": _l("Case closed"),
    "reopened": _l("Case reopened"),
    "protection_requested": _l("Protection requested"),
    "protection_updated": _l("Protection updated"),
}


def event_label(kind: str) -> str:
    return str(EVENT_KINDS.get(kind, kind))


def _field_labels() -> dict[str, str]:
    from webapp.cases.forms import ReceptionForm

    form = ReceptionForm(formdata=None, meta={"csrf": False})
    names = {name: str(field.label.text) for name, field in form._fields.items()}
    names["birth_year_estimated"] = names["estimated_age"]  # a column of the person, typed as an age
    return names


def event_detail(event) -> str:
    """The timeline detail in words: which fields changed, which status, which consent."""
    detail = event.detail or ""
    if event.kind == "edited":
        names = _field_labels()  # never a column's name: a field without a label is "other details"
        return ", ".join(dict.fromkeys(names.get(n) or _("other details") for n in detail.split(",") if n))
    if event.kind == "status_changed":
        statuses = {k.value: str(v) for k, v in STATUS_LABELS.items()}
        change = detail.split(";")[0]
        old, _sep, new = change.partition("->")
        return f"{statuses.get(old, old)} → {statuses.get(new, new)}"
    if event.kind in ("consent_given", "consent_withdrawn"):
        return str(CONSENT_KINDS.get(detail, detail))
    if event.kind == "linked" and detail.startswith("with="):
        return detail[5:]
    if event.kind.startswith("referral_"):
        return referral_event_detail(detail, event.user)
    if event.kind.startswith("support_"):
        regime = detail.split(":")[0]
        return labels("support_regime").get(regime, regime)
    if event.kind == "closed":
        reason = detail.removeprefix("reason=").split(";")[0]
        return str(CLOSURE_REASONS.get(reason, ""))
    if event.kind == "followup_scheduled" and detail.startswith("due="):
        from datetime import date

        from webapp.i18n import format_date

        return _("due %(date)s", date=format_date(date.fromisoformat(detail[4:])))
    if event.kind.startswith("protection_"):
        return protection_event_detail(detail)
    if event.kind == "followup_done" and detail.endswith(";risk"):
        return _("signs of risk of being trafficked again")
    if event.kind == "reintegration_updated":
        return str(REINTEGRATION_LABELS.get(detail.removeprefix("status=").split(";")[0], ""))
    return ""
