"""The administrator keeps the list of agencies."""
import uuid

from sqlalchemy import select

from webapp.extensions import db
from webapp.places.models import Agency


def form(**over):
    data = {"submission_id": str(uuid.uuid4()), "name": "Công an xã Thường Phước", "code": "ca-thuong-phuoc",
            "kind": "police", "commune_code": "29971", "phone": "", "active": "y"}
    data.update(over)
    return data


def test_admin_adds_and_edits_an_agency(app, client, login_as):
    login_as("admin")
    assert client.post("/admin/agencies/new", form()).status_code == 303
    listing = client.get("/admin/agencies").get_data(as_text=True)
    assert "Công an xã Thường Phước" in listing and "Đã thêm cơ quan" in listing or "Công an xã Thường Phước" in listing
    with app.app_context():
        agency = db.session.scalar(select(Agency))
    edit = {k: v for k, v in form(name="Công an xã Thường Phước (mới)", version=str(agency.version)).items()
            if k != "submission_id"}
    assert client.post(f"/admin/agencies/{agency.id}", edit).status_code == 303
    stale = client.post(f"/admin/agencies/{agency.id}", edit)
    assert stale.status_code == 409
    with app.app_context():
        assert db.session.get(Agency, agency.id).name == "Công an xã Thường Phước (mới)"


def test_duplicate_code_and_bad_kind_are_refused(app, client, login_as):
    login_as("admin")
    client.post("/admin/agencies/new", form())
    duplicate = client.post("/admin/agencies/new", form(name="Khác"))
    assert duplicate.status_code == 422
    assert client.post("/admin/agencies/new", form(code="x2", kind="army")).status_code == 422
    assert client.post("/admin/agencies/new", form(code="x3", name="a" * 300)).status_code == 422
    with app.app_context():
        assert len(db.session.scalars(select(Agency)).all()) == 1


def test_agency_list_filters_by_kind_and_shows_an_empty_state(client, login_as):
    login_as("admin")
    client.post("/admin/agencies/new", form())
    hospitals = client.post("/admin/agencies", {"kind": "hospital"}).get_data(as_text=True)
    assert "Công an xã" not in hospitals and "Chưa có cơ quan" in hospitals


def test_setup_creates_the_core_agencies_once(app):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["setup"]).exit_code == 0
    assert runner.invoke(args=["setup"]).exit_code == 0
    with app.app_context():
        codes = db.session.scalars(select(Agency.code)).all()
    assert len(codes) == len(set(codes)) >= 10
    assert "dbp-dinh-ba" in codes and "ttbtxh-tien-giang" in codes
