"""Importing a roster: good rows kept, bad rows reported by line, nothing twice, a preview that saves nothing."""
import io
import re
import unicodedata

from openpyxl import Workbook
from sqlalchemy import func, select

from tests.training.helpers import create_course
from webapp.extensions import db
from webapp.training.models import Participant

HEAD = "Họ và tên,Giới tính,Năm sinh,Cơ quan,Chức vụ,Xã/phường,Điện thoại\n"
ROWS = ("Nguyễn Thị Hoa,Nữ,1990,UBND phường,Cán bộ,Phường Cao Lãnh,0912345678\n"   # line 2: good
        "Lê Văn Bình,Nam,12/05/1985,Công an xã,Chiến sĩ,,0987654321\n"              # line 3: good (a date)
        ",Nữ,1991,UBND xã,,,\n"                                                     # line 4: no name
        "Trần Văn Tư,Nam,năm ngoái,Trường THCS,Giáo viên,,\n"                       # line 5: bad year
        "Nguyen Thi Hoa,nu,1990,UBND phường,Cán bộ,,0912 345 678\n"                 # line 6: same as line 2
        "Phạm Thị Mai,Nữ,1988,Hội LHPN,,Xã Không Có,\n")                            # line 7: unknown commune


TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """As Excel on a Vietnamese Windows saves it: letters with a tone mark become letter + combining mark."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
            out += base.encode("cp1258") + "".join(c for c in parts if c in TONES).encode("cp1258")
    return out


def _count(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Participant))


def _upload(client, course_id, data: bytes, name: str):
    return client.post(f"/training/{course_id}/import", {"roster": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def _token(page: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', page).group(1)


def _course(app, login_as):
    login_as("trainer")
    with app.app_context():
        return create_course().id


def test_a_csv_saved_by_excel_with_bom_previews_then_imports_only_good_rows(app, client, login_as):
    course_id = _course(app, login_as)
    data = "\ufeff".encode() + (HEAD + ROWS).encode("utf-8")
    preview = _upload(client, course_id, data, "danh-sach.csv")
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "2 người sẽ thêm, 0 người đã có trong danh sách, 4 dòng có lỗi" in page
    assert "Dòng 4: Nhập họ tên học viên." in page
    assert "Dòng 5: Năm sinh “năm ngoái”" in page
    assert "Dòng 6: Trùng người ở dòng 2." in page
    assert "Dòng 7: “Xã Không Có” không phải là xã, phường của tỉnh." in page
    assert _count(app) == 0  # the preview saves nothing
    assert client.post(f"/training/{course_id}/import/confirm", {"token": _token(page)}).status_code == 303
    with app.app_context():
        people = {p.full_name: p for p in db.session.scalars(select(Participant))}
        assert sorted(people) == ["Lê Văn Bình", "Nguyễn Thị Hoa"]
        assert (people["Lê Văn Bình"].birth_year, people["Nguyễn Thị Hoa"].commune_code) == (1985, "29869")


def test_importing_the_same_file_again_adds_no_one(app, client, login_as):
    course_id = _course(app, login_as)
    data = (HEAD + ROWS).encode("utf-8")
    first = _upload(client, course_id, data, "a.csv").get_data(as_text=True)
    client.post(f"/training/{course_id}/import/confirm", {"token": _token(first)})
    again = _upload(client, course_id, data, "a.csv").get_data(as_text=True)
    assert "0 người sẽ thêm, 2 người đã có trong danh sách" in again
    assert 'name="token"' not in again  # nothing to confirm
    assert _count(app) == 2


def test_a_csv_in_windows_1258_is_read(app, client, login_as):
    course_id = _course(app, login_as)
    data = cp1258(HEAD + "Nguyễn Thị Hoa,Nữ,1990,UBND phường,Cán bộ,,0912345678\n")
    assert b"\xf2" in data  # the combining dot below: not UTF-8
    page = _upload(client, course_id, data, "cu.csv").get_data(as_text=True)
    assert "1 người sẽ thêm" in page and "Nguyễn Thị Hoa" in page


def test_an_xlsx_roster_with_numbers_typed_as_numbers(app, client, login_as):
    course_id = _course(app, login_as)
    book = Workbook()
    sheet = book.active
    sheet.append(["Họ và tên", "Giới tính", "Năm sinh", "Cơ quan", "Điện thoại"])
    sheet.append(["Võ Thị Lan", "Nữ", 1992, "Trạm y tế", 912345678])  # Excel dropped the phone's leading 0
    sheet.append([None, None, None, None, None])
    sheet.append(["Đỗ Văn Nam", "X", 1980, "Đồn biên phòng", None])
    data = io.BytesIO()
    book.save(data)
    page = _upload(client, course_id, data.getvalue(), "lop.xlsx").get_data(as_text=True)
    assert "1 người sẽ thêm" in page and "Dòng 4: Giới tính “x”" in page
    client.post(f"/training/{course_id}/import/confirm", {"token": _token(page)})
    with app.app_context():
        assert db.session.scalar(select(Participant.phone)) == "0912345678"


def test_a_file_sen_cannot_read_is_a_clear_message(app, client, login_as):
    course_id = _course(app, login_as)
    damaged = _upload(client, course_id, b"not a workbook", "lop.xlsx")
    assert damaged.status_code == 422 and "Không mở được tệp này" in damaged.get_data(as_text=True)
    other = _upload(client, course_id, b"%PDF", "lop.pdf")
    assert other.status_code == 422
    no_name = _upload(client, course_id, "Tên cơ quan,Chức vụ\nUBND,Cán bộ\n".encode(), "x.csv")
    assert no_name.status_code == 422 and "Họ và tên" in no_name.get_data(as_text=True)
    assert _count(app) == 0


def test_a_preview_belongs_to_its_coordinator(app, client, login_as):
    from tests import factories
    from tests.conftest import Browserish

    course_id = _course(app, login_as)
    page = _upload(client, course_id, (HEAD + ROWS).encode(), "a.csv").get_data(as_text=True)
    other = Browserish(app)
    with app.app_context():
        factories.create_user("trainer", username="trainer-2")
    other.login("trainer-2")
    refused = other.post(f"/training/{course_id}/import/confirm", {"token": _token(page)})
    assert refused.status_code == 422 and _count(app) == 0
    bad = client.post(f"/training/{course_id}/import/confirm", {"token": "../../etc/passwd"})
    assert bad.status_code == 422
