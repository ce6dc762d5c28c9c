"""Reception → verification → identification → edit conflict → linking a repeat person."""
from datetime import date, timedelta

from sqlalchemy import select

from tests import factories
from tests.cases.helpers import reception_post
from webapp.cases.models import Case, Person
from webapp.extensions import db


def _case(app, code):
    """The case as saved now, with what the assertions read loaded before the session closes."""
    from sqlalchemy.orm import selectinload

    with app.app_context():
        return db.session.scalar(select(Case).where(Case.code == code).options(
            selectinload(Case.person), selectinload(Case.events), selectinload(Case.consents),
            selectinload(Case.tags)))


def receive(client, **over):
    response = client.post("/cases/new", reception_post(**over))
    assert response.status_code == 303, response.get_data(as_text=True)[:300]
    return response.headers["Location"].rsplit("/", 1)[1]


def status_form(case, **over):
    data = {"version": str(case.version), "status": "identified", "identification_doc_number": "123/QĐ-CA",
            "identification_date": (date.today() - timedelta(days=1)).isoformat(),
            "identification_issuer": "Công an tỉnh Đồng Tháp", "legal_regime": ""}
    data.update(over)
    return data


def test_identification_needs_the_confirming_document(app, client, login_as):
    login_as("commune")
    code = receive(client)
    case = _case(app, code)
    refused = client.post(f"/cases/{code}/status", status_form(case, identification_doc_number=""))
    assert refused.status_code == 422
    assert _case(app, code).status == "being_verified"
    assert client.post(f"/cases/{code}/status", status_form(case)).status_code == 303
    case = _case(app, code)
    assert case.status == "identified" and case.legal_regime == "2024"
    assert case.identification_issuer == "Công an tỉnh Đồng Tháp"
    page = client.get(f"/cases/{code}").get_data(as_text=True)
    assert "123/QĐ-CA" in page


def test_identified_before_july_2025_stays_under_the_2011_law(app, client, login_as):
    login_as("commune")
    code = receive(client, reception_date=date(2025, 3, 1))
    case = _case(app, code)
    client.post(f"/cases/{code}/status", status_form(case, identification_date="2025-03-04"))
    assert _case(app, code).legal_regime == "2011"
    case = _case(app, code)
    client.post(f"/cases/{code}/status", status_form(case, identification_date="2025-03-04", legal_regime="2024"))
    corrected = _case(app, code)
    assert corrected.legal_regime == "2024" and corrected.legal_regime_corrected


def test_not_a_victim_clears_the_identification(app, client, login_as):
    login_as("commune")
    code = receive(client)
    client.post(f"/cases/{code}/status", status_form(_case(app, code)))
    client.post(f"/cases/{code}/status", status_form(_case(app, code), status="not_victim"))
    case = _case(app, code)
    assert case.status == "not_victim" and case.identification_doc_number is None


def test_overdue_verification_stands_out(app, client, login_as):
    login_as("commune")
    late = receive(client, full_name="Đỗ Thị Trễ", reception_date=date.today() - timedelta(days=5))
    receive(client, full_name="Lê Thị Mới", reception_date=date.today())
    listing = client.get("/cases").get_data(as_text=True)
    assert listing.count("badge-late") == 1
    only_late = client.post("/cases", {"overdue": "y"}).get_data(as_text=True)
    assert "Đỗ Thị Trễ" in only_late and "Lê Thị Mới" not in only_late
    assert "overdue" in client.get(f"/cases/{late}").get_data(as_text=True) or "quá hạn" in client.get(f"/cases/{late}").get_data(as_text=True)


def edit_form(client, code):
    """The edit form's current values, as the browser would send them back."""
    import re

    page = client.get(f"/cases/{code}/edit").get_data(as_text=True)
    data = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page):
        if 'type="radio"' not in name:
            data.setdefault(name, value)
    for select_name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.findall(r'<option selected value="([^"]*)"|<option value="([^"]*)" selected', body)
        data[select_name] = next((a or b for a, b in chosen), "")
    for name, value in re.findall(r'<input[^>]*checked[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page) + \
            re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"[^>]*checked', page):
        data.setdefault("__multi", {}).setdefault(name, []).append(value)
    for name, values in data.pop("__multi", {}).items():
        data[name] = values if len(values) > 1 or name in ("purposes", "needs", "risk_flags", "recruitment", "control") else values[0]
    data.pop("csrf_token", None)
    return data


