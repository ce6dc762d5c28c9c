"""Between forms and services: choices for the referral form, form data as plain values, labels for pages."""
from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _

from webapp.cases.choices import active_agencies
from webapp.cases.models import Case
from webapp.catalogues.services import choices, labels
from webapp.extensions import db
from webapp.places.models import AdminUnit, Agency
from webapp.places.services import home_communes
from webapp.referrals.models import REFERRAL_STATUS_LABELS, Referral
from webapp.referrals.queries import BOXES


def fill_send_choices(form, case: Case) -> None:
    """Give the referral form its receivers (active agencies, the province's other communes) and services."""
    form.to_agency_id.choices = [("", _("— choose —"))] + [(str(i), name) for i, name in active_agencies()]
    communes = home_communes(current_app.config["HOME_PROVINCE_CODE"])
    form.to_commune_code.choices = [("", _("— none —"))] + [(u.code, u.full_name) for u in communes
                                                              if u.code != case.commune_code]
    form.service.choices = [("", _("— not a specific support —"))] + choices("support_regime")


def fill_filter_choices(form, boxes: list[str]) -> None:
    form.box.choices = [(box, str(BOXES[box])) for box in boxes]
    form.status.choices = [("", _("All statuses"))] + [(k.value, str(v)) for k, v in REFERRAL_STATUS_LABELS.items()]


def form_values(form) -> dict:
    """The referral form's data as plain values for the services (empty strings become None)."""
    values = {name: (field.data.strip() or None) if isinstance(field.data, str) else field.data
              for name, field in form._fields.items()}
    if values.get("to_agency_id"):
        values["to_agency_id"] = int(values["to_agency_id"])
    return values


def referral_labels() -> dict:
    """Every label a referral page needs, in the user's language."""
    return {
        "status": {k.value: str(v) for k, v in REFERRAL_STATUS_LABELS.items()},
        "support_regime": labels("support_regime"),
    }


def receiver_name(referral: Referral) -> str:
    return referral.to_agency.name if referral.to_agency else referral.to_commune.full_name


def event_detail(detail: str, user=None) -> str:
    """A referral's timeline detail in words: who receives it, whether consent was overridden, and whether
    the answer was recorded on the receiver's behalf (by `user`, who made the entry)."""
    parts = dict(part.partition("=")[::2] for part in detail.split(";"))
    name = ""
    if parts.get("agency"):
        agency = db.session.get(Agency, int(parts["agency"]))
        name = agency.name if agency else ""
    elif parts.get("commune"):
        unit = db.session.get(AdminUnit, parts["commune"])
        name = unit.full_name if unit else ""
    if "on_behalf" in parts:
        return _("recorded on behalf of %(receiver)s by %(user)s", receiver=name,
                 user=user.full_name if user else _("system"))
    if "consent_override" in parts:
        return _("%(receiver)s — sent without the person's consent (province override)", receiver=name)
    return name
