"""Commune A's first-quarter report of 2026 against figures worked out by hand from tests/reports/seed.py.

Window: 01/12/2025 to 28/02/2026. Received in the window and counted: c1 and c2 (P1, the repeat victim),
c3 (P2), c4 (P3), c5 (P4), c6 (P5), c7 (P6): 7 cases, 6 people. c8 (P7) has no consent to be counted;
c9 (P8) was received before the window, c10 (P9) before and closed; commune B's case is another unit's.
"""
from datetime import date

import pytest

from tests.reports.seed import WINDOW, A, seed
from webapp.reports import compute


@pytest.fixture
def report(ctx):
    seed()
    return compute.commune_report(A, "Phường Cao Lãnh", WINDOW)


def table(report, key):
    found = next(t for t in report["tables"] if t["key"] == key)
    return {row["key"]: row["cells"] for row in found["rows"]}


def test_reception_summary_counts_people_and_cases_apart(report):
    assert table(report, "reception") == {
        "cases": [7], "people": [6],
        "repeat_people": [1],  # P1, received on 10/01 and 05/02
        "accompanying_children": [1],  # c3's child
        "left_out": [1],  # c8: no consent to be counted in statistics
    }


def test_by_route(report):
    # foreign_handover: c1 (P1), c3 (P2), c7 (P6); rescued: c2 (P1): P1 counts in both rows, once in the total.
    assert table(report, "by_route") == {
        "foreign_handover": [3, 3], "rescued": [1, 1], "returned_alone": [1, 1], "hotline": [1, 1],
        "other_province": [1, 1], "other": [0, 0], "total": [6, 7]}


def test_by_sex(report):
    assert table(report, "by_sex") == {"female": [4, 5], "male": [2, 2], "other": [0, 0], "unknown": [0, 0],
                                       "total": [6, 7]}


def test_age_groups_at_their_boundaries(report):
    # c3: 15 on the day (born 19/12/2010, received 19/12/2025) -> under 16.
    # c1, c2: P1 16 on her birthday (10/01/2026) and on 05/02 -> 16-17 (one person, two cases).
    # c4: P3 17 on the eve of her 18th birthday -> 16-17. c5: P4 18 on her birthday -> 18-29.
    # c6: birth year 1980 only -> 2026 - 1980 = 46 -> 45 and over. c7: nothing known -> unknown.
    assert table(report, "by_age") == {"0-15": [1, 1], "16-17": [2, 3], "18-29": [1, 1], "30-44": [0, 0],
                                       "45-": [1, 1], "unknown": [1, 1], "total": [6, 7]}
    assert table(report, "child_adult") == {"child": [3, 4], "adult": [2, 2], "unknown": [1, 1], "total": [6, 7]}


def test_age_on_the_reception_day():
    class P:
        birth_date, birth_year = date(2010, 3, 1), 2010

    assert compute.age_on(P, date(2026, 2, 28)) == 15
    assert compute.age_on(P, date(2026, 3, 1)) == 16
    groups = [(0, 15), (16, 17), (18, 29), (30, 44), (45, None)]
    assert [compute.age_group_key(a, groups) for a in (15, 16, 17, 18, 44, 45, None)] == [
        "0-15", "16-17", "16-17", "18-29", "30-44", "45-", "unknown"]


def test_by_purpose_country_and_ethnicity(report):
    purposes = table(report, "by_purpose")
    # c2 has two purposes and counts under each.
    assert {k: v for k, v in purposes.items() if v != [0, 0]} == {
        "scam_compound": [3, 3], "sexual_exploitation": [1, 1], "forced_labour": [2, 2], "forced_marriage": [1, 1],
        "unknown": [1, 1], "total": [6, 7]}
    assert table(report, "by_country") == {"CN": [2, 2], "KH": [3, 3], "MM": [1, 1], "unknown": [1, 1],
                                           "total": [6, 7]}
    assert table(report, "by_ethnicity") == {"kinh": [4, 5], "minority": [1, 1], "unknown": [1, 1], "total": [6, 7]}


