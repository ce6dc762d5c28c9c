"""The plan's indicators against figures worked out by hand from tests/reports/seed.py, plus protections and
key areas added here. Every target's period is set to the seed's window, 01/12/2025 to 28/02/2026.

Verification, commune A: received in the window with the 3-day deadline passed by 28/02: c1 (10/01, done 13/01,
on the deadline), c2 (05/02, done 06/02), c3 (19/12, never verified), c4 (14/01, due 17/01, done 19/01: late),
c5 (15/01, done 18/01, on the deadline), c7 (20/02, due 23/02, never verified), c8 (20/01, done 21/01; no consent
to statistics, but this is the officers' work, so it counts). c6 (26/02) is due 01/03, after the window: not
counted. c9 and c10 were received before the window. So 4 of 7 (57%), missing c3, c4, c7.
Province: commune B's case (05/01, done 06/01) adds one on time: 5 of 8 (62%).

Tip-offs, commune A: received in the window: 05/12 (classified, forwarded, closed 10/01: handled) and 01/02
(classified, not closed). 20/11 is before the window, 01/03 after. So 1 of 2 (50%). Province: commune B's 08/01
(never classified) adds one not handled: 1 of 3 (33%).
"""
from datetime import date

import pytest
from sqlalchemy import select

from tests import factories
from tests.conftest import signed_in_as as browser
from tests.reports.seed import WINDOW, A, B, seed
from webapp.auth.models import User
from webapp.cases.models import Case
from webapp.extensions import db
from webapp.reports import targets
from webapp.reports.plan_models import PlanTarget

TODAY = date(2026, 12, 2)


def _set_all(user, start=WINDOW[0], end=WINDOW[1], percent=100):
    for key in targets.INDICATORS:
        targets.set_target(key, {"target_percent": percent, "starts_on": start, "ends_on": end}, user)
    db.session.commit()


@pytest.fixture
def seeded(ctx):
    found = seed()
    province = factories.create_user("province")
    cases = {k: db.session.get(Case, v) for k, v in found["cases"].items()}
    b1 = db.session.scalar(select(Case).where(Case.commune_code == B))
    # Protection: P1 asked 15/01, in place 16/01; P2 (c3) asked 20/12, never in place; c4 found not needed;
    # c5 asked after the window; commune B's person asked 10/01, in place 11/01.
    factories.create_protection(cases["c1"], requested_on=date(2026, 1, 15), start_on=date(2026, 1, 16),
                                status="in_place")
    factories.create_protection(cases["c3"], requested_on=date(2025, 12, 20))
    factories.create_protection(cases["c4"], requested_on=date(2026, 1, 15), status="not_needed")
    factories.create_protection(cases["c5"], requested_on=date(2026, 3, 1))
    factories.create_protection(b1, requested_on=date(2026, 1, 10), start_on=date(2026, 1, 11), status="in_place")
    # Key areas: commune A whole (reached by its sessions), a hamlet of A no session named, commune B whole.
    factories.create_key_area(A, user=province)
    hamlet = factories.create_key_area(A, hamlet="Ấp Mới", user=province)
    factories.create_key_area(B, user=province)
    _set_all(province)
    return {**found, "province_id": province.id, "cases": cases, "hamlet_id": hamlet.id}


def figures(commune):
    return {i.key: (i.done, i.due, i.percent) for i in targets.indicators(commune, TODAY)}


def test_commune_indicators_worked_by_hand(seeded):
    assert figures(A) == {
        "tipoffs": (1, 2, 50),
        "verification": (4, 7, 57),
        "protection": (1, 2, 50),  # P1 protected; P2 waiting; c4 not needed; c5 asked after the window
        "outreach": (1, 2, 50),  # the whole commune reached; the hamlet "Ấp Mới" not
        "training": (1, 1, 100),  # two of commune A's officers attended on 12/01
    }


def test_province_indicators_worked_by_hand(seeded):
    assert figures(None) == {
        "tipoffs": (1, 3, 33),
        "verification": (5, 8, 62),
        "protection": (2, 3, 66),
        "outreach": (2, 3, 66),
        "training": (2, 2, 100),  # commune A's officers and commune B's "Xã Bê" on 12/01
    }


def test_missing_lists_name_the_work_to_do(seeded):
    found = {i.key: i for i in targets.indicators(A, TODAY)}
    cases = seeded["cases"]
    late = found["verification"].missing
    assert [m.label for m in late] == [cases["c3"].code, cases["c4"].code, cases["c7"].code]
    assert all(m.endpoint == "cases.case_show" for m in late)
    assert "19/01/2026" in late[1].detail and "17/01/2026" in late[1].detail  # verified late, after its deadline
    assert "22/12/2025" in late[0].detail  # still being verified
    assert [m.on for m in found["tipoffs"].missing] == [date(2026, 2, 1)]
    assert [m.label for m in found["protection"].missing] == [cases["c3"].code]
    assert [m.label for m in found["outreach"].missing] == ["Cao Lãnh · Ấp Mới"]
    assert found["training"].missing == []


