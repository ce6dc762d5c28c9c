"""The figures the reports call, computed by the database, checked against sums done by hand."""
from datetime import date

import pytest

from tests import factories
from tests.factories import COMMUNE_A, COMMUNE_B
from webapp.outreach import queries
from webapp.outreach.models import OutreachSession

HEAD = {"reach": None}
ONLINE = {"participants": None, "women": None, "children": None}


@pytest.fixture
def sessions(ctx):
    """Five sessions in 2026 and one in 2025:

    | # | date       | commune | venue        | topics                | groups          | people | women | children | reach |
    | 1 | 10/03/2026 | A       | community    | tricks, hotline       | women, parents  | 40     | 25    | 5        |       |
    | 2 | 20/03/2026 | A       | school       | tricks                | children        | 120    | 60    | 100      |       |
    | 3 | 05/04/2026 | B       | market       | job_scams             | women           | 30     | 20    | 0        |       |
    | 4 | 30/07/2026 | B       | loudspeaker  | hotline               | general_public  |        |       |          | 5000  |
    | 5 | 01/08/2026 | A       | online       | job_scams, tricks     | youth           |        |       |          | 1200  |
    | 6 | 15/12/2025 | A       | community    | tricks                | women           | 10     | 10    | 0        |       |
    """
    volunteer = factories.create_user("volunteer")
    officer_b = factories.create_user("commune", commune_code=COMMUNE_B)
    rows = [
        (volunteer, dict(held_on=date(2026, 3, 10), **HEAD)),
        (volunteer, dict(held_on=date(2026, 3, 20), venue="school", topics=["tricks"], groups=["children"],
                         participants=120, women=60, children=100, **HEAD)),
        (officer_b, dict(held_on=date(2026, 4, 5), commune_code=COMMUNE_B, venue="market", topics=["job_scams"],
                         groups=["women"], participants=30, women=20, children=0, **HEAD)),
        (officer_b, dict(held_on=date(2026, 7, 30), commune_code=COMMUNE_B, venue="loudspeaker", topics=["hotline"],
                         groups=["general_public"], reach=5000, **ONLINE)),
        (volunteer, dict(held_on=date(2026, 8, 1), venue="online", topics=["job_scams", "tricks"], groups=["youth"],
                         reach=1200, **ONLINE)),
        (volunteer, dict(held_on=date(2025, 12, 15), topics=["tricks"], groups=["women"], participants=10, women=10,
                         children=0, **HEAD)),
    ]
    for user, values in rows:
        factories.create_outreach_session(user, **values)


YEAR = (date(2026, 1, 1), date(2026, 12, 31))


def figures(sessions, reach_sessions, participants, women, children, reach):
    return {"sessions": sessions, "reach_sessions": reach_sessions, "participants": participants, "women": women,
            "children": children, "reach": reach}


def test_totals_keep_head_counts_and_reach_apart(sessions):
    assert queries.outreach_totals(*YEAR) == figures(5, 2, 190, 105, 105, 6200)
    assert queries.outreach_totals() == figures(6, 2, 200, 115, 105, 6200)
    assert queries.outreach_totals(date(2026, 3, 20), date(2026, 7, 30)) == figures(3, 1, 150, 80, 100, 5000)


def test_by_commune(sessions):
    rows = {r.pop("key"): r for r in queries.outreach_by("commune", *YEAR)}
    assert rows == {COMMUNE_A: figures(3, 1, 160, 85, 105, 1200), COMMUNE_B: figures(2, 1, 30, 20, 0, 5000)}


def test_by_venue(sessions):
    rows = {r.pop("key"): r for r in queries.outreach_by("venue", *YEAR)}
    assert rows["community_meeting"] == figures(1, 0, 40, 25, 5, 0)
    assert rows["loudspeaker"] == figures(1, 1, 0, 0, 0, 5000)
    assert set(rows) == {"community_meeting", "school", "market", "loudspeaker", "online"}


def test_by_topic_counts_a_session_under_each_of_its_topics(sessions):
    rows = {r.pop("key"): r for r in queries.outreach_by("topic", *YEAR)}
    assert rows == {"tricks": figures(3, 1, 160, 85, 105, 1200), "hotline": figures(2, 1, 40, 25, 5, 5000),
                    "job_scams": figures(2, 1, 30, 20, 0, 1200)}


def test_by_group(sessions):
    rows = {r.pop("key"): r for r in queries.outreach_by("group", *YEAR)}
    assert rows["women"] == figures(2, 0, 70, 45, 5, 0)
    assert rows["general_public"] == figures(1, 1, 0, 0, 0, 5000)
    assert sum(r["sessions"] for r in rows.values()) == 6  # session 1 counts under two groups


def test_by_month_in_order(sessions):
    rows = queries.outreach_by("month", *YEAR)
    assert [(r["key"], r["sessions"], r["participants"]) for r in rows] == [
        ("2026-03", 2, 160), ("2026-04", 1, 30), ("2026-07", 1, 0), ("2026-08", 1, 0)]


def test_a_scope_narrows_every_figure(sessions):
    only_b = OutreachSession.commune_code == COMMUNE_B
    assert queries.outreach_totals(*YEAR, where=only_b) == figures(2, 1, 30, 20, 0, 5000)
    assert [r["key"] for r in queries.outreach_by("venue", *YEAR, where=only_b)] == ["loudspeaker", "market"]


def test_an_unknown_dimension_is_an_error(ctx):
    with pytest.raises(ValueError):
        queries.outreach_by("weather")


def test_an_empty_window_gives_zeros(sessions):
    assert queries.outreach_totals(date(2020, 1, 1), date(2020, 12, 31)) == figures(0, 0, 0, 0, 0, 0)
    assert queries.outreach_by("commune", date(2020, 1, 1), date(2020, 12, 31)) == []


def test_key_areas_reached_by_commune_or_by_hamlet_ignoring_diacritics(ctx):
    volunteer = factories.create_user("volunteer")
    whole_b = factories.create_key_area(COMMUNE_B)
    hamlet = factories.create_key_area(COMMUNE_A, "Ấp Hòa Khánh")
    missed = factories.create_key_area(COMMUNE_A, "Ấp Mỹ Hưng")
    factories.create_outreach_session(volunteer, held_on=date(2026, 3, 10), hamlet="ap hoa  khanh")
    factories.create_outreach_session(volunteer, held_on=date(2026, 5, 2), hamlet="ẤP HÒA KHÁNH")
    factories.create_outreach_session(volunteer, held_on=date(2026, 5, 3), hamlet="Ấp Mỹ Long")
    factories.create_outreach_session(volunteer, held_on=date(2025, 5, 3), hamlet="Ấp Mỹ Hưng")  # last year
    rows = {r["area"].id: (r["sessions"], r["last"]) for r in queries.key_area_reach(*YEAR)}
    assert rows == {whole_b.id: (0, None), hamlet.id: (2, date(2026, 5, 2)), missed.id: (0, None)}