def test_verification_within_and_after_three_calendar_days_across_a_weekend(report):
    # Within: c1 (Sat 10/01, done Tue 13/01 = the deadline), c5 (Thu 15/01, done Sun 18/01), c2 (05/02 -> 06/02).
    # After: c4 (Wed 14/01, due Sat 17/01, done Mon 19/01: within three working days, not three calendar days),
    #        c9 (received 30/11 before the window, verified 05/12 inside it, due 03/12).
    # Still being verified on 28/02: c3 (due 22/12) and c7 (due 23/02) late; c6 (26/02, due 01/03) in time.
    assert table(report, "verification") == {"within": [3], "after": [2], "pending_late": [2],
                                             "pending_in_time": [1]}
    # Identified in the window: c1, c2 (P1), c5 (P4), c9 (P8). Not a victim: c4 (P3); c10 was before the window.
    assert table(report, "identification") == {"identified": [3, 4], "not_victim": [1, 1]}


def test_support_by_regime_with_amounts(report):
    support = table(report, "support")
    # a: P1 twice (500,000 + 300,000) and c3's child (200,000): two people, three times.
    assert support["a"] == [2, 3, 1_000_000]
    assert support["b"] == [1, 1, 1_200_000]
    assert support["g"] == [1, 1, 0]  # in kind
    assert support["k"] == [1, 1, 3_000_000]  # c9, received before the window
    assert support["total"] == [5, 6, 5_200_000]  # P1, the child, P2, P3, P8
    assert all(cells == [0, 0, 0] for key, cells in support.items() if key not in ("a", "b", "g", "k", "total"))


def test_referrals_by_destination_and_outcome(report):
    referrals = table(report, "referrals")
    # columns: referred, waiting, accepted, declined, completed
    assert referrals["protection_centre"] == [2, 1, 1, 0, 0]
    assert referrals["police"] == [1, 0, 0, 0, 1]  # the second police referral was sent in March
    assert referrals["commune"] == [1, 0, 0, 1, 0]
    assert referrals["total"] == [4, 1, 1, 1, 1]


def test_followups_and_reintegration(report):
    # Done in the window: c1 (10/02) and c2 (20/02), both P1. Late at 28/02: c5 (due 15/02), c4 (done 02/03).
    assert table(report, "followups") == {"done": [2], "people": [1], "late": [2]}
    # Latest case per person: P1 -> c2 with_family; P8 with_family; P3 studying; P2, P4, P5, P6 not recorded.
    assert table(report, "reintegration") == {"with_family": [2], "working": [0], "studying": [1],
                                              "needs_help": [0], "lost_contact": [0], "unknown": [4], "total": [7]}


def test_tipoffs(report):
    assert table(report, "tipoffs") == {"received": [2], "classified": [2], "forwarded": [2], "closed": [1],
                                        "open": [2]}


def test_outreach_keeps_online_reach_apart(report):
    assert table(report, "outreach") == {"sessions": [2], "participants": [70], "women": [35], "children": [13],
                                         "reach_sessions": [1], "reach": [1500]}


def test_training_of_the_communes_people(report):
    # Present and late attended; absent did not; commune B's participant and the March course are not counted.
    assert table(report, "training") == {"courses": [1], "trained": [2], "female": [1], "male": [1], "unknown": [0]}


def test_every_label_in_both_languages_and_every_cell_a_whole_number(report):
    assert report["window"] == ["2025-12-01", "2026-02-28"]
    for t in report["tables"]:
        assert t["title"]["vi"] and t["title"]["en"]
        for column in t["columns"]:
            assert column["label"]["vi"] and column["label"]["en"]
        for row in t["rows"]:
            assert row["label"]["vi"] and row["label"]["en"]
            assert all(type(c) is int for c in row["cells"]) and len(row["cells"]) == len(t["columns"])


def test_age_groups_follow_the_setting(make_app):
    app = make_app(REPORT_AGE_GROUPS="0-17,18-")
    with app.app_context():
        from tests import factories

        factories.create_places()
        seed()
        found = compute.commune_report(A, "Phường Cao Lãnh", WINDOW)
        labels = {r["key"]: r["label"]["vi"] for t in found["tables"] if t["key"] == "by_age" for r in t["rows"]}
    assert table(found, "by_age") == {"0-17": [3, 4], "18-": [2, 2], "unknown": [1, 1], "total": [6, 7]}
    assert labels["0-17"] == "Dưới 18 tuổi" and labels["18-"] == "Từ 18 tuổi trở lên"
