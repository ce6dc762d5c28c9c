"""Who reaches which report: a commune officer their commune's, centre staff their centre's, the province all."""
from __future__ import annotations

from flask import abort

from webapp.auth.roles import Permission, Role, has_permission
from webapp.reports import periods
from webapp.reports.services import Unit, unit_from_key


def may_see(user, unit: Unit) -> bool:
    if has_permission(user.role, Permission.REVIEW_REPORTS):
        return True
    if user.role == Role.COMMUNE:
        return unit.kind == "commune" and unit.code == user.commune_code
    if user.role == Role.SHELTER:
        return unit.kind == "centre" and unit.code == str(user.agency_id)
    return False


def unit_or_404(key: str, user) -> Unit:
    """The unit if `user` may see its reports; 404 otherwise, so another unit's report is never revealed."""
    unit = unit_from_key(key)
    if unit is None or not may_see(user, unit):
        abort(404)
    return unit


def may_write(user, unit: Unit) -> bool:
    """Only the unit's own officers write and submit its report (the province reviews, it does not write)."""
    return has_permission(user.role, Permission.WRITE_REPORTS) and may_see(user, unit)


def period_or_404(year: int, kind: str) -> periods.Period:
    if not periods.valid(year, kind):
        abort(404)
    return periods.get_period(year, kind)
