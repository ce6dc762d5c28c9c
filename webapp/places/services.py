"""Importing the national list of administrative units, and keeping the list of agencies."""
from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy import select

from webapp.audit.services import Action, record
from webapp.extensions import db
from webapp.places.models import AdminUnit, Agency, AgencyKind, UnitType
from webapp.text import text_key

COLUMNS = ["code", "type", "name", "full_name", "name_en", "parent_code"]
_TYPES = {
    "province": UnitType.PROVINCE,
    "commune": UnitType.COMMUNE,
    "ward": UnitType.WARD,
    "special administrative region": UnitType.SPECIAL_ZONE,
    "special_zone": UnitType.SPECIAL_ZONE,
}
_MAX_ERRORS_SHOWN = 10


class UnitFileError(ValueError):
    """The file is not a valid list of administrative units; `problems` says where."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems[:_MAX_ERRORS_SHOWN]))
        self.problems = problems


@dataclass
class ImportReport:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def total(self) -> int:
        return len(self.added) + len(self.changed) + self.unchanged


def _clean(value: str | None) -> str:
    return unicodedata.normalize("NFC", (value or "").strip())


def parse_units(text: str) -> list[dict]:
    """Rows of the file as dicts, in file order; raises UnitFileError listing every problem."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = [_clean(h) for h in next(reader, [])]
    if header != COLUMNS:
        raise UnitFileError([_("line %(line)d: expected the columns %(expected)s, found %(found)s", line=1,
                                expected=",".join(COLUMNS), found=",".join(header) or "—")])
    rows, problems, seen = [], [], set()
    for line_no, raw in enumerate(reader, start=2):
        if not any(cell.strip() for cell in raw):
            continue
        if len(raw) != len(COLUMNS):
            problems.append(_("line %(line)d: expected %(expected)d fields, found %(found)d", line=line_no,
                                  expected=len(COLUMNS), found=len(raw)))
            continue
        row = dict(zip(COLUMNS, (_clean(cell) for cell in raw)))
        problems.extend(_("line %(line)d: %(problem)s", line=line_no, problem=p) for p in _row_problems(row, seen))
        seen.add(row["code"])
        row["type"] = _TYPES.get(row["type"].lower(), row["type"])
        rows.append(row)
    codes = {row["code"] for row in rows}
    for row in rows:
        if row["parent_code"] and row["parent_code"] not in codes:
            problems.append(_("code %(code)s: its parent %(parent)s is not in the file", code=row["code"],
                               parent=row["parent_code"]))
    if not rows and not problems:
        problems.append(_("the file has no units"))
    if problems:
        raise UnitFileError(problems)
    return rows


def _row_problems(row: dict, seen: set[str]) -> list[str]:
    problems = []
    if not row["code"].isdigit() or not 2 <= len(row["code"]) <= 10:
        problems.append(_("code %(code)s is not a number of 2 to 10 digits", code=repr(row["code"])))
    elif row["code"] in seen:
        problems.append(_("code %(code)s appears twice", code=row["code"]))
    if row["type"].lower() not in _TYPES:
        problems.append(_("unknown type %(type)s", type=repr(row["type"])))
    if not row["name"] or not row["full_name"]:
        problems.append(_("name and full_name are required"))
    if any(len(row[c]) > 120 for c in ("name", "name_en")) or len(row["full_name"]) > 160:
        problems.append(_("a name is too long"))
    if row["type"].lower() != "province" and not row["parent_code"]:
        problems.append(_("a commune, ward or special zone needs a parent_code"))
    return problems


