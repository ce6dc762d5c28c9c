"""Protection on the case page, in its timeline (quá trình xử lý) and in "my work" while it is open."""
import re
from datetime import timedelta

from tests import factories
from tests.factories import COMMUNE_A, COMMUNE_B
from tests.followups.helpers import codes_in, section
from tests.protection.helpers import RELATIVE, THREAT, edit_post, protection_post, protections_of
from webapp.extensions import db
from webapp.i18n import local_today

TODAY = local_today()


def _case(officer=None, **over):
    over.setdefault("reception_date", TODAY - timedelta(days=30))
    return factories.create_case(user=officer, **over)


def _work(client) -> str:
    response = client.get("/my-work")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_an_empty_case_says_how_to_start(app, client, login_as):
    officer = login_as("commune")
    with app.app_context():
        code = _case(officer).code
    part = section(client.get(f"/cases/{code}").get_data(as_text=True), "protection")
    assert "Chưa có đề nghị bảo vệ." in part
    assert f'href="/cases/{code}/protection/new"' in part


def test_the_timeline_shows_each_step_without_the_threat_or_the_relatives_name(app, client, login_as):
    officer = login_as("commune")
    with app.app_context():
        code = _case(officer).code
    assert client.post(f"/cases/{code}/protection/new", protection_post(
        subject="relative", relative_name=RELATIVE, relative_relationship="mẹ", requested_by="police")).status_code == 303
    [saved] = protections_of(app, code)
    assert client.post(f"/protection/{saved.id}", edit_post(saved, status="in_place", start_on=TODAY,
                                                            agency_name="Công an xã")).status_code == 303
    page = client.get(f"/cases/{code}").get_data(as_text=True)
    timeline = section(page, "timeline")
    steps = re.findall(r"<strong>(.*?)</strong> <span class=\"muted\">(.*?)</span>", timeline)
    assert steps[:2] == [("Cập nhật việc bảo vệ", "Người thân · Đang bảo vệ"),
                         ("Đề nghị bảo vệ", "Người thân · Đã đề nghị, chưa bảo vệ")]
    assert THREAT not in timeline and RELATIVE not in timeline
    part = section(page, "protection")
    assert f"{RELATIVE} (mẹ)" in part and "Đang bảo vệ" in part and "Công an xã" in part
    assert THREAT not in part  # the threat is read on the record's own page only
    assert THREAT in client.get(f"/protection/{saved.id}").get_data(as_text=True)


def test_my_work_lists_open_protection_of_the_officers_commune_waiting_requests_first(app, client, login_as):
    officer = login_as("commune")
    with app.app_context():
        waiting, in_place, ended, refused, closed = (_case(officer) for _ in range(5))
        elsewhere = _case(commune_code=COMMUNE_B)
        factories.create_protection(in_place, status="in_place", start_on=TODAY - timedelta(days=20),
                                    requested_on=TODAY - timedelta(days=25), agency_name="Công an xã")
        factories.create_protection(waiting, requested_on=TODAY - timedelta(days=2))
        factories.create_protection(ended, status="ended", start_on=TODAY - timedelta(days=9),
                                    end_on=TODAY - timedelta(days=1), agency_name="Công an xã")
        factories.create_protection(refused, status="not_needed", outcome="Người được tiếp nhận từ chối")
        factories.create_protection(closed)
        closed.closed_on, closed.closure_reason = TODAY, "moved_away"
        factories.create_protection(elsewhere)
        db.session.commit()
        codes = [waiting.code, in_place.code]
    page = _work(client)
    part = section(page, "work-protection")
    assert codes_in(part) == codes
    assert re.search(r'data-testid="count-protection">2<', part)
    rows = re.findall(r'<li class="([^"]*)" data-testid="work-protection">', part)
    assert ["overdue" in row for row in rows] == [True, False]
    assert f'href="/cases/{codes[0]}#protection"' in part
    assert "Đang bảo vệ từ" in part and THREAT not in part
    home = client.get("/").get_data(as_text=True)
    assert re.search(r'data-testid="work-protection">2<', home)


def test_a_centre_helping_with_the_case_does_not_get_the_communes_protection_work(app, client, login_as):
    with app.app_context():
        centre = factories.create_agency()
        centre_id = centre.id
        case = _case()
        factories.create_protection(case)
        factories.create_referral(case, to_agency=centre, status="accepted")
    login_as("shelter", agency_id=centre_id)
    assert codes_in(section(_work(client), "work-protection")) == []


def test_the_province_sees_open_protection_of_every_commune(app, client, login_as):
    login_as("province")
    with app.app_context():
        codes = []
        for commune in (COMMUNE_A, COMMUNE_B):
            case = _case(commune_code=commune)
            factories.create_protection(case)
            codes.append(case.code)
    assert sorted(codes_in(section(_work(client), "work-protection"))) == sorted(codes)


def test_no_open_protection_says_so(client, login_as):
    login_as("commune")
    part = section(_work(client), "work-protection")
    assert "Không có việc bảo vệ nào đang mở." in part
