"""A follow-up visit is visible exactly when its case is."""
from __future__ import annotations

from flask import abort
from sqlalchemy import select

from webapp.cases.access import visible_cases
from webapp.cases.models import Case
from webapp.extensions import db
from webapp.followups.models import FollowUp


def followup_or_404(followup_id: int, user) -> FollowUp:
    """The visit with this id if `user` may see its case; 404 otherwise, so its existence is never revealed."""
    followup = db.session.scalar(select(FollowUp).join(Case, FollowUp.case_id == Case.id)
                                 .where(FollowUp.id == followup_id, visible_cases(user)))
    if followup is None:
        abort(404)
    return followup
