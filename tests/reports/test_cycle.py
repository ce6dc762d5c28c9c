"""The report cycle as officers live it: draft, submit, return, correct, resubmit, accept; frozen snapshots;
version comparison; the status board; the provincial aggregate; who reaches which report."""
import json
from datetime import date

import pytest
from sqlalchemy import select

from tests import factories
from tests.conftest import Browserish
from tests.reports.seed import A, B, seed
from webapp.audit.models import AuditEvent
from webapp.auth.models import User
from webapp.extensions import db
from webapp.reports.models import ReportVersion

URL_A = f"/reports/2026/q1/commune-{A}"
URL_B = f"/reports/2026/q1/commune-{B}"
NARRATIVE = {"results": "Tiếp nhận 7 trường hợp, hỗ trợ kịp thời.", "difficulties": "Thiếu kinh phí.",
             "proposals": "Tăng cường tập huấn."}


@pytest.fixture
def seeded(app):
    with app.app_context():
        return seed()


def browser(app, user_id=None, role=None, **kw):
    client = Browserish(app)
    with app.app_context():
        user = db.session.get(User, user_id) if user_id else factories.create_user(role, **kw)
        username = user.username
    assert client.login(username).status_code == 303
    return client


def versions(app, commune=A):
    with app.app_context():
        rows = db.session.scalars(select(ReportVersion).where(ReportVersion.unit_code == commune)
                                  .order_by(ReportVersion.number)).all()
        return [(v.number, v.status, json.loads(v.figures) if v.figures else None, v.comment, v.submitted_by_id,
                 v.submitted_at, v.results) for v in rows]


def cases_received(figures):
    reception = next(t for t in figures["tables"] if t["key"] == "reception")
    return next(r["cells"][0] for r in reception["rows"] if r["key"] == "cases")


def test_the_whole_cycle_with_frozen_snapshots(app, seeded):
    officer = browser(app, seeded["officer_id"])
    province = browser(app, role="province")

    page = officer.get(URL_A)
    assert page.status_code == 200
    assert "Chưa bắt đầu" in page.get_data(as_text=True)  # not started

    # A draft keeps the narrative; nothing is frozen.
    assert officer.post(URL_A, {**NARRATIVE, "action": "save"}).status_code == 303
    [(number, status, figures, *_rest)] = versions(app)
    assert (number, status, figures) == (1, "draft", None)

    # Submitting needs the results.
    refused = officer.post(URL_A, {**NARRATIVE, "results": "  ", "action": "submit"})
    assert refused.status_code == 422
    assert versions(app)[0][1] == "draft"

    assert officer.post(URL_A, {**NARRATIVE, "action": "submit"}).status_code == 303
    [(number, status, frozen, _c, submitted_by, submitted_at, results)] = versions(app)
    assert (number, status, submitted_by, results) == (1, "submitted", seeded["officer_id"], NARRATIVE["results"])
    assert submitted_at is not None and cases_received(frozen) == 7

    # A submitted report cannot be changed by the commune.
    assert officer.post(URL_A, {**NARRATIVE, "action": "save"}).status_code == 422

    # The records change after the submission: the snapshot does not.
    with app.app_context():
        factories.create_case(db.session.get(User, seeded["officer_id"]), reception_date=date(2026, 2, 27),
                              full_name="Đến Sau", id_number=None)
    assert cases_received(versions(app)[0][2]) == 7
    shown = province.get(URL_A).get_data(as_text=True)
    assert 'data-row="cases"' in shown and "Số liệu như đã gửi" in shown  # the frozen figures are shown

    # Returning needs a comment.
    assert province.post(URL_A + "/decision", {"action": "return", "comment": ""}).status_code == 422
    assert province.post(URL_A + "/decision", {"action": "return",
                                               "comment": "Bổ sung số liệu tháng 2."}).status_code == 303
    assert versions(app)[0][1] == "returned"
    page = officer.get(URL_A).get_data(as_text=True)
    assert "Bổ sung số liệu tháng 2." in page

    # The correction is a new version; the returned one stays as the province saw it.
    corrected = {**NARRATIVE, "results": "Tiếp nhận 8 trường hợp.", "action": "submit"}
    assert officer.post(URL_A, corrected).status_code == 303
    first, second = versions(app)
    assert first[:2] == (1, "returned") and cases_received(first[2]) == 7 and first[6] == NARRATIVE["results"]
    assert second[:2] == (2, "submitted") and cases_received(second[2]) == 8

    compare = province.get(URL_A + "/compare?a=1&b=2")
    assert compare.status_code == 200
    text = compare.get_data(as_text=True)
    assert 'data-testid="compare-reception"' in text and "đã thay đổi" in text

    assert province.get(URL_A + "/v1").status_code == 200
    assert province.get(URL_A + "/v9").status_code == 404

    assert province.post(URL_A + "/decision", {"action": "accept"}).status_code == 303
    assert versions(app)[1][1] == "accepted"
    assert officer.post(URL_A, {**NARRATIVE, "action": "submit"}).status_code == 422
    assert province.post(URL_A + "/decision", {"action": "accept"}).status_code == 422  # nothing to decide


