"""Who may see which case: the one rule every case query and route goes through."""
from __future__ import annotations

from functools import cache, lru_cache

from flask import abort
from sqlalchemy import false, or_, select, true
from sqlalchemy.orm import aliased

from webapp.auth.roles import Permission, Role, has_permission
from webapp.cases.models import Case
from webapp.extensions import db
from webapp.referrals.models import Referral, ReferralStatus

# A referral grants access to its case once the receiver accepted it, and keeps it after completion.
GRANTING_STATUSES = (ReferralStatus.ACCEPTED, ReferralStatus.COMPLETED)


def visible_cases(user):
    """A WHERE clause selecting the cases `user` may see.

    Province officers see every case; commune officers the cases their commune
    received, and those referred to their commune once they accepted; centre
    staff only the cases their centre accepted a referral for. A referral still
    waiting, or declined, grants nothing.
    """
    return _visible(user.role, user.commune_code, user.agency_id)


@lru_cache(maxsize=1024)
def _visible(role: str, commune_code: str | None, agency_id: int | None):
    """Built once per scope (a clause never changes once built): building it cost more than using it."""
    if not has_permission(role, Permission.READ_CASES):
        return false()
    if has_permission(role, Permission.READ_ALL_COMMUNES):
        return true()
    if role == Role.COMMUNE and commune_code:
        return or_(Case.commune_code == commune_code, _accepted_referral("to_commune_code", commune_code))
    if role == Role.SHELTER and agency_id:
        return _accepted_referral("to_agency_id", agency_id)
    return false()


def _accepted_referral(receiver_column: str, receiver):
    """The case has an accepted (or completed) referral whose `receiver_column` is `receiver`.

    Written as `id IN (uncorrelated subquery)` rather than a correlated EXISTS:
    the database computes the few granted cases once instead of probing the
    referrals for every case, which kept a commune's case list fast at 100,000
    cases. The referral is aliased so that the clause stays right inside
    queries that select referrals themselves.
    """
    granted = _granted()
    # A referral sent without the person's information grants no access to the case itself.
    return Case.id.in_(select(granted.case_id).where(granted.status.in_(GRANTING_STATUSES),
                                                     granted.shares_information.is_(True),
                                                     getattr(granted, receiver_column) == receiver))


@cache
def _granted():
    """One alias for every query, made once the models are configured: making one costs more than the clause."""
    return aliased(Referral)


def case_or_404(code: str, user) -> Case:
    """The case with this code if `user` may see it; 404 otherwise, so its existence is never revealed."""
    case = db.session.scalar(select(Case).where(Case.code == code, visible_cases(user)))
    if case is None:
        abort(404)
    return case


def receiving_communes(user) -> list[str] | None:
    """Communes the user may record a reception for; None means any commune of the province."""
    if has_permission(user.role, Permission.READ_ALL_COMMUNES):
        return None
    return [user.commune_code] if user.role == Role.COMMUNE and user.commune_code else []


def owns_case(user, case: Case) -> bool:
    """The receiving commune and the province answer for a case; a centre that accepted a referral helps with it
    but does not close or reopen it."""
    if has_permission(user.role, Permission.READ_ALL_COMMUNES):
        return True
    return user.role == Role.COMMUNE and user.commune_code == case.commune_code
