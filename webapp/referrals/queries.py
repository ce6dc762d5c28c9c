"""The referral inbox: waiting ones first, filtered by status, and the counters of what awaits an answer."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, select
from sqlalchemy.orm import selectinload

from webapp.cases.models import Case
from webapp.extensions import db
from webapp.referrals.models import REFERRAL_STATUS_LABELS, Referral, ReferralStatus

# Waiting for an answer first, then accepted (the service is under way), then the finished; newest first within.
WAITING_FIRST = (
    case((Referral.status == ReferralStatus.SENT, 0), (Referral.status == ReferralStatus.ACCEPTED, 1), else_=2),
    Referral.created_at.desc(),
    Referral.id.desc(),
)

STATUS_FILTERS = {status.value: label for status, label in REFERRAL_STATUS_LABELS.items()}

BOXES = {
    "received": _l("Sent to us"),
    "sent": _l("Sent by us"),
    "all": _l("All referrals"),
}


def referral_list(clause, *, status: str | None = None):
    """Referrals matching `clause` (a box of the inbox) and the status chosen, the ones awaiting an answer first."""
    stmt = select(Referral).where(clause).options(
        selectinload(Referral.case).selectinload(Case.commune), selectinload(Referral.case).selectinload(Case.person),
        selectinload(Referral.to_agency), selectinload(Referral.to_commune))
    if status in STATUS_FILTERS:
        stmt = stmt.where(Referral.status == status)
    return stmt.order_by(*WAITING_FIRST)


def counters(clause) -> dict[str, int]:
    """How many referrals match `clause`, how many still wait for an answer, how many are accepted but not done."""
    total, waiting, accepted = db.session.execute(select(
        func.count(Referral.id),
        func.count(case((Referral.status == ReferralStatus.SENT, 1))),
        func.count(case((Referral.status == ReferralStatus.ACCEPTED, 1))),
    ).where(clause)).one()
    return {"total": total, "waiting": waiting, "accepted": accepted}


def case_referrals(case_id: int) -> list[Referral]:
    """Every referral of a case, newest first, for the case page."""
    stmt = select(Referral).where(Referral.case_id == case_id).options(
        selectinload(Referral.to_agency), selectinload(Referral.to_commune), selectinload(Referral.sent_by),
        selectinload(Referral.answered_by), selectinload(Referral.outside_answers)).order_by(Referral.created_at.desc(), Referral.id.desc())
    return list(db.session.scalars(stmt))
