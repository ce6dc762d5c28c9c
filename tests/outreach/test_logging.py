"""Logging an outreach session: what is typed is kept; bad input gets a Vietnamese message, a 4xx and saves nothing."""
from datetime import date, timedelta

import pytest

from tests.factories import COMMUNE_A, COMMUNE_B, OTHER_COMMUNE
from tests.outreach.helpers import created_id, outreach_post, sessions_count
from webapp.extensions import db
from webapp.outreach.models import OutreachSession


def test_volunteer_logs_a_session_and_every_field_is_kept(app, client, login_as):
    volunteer = login_as("volunteer")
    response = client.post("/outreach/new", outreach_post(notes="Phát tờ rơi sau buổi họp.", other_materials=3))
    session_id = created_id(response)
    with app.app_context():
        s = db.session.get(OutreachSession, session_id)
        assert (s.commune_code, s.held_on, s.venue) == (COMMUNE_A, date.today() - timedelta(days=1), "community_meeting")
        assert s.tag_codes("outreach_topic") == ["tricks", "hotline"]
        assert s.tag_codes("outreach_group") == ["women", "parents"]
        assert (s.participants, s.women, s.children, s.reach) == (40, 25, 5, None)
        assert (s.leaflets, s.posters, s.other_materials) == (30, 2, 3)
        assert s.hamlet == "Ấp Hòa Khánh" and s.hamlet_key == "ap hoa khanh"
        assert s.created_by_id == volunteer.id and s.notes == "Phát tờ rơi sau buổi họp."
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Thủ đoạn mua bán người" in page and "40" in page


def test_the_form_starts_with_the_volunteers_commune_and_today(client, login_as):
    login_as("volunteer")
    page = client.get("/outreach/new").get_data(as_text=True)
    assert f'<option selected value="{COMMUNE_A}">' in page
    assert f'value="{COMMUNE_B}"' not in page
    assert 'inputmode="numeric"' in page and 'type="date"' in page


def test_a_broadcast_records_its_reach_apart(app, client, login_as):
    login_as("volunteer")
    session_id = created_id(client.post("/outreach/new", outreach_post(
        venue="loudspeaker", participants=None, women=None, children=None, reach=3000)))
    with app.app_context():
        s = db.session.get(OutreachSession, session_id)
        assert (s.participants, s.reach) == (None, 3000)


def test_same_submission_twice_gives_one_session(app, client, login_as):
    login_as("volunteer")
    data = outreach_post()
    first, second = client.post("/outreach/new", data), client.post("/outreach/new", data)
    assert first.headers["Location"] == second.headers["Location"]
    assert second.headers["Sen-Submission"] == "replayed"
    assert sessions_count(app) == 1


REFUSED = [
    ({"women": 41}, "không thể nhiều hơn tổng số người tham dự"),
    ({"children": 50}, "không thể nhiều hơn tổng số người tham dự"),
    ({"held_on": date.today() + timedelta(days=2)}, "Ngày này ở tương lai"),
    ({"commune_code": COMMUNE_B}, "Bạn chỉ có thể ghi buổi truyền thông của xã, phường mình"),
    ({"commune_code": OTHER_COMMUNE}, "Bạn chỉ có thể ghi buổi truyền thông của xã, phường mình"),
    ({"venue": "stadium"}, "Chọn hình thức, địa điểm tổ chức trong danh sách"),
    ({"topics": ["tricks", "astrology"]}, "Chỉ chọn trong các mục được liệt kê"),
    ({"groups": ["aliens"]}, "Chỉ chọn trong các mục được liệt kê"),
    ({"topics": []}, "Đánh dấu ít nhất một mục"),
    ({"participants": -3}, "Số lượng không thể âm"),
    ({"leaflets": -1}, "Số lượng không thể âm"),
    ({"participants": 250_000, "women": 0, "children": 0}, "Số này quá lớn cho một buổi"),
    ({"participants": 10**30}, "Số này quá lớn."),
    ({"participants": "nhiều"}, "Số nguyên không hợp lệ"),
    ({"participants": None, "women": None, "children": None}, "Nhập số người tham dự"),
    ({"venue": "online", "participants": None, "women": None, "children": None}, "số người ước tính"),
    ({"venue": "online", "reach": 500}, "Để trống ô này"),
    ({"reach": 500}, "Chỉ buổi phát thanh hoặc trên mạng"),
    ({"reach": 20_000_000, "venue": "online", "participants": None, "women": None, "children": None},
     "Số này quá lớn cho một buổi"),
    ({"organiser": "  "}, "là bắt buộc"),
]


@pytest.mark.parametrize("over, message", REFUSED)
def test_bad_input_is_refused_in_vietnamese_and_nothing_is_saved(app, client, login_as, over, message):
    login_as("volunteer")
    response = client.post("/outreach/new", outreach_post(**over))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message.lower() in page.lower(), page[:200]
    assert "Ấp Hòa Khánh" in page  # what was typed stays in the form
    assert sessions_count(app) == 0


def test_province_logs_for_any_commune_of_the_province(app, client, login_as):
    login_as("province")
    created_id(client.post("/outreach/new", outreach_post(commune_code=COMMUNE_B)))
    refused = client.post("/outreach/new", outreach_post(commune_code=OTHER_COMMUNE))
    assert refused.status_code == 422 and sessions_count(app) == 1


def test_volunteer_home_page_leads_to_outreach(client, login_as):
    login_as("volunteer")
    page = client.get("/").get_data(as_text=True)
    assert "/outreach/new" in page and 'href="/outreach"' in page
    assert "/cases" not in page and "/tipoffs" not in page
