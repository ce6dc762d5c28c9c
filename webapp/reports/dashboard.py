"""The dashboard's figures for a year: people received per quarter and by purpose, sex and age group, support
by regime, outreach reach, the plan's targets and (for the province) the communes ranked.

Counting follows the periodic report (`compute`): only cases whose person consents to be counted in
statistics; a person counts once in each row one of their cases falls in. The year runs from 1 January to
31 December, cut at today. A commune officer sees their commune's figures, the province the whole province's.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import true

from webapp.cases.models import Case
from webapp.outreach.models import OutreachSession
from webapp.outreach.queries import outreach_by, outreach_totals
from webapp.reports import compute, targets

QUARTERS = ((1, 3), (4, 6), (7, 9), (10, 12))


def _rows(table: dict, column: int = 0) -> list[dict]:
    """A computed table as chart rows {"key", "label", "value"}, without its total row."""
    return [{"key": r["key"], "label": r["label"], "value": r["cells"][column]}
            for r in table["rows"] if not r["total"]]


def figures(year: int, commune: str | None, today: date) -> dict:
    start, end = date(year, 1, 1), min(date(year, 12, 31), today)
    where = true() if commune is None else (Case.commune_code == commune)
    everything = compute._cases(where & Case.reception_date.between(start, end)) if end >= start else []
    received = compute._counted(everything)
    per_quarter = []
    for number, (first, last) in enumerate(QUARTERS, 1):
        people = {c.person_id for c in received if first <= c.reception_date.month <= last}
        per_quarter.append({"key": f"q{number}", "label": f"Q{number}/{year}", "value": len(people)})
    tables = {t["key"]: t for t in compute.finalise({"tables": compute.reception_tables(
        received, 0, (start, end))})["tables"]}
    counted = compute._counted(compute._cases(where & (Case.reception_date <= end)))
    support = compute._support_events([c.id for c in counted], (start, end)) if end >= start else []
    support_table = compute.finalise({"tables": [compute.support_table(
        support, {c.id: c.person_id for c in counted})]})["tables"][0]
    sessions = true() if commune is None else (OutreachSession.commune_code == commune)
    return {
        "start": start, "end": end,
        "people": len({c.person_id for c in received}),
        "per_quarter": per_quarter,
        "by_purpose": [r for r in _rows(tables["by_purpose"]) if r["value"]],
        "by_sex": _rows(tables["by_sex"]),
        "by_age": _rows(tables["by_age"]),
        "support_amount": _rows(support_table, 2),
        "support_people": _rows(support_table, 0),
        "outreach": outreach_totals(start, end, where=sessions),
        "outreach_months": outreach_by("month", start, end, where=sessions),
        "indicators": targets.indicators(commune, today),
        "ranking": targets.ranking(today) if commune is None else None,
    }
