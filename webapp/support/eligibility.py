"""Which support regimes a person may receive: read from the eligibility table, never from code branches."""
from __future__ import annotations

from sqlalchemy import select

from webapp.cases.models import Case, CaseStatus
from webapp.extensions import db
from webapp.support.models import EligibilityRule

VIETNAMESE_OR_STATELESS = {"VN", "ZZ"}  # ZZ: unknown or stateless, resident in Viet Nam


def group_for(case: Case, child=None, abroad: bool = False) -> str | None:
    """The eligibility group of the case's person (or of an accompanying child); None for a non-victim."""
    if child is not None:
        return "accompanying_child"
    if case.status == CaseStatus.NOT_VICTIM:
        return None
    if case.status == CaseStatus.BEING_VERIFIED:
        return "verifying_abroad" if abroad else "verifying_in_vn"
    if case.person.nationality not in VIETNAMESE_OR_STATELESS:
        return "foreigner"
    return "identified_vn"


def eligible_regimes(case: Case, child=None) -> set[str]:
    group = group_for(case, child)
    if group is None:
        return set()
    return set(db.session.scalars(select(EligibilityRule.regime).where(
        EligibilityRule.legal_regime == case.legal_regime, EligibilityRule.group_code == group)))


def is_eligible(case: Case, regime: str, child=None) -> bool:
    return regime in eligible_regimes(case, child)
