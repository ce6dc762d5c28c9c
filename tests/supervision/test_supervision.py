"""Supervision visits: the province records a visit with recommendations; the commune sees those addressed to it
and marks them done; the province sees who did and when. Scope, CSRF, bad input."""
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from tests import factories
from tests.conftest import signed_in_as as browser
from webapp.auth.models import User
from webapp.extensions import db
from webapp.supervision.models import SupervisionRecommendation, SupervisionVisit

A, B = factories.COMMUNE_A, factories.COMMUNE_B


@pytest.fixture
def people(app):
    with app.app_context():
        return {"province": factories.create_user("province", full_name="Nguyễn Tỉnh").id,
                "a": factories.create_user("commune", commune_code=A, full_name="Lê Xã A").id,
                "b": factories.create_user("commune", commune_code=B).id}


def visit_form(**over):
    today = date.today()
    data = {"visited_on": (today - timedelta(days=3)).isoformat(), "commune_code": A,
            "team": "Phòng Bảo trợ xã hội, Công an tỉnh", "checked": "Sổ tiếp nhận; hồ sơ hỗ trợ",
            "findings": "Chưa xác minh đúng hạn 2 hồ sơ.",
            "recommendations-0-text": "Xác minh các hồ sơ còn tồn",
            "recommendations-0-due_on": (today + timedelta(days=5)).isoformat(),
            "recommendations-1-text": "Cập nhật sổ tiếp nhận",
            "recommendations-1-due_on": (today - timedelta(days=1)).isoformat(),
            "recommendations-2-text": "", "recommendations-2-due_on": ""}
    data.update(over)
    return data


def counts(app):
    with app.app_context():
        return (db.session.scalar(select(func.count()).select_from(SupervisionVisit)),
                db.session.scalar(select(func.count()).select_from(SupervisionRecommendation)))


def test_the_province_records_a_visit_the_commune_marks_done_the_province_sees(app, people):
    province = browser(app, people["province"])
    response = province.post("/supervision/new", visit_form())
    assert response.status_code == 303
    visit_url = response.headers["Location"]
    assert counts(app) == (1, 2)

    commune = browser(app, people["a"])
    home = commune.get("/my-work").get_data(as_text=True)
    assert 'data-testid="supervision-reminder"' in home and "Cập nhật sổ tiếp nhận" in home  # overdue since yesterday
    page = commune.get(visit_url).get_data(as_text=True)
    assert "Xác minh các hồ sơ còn tồn" in page and page.count('data-testid="mark-done-') == 2
    with app.app_context():
        first = db.session.scalar(select(SupervisionRecommendation).order_by(SupervisionRecommendation.id))
        rec_id = first.id
    assert commune.post(f"/supervision/recommendations/{rec_id}/done", {}, csrf=False).status_code in (400, 403)
    done = commune.post(f"/supervision/recommendations/{rec_id}/done", {f"r{rec_id}-done_note": "Đã xác minh xong"})
    assert done.status_code == 303
    again = commune.post(f"/supervision/recommendations/{rec_id}/done", {})
    assert again.status_code == 422 and "đã được đánh dấu" in again.get_data(as_text=True)

    seen = province.get(visit_url).get_data(as_text=True)
    assert 'data-testid="rec-done"' in seen and "Lê Xã A" in seen and "Đã xác minh xong" in seen
    assert 'data-testid="mark-done-' not in seen  # the province does not mark, it reads
    with app.app_context():
        row = db.session.get(SupervisionRecommendation, rec_id)
        assert (row.done_on, row.done_by_id) == (date.today(), people["a"]) and row.done_at is not None


def test_the_reminder_shows_recommendations_due(app, people):
    with app.app_context():
        factories.create_supervision_visit(A, recommendations=[
            ("Quá hạn rồi", date.today() - timedelta(days=2)), ("Còn lâu mới đến hạn", date.today() + timedelta(days=30))])
    from flask import render_template_string
    from flask_login import login_user

    with app.test_request_context():
        login_user(db.session.get(User, people["a"]))
        html = render_template_string('{% include "supervision/_reminder.html" %}')
    assert "Quá hạn rồi" in html and "Còn lâu mới đến hạn" not in html


def test_bad_visits_are_refused_in_vietnamese_and_nothing_is_saved(app, people):
    province = browser(app, people["province"])
    cases = [
        visit_form(team=""),
        visit_form(commune_code="01"),  # not a commune of the province
        visit_form(**{"recommendations-0-due_on": ""}),  # a recommendation with no due date
        visit_form(**{"recommendations-2-due_on": "2026-01-01"}),  # a date with no recommendation
        visit_form(**{"recommendations-0-due_on": "2000-01-01"}),  # due before the visit
        visit_form(visited_on=(date.today() + timedelta(days=3)).isoformat()),
    ]
    for data in cases:
        response = province.post("/supervision/new", data)
        assert response.status_code == 422, data
        assert 'lang="vi"' in response.get_data(as_text=True)
    page = province.post("/supervision/new", visit_form(**{"recommendations-0-due_on": ""})).get_data(as_text=True)
    assert "Xác minh các hồ sơ còn tồn" in page  # typed values are kept
    assert "ngày phải thực hiện" in page
    assert counts(app) == (0, 0)


def test_scope_each_commune_sees_its_own_visits(app, people):
    with app.app_context():
        visit_a = factories.create_supervision_visit(A).id
        visit_b = factories.create_supervision_visit(B).id
        rec_a = db.session.get(SupervisionVisit, visit_a).recommendations[0].id
    b = browser(app, people["b"])
    assert b.get(f"/supervision/{visit_a}").status_code == 404
    assert b.post(f"/supervision/recommendations/{rec_a}/done", {}).status_code == 404
    assert b.get(f"/supervision/{visit_b}").status_code == 200
    listing = b.get("/supervision").get_data(as_text=True)
    assert listing.count('data-testid="visit-row"') == 1
    province = browser(app, people["province"])
    assert province.get("/supervision").get_data(as_text=True).count('data-testid="visit-row"') == 2
    assert province.post(f"/supervision/recommendations/{rec_a}/done", {}).status_code == 403
    for role in ("volunteer", "trainer", "shelter"):
        assert browser(app, role=role).get("/supervision").status_code == 403
    assert browser(app, people["a"]).get("/supervision/new").status_code == 403


def test_an_empty_list_says_so(app, people):
    page = browser(app, people["a"]).get("/supervision").get_data(as_text=True)
    assert 'class="empty"' in page
