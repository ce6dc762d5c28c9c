"""A report as files: a workbook (XLSX, one sheet per table), a Word document (DOCX) laid out as a Vietnamese
administrative document, and each table as CSV.

Exports are in Vietnamese whatever the reader's language: they are filed, signed and sent on. The fixed formulae
of an administrative document (national motto, "Số:", "Nơi nhận:", the signature heading) are written here in
Vietnamese, as the document rules (Nghị định 30/2020/NĐ-CP) give them; they have no English form. Labels come from
the report snapshot's "vi" labels.

A report "for sharing" goes through `suppress.suppress` first: hidden cells are text ("<5", "x"); every other
cell stays a number.
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from webapp.reports.suppress import COMPLEMENT

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
TITLE = "BÁO CÁO"
SUBJECT = "Công tác tiếp nhận, xác minh, bảo vệ và hỗ trợ nạn nhân bị mua bán"
SECTIONS = (("results", "I. KẾT QUẢ THỰC HIỆN"), ("difficulties", "II. KHÓ KHĂN, VƯỚNG MẮC"),
            ("proposals", "III. ĐỀ XUẤT, KIẾN NGHỊ"))
TABLES_HEADING = "IV. SỐ LIỆU"
NO_FIGURES = "Chưa có số liệu: chưa đơn vị nào gửi báo cáo."
TO_BE_WRITTEN = "………………………………………………………………………………"
RECIPIENTS_HEADING = "Nơi nhận:"
ROW_HEADING = "Nội dung"  # the heading of a table's first column, over the row labels
SIGN_HINT = "(Ký, ghi rõ họ tên, đóng dấu)"


def legend(below: int) -> str:
    return (f"Số liệu đã che để chia sẻ bên ngoài: “<{below}” là số dưới {below}; “{COMPLEMENT}” là số được che "
            f"thêm để không thể suy ra số đã che từ tổng.")


@dataclass
class Document:
    """What an export shows around the tables: who issues it, for which period, with which narrative."""

    issuer: tuple[str, ...]  # the issuing body's heading, top line first (upper case)
    superior: bool  # the first line names the body above the issuer (not bold), the rest the issuer (bold)
    number: str  # "Số: ……/BC-UBND"
    place: str  # "Đồng Tháp"
    on: date  # the document's date
    heading: str  # "Báo cáo quý I năm 2026" (Vietnamese)
    window: tuple[date, date]
    unit_name: str
    narrative: dict  # results, difficulties, proposals (None when not written)
    recipients: tuple[str, ...]
    signer: tuple[str, ...]  # "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"
    filename: str  # without extension, Vietnamese


def vi(label) -> str:
    if not label:
        return ""
    return label.get("vi") or label.get("en") or ""


def _dmy(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def date_line(place: str, day: date) -> str:
    return f"{place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def number_text(value, column: dict) -> str:
    """A cell as the screen shows it in Vietnamese: 1.500.000, or the hidden marker."""
    if isinstance(value, str):
        return value
    text = f"{value:,}".replace(",", ".")
    return f"{text} ₫" if column.get("format") == "vnd" else text


# ---------------------------------------------------------------- XLSX


def _sheet_title(index: int, title: str, used: set[str]) -> str:
    name = re.sub(r"[\[\]:*?/\\]", " ", f"{index}. {title}")[:31].strip()
    candidate, n = name, 2
    while candidate in used:
        candidate = f"{name[:28]}~{n}"
        n += 1
    used.add(candidate)
    return candidate


def xlsx(report: dict, doc: Document) -> bytes:
    """One sheet per table: a heading, the column labels on row 4, then one row per report row, numbers as numbers."""
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    bold = Font(bold=True)
    for index, table in enumerate(report["tables"], start=1):
        sheet = book.create_sheet(_sheet_title(index, vi(table["title"]), used))
        sheet["A1"] = f"{doc.unit_name} · {doc.heading}"
        sheet["A2"] = f"{index}. {vi(table['title'])}"
        sheet["A2"].font = bold
        sheet["A3"] = f"Số liệu từ {_dmy(doc.window[0])} đến {_dmy(doc.window[1])}"
        sheet.append([ROW_HEADING] + [vi(c["label"]) for c in table["columns"]])
        for cell in sheet[4]:
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True, horizontal="center")
        for row in table["rows"]:
            sheet.append([vi(row["label"])] + list(row["cells"]))
            line = sheet.max_row
            for offset, column in enumerate(table["columns"], start=2):
                cell = sheet.cell(line, offset)
                if isinstance(cell.value, str):
                    cell.alignment = Alignment(horizontal="right")
                else:
                    cell.number_format = "#,##0"
            if row.get("total"):
                for cell in sheet[line]:
                    cell.font = bold
        sheet.append([])  # a blank row ends the table
        if table.get("note"):
            sheet.append([vi(table["note"])])
        if report.get("suppressed"):
            sheet.append([legend(report["suppressed"]["below"])])
        sheet.column_dimensions["A"].width = 60
        for letter in "BCDEFGH"[:len(table["columns"])]:
            sheet.column_dimensions[letter].width = 16
    if not report["tables"]:  # the provincial report before any unit has submitted
        sheet = book.create_sheet("Báo cáo")
        sheet["A1"] = f"{doc.unit_name} · {doc.heading}"
        sheet["A2"] = NO_FIGURES
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- CSV


def table_csv(report: dict, key: str) -> bytes | None:
    """One table as CSV (UTF-8 with a byte-order mark, so Excel reads the Vietnamese); None if no such table."""
    table = next((t for t in report["tables"] if t["key"] == key), None)
    if table is None:
        return None
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([vi(table["title"])] + [vi(c["label"]) for c in table["columns"]])
    for row in table["rows"]:
        writer.writerow([vi(row["label"])] + list(row["cells"]))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# ---------------------------------------------------------------- DOCX


def docx(report: dict, doc: Document) -> bytes:
    from docx import Document as Word
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    word = Word()
    section = word.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = word.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(13)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")
    center, right = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT

    def para(container, text, bold=False, italic=False, align=None, size=None, space_after=0):
        paragraph = container.add_paragraph()
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)
        if align is not None:
            paragraph.alignment = align
        paragraph.paragraph_format.space_after = Pt(space_after)
        return paragraph

    def first_para(cell, text, **kw):
        cell.paragraphs[0].text = ""
        p = cell.paragraphs[0]
        run = p.add_run(text)
        run.bold, run.italic = kw.get("bold", False), kw.get("italic", False)
        if kw.get("size"):
            run.font.size = Pt(kw["size"])
        p.alignment = kw.get("align", center)
        return p

    # The heading: issuing body and number on the left, the national motto and the date on the right.
    head = word.add_table(rows=1, cols=2)
    head.autofit = True
    left, motto = head.rows[0].cells
    first_para(left, doc.issuer[0], bold=not doc.superior, size=12)
    for line in doc.issuer[1:]:
        para(left, line, bold=True, align=center, size=12)
    para(left, "───────", align=center, size=10)
    para(left, doc.number, align=center)
    first_para(motto, MOTTO[0], bold=True, size=12)
    para(motto, MOTTO[1], bold=True, align=center)
    para(motto, "───────────────", align=center, size=10)
    para(motto, date_line(doc.place, doc.on), italic=True, align=center)

    para(word, "", space_after=6)
    para(word, TITLE, bold=True, align=center, size=14)
    para(word, SUBJECT, bold=True, align=center)
    para(word, f"{doc.heading} (số liệu từ {_dmy(doc.window[0])} đến {_dmy(doc.window[1])})", italic=True,
         align=center, space_after=12)

    for name, heading in SECTIONS:
        para(word, heading, bold=True, space_after=6)
        text = (doc.narrative.get(name) or "").strip()
        for line in (text.splitlines() if text else [TO_BE_WRITTEN]):
            paragraph = para(word, line, space_after=6)
            paragraph.paragraph_format.first_line_indent = Mm(10)

    para(word, TABLES_HEADING, bold=True, space_after=6)
    if not report["tables"]:
        para(word, NO_FIGURES, italic=True, space_after=8)
    for index, table in enumerate(report["tables"], start=1):
        para(word, f"Bảng {index}. {vi(table['title'])}", bold=True, space_after=4)
        grid = word.add_table(rows=1, cols=len(table["columns"]) + 1)
        grid.style = "Table Grid"
        grid.alignment = WD_TABLE_ALIGNMENT.CENTER
        header = grid.rows[0].cells
        first_para(header[0], ROW_HEADING, bold=True, size=11)
        for cell, column in zip(header[1:], table["columns"], strict=True):
            first_para(cell, vi(column["label"]), bold=True, size=11)
        for row in table["rows"]:
            cells = grid.add_row().cells
            first_para(cells[0], vi(row["label"]), bold=bool(row.get("total")), size=11,
                       align=WD_ALIGN_PARAGRAPH.LEFT)
            for cell, value, column in zip(cells[1:], row["cells"], table["columns"], strict=True):
                first_para(cell, number_text(value, column), bold=bool(row.get("total")), size=11, align=right)
        if table.get("note"):
            para(word, vi(table["note"]), italic=True, size=11, space_after=8)
        else:
            para(word, "", space_after=8)
    if report.get("suppressed"):
        para(word, legend(report["suppressed"]["below"]), italic=True, size=11, space_after=8)

    # Recipients on the left, the signature block on the right.
    foot = word.add_table(rows=1, cols=2)
    to, sign = foot.rows[0].cells
    first_para(to, RECIPIENTS_HEADING, bold=True, italic=True, size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    for line in doc.recipients:
        para(to, line, size=11)
    first_para(sign, doc.signer[0], bold=True)
    for line in doc.signer[1:]:
        para(sign, line, bold=True, align=center)
    para(sign, SIGN_HINT, italic=True, align=center, size=11)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- the download


MIMETYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "csv": "text/csv; charset=utf-8",
}


def ascii_name(name: str) -> str:
    """The filename for old browsers: letters without marks, đ as d, words joined by hyphens."""
    plain = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return re.sub(r"[^A-Za-z0-9.]+", "-", plain).strip("-") or "bao-cao"


def content_disposition(filename: str) -> str:
    """RFC 6266 with RFC 5987: an ASCII fallback and the Vietnamese name as filename*=UTF-8''…"""
    return f"attachment; filename=\"{ascii_name(filename)}\"; filename*=UTF-8''{quote(filename, safe='')}"
