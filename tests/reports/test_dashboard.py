"""The dashboard for 2026 from tests/reports/seed.py, worked out by hand (today: 02/12/2026).

Commune A, 2026, counted (consent to statistics): c1 and c2 (P1), c4 (P3), c5 (P4), c6 (P5), c7 (P6): five
people, all in the first quarter. c3 was received in 2025; c8 has no consent.
Ages on the reception day: P1 16 (both cases), P3 17, P4 18, P5 46 (birth year 1980), P6 unknown.
Support delivered in 2026: regime a: c1 500.000, c2 300.000, c3's child 200.000, c6 400.000 = 1.400.000 đ to
P1, the child and P5 (3 people); regime b: c3 1.200.000 đ to P2; regime g: c4 in kind to P3. c5's is only
planned, c8's not counted, c9's was given in 2025.
Outreach in 2026: 40 + 30 + 50 participants = 120, and an online session's estimated reach of 1.500.
"""
from datetime import date

import pytest

from tests.conftest import signed_in_as as browser
from tests.reports.seed import A, seed
from webapp.reports import dashboard

TODAY = date(2026, 12, 2)


def by_key(rows):
    return {r["key"]: r["value"] for r in rows}


def test_commune_dashboard_worked_by_hand(ctx):
    seed()
    f = dashboard.figures(2026, A, TODAY)
    assert f["people"] == 5
    assert by_key(f["per_quarter"]) == {"q1": 5, "q2": 0, "q3": 0, "q4": 0}
    sex = by_key(f["by_sex"])
    assert (sex["female"], sex["male"]) == (4, 1)
    assert by_key(f["by_age"]) == {"0-15": 0, "16-17": 2, "18-29": 1, "30-44": 0, "45-": 1, "unknown": 1}
    assert by_key(f["by_purpose"]) == {"scam_compound": 2, "sexual_exploitation": 1, "forced_labour": 2,
                                       "forced_marriage": 1, "unknown": 1}
    amounts, people = by_key(f["support_amount"]), by_key(f["support_people"])
    assert (amounts["a"], amounts["b"], amounts["g"], amounts["k"]) == (1_400_000, 1_200_000, 0, 0)
    assert (people["a"], people["b"], people["g"]) == (3, 1, 1)
    assert (f["outreach"]["participants"], f["outreach"]["reach"]) == (120, 1500)
    assert f["ranking"] is None


def test_province_dashboard_adds_commune_b(ctx):
    seed()
    f = dashboard.figures(2026, None, TODAY)
    assert f["people"] == 6  # commune B's woman received on 05/01
    assert by_key(f["support_amount"])["a"] == 1_400_000 + 900_000
    assert [r["unit"].code for r in f["ranking"]] and len(f["ranking"]) == 2


@pytest.fixture
def seeded(app):
    with app.app_context():
        return seed()


def test_the_page_draws_svg_charts_with_readable_values_and_no_inline_style(app, seeded):
    page = browser(app, seeded["officer_id"]).get("/dashboard?year=2026").get_data(as_text=True)
    assert 'data-testid="dash-people">5<' in page
    assert page.count('<svg id="chart-') >= 5
    assert "<title id=\"chart-quarters-title\">" in page
    assert "Q1/2026" in page
    assert " style=" not in page and "<script>" not in page


def test_each_officer_sees_their_own_commune_and_others_nothing(app, seeded):
    other = browser(app, seeded["other_id"]).get("/dashboard?year=2026").get_data(as_text=True)
    assert 'data-testid="dash-people">1<' in other and "Thường Phước" in other
    assert 'data-testid="dash-ranking-row"' not in other
    province = browser(app, role="province").get("/dashboard?year=2026").get_data(as_text=True)
    assert 'data-testid="dash-people">6<' in province
    assert province.count('data-testid="dash-ranking-row"') == 2
    for role in ("volunteer", "trainer", "shelter", "admin"):
        assert browser(app, role=role).get("/dashboard").status_code == 403
    assert browser(app, seeded["officer_id"]).get("/dashboard?year=1900").status_code == 404
