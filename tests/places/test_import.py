"""Importing the national list of administrative units from CSV."""
from pathlib import Path

import pytest
from sqlalchemy import func, select

from webapp.extensions import db
from webapp.places.models import AdminUnit

NATIONAL_FILE = Path(__file__).resolve().parents[3] / "shared" / "data" / "vn-admin-units-2026.csv"
HEADER = "code,type,name,full_name,name_en,parent_code\n"


def run_import(app, path):
    return app.test_cli_runner().invoke(args=["places", "import", str(path)])


def unit_count(app, parent=None):
    with app.app_context():
        stmt = select(func.count()).select_from(AdminUnit)
        if parent:
            stmt = stmt.where(AdminUnit.parent_code == parent)
        return db.session.scalar(stmt)


@pytest.fixture
def empty_app(make_app):
    return make_app()


@pytest.mark.skipif(not NATIONAL_FILE.exists(), reason="the national file lives in ../shared/data")
def test_national_file_imports_every_unit_once(empty_app):
    result = run_import(empty_app, NATIONAL_FILE)
    assert result.exit_code == 0, result.output
    assert "3355" in result.output
    assert unit_count(empty_app) == 3355
    assert unit_count(empty_app, "82") == 102
    with empty_app.app_context():
        types = dict(db.session.execute(select(AdminUnit.type, func.count()).where(AdminUnit.parent_code == "82")
                                        .group_by(AdminUnit.type)).all())
        assert types == {"commune": 82, "ward": 20}
        assert db.session.get(AdminUnit, "29971").full_name == "Xã Thường Phước"
    again = run_import(empty_app, NATIONAL_FILE)
    assert again.exit_code == 0
    assert "0" in again.output and unit_count(empty_app) == 3355


def test_changed_names_are_updated_and_reported(empty_app, tmp_path):
    first = tmp_path / "a.csv"
    first.write_text(HEADER + "82,province,Đồng Tháp,Tỉnh Đồng Tháp,Dong Thap,\n"
                     "29869,ward,Cao Lãnh,Phường Cao Lãnh,Cao Lanh,82\n", encoding="utf-8")
    assert run_import(empty_app, first).exit_code == 0
    second = tmp_path / "b.csv"
    second.write_text(HEADER + "82,province,Đồng Tháp,Tỉnh Đồng Tháp,Dong Thap,\n"
                      "29869,ward,Cao Lãnh Mới,Phường Cao Lãnh Mới,Cao Lanh Moi,82\n"
                      "29971,commune,Thường Phước,Xã Thường Phước,Thuong Phuoc,82\n", encoding="utf-8")
    result = run_import(empty_app, second)
    assert result.exit_code == 0
    assert "29869" in result.output  # the changed code is named
    with empty_app.app_context():
        assert db.session.get(AdminUnit, "29869").name == "Cao Lãnh Mới"
    assert unit_count(empty_app) == 3


def test_decomposed_unicode_is_stored_composed(empty_app, tmp_path):
    import unicodedata

    path = tmp_path / "nfd.csv"
    path.write_text(HEADER + unicodedata.normalize("NFD", "82,province,Đồng Tháp,Tỉnh Đồng Tháp,Dong Thap,\n"),
                    encoding="utf-8")
    assert run_import(empty_app, path).exit_code == 0
    with empty_app.app_context():
        assert db.session.get(AdminUnit, "82").name == "Đồng Tháp"


@pytest.mark.parametrize("content, fragment", [
    ("code;type;name\n82;province;Đồng Tháp\n", "dòng 1"),
    (HEADER + "82,province,Đồng Tháp,Tỉnh Đồng Tháp\n", "dòng 2"),
    (HEADER + "82,kingdom,Đồng Tháp,Tỉnh Đồng Tháp,Dong Thap,\n", "kingdom"),
    (HEADER + "29869,ward,Cao Lãnh,Phường Cao Lãnh,Cao Lanh,99\n", "99"),
    (HEADER + "8x,province,Đồng Tháp,Tỉnh Đồng Tháp,Dong Thap,\n", "8x"),
    (HEADER + "82,province,A,B,C,\n82,province,A,B,C,\n", "82"),
    (HEADER, ""),
])
def test_malformed_file_is_rejected_and_nothing_changes(empty_app, tmp_path, content, fragment):
    good = tmp_path / "good.csv"
    good.write_text(HEADER + "01,province,Hà Nội,Thành phố Hà Nội,Hanoi,\n", encoding="utf-8")
    run_import(empty_app, good)
    bad = tmp_path / "bad.csv"
    bad.write_text(content + "02,province,Mới,Tỉnh Mới,New,\n" if content != HEADER else content, encoding="utf-8")
    result = run_import(empty_app, bad)
    assert result.exit_code == 1
    assert "không có dữ liệu nào bị thay đổi" in result.output
    assert fragment in result.output
    assert unit_count(empty_app) == 1


def test_non_utf8_file_is_rejected(empty_app, tmp_path):
    bad = tmp_path / "latin.csv"
    bad.write_bytes((HEADER + "82,province,Đồng Tháp,Tỉnh Đồng Tháp,Dong Thap,\n").encode("utf-16"))
    result = run_import(empty_app, bad)
    assert result.exit_code == 1
    assert unit_count(empty_app) == 0
