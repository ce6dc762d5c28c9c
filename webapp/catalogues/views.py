"""The administrator edits the configurable vocabularies."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from webapp.auth.access import permission_required
from webapp.auth.roles import Permission
from webapp.catalogues.forms import EntryForm, NewEntryForm
from webapp.catalogues.models import CatalogueEntry
from webapp.catalogues.services import VOCABULARIES, entries, save_entry
from webapp.errors import UserError
from webapp.extensions import db
from webapp.submissions.http import handle_create
from webapp.web import attach_error, is_post

bp = Blueprint("catalogues", __name__, url_prefix="/admin/catalogues")

_FIELDS = ("label_vi", "label_en", "sort_order", "active")


def _vocabulary_or_404(vocabulary: str) -> str:
    if vocabulary not in VOCABULARIES:
        abort(404)
    return vocabulary


@bp.route("")
@permission_required(Permission.MANAGE_CATALOGUES)
def index():
    return render_template("catalogues/index.html", vocabularies=VOCABULARIES)


@bp.route("/<vocabulary>", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_CATALOGUES)
def vocabulary_page(vocabulary: str):
    vocabulary = _vocabulary_or_404(vocabulary)
    form = NewEntryForm()

    def show(status=200):
        return render_template("catalogues/vocabulary.html", vocabulary=vocabulary, title=VOCABULARIES[vocabulary],
                               items=entries(vocabulary, include_inactive=True), form=form), status

    def create():
        entry = save_entry(None, vocabulary, code=form.code.data,
                           **{name: getattr(form, name).data for name in _FIELDS})
        return "catalogue_entry", entry.id, url_for("catalogues.vocabulary_page", vocabulary=vocabulary)

    if not is_post():
        return show()
    return handle_create("catalogue_entry", form, create, show, saved_message=_("Entry added."))


@bp.route("/<vocabulary>/<int:entry_id>", methods=["GET", "POST"])
@permission_required(Permission.MANAGE_CATALOGUES)
def entry_edit(vocabulary: str, entry_id: int):
    vocabulary = _vocabulary_or_404(vocabulary)
    entry = db.first_or_404(select(CatalogueEntry).where(CatalogueEntry.id == entry_id,
                                                         CatalogueEntry.vocabulary == vocabulary))
    form = EntryForm(obj=entry)
    status = 200
    if is_post():
        status = 422
        if form.validate():
            try:
                save_entry(entry, vocabulary, **{name: getattr(form, name).data for name in _FIELDS})
            except UserError as error:
                db.session.rollback()
                attach_error(form, error)
            else:
                db.session.commit()
                flash(_("Changes saved."), "success")
                return redirect(url_for("catalogues.vocabulary_page", vocabulary=vocabulary), 303)
    return render_template("catalogues/entry.html", vocabulary=vocabulary, title=VOCABULARIES[vocabulary],
                           entry=entry, form=form), status
