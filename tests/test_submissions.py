"""The submission contract: one browser-made UUID, one record, however often and however fast it is sent."""
import threading
import uuid

from sqlalchemy import func, select

from tests.conftest import Browserish
from webapp.extensions import db
from webapp.models import Agency, Submission


def agency_form(sid, **over):
    data = {"submission_id": sid, "name": "Bệnh viện Sa Đéc", "code": "bv-sa-dec", "kind": "hospital",
            "commune_code": "", "phone": "0277 3861 234", "active": "y"}
    data.update(over)
    return data


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_same_uuid_twice_gives_one_record_and_the_same_answer(app, client, login_as):
    login_as("admin")
    sid = str(uuid.uuid4())
    first = client.post("/admin/agencies/new", agency_form(sid))
    second = client.post("/admin/agencies/new", agency_form(sid))
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert first.headers["Sen-Submission"] == "created"
    assert second.headers["Sen-Submission"] == "replayed"
    with app.app_context():
        assert count(Agency) == 1
        assert count(Submission) == 1


def test_same_uuid_with_different_content_is_a_conflict(app, client, login_as):
    login_as("admin")
    sid = str(uuid.uuid4())
    client.post("/admin/agencies/new", agency_form(sid))
    response = client.post("/admin/agencies/new", agency_form(sid, name="Bệnh viện khác"))
    assert response.status_code == 409
    assert "Chưa có dữ liệu nào được lưu" in response.get_data(as_text=True) or "Không" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Agency.name)) == "Bệnh viện Sa Đéc"


def test_missing_or_malformed_uuid_is_refused_and_nothing_saved(app, client, login_as):
    login_as("admin")
    for bad in ("", "not-a-uuid", "12345", "' OR 1=1 --"):
        response = client.post("/admin/agencies/new", agency_form(bad))
        assert response.status_code == 400, bad
    with app.app_context():
        assert count(Agency) == 0


def test_uuid_of_invalid_form_can_be_reused_after_correction(app, client, login_as):
    login_as("admin")
    sid = str(uuid.uuid4())
    invalid = client.post("/admin/agencies/new", agency_form(sid, name=""))
    assert invalid.status_code == 422
    assert "bv-sa-dec" in invalid.get_data(as_text=True)  # what was typed is kept
    assert client.post("/admin/agencies/new", agency_form(sid)).status_code == 303
    with app.app_context():
        assert count(Agency) == 1


def test_two_racing_requests_with_one_uuid_create_one_record(app, login_as):
    login_as("admin")  # creates the admin; each thread signs in with its own browser
    with app.app_context():
        from webapp.auth.models import User

        username = db.session.scalar(select(User.username).where(User.role == "admin"))
    sid = str(uuid.uuid4())
    clients = [Browserish(app) for _ in range(4)]
    for c in clients:
        assert c.login(username).status_code == 303
    tokens = [c.csrf() for c in clients]
    barrier = threading.Barrier(len(clients))
    results = []

    def send(c, token):
        barrier.wait()
        results.append(c.post("/admin/agencies/new", {**agency_form(sid), "csrf_token": token}))

    threads = [threading.Thread(target=send, args=pair) for pair in zip(clients, tokens)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r.status_code for r in results) == [303] * 4
    assert sorted(r.headers["Sen-Submission"] for r in results) == ["created"] + ["replayed"] * 3
    with app.app_context():
        assert count(Agency) == 1


def test_a_uuid_used_for_one_kind_cannot_create_another_kind(app, client, login_as):
    login_as("admin")
    sid = str(uuid.uuid4())
    client.post("/admin/agencies/new", agency_form(sid))
    response = client.post("/admin/users/new", {"submission_id": sid, "username": "lan", "full_name": "Lan",
                                                "role": "trainer", "password": "lúa chín vàng bên sông Tiền",
                                                "password_confirm": "lúa chín vàng bên sông Tiền"})
    assert response.status_code == 409


def test_one_uuid_from_two_accounts_is_two_submissions(app, login_as):
    """Another account reusing an id gets its own record, never the first account's location or a 409."""
    with app.app_context():
        from tests import factories

        first, second = (factories.create_user("admin").username for _ in range(2))
    sid = str(uuid.uuid4())
    one, two = Browserish(app), Browserish(app)
    assert one.login(first).status_code == 303 and two.login(second).status_code == 303
    mine = one.post("/admin/agencies/new", agency_form(sid))
    theirs = two.post("/admin/agencies/new", agency_form(sid, name="Bệnh viện Tháp Mười", code="bv-thap-muoi"))
    assert mine.status_code == theirs.status_code == 303
    assert theirs.headers["Sen-Submission"] == "created"
    again = two.post("/admin/agencies/new", agency_form(sid, name="Bệnh viện Tháp Mười", code="bv-thap-muoi"))
    assert again.headers["Sen-Submission"] == "replayed"
    with app.app_context():
        assert sorted(db.session.scalars(select(Agency.code))) == ["bv-sa-dec", "bv-thap-muoi"]
        assert count(Submission) == 2