def import_units(path: str | Path) -> ImportReport:
    """Add new units and update changed ones from a CSV file, all or nothing.

    Raises UnitFileError (and changes nothing) when the file is malformed.
    Does not commit.
    """
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise UnitFileError([_("the file is not UTF-8 text")]) from exc
    rows = parse_units(text)
    existing = {unit.code: unit for unit in db.session.scalars(select(AdminUnit))}
    report = ImportReport()
    # Parents first, so foreign keys hold at every flush.
    for row in sorted(rows, key=lambda r: (r["parent_code"] != "", r["code"])):
        values = {c: (row[c] or None) if c == "parent_code" else row[c] for c in COLUMNS}
        values["type"] = str(values["type"])
        unit = existing.get(row["code"])
        if unit is None:
            db.session.add(AdminUnit(**values))
            report.added.append(row["code"])
        elif any(getattr(unit, c) != values[c] for c in COLUMNS):
            for column in COLUMNS:
                setattr(unit, column, values[column])
            report.changed.append(row["code"])
        else:
            report.unchanged += 1
    db.session.flush()
    record(Action.IMPORT, "admin_unit", detail=f"added={len(report.added)} changed={len(report.changed)}")
    return report


def home_communes(province_code: str) -> list[AdminUnit]:
    """The communes, wards and special zones of the province, in Vietnamese order of the name as written."""
    units = db.session.scalars(select(AdminUnit).where(AdminUnit.parent_code == province_code))
    return sorted(units, key=home_commune_order)


def home_commune_order(unit: AdminUnit) -> tuple:
    """Vietnamese order of the name as written (the same order everywhere a commune list is shown)."""
    return (text_key(unit.full_name),)


# The province's core agencies; created once by `flask setup`, then edited by the admin.
CORE_AGENCIES = [
    ("so-yte-bttxh", AgencyKind.SOCIAL_PROTECTION_OFFICE, "Phòng Bảo trợ xã hội – Sở Y tế Đồng Tháp"),
    ("ttbtxh-dong-thap", AgencyKind.PROTECTION_CENTRE, "Trung tâm Bảo trợ xã hội Đồng Tháp"),
    ("ttbtxh-tien-giang", AgencyKind.PROTECTION_CENTRE, "Trung tâm Bảo trợ xã hội Tiền Giang"),
    ("cong-an-tinh", AgencyKind.POLICE, "Công an tỉnh Đồng Tháp"),
    ("bdbp-tinh", AgencyKind.BORDER_GUARD, "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Đồng Tháp"),
    ("dbp-dinh-ba", AgencyKind.BORDER_GUARD, "Đồn Biên phòng cửa khẩu quốc tế Dinh Bà"),
    ("dbp-thuong-phuoc", AgencyKind.BORDER_GUARD, "Đồn Biên phòng cửa khẩu quốc tế Thường Phước"),
    ("hlhpn-tinh", AgencyKind.WOMENS_UNION, "Hội Liên hiệp Phụ nữ tỉnh Đồng Tháp"),
    ("tt-tgpl", AgencyKind.LEGAL_AID, "Trung tâm Trợ giúp pháp lý nhà nước tỉnh Đồng Tháp"),
    ("bv-da-khoa-dong-thap", AgencyKind.HOSPITAL, "Bệnh viện Đa khoa Đồng Tháp"),
    ("so-gd-dt", AgencyKind.EDUCATION, "Sở Giáo dục và Đào tạo Đồng Tháp"),
    ("so-ngoai-vu", AgencyKind.FOREIGN_AFFAIRS, "Sở Ngoại vụ Đồng Tháp"),
]


def ensure_core_agencies() -> int:
    """Create the core agencies that are missing; returns how many were added. Does not commit."""
    known = set(db.session.scalars(select(Agency.code)))
    added = 0
    for code, kind, name in CORE_AGENCIES:
        if code not in known:
            db.session.add(Agency(code=code, kind=str(kind), name=name))
            added += 1
    return added


def save_agency(agency: Agency | None, **values) -> Agency:
    """Create (agency=None) or update an agency from plain values. Does not commit."""
    creating = agency is None
    if creating:
        agency = Agency()
        db.session.add(agency)
    changed = [k for k, v in values.items() if getattr(agency, k) != v]
    for key, value in values.items():
        setattr(agency, key, value)
    db.session.flush()
    record(Action.CREATE if creating else Action.UPDATE, "agency", agency.id, detail=",".join(changed))
    return agency
