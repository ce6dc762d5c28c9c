"""Who may see, answer and complete which referral: the rules every referral query and route goes through."""
from __future__ import annotations

from flask import abort
from sqlalchemy import false, or_, select, true

from webapp.auth.models import User
from webapp.auth.roles import Permission, Role, has_permission
from webapp.cases.access import visible_cases
from webapp.cases.models import Case
from webapp.extensions import db
from webapp.referrals.models import Referral


def addressed_to(user):
    """A WHERE clause selecting the referrals sent to the user's centre or commune: the ones they answer."""
    if not has_permission(user.role, Permission.READ_CASES):
        return false()
    if user.role == Role.SHELTER and user.agency_id:
        return Referral.to_agency_id == user.agency_id
    if user.role == Role.COMMUNE and user.commune_code:
        return Referral.to_commune_code == user.commune_code
    return false()


def sent_from(user):
    """A WHERE clause selecting the referrals the user's side sent.

    A commune sends the referrals of the cases it received and those its
    officers sent; a centre those its staff sent; the province those its
    officers sent.
    """
    if not has_permission(user.role, Permission.READ_CASES):
        return false()
    if user.role == Role.COMMUNE and user.commune_code:
        return or_(Referral.case.has(Case.commune_code == user.commune_code),
                   Referral.sent_by.has((User.role == Role.COMMUNE) & (User.commune_code == user.commune_code)))
    if user.role == Role.SHELTER and user.agency_id:
        return Referral.sent_by.has((User.role == Role.SHELTER) & (User.agency_id == user.agency_id))
    if user.role == Role.PROVINCE:
        return Referral.sent_by.has(User.role == Role.PROVINCE)
    return false()


def visible_referrals(user):
    """A WHERE clause selecting the referrals `user` may see: to them, from their side, or of a case they see."""
    if not has_permission(user.role, Permission.READ_CASES):
        return false()
    if has_permission(user.role, Permission.READ_ALL_COMMUNES):
        return true()
    return or_(addressed_to(user), sent_from(user), Referral.case_id.in_(select(Case.id).where(visible_cases(user))))


def _one(referral_id: int, clause) -> Referral:
    referral = db.session.scalar(select(Referral).where(Referral.id == referral_id, clause))
    if referral is None:
        abort(404)
    return referral


def referral_or_404(referral_id: int, user) -> Referral:
    """The referral if `user` may see it; 404 otherwise, so its existence is never revealed."""
    return _one(referral_id, visible_referrals(user))


def addressed_or_404(referral_id: int, user) -> Referral:
    """The referral if it was sent to the user's centre or commune (only they answer it); 404 otherwise."""
    return _one(referral_id, addressed_to(user))


def completable_or_404(referral_id: int, user) -> Referral:
    """The referral if the user is on its receiving or its sending side; 404 otherwise."""
    return _one(referral_id, or_(addressed_to(user), sent_from(user)))


def on_behalf_side(user):
    """A WHERE clause selecting the referrals whose receiver's answer the user may record on its behalf.

    The sending side, and the province for any referral (it coordinates the
    agencies that have no Sen accounts); whether the receiver indeed has no
    accounts is a rule of the service.
    """
    if has_permission(user.role, Permission.READ_ALL_COMMUNES):
        return true()
    return sent_from(user)


def on_behalf_or_404(referral_id: int, user) -> Referral:
    """The referral if the user is on its sending side (or the province); 404 otherwise."""
    return _one(referral_id, on_behalf_side(user))


def may_record_on_behalf(referral: Referral, user) -> bool:
    return has_permission(user.role, Permission.WRITE_CASES) and _matches(referral, on_behalf_side(user))


def may_answer(referral: Referral, user) -> bool:
    return _matches(referral, addressed_to(user))


def may_complete(referral: Referral, user) -> bool:
    return _matches(referral, or_(addressed_to(user), sent_from(user)))


def _matches(referral: Referral, clause) -> bool:
    return db.session.scalar(select(Referral.id).where(Referral.id == referral.id, clause)) is not None
