"""The list: counters keep the 100% target in view, the unhandled come first, filters narrow it, pages page."""
import re
from datetime import date, timedelta

import pytest

from tests import factories
from tests.factories import COMMUNE_B
from tests.tipoffs.helpers import codes_in

TODAY = date.today()


@pytest.fixture
def tipoffs(app, login_as):
    """Five tip-offs of commune A at each stage, one of commune B; the commune A officer signed in."""
    login_as("commune")
    with app.app_context():
        police = factories.create_agency(kind="police").id
        make = factories.create_tipoff
        codes = {
            "new": make(received_on=TODAY - timedelta(days=1)).code,
            "old_new": make(received_on=TODAY - timedelta(days=40), channel="in_person").code,
            "classified": make(received_on=TODAY - timedelta(days=5), channel="phone",
                               classification="suspected_trafficking").code,
            "forwarded": make(received_on=TODAY - timedelta(days=10), classification="illegal_brokerage",
                              forwarded_agency_id=police, forwarded_on=TODAY - timedelta(days=9)).code,
            "closed": make(received_on=TODAY - timedelta(days=3), channel="letter", classification="missing_person",
                           outcome="Đã tìm thấy.", closed_on=TODAY).code,
        }
        other = factories.create_user("commune", commune_code=COMMUNE_B)
        codes["elsewhere"] = make(user=other, commune_code=COMMUNE_B).code
    return codes


def counter(page: str, name: str) -> int:
    return int(re.search(rf'data-testid="{name}-count">(\d+)<', page).group(1))


def test_counters_show_what_is_not_yet_classified_or_closed(client, tipoffs):
    page = client.get("/tipoffs").get_data(as_text=True)
    assert counter(page, "unclassified") == 2  # the other commune's tip-off is not counted
    assert counter(page, "open") == 4


def test_counters_of_the_province_cover_every_commune(app, tipoffs):
    from tests.conftest import Browserish

    province = Browserish(app)
    with app.app_context():
        province.login(factories.create_user("province").username)
    page = province.get("/tipoffs").get_data(as_text=True)
    assert counter(page, "unclassified") == 3 and counter(page, "open") == 5
    assert tipoffs["elsewhere"] in codes_in(page)


def test_unhandled_come_first_then_newest(client, tipoffs):
    page = client.get("/tipoffs").get_data(as_text=True)
    assert codes_in(page) == [tipoffs[k] for k in ("new", "old_new", "classified", "forwarded", "closed")]


@pytest.mark.parametrize("filters, expected", [
    ({"status": "unclassified"}, ["new", "old_new"]),
    ({"status": "open"}, ["new", "old_new", "classified", "forwarded"]),
    ({"status": "forwarded"}, ["forwarded"]),
    ({"status": "closed"}, ["closed"]),
    ({"channel": "hotline"}, ["new", "forwarded"]),
    ({"classification": "suspected_trafficking"}, ["classified"]),
    ({"date_from": (TODAY - timedelta(days=7)).isoformat()}, ["new", "classified", "closed"]),
    ({"date_to": (TODAY - timedelta(days=7)).isoformat()}, ["old_new", "forwarded"]),
    ({"status": "open", "channel": "hotline", "date_from": (TODAY - timedelta(days=2)).isoformat()}, ["new"]),
])
def test_filters(client, tipoffs, filters, expected):
    response = client.post("/tipoffs", filters)
    assert response.status_code == 200
    assert codes_in(response.get_data(as_text=True)) == [tipoffs[k] for k in expected]


def test_filtering_with_htmx_returns_only_the_list(client, tipoffs):
    response = client.post("/tipoffs", {"status": "closed"}, headers={"HX-Request": "true"})
    body = response.get_data(as_text=True)
    assert body.lstrip().startswith('<div id="tipoff-list"') and "<html" not in body
    assert codes_in(body) == [tipoffs["closed"]]
    assert "HX-Request" in response.headers["Vary"]


def test_a_bad_date_gets_a_message_not_an_error(client, tipoffs):
    response = client.post("/tipoffs", {"date_from": "not-a-date"})
    assert response.status_code == 422
    assert len(codes_in(response.get_data(as_text=True))) == 5  # the bad filter is ignored, the list still shows


def test_empty_register_and_empty_search_say_so(client, login_as):
    login_as("commune")
    page = client.get("/tipoffs").get_data(as_text=True)
    assert 'class="empty"' in page and codes_in(page) == []
    assert counter(page, "unclassified") == 0 and counter(page, "open") == 0
    filtered = client.post("/tipoffs", {"status": "closed"}).get_data(as_text=True)
    assert 'class="empty"' in filtered


def test_list_is_paged_and_a_page_past_the_end_gives_the_last(app, client, tipoffs):
    app.config["PAGE_SIZE"] = 2
    first = client.get("/tipoffs").get_data(as_text=True)
    assert codes_in(first) == [tipoffs["new"], tipoffs["old_new"]]
    assert 'name="page" value="2"' in first
    assert codes_in(client.post("/tipoffs", {"page": "2"}).get_data(as_text=True)) == [
        tipoffs["classified"], tipoffs["forwarded"]]
    assert codes_in(client.post("/tipoffs", {"page": "99"}).get_data(as_text=True)) == [tipoffs["closed"]]
