"""Report downloads: a unit's report and the provincial report as XLSX, DOCX or one table as CSV, for use in
the office (every figure) or for sharing outside it (small counts hidden, see `suppress`). Every export is
audited. GET links: the URL holds the period, the unit's code and the choices, nothing personal."""
from __future__ import annotations

from flask import abort, current_app, make_response, request
from flask_babel import force_locale
from flask_login import current_user
from sqlalchemy import select

from webapp.audit.services import Action, record
from webapp.auth.access import permission_required
from webapp.auth.roles import Permission
from webapp.extensions import db
from webapp.i18n import local_date, local_today
from webapp.places.models import AdminUnit
from webapp.reports import exports, services
from webapp.reports.access import period_or_404, unit_or_404
from webapp.reports.suppress import suppress
from webapp.reports.views import bp

FORMATS = ("xlsx", "docx", "csv")
AUDIENCES = ("internal", "shared")


def suppress_below() -> int:
    return int(current_app.config.get("REPORT_SUPPRESS_BELOW", 5))


def _choices() -> tuple[str, str]:
    fmt = request.args.get("format", "xlsx")
    audience = request.args.get("audience", "internal")
    if fmt not in FORMATS or audience not in AUDIENCES:
        abort(404)
    return fmt, audience


def _province_name() -> str:
    code = current_app.config["HOME_PROVINCE_CODE"]
    name = db.session.scalar(select(AdminUnit.name).where(AdminUnit.code == code))
    return name or "Đồng Tháp"


def _heading(period) -> str:
    with force_locale("vi"):
        return f"{period.label} {period.year}"


def _document(period, unit, version, figures_day) -> exports.Document:
    province = _province_name()
    heading = _heading(period)
    narrative = {name: getattr(version, name, None) for name in services.NARRATIVE_FIELDS}
    if unit is None:  # the provincial report
        return exports.Document(
            issuer=(f"ỦY BAN NHÂN DÂN TỈNH {province.upper()}", "SỞ Y TẾ"), superior=True,
            number="Số: ……/BC-SYT", place=province, on=figures_day, heading=heading,
            window=(period.starts_on, period.ends_on), unit_name=f"Tỉnh {province}", narrative=narrative,
            recipients=(f"- Ủy ban nhân dân tỉnh {province} (để báo cáo);", "- Lưu: VT, Phòng BTXH."),
            signer=("GIÁM ĐỐC",), filename=f"{heading} - Tỉnh {province}")
    if unit.kind == "commune":
        issuer, superior, number = ("ỦY BAN NHÂN DÂN", unit.name.upper()), False, "Số: ……/BC-UBND"
        signer = ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
    else:
        issuer, superior, number = (f"SỞ Y TẾ TỈNH {province.upper()}", unit.name.upper()), True, "Số: ……/BC"
        signer = ("GIÁM ĐỐC",)
    return exports.Document(
        issuer=issuer, superior=superior, number=number, place=province, on=figures_day, heading=heading,
        window=(period.starts_on, period.ends_on), unit_name=unit.name, narrative=narrative,
        recipients=("- Sở Y tế (Phòng Bảo trợ xã hội);", "- Lưu: VT."), signer=signer,
        filename=f"{heading} - {unit.name}")


def _respond(report: dict, doc: exports.Document, fmt: str, audience: str, object_id: str):
    if audience == "shared":
        report = suppress(report, suppress_below())
    filename, detail = doc.filename, f"{fmt}:{audience}"
    if fmt == "xlsx":
        body = exports.xlsx(report, doc)
    elif fmt == "docx":
        body = exports.docx(report, doc)
    else:
        key = request.args.get("table", "")
        body = exports.table_csv(report, key)
        if body is None:
            abort(404)
        index = next(i for i, t in enumerate(report["tables"], start=1) if t["key"] == key)
        filename = f"{filename} - bảng {index}"
        detail += f":{key}"
    record(Action.EXPORT, "report", object_id, detail=detail)
    db.session.commit()
    response = make_response(body)
    response.mimetype = exports.MIMETYPES[fmt].split(";")[0]
    if fmt == "csv":
        response.headers["Content-Type"] = exports.MIMETYPES["csv"]
    response.headers["Content-Disposition"] = exports.content_disposition(f"{filename}.{fmt}")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/<int:year>/<kind>/<unit>/export")
@permission_required(Permission.VIEW_REPORTS)
def export(year: int, kind: str, unit: str):
    """The report as the page shows it: the frozen figures once submitted, else counted from the records now."""
    period = period_or_404(year, kind)
    found = unit_or_404(unit, current_user)
    fmt, audience = _choices()
    version = services.latest(period, found)
    frozen = version is not None and version.status in services.DONE
    figures = services.figures_of(version) if frozen else services.compute_figures(found, period)
    day = local_date(version.submitted_at) if frozen and version.submitted_at else local_today()
    return _respond(figures, _document(period, found, version, day), fmt, audience, f"{period.key}/{found.key}")


def province_report(result: dict) -> dict:
    """The provincial report's two groups of tables as one list, keys and titles telling them apart."""
    tables = []
    for group, prefix in (("communes", {"vi": "Xã, phường", "en": "Communes and wards"}),
                          ("centres", {"vi": "Trung tâm", "en": "Centres"})):
        for table in result[group]:
            title = {lang: f"{prefix[lang]}: {table['title'].get(lang, '')}" for lang in ("vi", "en")}
            tables.append({**table, "key": f"{group}-{table['key']}", "title": title})
    return {"tables": tables}


@bp.get("/<int:year>/<kind>/province/export")
@permission_required(Permission.REVIEW_REPORTS)
def province_export(year: int, kind: str):
    period = period_or_404(year, kind)
    fmt, audience = _choices()
    report = province_report(services.aggregate(period))
    return _respond(report, _document(period, None, None, local_today()), fmt, audience, f"{period.key}/province")
