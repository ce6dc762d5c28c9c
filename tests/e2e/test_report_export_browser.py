"""On a phone: a commune officer downloads the report as a spreadsheet and as a document by tapping the buttons;
the files open with openpyxl and python-docx and hold the page's figures; the buttons stay usable afterwards."""
from datetime import date

import pytest
from docx import Document
from openpyxl import load_workbook

from tests import factories
from tests.e2e.helpers import sign_in

pytestmark = pytest.mark.browser


def test_officer_downloads_the_report_as_xlsx_and_docx(app, live_server, phone, tmp_path):
    with app.app_context():
        officer = factories.create_user("commune", username="lan")
        factories.create_case(officer, reception_date=date(2026, 1, 15), id_number=None)
    a = factories.COMMUNE_A
    page = phone
    sign_in(page, live_server, "lan")
    page.goto(f"{live_server}/reports/2026/q1/commune-{a}")
    on_screen = page.locator("#table-reception [data-row=cases] td").first.inner_text()
    assert on_screen == "1"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    with page.expect_download() as info:
        page.get_by_test_id("export-xlsx").click()
    download = info.value
    assert download.suggested_filename == "Báo cáo quý I 2026 - Phường Cao Lãnh.xlsx"
    path = tmp_path / "report.xlsx"
    download.save_as(path)
    sheet = load_workbook(path).worksheets[0]
    cases_label = page.locator("#table-reception [data-row=cases] th").inner_text()
    assert [row for row in sheet.iter_rows(min_row=5, values_only=True) if row[0] == cases_label] == \
        [(cases_label, int(on_screen))]

    assert page.get_by_test_id("export-docx").is_enabled()  # a download leaves the form usable
    page.get_by_test_id("export-shared").check()
    with page.expect_download() as info:
        page.get_by_test_id("export-docx").click()
    path = tmp_path / "report.docx"
    info.value.save_as(path)
    document = Document(path)
    assert "Độc lập - Tự do - Hạnh phúc" in document.tables[0].rows[0].cells[1].text
    reception = document.tables[1]
    assert [c.text for c in reception.rows[1].cells] == [cases_label, "<5"]  # for sharing: 1 is hidden
    assert page.get_by_test_id("export-xlsx").is_enabled()
    assert [e for e in page.console_errors if "Content Security Policy" in e] == []
