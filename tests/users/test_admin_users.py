"""The administrator manages accounts: create, edit, disable, reset passwords."""
import uuid

from sqlalchemy import func, select

from tests.factories import COMMUNE_A, create_user
from webapp.audit.models import AuditEvent
from webapp.auth.models import User
from webapp.auth.passwords import verify_password
from webapp.extensions import db

GOOD_PASSWORD = "lúa chín vàng bên sông Tiền"


def new_user_form(**over):
    data = {"submission_id": str(uuid.uuid4()), "username": "Lan.Nguyen", "full_name": "Nguyễn Thị Lan",
            "phone": "0912 345 678", "role": "commune", "commune_code": COMMUNE_A, "agency_id": "",
            "password": GOOD_PASSWORD, "password_confirm": GOOD_PASSWORD}
    data.update(over)
    return data


def test_admin_creates_a_commune_officer(app, client, login_as):
    login_as("admin")
    response = client.post("/admin/users/new", new_user_form())
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Đã tạo tài khoản" in page
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "lan.nguyen"))
        assert user.commune_code == COMMUNE_A and user.must_change_password
        assert user.password_hash.startswith("$argon2id$")


def test_new_account_form_lists_the_province_communes(client, login_as):
    login_as("admin")
    page = client.get("/admin/users/new").get_data(as_text=True)
    assert "Phường Cao Lãnh" in page and "Xã Thường Phước" in page
    assert "Phường Ba Đình" not in page  # another province
    assert 'type="tel"' in page


def test_commune_officer_needs_a_commune(app, client, login_as):
    login_as("admin")
    response = client.post("/admin/users/new", new_user_form(commune_code=""))
    assert response.status_code == 422
    assert "Nguyễn Thị Lan" in response.get_data(as_text=True)  # what was typed is kept
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User).where(User.username == "lan.nguyen")) == 0


def test_weak_and_mismatched_passwords_are_refused(client, login_as):
    login_as("admin")
    assert client.post("/admin/users/new", new_user_form(password="12345678", password_confirm="12345678")).status_code == 422
    assert client.post("/admin/users/new", new_user_form(password_confirm="something else")).status_code == 422


def test_duplicate_username_is_refused_clearly(client, login_as, app):
    login_as("admin")
    with app.app_context():
        create_user("commune", username="lan.nguyen")
    response = client.post("/admin/users/new", new_user_form())
    assert response.status_code == 422
    assert "đã có người dùng" in response.get_data(as_text=True).lower() or "đã được sử dụng" in response.get_data(as_text=True)


def test_unknown_role_or_commune_is_refused(client, login_as):
    login_as("admin")
    assert client.post("/admin/users/new", new_user_form(role="superuser")).status_code == 422
    assert client.post("/admin/users/new", new_user_form(commune_code="99999")).status_code == 422


def test_viewing_an_account_is_audited(app, client, login_as):
    login_as("admin")
    with app.app_context():
        target = create_user("commune")
    client.get(f"/admin/users/{target.id}")
    with app.app_context():
        views = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "view")).all()
        assert [(v.object_type, v.object_id) for v in views] == [("user", str(target.id))]
        assert target.full_name not in (views[0].detail or "")


def test_edit_conflict_keeps_the_later_version_and_says_so(app, client, login_as):
    login_as("admin")
    with app.app_context():
        target = create_user("commune", full_name="Trần Văn A")
    form = {"version": str(target.version), "full_name": "Trần Văn B", "phone": "", "role": "commune",
            "commune_code": COMMUNE_A, "agency_id": ""}
    assert client.post(f"/admin/users/{target.id}", form).status_code == 303
    stale = client.post(f"/admin/users/{target.id}", {**form, "full_name": "Trần Văn C"})
    assert stale.status_code == 409
    assert "người khác" in stale.get_data(as_text=True).lower()
    with app.app_context():
        assert db.session.get(User, target.id).full_name == "Trần Văn B"


def test_disabling_a_user_signs_them_out_everywhere(app, client, login_as):
    from tests.conftest import Browserish

    login_as("admin")
    with app.app_context():
        target = create_user("commune")
    theirs = Browserish(app)
    theirs.login(target.username)
    assert theirs.get("/").status_code == 200
    page = client.get(f"/admin/users/{target.id}").get_data(as_text=True)
    assert "data-confirm=" in page  # asks before disabling
    response = client.post(f"/admin/users/{target.id}/active", {"version": str(target.version)})
    assert response.status_code == 303
    assert theirs.get("/").status_code == 302
    assert theirs.login(target.username).status_code == 401


def test_admin_cannot_disable_themselves(app, client, login_as):
    admin = login_as("admin")
    response = client.post(f"/admin/users/{admin.id}/active", {"version": str(admin.version)})
    assert response.status_code == 422
    assert client.get("/").status_code == 200


def test_reset_password_sets_a_temporary_password(app, client, login_as):
    login_as("admin")
    with app.app_context():
        target = create_user("commune")
    assert client.post(f"/admin/users/{target.id}/password", {"password": GOOD_PASSWORD}).status_code == 303
    with app.app_context():
        user = db.session.get(User, target.id)
        assert verify_password(user.password_hash, GOOD_PASSWORD) and user.must_change_password
    weak = client.post(f"/admin/users/{target.id}/password", {"password": "123"})
    assert weak.status_code == 422


def test_user_list_filters_and_searches_without_putting_names_in_the_url(app, client, login_as):
    login_as("admin")
    with app.app_context():
        create_user("commune", full_name="Lê Thị Hoa")
        create_user("trainer", full_name="Phạm Văn Minh")
    page = client.post("/admin/users", {"q": "hoa"}, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "Lê Thị Hoa" in page and "Phạm Văn Minh" not in page
    by_role = client.post("/admin/users", {"role": "trainer"}).get_data(as_text=True)
    assert "Phạm Văn Minh" in by_role and "Lê Thị Hoa" not in by_role
    empty = client.post("/admin/users", {"q": "zzzz"}).get_data(as_text=True)
    assert "Không có tài khoản nào" in empty


def test_user_list_pages(app, client, login_as):
    login_as("admin")
    with app.app_context():
        for i in range(30):
            create_user("trainer", username=f"user{i:02d}")
    first = client.get("/admin/users").get_data(as_text=True)
    assert 'name="page" value="2"' in first
    second = client.post("/admin/users", {"page": "2"}).get_data(as_text=True)
    assert "user29" in second and "user00" not in second