def test_viewing_a_report_is_audited(app, seeded):
    officer = browser(app, seeded["officer_id"])
    assert officer.get(URL_A).status_code == 200
    with app.app_context():
        rows = db.session.scalars(select(AuditEvent).where(AuditEvent.object_type == "report")).all()
        assert [(r.action, r.object_id) for r in rows] == [("view", f"2026-q1/commune-{A}")]


def test_status_board_and_provincial_aggregate(app, seeded):
    officer_a = browser(app, seeded["officer_id"])
    officer_b = browser(app, seeded["other_id"])
    province = browser(app, role="province")

    board = province.get("/reports/board?year=2026&kind=q1").get_data(as_text=True)
    assert board.count('data-testid="board-row"') == 3  # two communes and the centre
    assert "Quá hạn" in board  # 08/03/2026 is past: every unit stands out as overdue

    assert officer_a.post(URL_A, {**NARRATIVE, "action": "submit"}).status_code == 303
    assert officer_b.post(URL_B, {**NARRATIVE, "action": "submit"}).status_code == 303
    assert province.post(URL_B + "/decision", {"action": "accept"}).status_code == 303

    board = province.get("/reports/board?year=2026&kind=q1").get_data(as_text=True)
    assert "Đã gửi" in board and "Đã chấp nhận" in board

    page = province.get("/reports/2026/q1/province")
    assert page.status_code == 200
    with app.app_context():
        from webapp.reports import periods, services

        result = services.aggregate(periods.get_period(2026, "q1"))
    assert result["counted"] == {"communes": 2, "centres": 0}
    assert [r["unit"].key for r in result["missing"]] == [f"centre-{seeded['centre_id']}"]

    def cells(key):
        found = next(t for t in result["communes"] if t["key"] == key)
        return {r["key"]: r["cells"] for r in found["rows"]}

    # Commune A (by hand in test_commune_report) plus commune B's one case: a woman, age unknown, no country.
    assert cells("by_sex")["female"] == [5, 6] and cells("by_sex")["total"] == [7, 8]
    assert cells("by_age")["unknown"] == [2, 2]
    assert cells("by_country")["unknown"] == [2, 2] and cells("by_country")["KH"] == [3, 3]
    assert cells("support")["a"] == [3, 4, 1_900_000]  # B's 900,000 added
    assert cells("support")["total"] == [6, 7, 6_100_000]
    assert cells("tipoffs")["received"] == [3]  # B's tip-off of 08/01
    assert cells("outreach")["participants"] == [130]  # B's 60
    # Training is counted once for the province from the records, not summed: the course, A's two and B's one.
    assert cells("training") == {"courses": [1], "trained": [3], "female": [2], "male": [1], "unknown": [0]}
    assert f'data-unit="centre-{seeded["centre_id"]}"' in page.get_data(as_text=True)


def test_a_returned_report_is_listed_as_not_submitted(app, seeded):
    officer_a = browser(app, seeded["officer_id"])
    province = browser(app, role="province")
    officer_a.post(URL_A, {**NARRATIVE, "action": "submit"})
    province.post(URL_A + "/decision", {"action": "return", "comment": "Sai số liệu."})
    with app.app_context():
        from webapp.reports import periods, services

        result = services.aggregate(periods.get_period(2026, "q1"))
    assert result["counted"] == {"communes": 0, "centres": 0}
    assert {r["unit"].key: r["status"] for r in result["missing"]}[f"commune-{A}"] == "returned"


