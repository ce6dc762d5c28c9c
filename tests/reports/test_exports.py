"""Report downloads: XLSX and DOCX open with openpyxl and python-docx and hold the figures the page shows; the DOCX
is a Vietnamese administrative document; CSV per table; for sharing, small counts are hidden; every export is
audited; downloads are never cached and carry a Vietnamese filename."""
import csv
import io
import re
from urllib.parse import unquote

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlalchemy import select

from tests.reports.seed import WINDOW, A, seed
from tests.reports.test_cycle import NARRATIVE, URL_A, browser
from webapp.audit.models import AuditEvent
from webapp.extensions import db
from webapp.reports import compute

EXPORT_A = URL_A + "/export"


@pytest.fixture
def seeded(app):
    with app.app_context():
        return seed()


@pytest.fixture
def officer(app, seeded):
    return browser(app, seeded["officer_id"])


def expected(app):
    """The figures the report page shows before submission: counted from the records now."""
    with app.app_context():
        return compute.commune_report(A, "Phường Cao Lãnh", WINDOW)


def sheet_rows(sheet):
    """{row label: cells} of a report sheet: column labels on row 4, one row per report row after it."""
    rows = {}
    for values in sheet.iter_rows(min_row=5, values_only=True):
        if values[0] is None:
            break
        rows[values[0]] = list(values[1:])
    return rows


def labelled(table):
    return {r["label"]["vi"]: r["cells"] for r in table["rows"]}


def by_key(report, table_key):
    """{row label in Vietnamese: row key} of one table, so a test can name rows by key whatever the wording."""
    table = next(t for t in report["tables"] if t["key"] == table_key)
    return {r["key"]: r["label"]["vi"] for r in table["rows"]}


def filename_of(response) -> str:
    found = re.search(r"filename\*=UTF-8''([^;]+)", response.headers["Content-Disposition"])
    return unquote(found.group(1))


def test_xlsx_holds_the_page_figures_one_sheet_per_table_with_vietnamese_headers(app, officer):
    response = officer.get(EXPORT_A + "?format=xlsx&audience=internal")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=\"")
    assert filename_of(response) == "Báo cáo quý I 2026 - Phường Cao Lãnh.xlsx"
    report = expected(app)
    book = load_workbook(io.BytesIO(response.data))
    assert len(book.worksheets) == len(report["tables"])
    for sheet, table in zip(book.worksheets, report["tables"], strict=True):
        assert sheet["A2"].value.endswith(table["title"]["vi"])
        assert [c.value for c in sheet[4]][1:] == [c["label"]["vi"] for c in table["columns"]]
        assert sheet_rows(sheet) == labelled(table)  # numbers as numbers, the same as on screen
    support = book.worksheets[[t["key"] for t in report["tables"]].index("support")]
    assert support["B4"].value == "Số người"  # Vietnamese headings
    assert sheet_rows(support)[by_key(report, "support")["total"]] == [5, 6, 5_200_000]
    # The page shows the same figure.
    page = officer.get(URL_A).get_data(as_text=True)
    assert re.search(r'data-row="cases">\s*<th scope="row">[^<]*</th>\s*<td class="num" data-col="count">7</td>', page)


