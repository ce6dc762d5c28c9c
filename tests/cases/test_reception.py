"""Recording a reception over HTTP: everything typed is kept, bad input is refused whole."""
import unicodedata
import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from tests.cases.helpers import reception_post
from tests.factories import COMMUNE_A, COMMUNE_B
from webapp.audit.models import AuditEvent
from webapp.cases.models import Case, Person
from webapp.extensions import db


def cases_count(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Case))


def test_officer_records_a_reception_and_every_field_is_kept(app, client, login_as):
    login_as("commune")
    data = reception_post(full_name="Nguyễn Thị Lành", other_names="Bé Ba", current_address="Ấp Tân Hòa, số 12",
                          children=[{"sex": "male", "age": 4}, {"sex": "female", "age": 1}],
                          purposes=["scam_compound", "forced_labour"], risk_flags=["pregnant"])
    response = client.post("/cases/new", data)
    assert response.status_code == 303
    code = response.headers["Location"].rsplit("/", 1)[1]
    assert code == f"DT-{date.today().year}-00001"
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.code == code))
        person = case.person
        assert (person.full_name, person.other_names, person.current_address) == (
            "Nguyễn Thị Lành", "Bé Ba", "Ấp Tân Hòa, số 12")
        assert person.birth_year == 1998 and person.id_number == "087198001234"
        assert person.home_commune_code == COMMUNE_B and case.commune_code == COMMUNE_A
        assert case.status == "being_verified" and case.legal_regime == "2024"
        assert case.verification_due == case.reception_date + timedelta(days=3)
        assert case.tag_codes("purpose") == ["forced_labour", "scam_compound"]
        assert case.tag_codes("risk_flag") == ["pregnant"]
        assert sorted((c.sex, c.age) for c in case.children) == [("female", 1), ("male", 4)]
        assert case.has_consent("support") and not case.has_consent("share") and case.has_consent("statistics")
        assert [e.kind for e in case.events] == ["received"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Nguyễn Thị Lành" in page and code in page


def test_same_submission_twice_gives_one_case(app, client, login_as):
    login_as("commune")
    data = reception_post()
    first, second = client.post("/cases/new", data), client.post("/cases/new", data)
    assert first.headers["Location"] == second.headers["Location"]
    assert cases_count(app) == 1


def test_case_codes_are_sequential_and_reveal_nothing(app, client, login_as):
    login_as("commune")
    codes = [client.post("/cases/new", reception_post()).headers["Location"].rsplit("/", 1)[1] for _ in range(3)]
    year = date.today().year
    assert codes == [f"DT-{year}-00001", f"DT-{year}-00002", f"DT-{year}-00003"]


def test_no_personal_data_in_urls_or_audit(app, client, login_as):
    login_as("commune")
    response = client.post("/cases/new", reception_post(full_name="Trần Thị Bí Mật"))
    location = response.headers["Location"]
    client.get(location)
    assert "Bí" not in location and "087198001234" not in location
    with app.app_context():
        dump = " ".join(f"{e.object_id} {e.detail}" for e in db.session.scalars(select(AuditEvent)))
    assert "Bí Mật" not in dump and "087198001234" not in dump


BAD_INPUT = [
    ("reception in the future", {"reception_date": date.today() + timedelta(days=2)}),
    ("birth after reception", {"birth_date": date.today(), "birth_year": None,
                               "reception_date": date.today() - timedelta(days=5)}),
    ("impossible birth year", {"birth_year": 1850}),
    ("impossible age", {"birth_year": None, "estimated_age": 140}),
    ("negative age", {"birth_year": None, "estimated_age": -3}),
    ("return before departure", {"departed_on": date.today() - timedelta(days=10),
                                 "returned_on": date.today() - timedelta(days=20)}),
    ("over-long name", {"full_name": "A" * 500}),
    ("over-long notes", {"notes": "x" * 5000}),
    ("unknown purpose", {"purposes": ["alien_abduction"]}),
    ("unknown ethnicity", {"ethnicity": "99"}),
    ("unknown country", {"exploitation_country": "XX"}),
    ("unknown sex", {"sex": "robot"}),
    ("child aged 30", {"children": [{"sex": "male", "age": 30}]}),
    ("handover without gate", {"border_gate": None}),
    ("missing name", {"full_name": ""}),
    ("bad phone", {"phone": "call me maybe"}),
    ("not a date", {"reception_date": "31/02/2026"}),
]


@pytest.mark.parametrize("label, over", BAD_INPUT, ids=[b[0] for b in BAD_INPUT])
def test_bad_input_is_refused_with_a_message_and_nothing_saved(app, client, login_as, label, over):
    login_as("commune")
    data = reception_post(**over)
    if label == "not a date":
        data["reception_date"] = "31/02/2026"
    response = client.post("/cases/new", data)
    assert response.status_code == 422, label
    page = response.get_data(as_text=True)
    assert 'class="error"' in page or 'class="alert"' in page
    assert cases_count(app) == 0


@pytest.mark.parametrize("bad_id", ["", "abc", "00000000-0000-0000-0000-00000000000Z", "<script>"])
def test_malformed_submission_id_is_refused(app, client, login_as, bad_id):
    login_as("commune")
    response = client.post("/cases/new", reception_post(submission_id=bad_id or "missing") | {"submission_id": bad_id})
    assert response.status_code == 400
    assert cases_count(app) == 0


def test_script_and_htmx_attributes_typed_into_text_are_inert(app, client, login_as):
    login_as("commune")
    nasty = '<script>alert(1)</script><div hx-get="/admin/users" hx-trigger="load">x</div>'
    response = client.post("/cases/new", reception_post(other_names=nasty, notes=nasty))
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<script>alert(1)" not in page and '<div hx-get="/admin/users"' not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_invalid_form_keeps_what_was_typed(client, login_as):
    login_as("commune")
    response = client.post("/cases/new", reception_post(full_name="Phạm Thị Hồng", birth_year=1850))
    page = response.get_data(as_text=True)
    assert 'value="Phạm Thị Hồng"' in page and 'value="1850"' in page


def test_commune_officer_cannot_record_for_another_commune(app, client, login_as):
    login_as("commune")
    assert client.post("/cases/new", reception_post(commune_code=COMMUNE_B)).status_code == 422
    assert cases_count(app) == 0


def test_province_officer_records_for_any_commune(app, client, login_as):
    login_as("province")
    assert client.post("/cases/new", reception_post(commune_code=COMMUNE_B)).status_code == 303
    assert client.post("/cases/new", reception_post(commune_code="")).status_code == 422


def test_decomposed_unicode_is_stored_composed(app, client, login_as):
    login_as("commune")
    client.post("/cases/new", reception_post(full_name=unicodedata.normalize("NFD", "Nguyễn Thị Lành")))
    with app.app_context():
        assert db.session.scalar(select(Person.full_name)) == "Nguyễn Thị Lành"


def test_reception_form_fits_a_phone_keyboard(client, login_as):
    login_as("commune")
    page = client.get("/cases/new").get_data(as_text=True)
    assert 'type="date"' in page and 'type="tel"' in page and 'inputmode="numeric"' in page
    assert "data-steps" in page and 'name="submission_id"' in page
    assert str(uuid.UUID(int=0)) not in page
