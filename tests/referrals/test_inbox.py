"""The inbox: each side sees its referrals, waiting ones first; the person's name only when information is shared."""
import re
from datetime import timedelta

import pytest

from tests import factories
from tests.conftest import Browserish
from tests.factories import COMMUNE_B
from tests.referrals.helpers import listed_ids
from webapp.db import utcnow
from webapp.extensions import db
from webapp.referrals.models import Referral


def counter(page: str, name: str) -> int:
    return int(re.search(rf'data-testid="{name}-count">(\d+)<', page).group(1))


@pytest.fixture
def inbox(app):
    """Referrals to one centre at every stage, one to another centre, one to commune B; all from commune A."""
    with app.app_context():
        sender = factories.create_user("commune", username="sender")
        centre, elsewhere = factories.create_agency(), factories.create_agency()
        now = utcnow()

        def refer(name, status, days_ago, to=centre, shares=True, **kw):
            case = factories.create_case(user=sender, consent_share=True, full_name=name)
            sent = factories.create_referral(case, to, status=status, shares_information=shares,
                                             sent_by_id=sender.id, created_at=now - timedelta(days=days_ago), **kw)
            return sent.id

        ids = {
            "old_waiting": refer("Lê Thị Một", "sent", 5),
            "new_waiting": refer("Lê Thị Hai", "sent", 1, shares=False),
            "accepted": refer("Lê Thị Ba", "accepted", 2),
            "declined": refer("Lê Thị Bốn", "declined", 3, answer_reason="Hết chỗ"),
            "completed": refer("Lê Thị Năm", "completed", 4),
            "elsewhere": refer("Lê Thị Sáu", "sent", 1, to=elsewhere),
        }
        case = factories.create_case(user=sender, consent_share=True, full_name="Lê Thị Bảy")
        ids["commune_b"] = factories.create_referral(case, to_commune_code=COMMUNE_B, sent_by_id=sender.id).id
        return {"ids": ids, "centre": centre.id, "sender": sender.username}


def _as(app, role, **kw) -> Browserish:
    client = Browserish(app)
    with app.app_context():
        user = factories.create_user(role, **kw)
    client.login(user.username)
    return client


def test_a_centre_sees_what_was_sent_to_it_waiting_first(app, inbox):
    page = _as(app, "shelter", agency_id=inbox["centre"]).get("/referrals").get_data(as_text=True)
    ids = inbox["ids"]
    assert listed_ids(page) == [ids[k] for k in ("new_waiting", "old_waiting", "accepted", "declined", "completed")]
    assert counter(page, "waiting") == 2 and counter(page, "accepted") == 1


def test_the_name_shows_only_when_the_referral_shares_information(app, inbox):
    page = _as(app, "shelter", agency_id=inbox["centre"]).get("/referrals").get_data(as_text=True)
    assert "Lê Thị Một" in page and "Lê Thị Hai" not in page
    assert "Lê Thị Sáu" not in page  # sent to another centre
    centre = _as(app, "shelter", agency_id=inbox["centre"])
    assert "Lê Thị Hai" not in centre.get(f"/referrals/{inbox['ids']['new_waiting']}").get_data(as_text=True)
    assert "Lê Thị Một" in centre.get(f"/referrals/{inbox['ids']['old_waiting']}").get_data(as_text=True)


def test_the_receiving_commune_sees_its_referral_and_the_sending_commune_its_sent_ones(app, inbox):
    ids = inbox["ids"]
    receiving = _as(app, "commune", commune_code=COMMUNE_B)
    assert listed_ids(receiving.get("/referrals").get_data(as_text=True)) == [ids["commune_b"]]
    assert listed_ids(receiving.post("/referrals", {"box": "sent"}).get_data(as_text=True)) == []
    sending = _as(app, "commune")
    assert listed_ids(sending.get("/referrals").get_data(as_text=True)) == []
    sent = listed_ids(sending.post("/referrals", {"box": "sent"}).get_data(as_text=True))
    assert sorted(sent) == sorted(ids.values())


def test_the_province_sees_every_referral(app, inbox):
    page = _as(app, "province").get("/referrals").get_data(as_text=True)
    assert sorted(listed_ids(page)) == sorted(inbox["ids"].values())
    assert counter(page, "waiting") == 4


@pytest.mark.parametrize("status, expected", [("sent", ["new_waiting", "old_waiting"]), ("declined", ["declined"]),
                                              ("completed", ["completed"])])
def test_filter_by_status(app, inbox, status, expected):
    response = _as(app, "shelter", agency_id=inbox["centre"]).post("/referrals", {"status": status})
    assert response.status_code == 200
    assert listed_ids(response.get_data(as_text=True)) == [inbox["ids"][k] for k in expected]


def test_filtering_with_htmx_returns_only_the_list(app, inbox):
    client = _as(app, "shelter", agency_id=inbox["centre"])
    response = client.post("/referrals", {"status": "accepted"}, headers={"HX-Request": "true"})
    body = response.get_data(as_text=True)
    assert body.lstrip().startswith('<div id="referral-list"') and "<html" not in body
    assert listed_ids(body) == [inbox["ids"]["accepted"]]
    assert "HX-Request" in response.headers["Vary"]


def test_a_box_that_is_not_the_users_falls_back_to_their_inbox(app, inbox):
    client = _as(app, "shelter", agency_id=inbox["centre"])
    assert len(listed_ids(client.post("/referrals", {"box": "all"}).get_data(as_text=True))) == 5


def test_the_list_is_paged(app, inbox):
    app.config["PAGE_SIZE"] = 2
    client = _as(app, "shelter", agency_id=inbox["centre"])
    ids = inbox["ids"]
    first = client.get("/referrals").get_data(as_text=True)
    assert listed_ids(first) == [ids["new_waiting"], ids["old_waiting"]] and 'name="page" value="2"' in first
    assert listed_ids(client.post("/referrals", {"page": "99"}).get_data(as_text=True)) == [ids["completed"]]


def test_an_empty_inbox_says_so(app, client, login_as):
    login_as("shelter")
    page = client.get("/referrals").get_data(as_text=True)
    assert 'class="empty"' in page and listed_ids(page) == []
    assert counter(page, "waiting") == 0


def test_the_inbox_reveals_no_case_data_beyond_its_line(app, inbox):
    """A centre that has not accepted sees the code, date, reason and service, not the case's other facts."""
    with app.app_context():
        referral = db.session.get(Referral, inbox["ids"]["old_waiting"])
        phone, id_number = referral.case.person.phone, referral.case.person.id_number
    client = _as(app, "shelter", agency_id=inbox["centre"])
    for url in ("/referrals", f"/referrals/{inbox['ids']['old_waiting']}"):
        page = client.get(url).get_data(as_text=True)
        assert phone not in page and id_number not in page
