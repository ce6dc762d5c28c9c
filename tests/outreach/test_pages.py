"""The outreach list (filters, pages, empty state), the summary with its chart, and marking key areas."""
from datetime import date

from sqlalchemy import func, select

from tests import factories
from tests.factories import COMMUNE_A, COMMUNE_B
from webapp.extensions import db
from webapp.outreach.models import KeyArea


def test_an_empty_list_says_how_to_start(client, login_as):
    login_as("volunteer")
    page = client.get("/outreach").get_data(as_text=True)
    assert "Chưa có buổi truyền thông nào" in page and "/outreach/new" in page


def test_the_list_filters_by_venue_topic_and_period(app, client, login_as):
    officer = login_as("commune")
    with app.app_context():
        market = factories.create_outreach_session(officer, venue="market", topics=["safe_migration"],
                                                   held_on=date(2026, 4, 5)).id
        school = factories.create_outreach_session(officer, venue="school", held_on=date(2026, 9, 1)).id

    def shown(data):
        page = client.post("/outreach", data, headers={"HX-Request": "true"}).get_data(as_text=True)
        return {i for i in (market, school) if f'data-testid="outreach-{i}"' in page}
    assert shown({}) == {market, school}
    assert shown({"venue": "market"}) == {market}
    assert shown({"topic": "tricks"}) == {school}
    assert shown({"date_from": "2026-06-01"}) == {school}
    page = client.post("/outreach", {"venue": "religious_site"}).get_data(as_text=True)
    assert "Không có buổi truyền thông nào khớp với bộ lọc" in page


def test_the_list_has_pages(make_app):
    from tests.conftest import Browserish

    app = make_app(PAGE_SIZE=2)
    with app.app_context():
        factories.create_places()
        officer = factories.create_user("commune", username="lan")
        for day in range(1, 6):
            factories.create_outreach_session(officer, held_on=date(2026, 5, day))
    client = Browserish(app)
    client.login("lan")
    page = client.get("/outreach").get_data(as_text=True)
    assert "Trang 1 / 3" in page
    assert "05/05/2026" in page and "01/05/2026" not in page
    last = client.post("/outreach", {"page": "3"}).get_data(as_text=True)
    assert "01/05/2026" in last


def test_the_summary_shows_totals_by_commune_with_a_chart(app, client, login_as):
    with app.app_context():
        volunteer = factories.create_user("volunteer")
        officer_b = factories.create_user("commune", commune_code=COMMUNE_B)
        factories.create_outreach_session(volunteer, held_on=date(2026, 3, 10))
        factories.create_outreach_session(officer_b, commune_code=COMMUNE_B, held_on=date(2026, 4, 1),
                                          participants=30, women=20, children=0)
        factories.create_outreach_session(volunteer, held_on=date(2026, 7, 30), venue="online", reach=2500,
                                          participants=None, women=None, children=None)
    login_as("province")
    response = client.post("/outreach/summary", {"date_from": "2026-01-01", "date_to": "2026-11-29"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'data-testid="total-sessions">3<' in page
    assert 'data-testid="total-participants">70<' in page
    assert 'data-testid="total-women">45<' in page
    assert 'data-testid="total-reach">2.500<' in page
    assert "<svg" in page and "<title" in page and "Số người tham dự theo xã, phường" in page
    assert "style=" not in page


def test_the_summary_of_a_volunteer_counts_only_their_sessions(app, client, login_as):
    with app.app_context():
        factories.create_outreach_session(factories.create_user("volunteer"), held_on=date(2026, 3, 10))
    login_as("volunteer")
    page = client.post("/outreach/summary", {"date_from": "2026-01-01", "date_to": "2026-11-29"}).get_data(as_text=True)
    assert 'data-testid="total-sessions">0<' in page and "Không có buổi truyền thông nào" in page


def test_a_period_ending_before_it_starts_is_refused(client, login_as):
    login_as("province")
    response = client.post("/outreach/summary", {"date_from": "2026-06-01", "date_to": "2026-01-01"})
    assert response.status_code == 422 and "Ngày kết thúc trước ngày bắt đầu" in response.get_data(as_text=True)


def test_the_province_marks_key_areas_and_sees_which_were_reached(app, client, login_as):
    login_as("province")
    assert client.post("/outreach/key-areas", {"commune_code": COMMUNE_A, "hamlet": "Ấp Hòa Khánh"}).status_code == 303
    assert client.post("/outreach/key-areas", {"commune_code": COMMUNE_B, "hamlet": ""}).status_code == 303
    again = client.post("/outreach/key-areas", {"commune_code": COMMUNE_A, "hamlet": "ap hoa khanh"})
    assert again.status_code == 422 and "đã có trong danh sách" in again.get_data(as_text=True)
    outside = client.post("/outreach/key-areas", {"commune_code": factories.OTHER_COMMUNE})
    assert outside.status_code == 422
    with app.app_context():
        factories.create_outreach_session(factories.create_user("volunteer"), hamlet="Ấp Hoà Khánh")
        areas = {a.commune_code: a.id for a in db.session.scalars(select(KeyArea))}
    page = client.get("/outreach/summary").get_data(as_text=True)
    hamlet_row = page.split(f'data-testid="key-area-{areas[COMMUNE_A]}"')[1].split("</li>")[0]
    commune_row = page.split(f'data-testid="key-area-{areas[COMMUNE_B]}"')[1].split("</li>")[0]
    assert "đã có 1 buổi truyền thông" in hamlet_row
    assert "chưa được truyền thông" in commune_row
    assert client.post(f"/outreach/key-areas/{areas[COMMUNE_B]}/remove").status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(KeyArea).where(KeyArea.active.is_(True))) == 1


def test_only_the_province_marks_key_areas(client, login_as):
    login_as("commune")
    assert client.post("/outreach/key-areas", {"commune_code": COMMUNE_A}).status_code == 403