def test_a_target_met_below_100_percent_and_a_changed_period(seeded):
    province = db.session.get(User, seeded["province_id"])
    targets.set_target("tipoffs", {"target_percent": 50, "starts_on": WINDOW[0], "ends_on": WINDOW[1]}, province)
    # Training in March 2026 only: commune A's "Sau Kỳ" attended on 10/03, nobody of commune B.
    targets.set_target("training", {"target_percent": 100, "starts_on": date(2026, 3, 1),
                                    "ends_on": date(2026, 3, 31)}, province)
    db.session.commit()
    tipoffs, training = (targets.indicator(t, None, TODAY) for t in targets.get_targets(TODAY)
                         if t.indicator in ("tipoffs", "training"))
    assert (tipoffs.done, tipoffs.due, tipoffs.met) == (1, 3, False)
    assert targets.indicator(tipoffs.target, A, TODAY).met  # 1 of 2 is 50%: met
    assert (training.done, training.due, training.met) == (1, 2, False)
    assert [m.label for m in training.missing] == ["Xã Thường Phước"]
    # A period still running counts up to today only.
    running = targets.indicator(targets.Target("tipoffs", 100, date(2026, 1, 1), date(2026, 12, 31)), A,
                                date(2026, 1, 31))
    assert running.end == date(2026, 1, 31) and running.due == 0 and running.met


def test_ranking_puts_the_commune_missing_most_targets_first(seeded):
    # At 100%: commune A meets training only; commune B all but tip-offs (0 of 1).
    rows = targets.ranking(TODAY)
    assert [(r["unit"].code, r["met"], r["due"]) for r in rows] == [(A, 1, 5), (B, 4, 5)]


def test_untouched_targets_are_100_percent_over_the_current_year(ctx):
    found = targets.get_targets(date(2027, 5, 1))
    assert {(t.percent, t.starts_on, t.ends_on) for t in found} == {(100, date(2027, 1, 1), date(2027, 12, 31))}


# ---------------------------------------------------------------- pages


@pytest.fixture
def seeded_app(app):
    with app.app_context():
        found = seed()
        province = factories.create_user("province")
        _set_all(province)
        return {**found, "province_id": province.id}


def test_commune_officer_sees_only_their_commune(app, seeded_app):
    client = browser(app, seeded_app["officer_id"])
    response = client.get("/targets")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/targets/commune-{A}")
    page = client.get(f"/targets/commune-{A}").get_data(as_text=True)
    assert 'data-testid="figure-verification">4 / 7' in page
    assert client.get(f"/targets/commune-{B}").status_code == 404
    assert client.get("/targets/settings").status_code == 403


def test_province_sees_the_province_and_every_commune(app, seeded_app):
    client = browser(app, seeded_app["province_id"])
    page = client.get("/targets").get_data(as_text=True)
    assert 'data-testid="figure-tipoffs">1 / 3' in page
    assert page.count('data-testid="ranking-row"') == 2
    assert 'data-testid="figure-tipoffs">0 / 1' in client.get(f"/targets/commune-{B}").get_data(as_text=True)


@pytest.mark.parametrize("role", ["volunteer", "trainer", "shelter", "admin"])
def test_others_reach_no_targets(app, role):
    client = browser(app, role=role)
    assert client.get("/targets").status_code == 403
    assert client.get(f"/targets/commune-{A}").status_code == 403


def test_setting_a_target_refuses_bad_input_in_vietnamese_and_saves_nothing(app, seeded_app):
    client = browser(app, seeded_app["province_id"])
    with app.app_context():
        before = db.session.scalar(select(PlanTarget).where(PlanTarget.indicator == "tipoffs")).target_percent
    bad = client.post("/targets/settings", {"indicator": "tipoffs", "target_percent": "150",
                                            "starts_on": "2026-01-01", "ends_on": "2026-12-31"})
    assert bad.status_code == 422
    assert "từ 1 đến 100" in bad.get_data(as_text=True)
    backwards = client.post("/targets/settings", {"indicator": "tipoffs", "target_percent": "90",
                                                  "starts_on": "2026-12-31", "ends_on": "2026-01-01"})
    assert backwards.status_code == 422
    assert client.post("/targets/settings", {"indicator": "nope", "target_percent": "90",
                                             "starts_on": "2026-01-01", "ends_on": "2026-12-31"}).status_code == 422
    with app.app_context():
        assert db.session.scalar(select(PlanTarget).where(PlanTarget.indicator == "tipoffs")).target_percent == before
    no_csrf = client.post("/targets/settings", {"indicator": "tipoffs", "target_percent": "90",
                                                "starts_on": "2026-01-01", "ends_on": "2026-12-31"}, csrf=False)
    assert no_csrf.status_code in (400, 403)
    good = client.post("/targets/settings", {"indicator": "tipoffs", "target_percent": "90",
                                             "starts_on": "2026-01-01", "ends_on": "2026-12-31"})
    assert good.status_code == 303
    with app.app_context():
        row = db.session.scalar(select(PlanTarget).where(PlanTarget.indicator == "tipoffs"))
        assert (row.target_percent, row.starts_on, row.ends_on) == (90, date(2026, 1, 1), date(2026, 12, 31))