def test_edit_conflict_tells_the_second_officer_and_loses_nothing(app, client, login_as):
    from tests.conftest import Browserish

    officer = login_as("commune")
    code = receive(client, full_name="Nguyễn Thị Lan")
    other = Browserish(app)
    other.login(officer.username)
    first = edit_form(client, code)
    second = edit_form(other, code)
    assert client.post(f"/cases/{code}/edit", {**first, "phone": "0900000001"}).status_code == 303
    late = other.post(f"/cases/{code}/edit", {**second, "current_address": "Ấp Mới, xã Thường Phước"})
    assert late.status_code == 409
    page = late.get_data(as_text=True)
    assert "Ấp Mới, xã Thường Phước" in page  # what the second officer typed is still in the form
    assert _case(app, code).person.phone == "0900000001"  # the first save stands
    resent = edit_form_from_page(page)
    assert other.post(f"/cases/{code}/edit", resent).status_code == 303
    case = _case(app, code)
    assert case.person.current_address == "Ấp Mới, xã Thường Phước"
    assert [e.kind for e in case.events].count("edited") == 2


def edit_form_from_page(page):
    import re

    data = {n: v for n, v in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page)
            if n not in ("csrf_token", "sex")}
    data["sex"] = "female"
    for select_name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.findall(r'<option selected value="([^"]*)"|<option value="([^"]*)" selected', body)
        data[select_name] = next((a or b for a, b in chosen), "")
    data["arrival_route"] = data.get("arrival_route") or "foreign_handover"
    return data


def test_timeline_shows_each_step_with_who(app, client, login_as):
    officer = login_as("commune", full_name="Cán bộ Hạnh")
    code = receive(client)
    client.post(f"/cases/{code}/status", status_form(_case(app, code)))
    client.post(f"/cases/{code}/consent", {"kind": "share", "given": "yes", "on_date": date.today().isoformat()})
    case = _case(app, code)
    assert [e.kind for e in case.events] == ["received", "status_changed", "consent_given"]
    assert case.has_consent("share")
    page = client.get(f"/cases/{code}").get_data(as_text=True)
    assert page.count("Cán bộ Hạnh") >= 3 and officer.id


def test_consent_can_be_withdrawn_and_history_is_kept(app, client, login_as):
    login_as("commune")
    code = receive(client)
    client.post(f"/cases/{code}/consent", {"kind": "statistics", "given": "no", "on_date": date.today().isoformat()})
    case = _case(app, code)
    assert not case.has_consent("statistics")
    assert [c.given for c in case.consents if c.kind == "statistics"] == [True, False]
    future = client.post(f"/cases/{code}/consent", {"kind": "statistics", "given": "yes",
                                                    "on_date": (date.today() + timedelta(days=3)).isoformat()})
    assert future.status_code == 422


def test_repeat_person_is_found_and_linked(app, client, login_as):
    login_as("commune")
    first = receive(client, full_name="Nguyễn Thị Lan", id_number="087198001234",
                    reception_date=date.today() - timedelta(days=400))
    second = receive(client, full_name="NGUYEN THI LAN", id_number="087-198-001-234")
    page = client.get(f"/cases/{second}").get_data(as_text=True)
    assert first in page  # offered as a possible match
    assert client.post(f"/cases/{second}/link", {"other": first}).status_code == 303
    with app.app_context():
        a = db.session.scalar(select(Case).where(Case.code == first))
        b = db.session.scalar(select(Case).where(Case.code == second))
        assert a.person_id == b.person_id
        assert db.session.scalar(select(db.func.count()).select_from(Person)) == 1
    again = client.post(f"/cases/{second}/link", {"other": first})
    assert again.status_code == 422


def test_matching_by_name_birth_year_and_home(app, client, login_as):
    login_as("commune")
    first = receive(client, full_name="Trần Thị Mai", id_number="", birth_year=1995)
    receive(client, full_name="Tran Thi Mai", id_number="", birth_year=1996)
    receive(client, full_name="Tran Thi Mai", id_number="", birth_year=1980)  # too far apart
    with app.app_context():
        from webapp.cases.access import visible_cases
        from webapp.cases.services import possible_matches

        case = db.session.scalar(select(Case).where(Case.code == first))
        user = factories.create_user("province")
        matches = possible_matches(case.person, visible_cases(user))
        assert [m.person.birth_year for m in matches] == [1996]


def test_the_timeline_names_every_changed_field_in_words(app, client, login_as):
    """An age estimated instead of a birth year changes `birth_year_estimated`: the timeline says it in words."""
    from tests.cases.helpers import reception_post as post
    from tests.test_visible_text import raw_words

    login_as("commune")
    code = receive(client, birth_year="1998")
    case = _case(app, code)
    edit = post(birth_year="", estimated_age="30", full_name="Nguyễn Thị Lan Anh")
    edit.pop("submission_id", None)
    edit["version"] = str(case.version)
    assert client.post(f"/cases/{code}/edit", edit).status_code == 303
    page = client.get(f"/cases/{code}").get_data(as_text=True)
    timeline = page[page.index('id="timeline"'):]
    assert raw_words(timeline, set()) == []
    assert "Họ và tên" in timeline
