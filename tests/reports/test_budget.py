"""Budget estimates against the VND delivered, from tests/reports/seed.py, worked out by hand.

Commune A, 2026, delivered with an amount (every case, consent to statistics or not): regime a: c1 500.000
(11/01), c2 300.000 (06/02), c3's child 200.000 (02/01), c8 700.000 (22/01), c6 400.000 (02/03) = 2.100.000;
regime b: c3 1.200.000 (02/01); regime g: c4 in kind (nothing); regime k: c9's 3.000.000 was given in 2025.
Up to 28/02/2026 (the first-quarter report): a loses c6's 400.000: 1.700.000.
Estimate typed: a "2.000.000", b "1 000 000", k "5000000đ": 8.000.000 in all.
"""
from datetime import date

import pytest
from sqlalchemy import func, select

from tests.conftest import signed_in_as as browser
from tests.reports.seed import A, B, seed
from webapp.extensions import db
from webapp.reports import budget
from webapp.reports.plan_models import BudgetEstimate
from webapp.reports.services import Unit

URL = f"/budget/2026/commune-{A}"
TYPED = {"regime_a": "2.000.000", "regime_b": "1 000 000", "regime_k": "5000000đ"}


@pytest.fixture
def seeded(app):
    with app.app_context():
        return seed()


def rows(result):
    return {r["code"]: (r["estimate"], r["delivered"], r["percent"]) for r in result["rows"]
            if r["estimate"] or r["delivered"]}


def test_estimate_against_delivered_worked_by_hand(app, seeded):
    client = browser(app, seeded["officer_id"])
    assert client.post(URL, TYPED).status_code == 303
    with app.app_context():
        unit = Unit("commune", A, "Phường Cao Lãnh")
        year = budget.comparison(unit, 2026)
        assert rows(year) == {"a": (2_000_000, 2_100_000, 105), "b": (1_000_000, 1_200_000, 120),
                              "k": (5_000_000, 0, 0)}
        assert (year["estimate"], year["delivered"], year["percent"]) == (8_000_000, 3_300_000, 41)
        quarter = budget.comparison(unit, 2026, until=date(2026, 2, 28))
        assert rows(quarter)["a"] == (2_000_000, 1_700_000, 85)
    report = client.get(f"/reports/2026/q1/commune-{A}").get_data(as_text=True)
    assert 'id="report-budget"' in report and "1.700.000" in report
    page = client.get(URL).get_data(as_text=True)
    assert "2.100.000" in page and "105%" in page


def test_one_wrong_amount_saves_nothing_and_says_why_in_vietnamese(app, seeded):
    client = browser(app, seeded["officer_id"])
    response = client.post(URL, {**TYPED, "regime_b": "một triệu"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "một triệu" in page and "2.000.000" in page  # typed values kept
    assert "chỉ gồm chữ số" in page or "chữ số" in page
    assert client.post(URL, {**TYPED, "regime_a": "-5"}).status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(BudgetEstimate)) == 0
    assert client.post(URL, TYPED, csrf=False).status_code in (400, 403)


def test_clearing_a_regime_removes_its_estimate(app, seeded):
    client = browser(app, seeded["officer_id"])
    client.post(URL, TYPED)
    client.post(URL, {**TYPED, "regime_k": ""})
    with app.app_context():
        assert sorted(db.session.scalars(select(BudgetEstimate.regime))) == ["a", "b"]


def test_scope(app, seeded):
    other = browser(app, seeded["other_id"])
    assert other.get(URL).status_code == 404
    assert other.post(URL, TYPED).status_code == 404
    own = other.get("/budget")
    assert own.status_code == 302 and own.headers["Location"].endswith(f"commune-{B}")
    province = browser(app, role="province")
    assert province.get(URL).status_code == 200
    assert province.post(URL, TYPED).status_code == 403  # the province reads, each unit enters its own
    listing = province.get("/budget?year=2026").get_data(as_text=True)
    assert f'data-unit="commune-{A}"' in listing and f'data-unit="commune-{B}"' in listing
    shelter = browser(app, role="shelter")
    assert shelter.get(URL).status_code == 404
    for role in ("volunteer", "trainer", "admin"):
        assert browser(app, role=role).get(URL).status_code == 403
