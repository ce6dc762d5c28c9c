"""Each unit's yearly budget estimate (dự toán) for victim support, per regime, against the VND recorded as
delivered.

Delivered: support events delivered in the year (01/01 to 31/12, or up to `until`) with an amount — for a
commune, support to the cases it received; for a centre, support the centre gave. Money spent is money spent,
so every delivered event counts, with or without the person's consent to be counted in statistics (the report's
statistics tables leave those out). Support in kind has no amount and adds nothing.
"""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from webapp.cases.models import Case
from webapp.catalogues.services import choices
from webapp.errors import UserError
from webapp.extensions import db
from webapp.reports.plan_models import BudgetEstimate
from webapp.reports.services import Unit
from webapp.support.models import SupportEvent, SupportStatus
from webapp.support.services import parse_amount


def regimes() -> list[tuple[str, str]]:
    return choices("support_regime")


def estimates(unit: Unit, year: int) -> dict[str, int]:
    rows = db.session.execute(select(BudgetEstimate.regime, BudgetEstimate.amount_vnd).where(
        BudgetEstimate.year == year, BudgetEstimate.unit_kind == unit.kind, BudgetEstimate.unit_code == unit.code))
    return {regime: amount for regime, amount in rows}


def delivered(unit: Unit, year: int, until: date | None = None) -> dict[str, int]:
    start, end = date(year, 1, 1), min(date(year, 12, 31), until or date(year, 12, 31))
    stmt = (select(SupportEvent.regime, func.coalesce(func.sum(SupportEvent.amount_vnd), 0))
            .where(SupportEvent.status == SupportStatus.DELIVERED, SupportEvent.given_on.between(start, end))
            .group_by(SupportEvent.regime))
    if unit.kind == "commune":
        stmt = stmt.join(Case, Case.id == SupportEvent.case_id).where(Case.commune_code == unit.code)
    else:
        stmt = stmt.where(SupportEvent.agency_id == int(unit.code))
    return {regime: int(amount) for regime, amount in db.session.execute(stmt)}


def comparison(unit: Unit, year: int, until: date | None = None) -> dict:
    """Rows per regime {"code", "label", "estimate", "delivered", "percent"} and a total row."""
    planned, spent = estimates(unit, year), delivered(unit, year, until)
    known = regimes()
    codes = {code for code, _label in known}
    rows = []
    for code, label in known + [(c, c) for c in sorted(set(planned) | set(spent)) if c not in codes]:
        est, got = planned.get(code, 0), spent.get(code, 0)
        rows.append({"code": code, "label": label, "estimate": est, "delivered": got,
                     "percent": got * 100 // est if est else None})
    total_est, total_got = sum(r["estimate"] for r in rows), sum(r["delivered"] for r in rows)
    return {"rows": rows, "estimate": total_est, "delivered": total_got,
            "percent": total_got * 100 // total_est if total_est else None, "entered": bool(planned)}


def save_estimates(unit: Unit, year: int, typed: dict[str, str], user) -> None:
    """Replace the unit's estimates for the year; an empty amount removes that regime's. Flushes, never commits.

    Every amount is read first, so one wrong amount saves none. Raises UserError naming the field.
    """
    amounts = {}
    for code, _label in regimes():
        try:
            amounts[code] = parse_amount(typed.get(code))
        except UserError as error:
            raise UserError(error.message, f"regime_{code}") from None
    existing = {row.regime: row for row in db.session.scalars(select(BudgetEstimate).where(
        BudgetEstimate.year == year, BudgetEstimate.unit_kind == unit.kind, BudgetEstimate.unit_code == unit.code))}
    for code, amount in amounts.items():
        row = existing.get(code)
        if amount is None:
            if row is not None:
                db.session.delete(row)
            continue
        if row is None:
            row = BudgetEstimate(year=year, unit_kind=unit.kind, unit_code=unit.code, regime=code)
        row.amount_vnd, row.entered_by_id = amount, user.id
        db.session.add(row)
    db.session.flush()


NOTE = _l("Delivered: support recorded as given in the year with an amount, whatever the person's consent to "
          "statistics. Support in kind adds nothing.")
