"""Choosing and changing passwords."""

from tests.factories import PASSWORD, create_user
from webapp.auth.models import User
from webapp.auth.passwords import hash_password, password_problem, verify_password
from webapp.extensions import db


def test_passwords_are_hashed_with_argon2id():
    assert hash_password("a long enough passphrase").startswith("$argon2id$")


def test_short_and_common_passwords_are_refused(app):
    with app.test_request_context():
        assert password_problem("short")
        assert password_problem("password123")
        assert password_problem("1234567890")
        assert password_problem("qwertyuiop")
        assert password_problem("lúa chín vàng bên sông Tiền") is None


def test_user_changes_own_password(app, client, login_as):
    user = login_as("commune")
    response = client.post("/account/password", {"current_password": PASSWORD,
                                                  "new_password": "sông Tiền mùa nước nổi",
                                                  "confirm": "sông Tiền mùa nước nổi"})
    assert response.status_code == 303
    with app.app_context():
        assert verify_password(db.session.get(User, user.id).password_hash, "sông Tiền mùa nước nổi")
    assert client.get("/").status_code == 200  # still signed in on this device


def test_weak_new_password_is_refused_with_a_message_and_kept_out(app, client, login_as):
    user = login_as("commune")
    response = client.post("/account/password", {"current_password": PASSWORD, "new_password": "12345678",
                                                  "confirm": "12345678"})
    assert response.status_code == 422
    assert 'aria-invalid="true"' in response.get_data(as_text=True)
    with app.app_context():
        assert verify_password(db.session.get(User, user.id).password_hash, PASSWORD)


def test_wrong_current_password_is_refused(client, login_as):
    login_as("commune")
    response = client.post("/account/password", {"current_password": "nope-nope-nope",
                                                  "new_password": "sông Tiền mùa nước nổi",
                                                  "confirm": "sông Tiền mùa nước nổi"})
    assert response.status_code == 422


def test_temporary_password_must_be_changed_before_anything_else(client, ctx):
    create_user("commune", username="lan", must_change_password=True)
    response = client.login("lan")
    assert response.headers["Location"].endswith("/account/password")
    assert client.get("/").headers["Location"].endswith("/account/password")


def test_changing_password_signs_out_other_devices(app, client, login_as):
    from tests.conftest import Browserish

    user = login_as("commune")
    other = Browserish(app)
    other.login(user.username)
    assert other.get("/").status_code == 200
    client.post("/account/password", {"current_password": PASSWORD, "new_password": "sông Tiền mùa nước nổi",
                                      "confirm": "sông Tiền mùa nước nổi"})
    assert other.get("/").status_code == 302
    assert client.get("/").status_code == 200
