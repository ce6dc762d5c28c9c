"""The person's rights: a copy of everything held, and erasure that keeps only anonymous facts."""
import json

from sqlalchemy import select

from tests import factories
from tests.cases.helpers import reception_post
from webapp.audit.models import AuditEvent
from webapp.cases.models import Case, Person
from webapp.extensions import db


def receive(client, **over):
    return client.post("/cases/new", reception_post(**over)).headers["Location"].rsplit("/", 1)[1]


def test_export_as_json_holds_everything_and_is_audited(app, client, login_as):
    login_as("commune")
    code = receive(client, full_name="Nguyễn Thị Lành", notes="Cần khám thai", children=[{"sex": "male", "age": 3}])
    response = client.post(f"/cases/{code}/export", {"format": "json"})
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == f'attachment; filename="{code}.json"'
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(response.get_data(as_text=True))
    assert data["person"]["full_name"] == "Nguyễn Thị Lành"
    assert data["cases"][0]["code"] == code and data["cases"][0]["notes"] == "Cần khám thai"
    assert data["cases"][0]["accompanying_children"] == [{"sex": "Nam", "age": 3}]
    assert [p["code"] for p in data["cases"][0]["purposes"]] == ["scam_compound"]
    with app.app_context():
        exports = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "export")).all()
        assert [(e.object_type, e.detail) for e in exports] == [("person", "json")]


def test_export_as_a_readable_document(client, login_as):
    login_as("commune")
    code = receive(client, full_name="Nguyễn Thị Lành")
    response = client.post(f"/cases/{code}/export", {"format": "html"})
    page = response.get_data(as_text=True)
    assert response.headers["Content-Disposition"].endswith(f'{code}.html"')
    assert "Nguyễn Thị Lành" in page and code in page and "<script" not in page


def test_export_is_not_possible_by_get(client, login_as):
    login_as("commune")
    code = receive(client)
    assert client.get(f"/cases/{code}/export").status_code == 405


def test_province_erases_identifying_data_and_statistics_facts_remain(app, client, login_as):
    with app.app_context():
        case = factories.create_case(full_name="Võ Thị Riêng", notes="ghi chú riêng", phone="0911222333")
        code = case.code
    login_as("province")
    assert client.post(f"/cases/{code}/erase", {"reason": "subject_request", "confirm": "wrong"}).status_code == 422
    assert client.post(f"/cases/{code}/erase", {"reason": "", "confirm": code}).status_code == 422
    assert client.post(f"/cases/{code}/erase", {"reason": "subject_request", "confirm": code}).status_code == 303
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.code == code))
        person = case.person
        assert person.full_name != "Võ Thị Riêng" and person.phone is None and person.id_number is None
        assert case.notes is None and person.anonymised_at is not None
        assert person.sex == "female" and person.birth_year == 1998 and case.tag_codes("purpose") == ["scam_compound"]
        audit = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "delete"))
        assert audit.detail == "anonymised:subject_request"
    assert "Võ Thị Riêng" not in client.get(f"/cases/{code}").get_data(as_text=True)
    assert client.post(f"/cases/{code}/erase", {"reason": "subject_request", "confirm": code}).status_code == 422


def test_commune_officer_cannot_erase(app, client, login_as):
    officer = login_as("commune")
    with app.app_context():
        code = factories.create_case(user=officer).code
    assert client.post(f"/cases/{code}/erase", {"reason": "subject_request", "confirm": code}).status_code == 403
    with app.app_context():
        assert db.session.scalar(select(Person.anonymised_at)) is None


def test_erased_person_is_no_longer_found_or_matched(app, client, login_as):
    with app.app_context():
        code = factories.create_case(full_name="Võ Thị Riêng").code
    login_as("province")
    client.post(f"/cases/{code}/erase", {"reason": "subject_request", "confirm": code})
    assert "Võ Thị Riêng" not in client.post("/cases", {"q": "rieng"}).get_data(as_text=True)
    assert code not in client.post("/cases", {"q": "087198001234"}).get_data(as_text=True)


def test_the_persons_copy_reads_as_a_vietnamese_document_and_holds_every_record_of_the_case(app, client, login_as):
    """Labels not keys, dd/mm/yyyy, country names, Có/Không; and protection, support, referrals and visits too."""
    from datetime import date, timedelta

    from tests.test_visible_text import raw_words

    officer = login_as("commune")
    with app.app_context():
        case = factories.create_case(user=officer, full_name="Nguyễn Thị Lành", birth_year=1998,
                                     exploitation_country="KH", consent_share=True)
        code = case.code
        factories.create_protection(case, status="in_place", start_on=date(2026, 3, 4))
        factories.create_support_event(case, given_on=date(2026, 3, 5), description="Gạo, quần áo")
        factories.create_referral(case, to_commune_code=factories.COMMUNE_B, reason="Cần học nghề")
        factories.create_followup(case, due_on=date(2026, 3, 9), done_on=date(2026, 3, 10), findings="Đã đi làm lại")
    response = client.post(f"/cases/{code}/export", {"format": "html"})
    page = response.get_data(as_text=True)
    assert raw_words(page, set()) == []
    for words in ("Họ và tên", "Nguyễn Thị Lành", "Campuchia", "04/03/2026", "05/03/2026", "Gạo, quần áo",
                  "Cần học nghề", "Xã Thường Phước", "Đã đi làm lại", "10/03/2026", "Nơi thường trú"):
        assert words in page, words
    assert (date.today() - timedelta(days=1)).strftime("%d/%m/%Y") in page  # the reception date
    data = json.loads(client.post(f"/cases/{code}/export", {"format": "json"}).get_data(as_text=True))
    held = data["cases"][0]
    assert held["protection"][0]["from"] == "2026-03-04"
    assert held["support"][0]["given_on"] == "2026-03-05"
    assert held["referrals"][0]["reason"] == "Cần học nghề"
    assert held["follow_up_visits"][0]["findings"] == "Đã đi làm lại"
