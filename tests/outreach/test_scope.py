"""Who sees and corrects which session: volunteers their own, for a few days; officers their commune's; the province all."""
from datetime import timedelta

from sqlalchemy import select

from tests import factories
from tests.factories import COMMUNE_B
from tests.outreach.helpers import edit_post
from webapp.audit.models import AuditEvent
from webapp.db import utcnow
from webapp.extensions import db
from webapp.outreach.models import OutreachSession


def logged_by(app, role="volunteer", **kw):
    with app.app_context():
        user = factories.create_user(role, **kw)
        username = user.username
        return username, factories.create_outreach_session(user).id


def age(app, session_id, days):
    """Pretend the session was logged `days` ago."""
    with app.app_context():
        found = db.session.get(OutreachSession, session_id)
        found.created_at = utcnow() - timedelta(days=days)
        db.session.commit()


def participants(app, session_id):
    with app.app_context():
        return db.session.get(OutreachSession, session_id).participants


def test_a_volunteer_never_sees_another_volunteers_session(app, client, login_as):
    _other, session_id = logged_by(app)
    login_as("volunteer")  # same commune
    assert client.get(f"/outreach/{session_id}").status_code == 404
    assert client.post(f"/outreach/{session_id}", edit_post(session_id, app, participants=1)).status_code == 404
    assert f"/outreach/{session_id}" not in client.get("/outreach").get_data(as_text=True)
    assert participants(app, session_id) == 40


def test_a_commune_officer_never_sees_another_communes_session(app, client, login_as):
    _volunteer, session_id = logged_by(app)
    login_as("commune", commune_code=COMMUNE_B)
    assert client.get(f"/outreach/{session_id}").status_code == 404
    assert client.post(f"/outreach/{session_id}", edit_post(session_id, app, participants=1)).status_code == 404
    assert f"/outreach/{session_id}" not in client.get("/outreach").get_data(as_text=True)


def test_the_commune_officer_and_the_province_see_the_communes_sessions(app, client, login_as):
    _volunteer, session_id = logged_by(app)
    login_as("commune")
    assert f"/outreach/{session_id}" in client.get("/outreach").get_data(as_text=True)
    client.logout()
    login_as("province")
    assert client.get(f"/outreach/{session_id}").status_code == 200


def test_trainers_centre_staff_and_admins_reach_no_outreach(app, client, login_as):
    _volunteer, session_id = logged_by(app)
    for role in ("trainer", "shelter", "admin"):
        login_as(role)
        for url in ("/outreach", "/outreach/new", f"/outreach/{session_id}", "/outreach/summary"):
            assert client.get(url).status_code == 403, (role, url)
        client.logout()


def test_a_volunteer_corrects_their_session_within_the_days_allowed(app, client):
    volunteer, session_id = logged_by(app)
    client.login(volunteer)
    age(app, session_id, 6)
    page = client.get(f"/outreach/{session_id}").get_data(as_text=True)
    assert "Sửa buổi truyền thông này" in page
    response = client.post(f"/outreach/{session_id}", edit_post(session_id, app, participants=55, women=30))
    assert response.status_code == 303
    assert participants(app, session_id) == 55
    with app.app_context():
        audited = db.session.scalars(select(AuditEvent).where(AuditEvent.object_type == "outreach_session",
                                                              AuditEvent.action == "update")).all()
        assert [a.detail for a in audited] == ["participants,women"]


def test_after_the_days_allowed_only_a_commune_officer_corrects_it(app, client, login_as):
    volunteer, session_id = logged_by(app)
    age(app, session_id, 8)
    client.login(volunteer)
    page = client.get(f"/outreach/{session_id}").get_data(as_text=True)
    assert "Tài khoản của bạn không còn sửa được buổi truyền thông này" in page and 'name="version"' not in page
    refused = client.post(f"/outreach/{session_id}", edit_post(session_id, app, participants=55))
    assert refused.status_code == 403 and "cán bộ xã, phường" in refused.get_data(as_text=True)
    assert participants(app, session_id) == 40
    client.logout()
    login_as("commune")
    assert client.post(f"/outreach/{session_id}", edit_post(session_id, app, participants=55)).status_code == 303
    assert participants(app, session_id) == 55


def test_the_days_allowed_are_configurable(make_app):
    app = make_app(OUTREACH_EDIT_DAYS=2)
    with app.app_context():
        factories.create_places()
    volunteer, session_id = logged_by(app)
    age(app, session_id, 3)
    from tests.conftest import Browserish

    client = Browserish(app)
    client.login(volunteer)
    assert client.post(f"/outreach/{session_id}", edit_post(session_id, app, participants=55)).status_code == 403


def test_a_correction_over_a_newer_save_is_refused_and_kept_in_the_form(app, client, login_as):
    _volunteer, session_id = logged_by(app)
    login_as("commune")
    stale = edit_post(session_id, app, participants=60)
    assert client.post(f"/outreach/{session_id}", edit_post(session_id, app, participants=50)).status_code == 303
    response = client.post(f"/outreach/{session_id}", stale)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Người khác đã lưu buổi truyền thông này" in page and 'value="60"' in page
    assert participants(app, session_id) == 50


def test_a_correction_breaking_a_rule_is_refused_and_saves_nothing(app, client, login_as):
    _volunteer, session_id = logged_by(app)
    login_as("commune")
    response = client.post(f"/outreach/{session_id}", edit_post(session_id, app, participants=10, women=20))
    assert response.status_code == 422
    assert "không thể nhiều hơn tổng số người tham dự" in response.get_data(as_text=True)
    assert participants(app, session_id) == 40


def test_topics_and_groups_are_corrected_keeping_those_still_ticked(app, client, login_as):
    _volunteer, session_id = logged_by(app)
    login_as("commune")
    response = client.post(f"/outreach/{session_id}", edit_post(session_id, app, topics=["hotline", "safe_migration"],
                                                                groups=["women"]))
    assert response.status_code == 303
    with app.app_context():
        found = db.session.get(OutreachSession, session_id)
        assert sorted(found.tag_codes("outreach_topic")) == ["hotline", "safe_migration"]
        assert found.tag_codes("outreach_group") == ["women"]