def test_centre_report_has_its_own_cycle(app, seeded):
    staff = browser(app, role="shelter", agency_id=seeded["centre_id"])
    url = f"/reports/2026/q1/centre-{seeded['centre_id']}"
    assert staff.get(url).status_code == 200
    assert staff.post(url, {**NARRATIVE, "action": "submit"}).status_code == 303
    with app.app_context():
        version = db.session.scalar(select(ReportVersion).where(ReportVersion.unit_kind == "centre"))
        figures = json.loads(version.figures)
    # The centre accepted c1's referral on 12/01/2026: one person, one case received at the centre.
    assert cases_received(figures) == 1
    assert [t["key"] for t in figures["tables"]][-1] == "support"


def test_who_reaches_which_report(app, seeded):
    other_centre = factories_centre(app)
    cases = [
        (browser(app, seeded["officer_id"]), {URL_A: 200, URL_B: 404, f"/reports/2026/q1/centre-{seeded['centre_id']}": 404}),
        (browser(app, role="shelter", agency_id=seeded["centre_id"]),
         {URL_A: 404, f"/reports/2026/q1/centre-{seeded['centre_id']}": 200,
          f"/reports/2026/q1/centre-{other_centre}": 404}),
        (browser(app, role="province"), {URL_A: 200, URL_B: 200, f"/reports/2026/q1/centre-{other_centre}": 200,
                                         "/reports/board": 200}),
        (browser(app, role="volunteer"), {URL_A: 403, "/reports": 403, "/reports/board": 403}),
        (browser(app, role="trainer"), {URL_A: 403, "/reports": 403}),
        (browser(app, role="admin"), {URL_A: 403, "/reports/board": 403}),
    ]
    for client, expected in cases:
        for url, status in expected.items():
            assert client.get(url).status_code == status, url
    # Not a reporting unit, or a bad period: 404.
    province = cases[2][0]
    for url in ("/reports/2026/q1/commune-00004", "/reports/2026/q5/commune-" + A, "/reports/1999/q1/commune-" + A,
                "/reports/2026/q1/nothing", f"/reports/2026/q1/centre-{seeded['centre_id'] + 100}"):
        assert province.get(url).status_code == 404, url
    # The commune officer cannot decide; the province cannot write a commune's narrative.
    assert cases[0][0].post(URL_A + "/decision", {"action": "accept"}).status_code == 403
    assert province.post(URL_A, {**NARRATIVE, "action": "save"}).status_code == 403


def factories_centre(app):
    with app.app_context():
        return factories.create_agency(kind="protection_centre").id


def test_my_work_reminds_the_commune_as_the_deadline_approaches(app, seeded, monkeypatch):
    from webapp.reports import views

    officer = browser(app, seeded["officer_id"])
    monkeypatch.setattr(views, "local_today", lambda: date(2026, 3, 2))
    page = officer.get("/my-work").get_data(as_text=True)
    assert 'data-testid="report-reminder"' in page and "08/03/2026" in page
    officer.post(URL_A, {**NARRATIVE, "action": "submit"})
    assert 'data-testid="report-reminder"' not in officer.get("/my-work").get_data(as_text=True)
    monkeypatch.setattr(views, "local_today", lambda: date(2026, 4, 20))  # the six-month report is far off
    assert 'data-testid="report-reminder"' not in officer.get("/my-work").get_data(as_text=True)


def test_my_work_shows_a_returned_report_whatever_the_date(app, seeded, monkeypatch):
    from webapp.reports import views

    officer = browser(app, seeded["officer_id"])
    province = browser(app, role="province")
    officer.post(URL_A, {**NARRATIVE, "action": "submit"})
    province.post(URL_A + "/decision", {"action": "return", "comment": "Sai số liệu."})
    monkeypatch.setattr(views, "local_today", lambda: date(2026, 4, 20))
    page = officer.get("/my-work").get_data(as_text=True)
    assert 'data-testid="open-report-q1"' in page and "bị tỉnh trả lại" in page


def test_a_report_is_submitted_only_once_its_window_has_ended(app, seeded, monkeypatch):
    from webapp.reports import views

    officer = browser(app, seeded["officer_id"])
    monkeypatch.setattr(views, "local_today", lambda: date(2026, 2, 28))  # the window's last day
    refused = officer.post(URL_A, {**NARRATIVE, "action": "submit"})
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert "28/02/2026" in page and NARRATIVE["difficulties"] in page  # why, and what was typed stays
    assert versions(app) == []  # nothing half-saved
    monkeypatch.setattr(views, "local_today", lambda: date(2026, 3, 1))
    assert officer.post(URL_A, {**NARRATIVE, "action": "submit"}).status_code == 303
