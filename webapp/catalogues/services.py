"""Reading and editing the configurable vocabularies."""
from __future__ import annotations

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from webapp.audit.services import Action, record
from webapp.catalogues.models import CatalogueEntry
from webapp.errors import UserError
from webapp.extensions import db

# The vocabularies the app uses, with what the administrator sees them called.
VOCABULARIES = {
    "purpose": _l("Purposes of trafficking"),
    "arrival_route": _l("How the person came"),
    "border_gate": _l("Border gates"),
    "ethnicity": _l("Ethnic groups"),
    "risk_flag": _l("Risk flags"),
    "recruitment": _l("Methods of recruitment"),
    "control": _l("Means of control"),
    "relationship": _l("Relationship to the trafficker"),
    "support_regime": _l("Support regimes (Art. 37)"),
    "tipoff_channel": _l("Tip-off channels"),
    "tipoff_class": _l("Tip-off classifications"),
    "outreach_venue": _l("Outreach venues"),
    "outreach_topic": _l("Outreach topics"),
    "outreach_group": _l("Outreach target groups"),
}


def entries(vocabulary: str, include_inactive: bool = False) -> list[CatalogueEntry]:
    stmt = select(CatalogueEntry).where(CatalogueEntry.vocabulary == vocabulary)
    if not include_inactive:
        stmt = stmt.where(CatalogueEntry.active.is_(True))
    return list(db.session.scalars(stmt.order_by(CatalogueEntry.sort_order, CatalogueEntry.code)))


def choices(vocabulary: str) -> list[tuple[str, str]]:
    """(code, label) pairs of the active entries, in the user's language."""
    locale = str(get_locale())
    return [(e.code, e.label(locale)) for e in entries(vocabulary)]


def labels(vocabulary: str) -> dict[str, str]:
    """Every code's label, retired entries included, so old records still read well."""
    locale = str(get_locale())
    return {e.code: e.label(locale) for e in entries(vocabulary, include_inactive=True)}


def save_entry(entry: CatalogueEntry | None, vocabulary: str, **values) -> CatalogueEntry:
    """Add an entry (entry=None) or change its labels, order and whether it is in use. Does not commit.

    Raises UserError for an unknown vocabulary or a code already in use. A code
    never changes once created: records keep pointing at it.
    """
    if vocabulary not in VOCABULARIES:
        raise UserError(_("Unknown list."))
    if entry is None:
        exists = db.session.scalar(select(CatalogueEntry.id).where(
            CatalogueEntry.vocabulary == vocabulary, CatalogueEntry.code == values["code"]))
        if exists:
            raise UserError(_("This code is already in the list."), "code")
        entry = CatalogueEntry(vocabulary=vocabulary)
        db.session.add(entry)
    else:
        values.pop("code", None)
    for key, value in values.items():
        setattr(entry, key, value)
    db.session.flush()
    record(Action.UPDATE if entry.id else Action.CREATE, "catalogue_entry", entry.id, detail=vocabulary)
    return entry
