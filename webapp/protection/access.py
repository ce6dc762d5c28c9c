"""A protection record is visible exactly when its case is."""
from __future__ import annotations

from flask import abort
from sqlalchemy import select

from webapp.cases.access import visible_cases
from webapp.cases.models import Case
from webapp.extensions import db
from webapp.protection.models import Protection


def protection_or_404(protection_id: int, user) -> Protection:
    """The record with this id if `user` may see its case; 404 otherwise, so its existence is never revealed."""
    protection = db.session.scalar(select(Protection).join(Case, Protection.case_id == Case.id)
                                   .where(Protection.id == protection_id, visible_cases(user)))
    if protection is None:
        abort(404)
    return protection