def test_docx_is_a_vietnamese_administrative_document_with_the_page_figures(app, officer):
    assert officer.post(URL_A, {**NARRATIVE, "action": "submit"}).status_code == 303
    response = officer.get(EXPORT_A + "?format=docx")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert filename_of(response) == "Báo cáo quý I 2026 - Phường Cao Lãnh.docx"
    document = Document(io.BytesIO(response.data))
    head, *figures, foot = document.tables
    heading = head.rows[0].cells
    assert heading[0].text.split("\n")[:2] == ["ỦY BAN NHÂN DÂN", "PHƯỜNG CAO LÃNH"]
    assert "Số: ……/BC-UBND" in heading[0].text
    motto = heading[1].text.split("\n")
    assert motto[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert re.fullmatch(r"Đồng Tháp, ngày \d\d tháng \d\d năm 20\d\d", motto[-1])
    text = "\n".join(p.text for p in document.paragraphs)
    assert "BÁO CÁO" in text and "Báo cáo quý I 2026 (số liệu từ 01/12/2025 đến 28/02/2026)" in text
    for section in ("I. KẾT QUẢ THỰC HIỆN", "II. KHÓ KHĂN, VƯỚNG MẮC", "III. ĐỀ XUẤT, KIẾN NGHỊ"):
        assert section in text
    for value in NARRATIVE.values():  # the narrative as submitted, diacritics intact
        assert value in text
    assert foot.rows[0].cells[0].text.startswith("Nơi nhận:")
    assert "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH" in foot.rows[0].cells[1].text

    report = expected(app)  # submitted just now: the frozen figures are these
    assert len(figures) == len(report["tables"])
    for grid, table in zip(figures, report["tables"], strict=True):
        assert [c.text for c in grid.rows[0].cells[1:]] == [c["label"]["vi"] for c in table["columns"]]
        found = {row.cells[0].text: [int(c.text.replace(" ₫", "").replace(".", "")) for c in row.cells[1:]]
                 for row in grid.rows[1:]}
        assert found == labelled(table)
    support = figures[[t["key"] for t in report["tables"]].index("support")]
    assert [c.text for c in support.rows[-1].cells][1:] == ["5", "6", "5.200.000 ₫"]


def test_for_sharing_small_counts_are_hidden_in_every_format(app, officer):
    report = expected(app)
    keys = [t["key"] for t in report["tables"]]
    book = load_workbook(io.BytesIO(officer.get(EXPORT_A + "?format=xlsx&audience=shared").data))
    sexes = by_key(report, "by_sex")
    by_sex = sheet_rows(book.worksheets[keys.index("by_sex")])
    assert by_sex == {sexes["female"]: ["<5", "x"], sexes["male"]: ["<5", "<5"], sexes["other"]: [0, 0],
                      sexes["unknown"]: [0, 0], sexes["total"]: [6, 7]}  # worked out in test_suppress
    legend = [row[0] for row in book.worksheets[0].iter_rows(values_only=True) if row[0]]
    assert any(str(line).startswith("Số liệu đã che để chia sẻ bên ngoài") for line in legend)

    document = Document(io.BytesIO(officer.get(EXPORT_A + "?format=docx&audience=shared").data))
    grid = document.tables[1 + keys.index("by_sex")]
    assert [c.text for c in grid.rows[1].cells] == [sexes["female"], "<5", "x"]

    response = officer.get(EXPORT_A + "?format=csv&audience=shared&table=by_sex")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert filename_of(response) == f"Báo cáo quý I 2026 - Phường Cao Lãnh - bảng {keys.index('by_sex') + 1}.csv"
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    table = report["tables"][keys.index("by_sex")]
    assert rows[0] == [table["title"]["vi"]] + [c["label"]["vi"] for c in table["columns"]]
    assert rows[1] == [sexes["female"], "<5", "x"]


def test_csv_of_a_table_for_the_office_holds_every_figure(officer):
    response = officer.get(EXPORT_A + "?format=csv&table=support")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[-1][1:] == ["5", "6", "5200000"]
    assert officer.get(EXPORT_A + "?format=csv&table=nothing").status_code == 404
    assert officer.get(EXPORT_A + "?format=pdf").status_code == 404
    assert officer.get(EXPORT_A + "?audience=everyone").status_code == 404


def test_every_export_is_audited_with_its_format_and_audience(app, officer):
    officer.get(EXPORT_A + "?format=xlsx")
    officer.get(EXPORT_A + "?format=docx&audience=shared")
    officer.get(EXPORT_A + "?format=csv&table=by_age")
    with app.app_context():
        rows = db.session.execute(select(AuditEvent.object_type, AuditEvent.object_id, AuditEvent.detail)
                                  .where(AuditEvent.action == "export").order_by(AuditEvent.id)).all()
    unit = f"2026-q1/commune-{A}"
    assert [tuple(r) for r in rows] == [("report", unit, "xlsx:internal"), ("report", unit, "docx:shared"),
                                        ("report", unit, "csv:internal:by_age")]


def test_another_commune_cannot_export_commune_a_report(app, seeded):
    other = browser(app, seeded["other_id"])
    assert other.get(EXPORT_A + "?format=xlsx").status_code == 404


def test_the_province_exports_the_provincial_report(app, officer):
    province = browser(app, role="province")
    empty = load_workbook(io.BytesIO(province.get("/reports/2026/q1/province/export").data))  # nobody has sent
    assert empty.worksheets[0]["A2"].value.startswith("Chưa có số liệu")
    assert officer.post(URL_A, {**NARRATIVE, "action": "submit"}).status_code == 303
    assert officer.get("/reports/2026/q1/province/export").status_code == 403
    response = province.get("/reports/2026/q1/province/export?format=xlsx")
    assert response.status_code == 200
    assert filename_of(response) == "Báo cáo quý I 2026 - Tỉnh Đồng Tháp.xlsx"
    book = load_workbook(io.BytesIO(response.data))
    first = book.worksheets[0]
    report = expected(app)
    assert first["A2"].value == f"1. Xã, phường: {report['tables'][0]['title']['vi']}"
    assert sheet_rows(first)[by_key(report, "reception")["cases"]] == [7]
    document = Document(io.BytesIO(province.get("/reports/2026/q1/province/export?format=docx").data))
    assert "SỞ Y TẾ" in document.tables[0].rows[0].cells[0].text
    csv_rows = province.get("/reports/2026/q1/province/export?format=csv&table=communes-by_sex")
    assert csv_rows.status_code == 200


def test_the_report_page_offers_the_downloads(officer):
    page = officer.get(URL_A).get_data(as_text=True)
    assert 'data-testid="export-xlsx"' in page and 'data-testid="export-docx"' in page
    assert 'action="/reports/2026/q1/commune-%s/export"' % A in page
