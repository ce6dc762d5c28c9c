"""Case search ignores diacritics and Unicode form; filters, order and pages behave."""
import unicodedata
from datetime import date, timedelta

import pytest

from tests import factories
from tests.factories import COMMUNE_B


@pytest.fixture
def officer_with_cases(app, login_as):
    officer = login_as("province")
    with app.app_context():
        commune_officer = factories.create_user("commune")
        for name, id_number, purpose, days in [
            ("Nguyễn Thị Lành", "087198001234", "scam_compound", 1),
            ("Trần Văn Đức", "", "forced_labour", 30),
            ("Lê Thị Ánh", "", "forced_marriage", 60),
            ("Phạm Thị An", "", "forced_marriage", 90),
        ]:
            factories.create_case(user=commune_officer, full_name=name, id_number=id_number, purposes=[purpose],
                                  reception_date=date.today() - timedelta(days=days))
    return officer


def names_in(page):
    return [n for n in ("Nguyễn Thị Lành", "Trần Văn Đức", "Lê Thị Ánh", "Phạm Thị An") if n in page]


@pytest.mark.parametrize("typed", [
    "nguyen", "Nguyễn", unicodedata.normalize("NFD", "Nguyễn"), "NGUYEN THI LANH", "lanh", "nguyen lanh",
    unicodedata.normalize("NFD", "lành"),
])
def test_name_search_ignores_diacritics_and_unicode_form(client, officer_with_cases, typed):
    page = client.post("/cases", {"q": typed}, headers={"HX-Request": "true"}).get_data(as_text=True)
    assert names_in(page) == ["Nguyễn Thị Lành"]


def test_search_by_d_with_stroke(client, officer_with_cases):
    for typed in ("duc", "Đức", "đuc"):
        page = client.post("/cases", {"q": typed}).get_data(as_text=True)
        assert names_in(page) == ["Trần Văn Đức"], typed


def test_search_by_code_and_id_number(app, client, officer_with_cases):
    code = f"DT-{date.today().year}-00001"
    assert names_in(client.post("/cases", {"q": code.lower()}).get_data(as_text=True)) == ["Nguyễn Thị Lành"]
    assert names_in(client.post("/cases", {"q": "087 198 001 234"}).get_data(as_text=True)) == ["Nguyễn Thị Lành"]


def test_search_terms_never_reach_the_url(client, officer_with_cases):
    response = client.post("/cases", {"q": "Nguyễn"}, headers={"HX-Request": "true"})
    assert "HX-Push-Url" not in response.headers and "Location" not in response.headers


def test_filters_by_purpose_status_and_period(client, officer_with_cases):
    marriage = client.post("/cases", {"purpose": "forced_marriage"}).get_data(as_text=True)
    assert sorted(names_in(marriage)) == ["Lê Thị Ánh", "Phạm Thị An"]
    recent = client.post("/cases", {"date_from": (date.today() - timedelta(days=40)).isoformat()}).get_data(as_text=True)
    assert sorted(names_in(recent)) == ["Nguyễn Thị Lành", "Trần Văn Đức"]
    assert names_in(client.post("/cases", {"status": "identified"}).get_data(as_text=True)) == []


def test_vietnamese_name_order(client, officer_with_cases):
    page = client.post("/cases", {"sort": "name"}).get_data(as_text=True)
    order = sorted(names_in(page), key=page.index)
    assert order == ["Phạm Thị An", "Lê Thị Ánh", "Trần Văn Đức", "Nguyễn Thị Lành"]


def test_filter_by_commune_for_the_province(app, client, officer_with_cases):
    with app.app_context():
        factories.create_case(full_name="Võ Thị Xa", commune_code=COMMUNE_B,
                              user=factories.create_user("commune", commune_code=COMMUNE_B))
    page = client.post("/cases", {"commune": COMMUNE_B}).get_data(as_text=True)
    assert "Võ Thị Xa" in page and names_in(page) == []


def test_empty_states(app, client, login_as):
    login_as("commune")
    assert "Tiếp nhận mới" in client.get("/cases").get_data(as_text=True)
    empty = client.post("/cases", {"q": "không có ai"}).get_data(as_text=True)
    assert "Không tìm thấy hồ sơ phù hợp" in empty


def test_bad_filter_input_gets_422_not_500(client, officer_with_cases):
    assert client.post("/cases", {"date_from": "hôm qua"}).status_code == 422
    assert client.post("/cases", {"q": "x" * 500}).status_code == 422
    assert client.post("/cases", {"q": "%_\\"}).status_code == 200
