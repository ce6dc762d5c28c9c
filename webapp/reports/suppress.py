"""Small counts hidden in a report shared outside the office, so that no person can be singled out.

Applied to a copy of a report (the shape of `compute`) when an export is made "for sharing"; the report shown
on screen and the internal exports keep every figure.

The rules, in order, repeated until nothing changes:

1. Small counts. A count from 1 to below the threshold (`REPORT_SUPPRESS_BELOW`, default 5) is hidden and
   shown "<5". Zero is shown: it singles out nobody.
2. Amounts follow counts. In a row where a count is hidden, every amount (VND) is hidden too: an amount
   divided by a regime's rate would give the count back.
3. Complementary cells. Where cells add up to a total that is shown, a hidden cell must not be the only hidden
   part of the sum, or the total minus the others gives it back. A sum with exactly one hidden part gets a
   second: the smallest other part that is not zero (zeros protect nothing); when every other part is zero,
   the total itself is hidden. These cells are shown "x".

The sums ("lines") considered, each with its total:
- each column of a table with a total row (people are counted once in a total row, so a column of people is not
  an exact sum; it is treated as one all the same, which can only hide more);
- each row of the referrals table: "Referred" is the sum of the four outcomes;
- the training table: "People trained" is women + men + sex not recorded, in each column;
- children and adults: "children" is the sum of the age groups under 18, "adults" of those from 18
  (when the configured age groups split at 18), "age unknown" the same in both tables.

Not done: a full linear-programming audit. With two or more hidden parts in every sum no hidden cell is the
difference of shown figures, which is what the province's data-sharing rule asks; intervals remain.
"""
from __future__ import annotations

import copy

SMALL = "<{below}"
COMPLEMENT = "x"

# A column that is the sum of the other count columns of each row, per table key.
ROW_TOTAL_COLUMNS = {"referrals": "all"}
# A row that is the sum of other rows of the same table, in every column: table key -> (total row, parts).
ROW_SUMS = {"training": ("trained", ("female", "male", "unknown"))}


def _age_key_range(key: str) -> tuple[int, int | None] | None:
    first, dash, last = key.partition("-")
    if not dash or not first.isdigit() or (last and not last.isdigit()):
        return None
    return int(first), int(last) if last else None


def _lines(tables: list[dict]) -> list[tuple[list[tuple], tuple]]:
    """Every sum as (parts, total), each cell named (table index, row index, column index)."""
    lines = []
    index = {t["key"]: i for i, t in enumerate(tables)}

    def row_index(ti, key):
        return next((ri for ri, r in enumerate(tables[ti]["rows"]) if r["key"] == key), None)

    for ti, table in enumerate(tables):
        columns = range(len(table["columns"]))
        totals = [ri for ri, r in enumerate(table["rows"]) if r.get("total")]
        if totals:
            parts_rows = [ri for ri, r in enumerate(table["rows"]) if not r.get("total")]
            for ci in columns:
                lines.append(([(ti, ri, ci) for ri in parts_rows], (ti, totals[0], ci)))
        total_key = ROW_TOTAL_COLUMNS.get(table["key"])
        keys = [c["key"] for c in table["columns"]]
        if total_key in keys:
            tc = keys.index(total_key)
            for ri in range(len(table["rows"])):
                lines.append(([(ti, ri, ci) for ci in columns if ci != tc], (ti, ri, tc)))
        if table["key"] in ROW_SUMS:
            total_row, part_keys = ROW_SUMS[table["key"]]
            tr = row_index(ti, total_row)
            parts = [ri for ri in (row_index(ti, k) for k in part_keys) if ri is not None]
            if tr is not None:
                for ci in columns:
                    lines.append(([(ti, ri, ci) for ri in parts], (ti, tr, ci)))
    if "by_age" in index and "child_adult" in index:
        ages, split = index["by_age"], index["child_adult"]
        groups = {"child": [], "adult": []}
        straddles = False
        for ri, row in enumerate(tables[ages]["rows"]):
            found = _age_key_range(row["key"])
            if found is None:
                continue
            first, last = found
            if last is not None and last < 18:
                groups["child"].append(ri)
            elif first >= 18:
                groups["adult"].append(ri)
            else:
                straddles = True
        groups["unknown"] = [ri for ri in [row_index(ages, "unknown")] if ri is not None]
        if not straddles and len(tables[ages]["columns"]) == len(tables[split]["columns"]):
            for key, rows in groups.items():
                target = row_index(split, key)
                if target is None or not rows:
                    continue
                for ci in range(len(tables[split]["columns"])):
                    lines.append(([(ages, ri, ci) for ri in rows], (split, target, ci)))
    return lines


def hidden_cells(tables: list[dict], below: int) -> dict[tuple, str]:
    """The cells to hide: (table index, row index, column index) -> "small" or "complement"."""
    value = {}
    vnd = set()
    for ti, table in enumerate(tables):
        for ri, row in enumerate(table["rows"]):
            for ci, cell in enumerate(row["cells"]):
                value[(ti, ri, ci)] = cell
                if table["columns"][ci].get("format") == "vnd":
                    vnd.add((ti, ri, ci))
    hidden = {cell: "small" for cell, v in value.items() if cell not in vnd and 0 < v < below}
    lines = _lines(tables)
    changed = True
    while changed:
        changed = False
        # Amounts follow the counts of their row.
        for ti, table in enumerate(tables):
            for ri, row in enumerate(table["rows"]):
                if any((ti, ri, ci) in hidden for ci in range(len(row["cells"])) if (ti, ri, ci) not in vnd):
                    for ci in range(len(row["cells"])):
                        cell = (ti, ri, ci)
                        if cell in vnd and cell not in hidden and value[cell]:
                            hidden[cell] = "complement"
                            changed = True
        for parts, total in lines:
            if total in hidden:
                continue
            if sum(1 for p in parts if p in hidden) != 1:
                continue
            candidates = [p for p in parts if p not in hidden and value[p] > 0]
            if candidates:
                chosen = min(candidates, key=lambda p: (value[p], parts.index(p)))
            else:
                chosen = total
            hidden[chosen] = "complement"
            changed = True
    return hidden


def suppress(report: dict, below: int = 5) -> dict:
    """A copy of `report` with hidden cells as text ("<5" or "x") and `suppressed` saying the threshold."""
    out = copy.deepcopy(report)
    small = SMALL.format(below=below)
    for (ti, ri, ci), why in hidden_cells(out["tables"], below).items():
        out["tables"][ti]["rows"][ri]["cells"][ci] = small if why == "small" else COMPLEMENT
    out["suppressed"] = {"below": below}
    return out
