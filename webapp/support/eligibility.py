"""Which support regimes a person may receive: read from the eligibility table, never from code branches.

The province keeps the table on a page: each change needs a reason and is kept in its history.
"""
from __future__ import annotations

import json
import unicodedata

from flask_babel import gettext as _
from sqlalchemy import delete, func, select, update

from webapp.audit.services import Action, record
from webapp.cases.models import LEGAL_REGIMES, Case, CaseStatus
from webapp.catalogues.services import labels
from webapp.errors import StaleRecord, UserError
from webapp.extensions import db
from webapp.support.models import ELIGIBILITY_GROUPS, EligibilityChange, EligibilityRule

VIETNAMESE_OR_STATELESS = {"VN", "ZZ"}  # ZZ: unknown or stateless, resident in Viet Nam
REASON_MAX = 500


def group_for(case: Case, child=None) -> str | None:
    """The eligibility group of the case's person (or of an accompanying child); None for a non-victim.

    A person being verified falls under "abroad" while the case records them as still abroad.
    """
    if child is not None:
        return "accompanying_child"
    if case.status == CaseStatus.NOT_VICTIM:
        return None
    if case.status == CaseStatus.BEING_VERIFIED:
        return "verifying_abroad" if case.still_abroad else "verifying_in_vn"
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


# The province's page: the table per law, its changes and its confirmation.

def rule_table(law: str) -> dict[str, set[str]]:
    """Per group, the regimes the law grants (every group present, perhaps with none)."""
    table = {group: set() for group in ELIGIBILITY_GROUPS}
    for group, regime in db.session.execute(select(EligibilityRule.group_code, EligibilityRule.regime)
                                            .where(EligibilityRule.legal_regime == law)):
        table.setdefault(group, set()).add(regime)
    return table


def needs_confirmation(law: str) -> bool:
    """True while rows of the law's table, seeded from a first reading, wait for the province's confirmation."""
    return db.session.scalar(select(EligibilityRule.id).where(
        EligibilityRule.legal_regime == law, EligibilityRule.needs_confirmation.is_(True)).limit(1)) is not None


def pending_cells() -> set[tuple[str, str, str]]:
    """(law, group, regime) of every row still waiting for the province's confirmation."""
    rows = db.session.execute(select(EligibilityRule.legal_regime, EligibilityRule.group_code, EligibilityRule.regime)
                              .where(EligibilityRule.needs_confirmation.is_(True)))
    return {(law, group, regime) for law, group, regime in rows}


def table_version(law: str) -> int:
    """The number of changes and confirmations of the law's table: what a form checks before saving."""
    return db.session.scalar(select(func.count(EligibilityChange.id))
                             .where(EligibilityChange.legal_regime == law)) or 0


def _check(law: str, expected_version) -> None:
    if law not in LEGAL_REGIMES:
        raise UserError(_("Not a valid choice."))
    if str(table_version(law)) != str(expected_version):
        raise StaleRecord(_("Someone else changed this table after you opened it. Nothing was saved. Check the "
                            "table as it is now and make your change again."))


def _reason(text: str | None, required: bool = True) -> str:
    reason = unicodedata.normalize("NFC", text or "").strip()
    if required and not reason:
        raise UserError(_("Say why the table changes (for example the decree or the decision)."), "reason")
    if len(reason) > REASON_MAX:
        raise UserError(_("Enter at most %(max)d characters.", max=REASON_MAX), "reason")
    return reason


def parse_cells(values: list[str]) -> set[tuple[str, str]]:
    """The ticked boxes ("group:regime") as pairs; raises UserError for a box that is not in the table."""
    regimes = labels("support_regime")
    cells = set()
    for value in values:
        group, _sep, regime = value.partition(":")
        if group not in ELIGIBILITY_GROUPS or regime not in regimes:
            raise UserError(_("Not a valid choice."))
        cells.add((group, regime))
    return cells


def change_rules(law: str, cells: set[tuple[str, str]], reason: str | None, expected_version, user) -> list[str]:
    """Make the law's table grant exactly `cells` (group, regime); returns the groups changed. Does not commit.

    Raises StaleRecord when the table changed since `expected_version`, UserError
    without a reason or when nothing changes. The change is kept in the history
    with what each changed group granted before and after, and audited.
    """
    _check(law, expected_version)
    reason = _reason(reason)
    before = rule_table(law)
    after = {group: set() for group in before}
    for group, regime in cells:
        after[group].add(regime)
    changed = sorted(group for group in before if before[group] != after[group])
    if not changed:
        raise UserError(_("Nothing was changed in the table."))
    for group in changed:
        removed, added = before[group] - after[group], after[group] - before[group]
        if removed:
            db.session.execute(delete(EligibilityRule).where(
                EligibilityRule.legal_regime == law, EligibilityRule.group_code == group,
                EligibilityRule.regime.in_(removed)))
        # The province's own decision: what it adds needs no further confirmation.
        db.session.add_all(EligibilityRule(legal_regime=law, group_code=group, regime=regime,
                                           needs_confirmation=False) for regime in sorted(added))
    db.session.add(EligibilityChange(
        legal_regime=law, action="changed", reason=reason, user_id=user.id,
        before=json.dumps({g: sorted(before[g]) for g in changed}), after=json.dumps({g: sorted(after[g]) for g in changed})))
    db.session.flush()
    record(Action.UPDATE, "eligibility", law, user=user, detail="changed:" + ",".join(changed))
    return changed


def confirm_rules(law: str, expected_version, user) -> None:
    """The province confirms the law's table as it stands; kept in the history and audited. Does not commit.

    Raises StaleRecord when the table changed since `expected_version`, UserError when nothing waits.
    """
    _check(law, expected_version)
    if not needs_confirmation(law):
        raise UserError(_("This table is already confirmed."))
    table = {group: sorted(regimes) for group, regimes in rule_table(law).items()}
    db.session.execute(update(EligibilityRule).where(EligibilityRule.legal_regime == law)
                       .values(needs_confirmation=False))
    db.session.add(EligibilityChange(legal_regime=law, action="confirmed", reason="", user_id=user.id,
                                     before=json.dumps(table), after=json.dumps(table)))
    db.session.flush()
    record(Action.UPDATE, "eligibility", law, user=user, detail="confirmed")


def history(limit: int = 50) -> list[EligibilityChange]:
    """The latest changes and confirmations of every law's table, newest first."""
    return list(db.session.scalars(select(EligibilityChange).order_by(EligibilityChange.id.desc()).limit(limit)))


def change_lines(change: EligibilityChange) -> list[tuple[str, list[str], list[str]]]:
    """Per group a change touched: the group, the regimes removed and the regimes added."""
    before, after = json.loads(change.before or "{}"), json.loads(change.after or "{}")
    return [(group, sorted(set(before.get(group, [])) - set(after.get(group, []))),
             sorted(set(after.get(group, [])) - set(before.get(group, []))))
            for group in sorted(set(before) | set(after))]
