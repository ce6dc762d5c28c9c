"""Lists of places and countries in Vietnamese alphabetical order of the name as written (a ă â b c d đ e ê …)."""
import re

from tests import factories
from tests.factories import PROVINCE
from webapp.extensions import db
from webapp.places.models import AdminUnit
from webapp.text import text_key

COMMUNES = [("90001", "commune", "An Long", "Xã An Long"), ("90002", "commune", "Bình Thành", "Xã Bình Thành"),
            ("90003", "commune", "Đốc Binh Kiều", "Xã Đốc Binh Kiều"), ("90004", "commune", "Mỹ An", "Xã Mỹ An"),
            ("90005", "ward", "Ấp Bắc", "Phường Ấp Bắc")]
IN_ORDER = ["Phường Ấp Bắc", "Phường Cao Lãnh", "Xã An Long", "Xã Bình Thành", "Xã Đốc Binh Kiều", "Xã Mỹ An",
            "Xã Thường Phước"]


def test_text_key_orders_vietnamese_letters_and_tones_word_by_word():
    words = ["Hà Nội", "Đồng Tháp", "Bắc Ninh", "An Giang", "Đà Nẵng", "Cà Mau", "Bạc Liêu", "Ấn Độ", "Anh",
             "Ai Cập", "Dương", "Cần Thơ", "Cao Bằng", "Ba", "Bà", "Bá", "Bả", "Bã", "Bạ"]
    assert sorted(words, key=text_key) == [
        "Ai Cập", "An Giang", "Anh", "Ấn Độ", "Ba", "Bà", "Bả", "Bã", "Bá", "Bạ", "Bạc Liêu", "Bắc Ninh",
        "Cà Mau", "Cao Bằng", "Cần Thơ", "Dương", "Đà Nẵng", "Đồng Tháp", "Hà Nội"]
    assert text_key("đồng tháp") == text_key("Đồng  Tháp")


def _add_communes(app):
    with app.app_context():
        for code, type_, name, full_name in COMMUNES:
            db.session.add(AdminUnit(code=code, type=type_, name=name, full_name=full_name, name_en=name,
                                     parent_code=PROVINCE))
        db.session.add(AdminUnit(code="96", type="province", name="Cà Mau", full_name="Tỉnh Cà Mau",
                                 name_en="Ca Mau"))
        db.session.add(AdminUnit(code="92", type="province", name="Cần Thơ", full_name="Thành phố Cần Thơ",
                                 name_en="Can Tho"))
        db.session.commit()


def test_commune_and_province_choices_follow_the_name_as_written(app):
    from webapp.cases.choices import communes_of, provinces
    from webapp.places.services import home_communes

    _add_communes(app)
    with app.test_request_context():
        assert [name for _code, name in communes_of(PROVINCE)] == IN_ORDER
        assert [u.full_name for u in home_communes(PROVINCE)] == IN_ORDER
        names = [name for _code, name in provinces()]
        assert names == sorted(names, key=text_key)
        assert names.index("Thành phố Cần Thơ") < names.index("Thành phố Hà Nội") < names.index("Tỉnh Cà Mau")


def test_the_places_list_follows_the_name_as_written(app, client, login_as):
    _add_communes(app)
    login_as("admin")
    page = client.get("/admin/places").get_data(as_text=True)
    shown = re.findall(r'<li class="row"><strong>([^<]+)</strong>', page)
    assert shown == IN_ORDER


def test_countries_after_the_frequent_ones_follow_the_name_as_written(app):
    from webapp.cases.choices import FREQUENT_COUNTRIES, countries

    with app.test_request_context(headers={"Cookie": "lang=vi"}):
        rest = [name for code, name in countries() if code not in FREQUENT_COUNTRIES]
    assert rest == sorted(rest, key=text_key)
    assert rest.index("Ai Cập") < rest.index("Ấn Độ") < rest.index("Đan Mạch") < rest.index("Đức") < \
        rest.index("Séc") < rest.index("Vương quốc Anh")


def test_agencies_follow_the_name_as_written(app, client, login_as):
    with app.app_context():
        for name in ("Trung tâm Đông Hòa", "Trung tâm Bảo trợ", "Công an tỉnh", "Đồn biên phòng", "Bệnh viện"):
            factories.create_agency(name=name)
    login_as("admin")
    page = client.get("/admin/agencies").get_data(as_text=True)
    shown = re.findall(r'<strong>([^<]+)</strong></a>', page)
    assert shown == ["Bệnh viện", "Công an tỉnh", "Đồn biên phòng", "Trung tâm Bảo trợ", "Trung tâm Đông Hòa"]
