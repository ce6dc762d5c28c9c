"""Small counts hidden for sharing, and the complementary cells that stop a hidden count being worked out from a
total. Every expected table is worked out by hand (see the comments)."""
import pytest

from tests.reports.seed import WINDOW, A, seed
from webapp.reports import compute
from webapp.reports.suppress import suppress


def _table(key, columns, rows, vnd=()):
    return {"key": key, "title": {"vi": key, "en": key}, "note": None, "additive": True,
            "columns": [{"key": c, "label": {"vi": c, "en": c}, "format": "vnd" if c in vnd else "int"}
                        for c in columns],
            "rows": [{"key": k, "label": {"vi": k, "en": k}, "cells": cells, "total": k == "total"}
                     for k, cells in rows]}


def _cells(report, key=None):
    table = report["tables"][0] if key is None else next(t for t in report["tables"] if t["key"] == key)
    return {r["key"]: r["cells"] for r in table["rows"]}


def test_a_row_with_a_total_hides_a_second_cell_and_so_does_each_column():
    # Referrals: "all" is the sum of the outcomes in each row; the total row is the sum of each column.
    report = {"tables": [_table("referrals", ["all", "sent", "accepted", "declined"], [
        ("x", [25, 3, 10, 12]),
        ("y", [40, 8, 14, 18]),
        ("total", [65, 11, 24, 30])])]}
    # 3 is under 5: hidden. Row x would give it back (25 - 10 - 12): the smallest other part, 10, is hidden too.
    # Column "sent" would give it back (11 - 8): 8 is hidden. Column "accepted" now has one hidden part (10):
    # 14 is hidden. Row y then has two hidden parts (8, 14): nothing more. Each hidden cell now has a partner
    # in its row and in its column: x.sent = t, x.accepted = 13 - t, y.sent = 11 - t, y.accepted = 11 + t.
    assert _cells(suppress(report)) == {
        "x": [25, "<5", "x", 12],
        "y": [40, "x", "x", 18],
        "total": [65, 11, 24, 30]}


def test_amounts_of_a_row_with_a_hidden_count_are_hidden_and_their_column_protected():
    report = {"tables": [_table("support", ["people", "events", "amount"], [
        ("a", [2, 3, 1_000_000]),
        ("b", [10, 12, 6_000_000]),
        ("c", [20, 25, 9_000_000]),
        ("total", [32, 40, 16_000_000])], vnd=("amount",))]}
    # a: 2 and 3 under 5; its amount follows (1,000,000 at a known rate gives the count back).
    # people: 32 - 10 - 20 = 2 -> the smallest other, b's 10, hidden; events: b's 12 hidden likewise.
    # b now has hidden counts: its amount is hidden, which also gives the amount column two hidden parts.
    assert _cells(suppress(report)) == {
        "a": ["<5", "<5", "x"],
        "b": ["x", "x", "x"],
        "c": [20, 25, 9_000_000],
        "total": [32, 40, 16_000_000]}


def test_when_every_other_part_is_zero_the_total_is_hidden():
    # b's support was in kind (no amount): a's amount would equal the total amount, so the total is hidden.
    report = {"tables": [_table("support", ["people", "events", "amount"], [
        ("a", [2, 2, 1_000_000]),
        ("b", [10, 10, 0]),
        ("total", [12, 12, 1_000_000])], vnd=("amount",))]}
    assert _cells(suppress(report)) == {
        "a": ["<5", "<5", "x"],
        "b": ["x", "x", 0],
        "total": [12, 12, "x"]}


def test_zero_is_shown_and_the_threshold_is_configurable():
    report = {"tables": [_table("outreach", ["count"], [("sessions", [0]), ("women", [3]), ("men", [4])])]}
    assert _cells(suppress(report)) == {"sessions": [0], "women": ["<5"], "men": ["<5"]}
    assert _cells(suppress(report, below=4)) == {"sessions": [0], "women": ["<4"], "men": [4]}


def test_training_total_is_the_sum_of_women_men_and_not_recorded():
    report = {"tables": [_table("training", ["count"], [
        ("courses", [2]), ("trained", [14]), ("female", [3]), ("male", [11]), ("unknown", [0])])]}
    # 14 - 11 - 0 = 3: the men's 11 must be hidden as well.
    assert _cells(suppress(report)) == {"courses": ["<5"], "trained": [14], "female": ["<5"], "male": ["x"],
                                        "unknown": [0]}


def test_children_in_the_age_table_cannot_be_recovered_from_children_and_adults():
    by_age = _table("by_age", ["people", "cases"], [
        ("0-15", [3, 3]), ("16-17", [12, 12]), ("18-29", [20, 20]), ("45-", [10, 10]), ("unknown", [0, 0]),
        ("total", [45, 45])])
    split = _table("child_adult", ["people", "cases"], [
        ("child", [15, 15]), ("adult", [30, 30]), ("unknown", [0, 0]), ("total", [45, 45])])
    hidden = suppress({"tables": [by_age, split]})
    # In by_age, the column total protects 0-15's 3 with the smallest other group, 45- (10). But children =
    # 0-15 + 16-17 (15 = 3 + 12) would still give 3 back: 16-17 is hidden too. And adults = 18-29 + 45-
    # (30 = 20 + 10) would give 45- back: 18-29 is hidden too. The second table keeps its figures.
    assert _cells(hidden, "by_age") == {"0-15": ["<5", "<5"], "16-17": ["x", "x"], "18-29": ["x", "x"],
                                        "45-": ["x", "x"], "unknown": [0, 0], "total": [45, 45]}
    assert _cells(hidden, "child_adult") == _cells({"tables": [split]})


@pytest.fixture
def shared(ctx):
    seed()
    return suppress(compute.commune_report(A, "Phường Cao Lãnh", WINDOW))


def test_the_seeded_report_for_sharing(shared):
    # by sex: female 4 people / 5 cases, male 2 / 2, total 6 / 7. 4, 2, 2 are under 5. The people column has
    # two hidden parts; the cases column only male's 2, so female's 5 is hidden as its complement.
    assert _cells(shared, "by_sex") == {"female": ["<5", "x"], "male": ["<5", "<5"], "other": [0, 0],
                                        "unknown": [0, 0], "total": [6, 7]}
    # Support (hand-worked in test_commune_report): a: 2 people, 3 times, 1,000,000; b: 1, 1, 1,200,000;
    # g: 1, 1, 0; k: 1, 1, 3,000,000; total 5, 6, 5,200,000. Every regime's counts are under 5, so their amounts
    # go; each column then has several hidden parts and its total can stay.
    support = _cells(shared, "support")
    assert support["a"] == ["<5", "<5", "x"] and support["b"] == ["<5", "<5", "x"]
    assert support["k"] == ["<5", "<5", "x"]
    assert support["g"] == ["<5", "<5", 0]  # in kind: no amount to hide
    assert support["total"] == [5, 6, 5_200_000]
    assert shared["suppressed"] == {"below": 5}
