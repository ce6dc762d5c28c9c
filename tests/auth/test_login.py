"""Signing in and out, and what the audit trail records about it."""
from sqlalchemy import select

from tests.factories import PASSWORD, create_user
from webapp.audit.models import AuditEvent
from webapp.extensions import db


def audit_actions(app):
    with app.app_context():
        return [(e.action, e.object_id) for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]


def test_login_page_is_vietnamese_and_neutral(client):
    page = client.get("/login").get_data(as_text=True)
    assert "Đăng nhập" in page
    assert "<title>" in page and "Sen" in page
    for word in ("mua bán người", "nạn nhân", "trafficking", "victim"):
        assert word not in page.lower()


def test_officer_signs_in_and_lands_on_home(app, client, ctx):
    user = create_user("commune", username="lan")
    response = client.login("lan")
    assert response.status_code == 303
    home = client.get("/").get_data(as_text=True)
    assert user.full_name in home
    assert ("login", str(user.id)) in audit_actions(app)


def test_username_is_case_insensitive(client, ctx):
    create_user("commune", username="lan")
    assert client.login("  LAN ").status_code == 303


def test_unknown_user_and_wrong_password_get_the_same_answer(client, ctx):
    create_user("commune", username="lan")
    wrong = client.login("lan", "not-the-password")
    unknown = client.login("nobody", PASSWORD)
    assert wrong.status_code == unknown.status_code == 401
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in wrong.get_data(as_text=True)
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in unknown.get_data(as_text=True)


def test_failed_logins_are_audited_without_the_typed_password(app, client, ctx):
    user = create_user("commune", username="lan")
    client.login("lan", "typed-secret-1")
    client.login("ghost", "typed-secret-2")
    with app.app_context():
        rows = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "login_failed")).all()
        assert [r.object_id for r in rows] == [str(user.id), None]
        dump = " ".join(f"{r.username} {r.detail} {r.object_id}" for r in rows)
    assert "typed-secret" not in dump and "ghost" not in dump


def test_disabled_user_cannot_sign_in(client, ctx):
    create_user("commune", username="lan", active=False)
    assert client.login("lan").status_code == 401


def test_disabled_user_with_the_right_password_is_told_entries_on_the_phone_cannot_be_sent(client, ctx):
    create_user("commune", username="lan", active=False)
    with_password = client.login("lan").get_data(as_text=True)
    assert 'id="login-disabled"' in with_password and "Tài khoản này đã bị khóa" in with_password
    assert "không gửi được" in with_password
    wrong = client.login("lan", password="not-the-password-at-all")
    assert wrong.status_code == 401 and 'id="login-disabled"' not in wrong.get_data(as_text=True)


def test_anonymous_user_is_sent_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_login_redirect_never_leaves_the_site(client, ctx):
    create_user("commune", username="lan")
    token = client.csrf()
    response = client.client.post("/login?next=https://evil.example/x",
                                  data={"username": "lan", "password": PASSWORD, "csrf_token": token})
    assert response.headers["Location"] == "/"


def test_logout_is_audited_and_needs_post(app, client, login_as):
    user = login_as("commune")
    assert client.get("/logout").status_code == 405
    response = client.logout()
    assert response.status_code == 303
    assert response.headers["Clear-Site-Data"] == '"cache"'
    assert ("logout", str(user.id)) in audit_actions(app)
    assert client.get("/").status_code == 302
