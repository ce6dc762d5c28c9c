"""Reading and editing the configurable vocabularies.

Pages read the vocabularies on every request, so each worker process keeps them in memory, per
language, under the catalogue's version stamp (`content_version`): any flush that adds, changes or
deletes an entry raises the stamp in the same transaction, and each request compares the stamp once.
"""
from __future__ import annotations

from flask import current_app, g, has_request_context
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import event, insert, select, update
from sqlalchemy.orm import Session

from webapp.audit.services import Action, record
from webapp.catalogues.models import CatalogueEntry, ContentVersion
from webapp.errors import UserError
from webapp.extensions import db

STAMP = "catalogue"
CHANGED = "sen_catalogue_changed"  # in Session.info while the transaction holds unsaved catalogue changes

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
    "protection_measure": _l("Protection measures"),
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
    return list(_per_locale("choices", vocabulary))


def labels(vocabulary: str) -> dict[str, str]:
    """Every code's label, retired entries included, so old records still read well."""
    return dict(_per_locale("labels", vocabulary))


def _per_locale(what: str, vocabulary: str):
    locale = str(get_locale())
    version, rows = _snapshot()
    if version is None:  # this transaction changed the catalogue: build from what it sees, keep nothing
        return _build(what, rows.get(vocabulary, ()), locale)
    cache = _cache()
    key = (version, what, vocabulary, locale)
    if key not in cache:
        cache[key] = _build(what, rows.get(vocabulary, ()), locale)
    return cache[key]


def kept(name: str, build):
    """What `build()` makes from the catalogues in the user's language (labels for a page), kept like them.

    Built again when the catalogue changes; built and not kept in a transaction that changed it.
    """
    locale = str(get_locale())
    version, _rows = _snapshot()
    if version is None:
        return build()
    cache = _cache()
    key = (version, "kept", name, locale)
    if key not in cache:
        cache[key] = build()
    return cache[key]


def _build(what: str, rows, locale: str):
    label = 3 if locale == "en" else 2
    if what == "choices":
        return tuple((row[0], row[label]) for row in rows if row[1])
    return {row[0]: row[label] for row in rows}


def _cache() -> dict:
    return current_app.extensions.setdefault("sen_catalogue_cache", {})


def _snapshot() -> tuple[int | None, dict[str, tuple]]:
    """(version, rows by vocabulary): (code, active, label_vi, label_en) in list order.

    Read from memory while the stamp is unchanged. The rows and their stamp come from one
    statement, so they always match; a transaction that changed the catalogue gets version None
    and its own uncommitted rows, which are never kept.
    """
    dirty = db.session.info.get(CHANGED, False)
    cache = _cache()
    held = cache.get("snapshot")
    if held is not None and not dirty and held[0] >= _current_version():
        return held
    stamp = select(ContentVersion.version).where(ContentVersion.name == STAMP).scalar_subquery()
    found = db.session.execute(
        select(CatalogueEntry.vocabulary, CatalogueEntry.code, CatalogueEntry.active, CatalogueEntry.label_vi,
               CatalogueEntry.label_en, stamp)
        .order_by(CatalogueEntry.vocabulary, CatalogueEntry.sort_order, CatalogueEntry.code)).all()
    rows: dict[str, list] = {}
    for vocabulary, *row, _version in found:
        rows.setdefault(vocabulary, []).append(tuple(row))
    version = (found[0][-1] or 0) if found else _current_version()
    snapshot = (None if dirty else version, {k: tuple(v) for k, v in rows.items()})
    if not dirty:
        cache.clear()  # labels of older versions go with their snapshot
        cache["snapshot"] = snapshot
    return snapshot


def _current_version() -> int:
    """The stamp in the database, read at most once per request (with the session, for a signed-in user)."""
    if has_request_context() and "sen_catalogue_version" in g:
        return g.sen_catalogue_version
    version = db.session.scalar(select(version_column()))
    note_version(version)
    return version or 0


def version_column():
    """The catalogue's version stamp, as a column another statement can carry (webapp/auth/services.py)."""
    return select(ContentVersion.version).where(ContentVersion.name == STAMP).scalar_subquery()


def note_version(version: int | None) -> None:
    """The stamp read in this request, by whichever statement carried it."""
    if has_request_context():
        g.sen_catalogue_version = version or 0


@event.listens_for(Session, "after_flush")
def _raise_stamp(session, _flush_context) -> None:
    """Any flushed change to an entry raises the catalogue's stamp in the same transaction."""
    changed = [obj for obj in (*session.new, *session.dirty, *session.deleted) if isinstance(obj, CatalogueEntry)]
    if not changed:
        return
    connection = session.connection()
    raised = connection.execute(update(ContentVersion).where(ContentVersion.name == STAMP)
                                .values(version=ContentVersion.version + 1))
    if raised.rowcount == 0:
        connection.execute(insert(ContentVersion).values(name=STAMP, version=1))
    session.info[CHANGED] = True
    if has_request_context():
        g.pop("sen_catalogue_version", None)


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _transaction_ended(session) -> None:
    session.info.pop(CHANGED, None)


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
