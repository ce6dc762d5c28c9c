"""Recording and changing protection: what an officer may save, and the clear refusals of what makes no sense."""
import re
import uuid
from datetime import timedelta

import pytest

from tests import factories
from tests.followups.helpers import event_kinds
from tests.protection.helpers import RELATIVE, THREAT, edit_post, protection_post, protections_of, saved_protection
from webapp.extensions import db
from webapp.i18n import local_today

TODAY = local_today()


@pytest.fixture
def officer_case(app, login_as):
    """A case of commune A, received ten days ago by the signed-in officer, with one accompanying child."""
    officer = login_as("commune")
    with app.app_context():
        case = factories.create_case(user=officer, reception_date=TODAY - timedelta(days=10),
                                     children=[{"sex": "female", "age": 7}])
        return case.code, case.children[0].id


def _new(client, code, **over):
    return client.post(f"/cases/{code}/protection/new", protection_post(**over))


def test_a_request_is_saved_with_its_measures_and_the_officer_returns_to_the_case(app, client, officer_case):
    code, _child = officer_case
    response = _new(client, code, measures=["keep_secret", "police_protection"])
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/cases/{code}#protection")
    [saved] = protections_of(app, code)
    assert (saved.subject, saved.status, saved.threat, saved.risk_level) == ("person", "requested", THREAT, "high")
    assert saved.measure_codes == ["keep_secret", "police_protection"]
    page = client.get(f"/cases/{code}").get_data(as_text=True)
    assert "Đã ghi nhận việc bảo vệ." in page
    assert "Giữ bí mật thông tin nhân thân, nơi cư trú; Công an bảo vệ" in page


def test_the_new_form_opens_with_today(client, officer_case):
    code, _child = officer_case
    page = client.get(f"/cases/{code}/protection/new").get_data(as_text=True)
    assert f'value="{TODAY.isoformat()}"' in page
    assert '<form method="post" novalidate autocomplete="off"' in page


def test_every_field_holding_personal_data_has_autocomplete_off(client, officer_case):
    code, _child = officer_case
    page = client.get(f"/cases/{code}/protection/new").get_data(as_text=True)
    for name in ("relative_name", "relative_relationship", "threat", "agency_name", "outcome", "requested_on"):
        tag = re.search(rf'<(?:input|textarea)[^>]*name="{name}"[^>]*>', page).group(0)
        assert 'autocomplete="off"' in tag, name


def test_a_replayed_submission_saves_one_record(app, client, officer_case):
    code, _child = officer_case
    data = protection_post(submission_id=str(uuid.uuid4()))
    assert client.post(f"/cases/{code}/protection/new", data).status_code == 303
    assert client.post(f"/cases/{code}/protection/new", data).status_code == 303
    assert len(protections_of(app, code)) == 1


@pytest.mark.parametrize("over, field, message", [
    ({"threat": ""}, "threat", "Mô tả mối đe dọa: ai hoặc điều gì gây nguy hiểm cho người này."),
    ({"measures": []}, "measures", "Chọn ít nhất một biện pháp bảo vệ."),
    ({"measures": ["teleport"]}, "measures", "Chỉ chọn trong các mục được liệt kê"),
    ({"requested_by": ""}, "requested_by", "Chọn người đề nghị bảo vệ."),
    ({"requested_on": ""}, "requested_on", "Ô này là bắt buộc."),
    ({"requested_on": TODAY + timedelta(days=1)}, "requested_on", "Ngày này ở tương lai."),
    ({"status": "in_place"}, "start_on", "Ghi ngày bắt đầu bảo vệ."),
    ({"status": "in_place", "start_on": TODAY}, "agency_id", "Ghi rõ cơ quan thực hiện bảo vệ."),
    ({"status": "in_place", "start_on": TODAY + timedelta(days=1), "agency_name": "Công an xã"}, "start_on",
     "Ngày này ở tương lai."),
    ({"status": "ended", "start_on": TODAY, "agency_name": "Công an xã"}, "end_on", "Ghi ngày kết thúc bảo vệ."),
    ({"status": "ended", "requested_on": TODAY - timedelta(days=5), "start_on": TODAY - timedelta(days=1),
      "end_on": TODAY - timedelta(days=2), "agency_name": "Công an xã"}, "end_on",
     "Ngày kết thúc không thể trước ngày bắt đầu."),
    ({"status": "in_place", "start_on": TODAY - timedelta(days=3), "requested_on": TODAY - timedelta(days=1),
      "agency_name": "Công an xã"}, "start_on", "Việc bảo vệ không thể bắt đầu trước ngày đề nghị"),
    ({"status": "requested", "start_on": TODAY}, "status", "hãy chọn &#34;Đang bảo vệ&#34;."),
    ({"status": "in_place", "start_on": TODAY, "end_on": TODAY, "agency_name": "Công an xã"}, "status",
     "hãy chọn &#34;Đã kết thúc&#34;."),
    ({"status": "not_needed"}, "outcome", "Ghi lý do việc bảo vệ bị từ chối hoặc không cần."),
    ({"status": "unknown"}, "status", "Lựa chọn không hợp lệ."),
    ({"subject": "relative"}, "relative_name", "Ghi họ tên người thân."),
    ({"subject": "relative", "relative_name": RELATIVE}, "relative_relationship",
     "Ghi quan hệ của người thân với người được tiếp nhận."),
    ({"subject": "child"}, "child_id", "Chọn trẻ em đi cùng cần được bảo vệ."),
    ({"agency_id": "9" * 400}, "agency_id", "Lựa chọn không hợp lệ."),
    ({"agency_id": "", "agency_name": "Công an xã", "risk_level": "extreme"}, "risk_level", "Lựa chọn không hợp lệ."),
    ({"threat": "x" * 4001}, "threat", "Nhập tối đa 4000 ký tự."),
    ({"requested_on": "9999-99-99"}, "requested_on", "Ô này là bắt buộc."),
])
def test_a_request_that_makes_no_sense_is_refused_beside_the_field_with_what_was_typed_kept(
        app, client, officer_case, over, field, message):
    code, _child = officer_case
    response = _new(client, code, **over)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    error = re.search(rf'<p class="error" id="{field}-error">(.*?)</p>', page)
    assert error, re.findall(r'<p class="error" id="([^"]+)">(.*?)</p>', page)
    assert message in error.group(1)
    assert protections_of(app, code) == []
    assert event_kinds(app, code) == ["received"]
    if "threat" not in over:
        assert THREAT in page  # what was typed stays in the form


def test_a_child_of_another_case_cannot_be_named(app, client, officer_case):
    code, _child = officer_case
    with app.app_context():
        other = factories.create_case(children=[{"sex": "male", "age": 5}])
        stranger = other.children[0].id
    response = _new(client, code, subject="child", child_id=stranger)
    assert response.status_code == 422
    assert protections_of(app, code) == []


def test_a_child_and_a_relative_can_each_be_protected(app, client, officer_case):
    code, child = officer_case
    assert _new(client, code, subject="child", child_id=child).status_code == 303
    assert _new(client, code, subject="relative", relative_name=RELATIVE, relative_relationship="chồng",
                requested_by="relative").status_code == 303
    first, second = protections_of(app, code)
    assert (first.subject, first.child_id, first.relative_name) == ("child", child, None)
    assert (second.subject, second.relative_name, second.relative_relationship) == ("relative", RELATIVE, "chồng")
    page = client.get(f"/cases/{code}").get_data(as_text=True)
    assert "Trẻ em đi cùng: Nữ, 7 tuổi" in page and f"{RELATIVE} (chồng)" in page


def test_protection_in_place_by_an_agency_not_in_sen(app, client, officer_case):
    code, _child = officer_case
    response = _new(client, code, status="in_place", start_on=TODAY, agency_name="Đồn Biên phòng Dinh Bà",
                    measures=["safe_place"])
    assert response.status_code == 303
    [saved] = protections_of(app, code)
    assert (saved.status, saved.start_on, saved.agency_id, saved.agency_name) == (
        "in_place", TODAY, None, "Đồn Biên phòng Dinh Bà")


def test_a_closed_case_refuses_new_protection_and_changes(app, client, officer_case):
    code, _child = officer_case
    assert _new(client, code).status_code == 303
    [saved] = protections_of(app, code)
    assert client.post(f"/cases/{code}/close", {"closure_reason": "reintegrated", "closed_on": ""}).status_code == 303
    response = _new(client, code)
    assert response.status_code == 422
    assert "Hồ sơ này đã kết thúc: mở lại hồ sơ để ghi nhận hoặc thay đổi việc bảo vệ" in response.get_data(as_text=True)
    changed = client.post(f"/protection/{saved.id}", edit_post(saved, status="not_needed", outcome="Đã ổn"))
    assert changed.status_code == 422
    assert len(protections_of(app, code)) == 1
    assert saved_protection(app, saved.id).status == "requested"
    page = client.get(f"/cases/{code}").get_data(as_text=True)
    assert f"/cases/{code}/protection/new" not in page


def test_an_officer_puts_protection_in_place_then_ends_it(app, client, officer_case):
    code, _child = officer_case
    with app.app_context():
        police = factories.create_agency(kind="police", name="Công an tỉnh Đồng Tháp")
        police_id = police.id
    assert _new(client, code, requested_on=TODAY - timedelta(days=4)).status_code == 303
    [saved] = protections_of(app, code)
    response = client.post(f"/protection/{saved.id}", edit_post(
        saved, status="in_place", start_on=TODAY - timedelta(days=3), agency_id=police_id,
        measures=["keep_secret", "police_protection"]))
    assert response.status_code == 303
    now = saved_protection(app, saved.id)
    assert (now.status, now.agency_id, now.measure_codes) == ("in_place", police_id,
                                                               ["keep_secret", "police_protection"])
    response = client.post(f"/protection/{saved.id}", edit_post(
        now, status="ended", end_on=TODAY, measures=["police_protection"], outcome="Đối tượng đã bị bắt."))
    assert response.status_code == 303
    ended = saved_protection(app, saved.id)
    assert (ended.status, ended.end_on, ended.measure_codes, ended.outcome) == (
        "ended", TODAY, ["police_protection"], "Đối tượng đã bị bắt.")
    assert event_kinds(app, code) == ["received", "protection_requested", "protection_updated", "protection_updated"]


def test_a_second_officer_saving_an_older_copy_gets_a_conflict_and_keeps_what_they_typed(app, client, officer_case):
    code, _child = officer_case
    assert _new(client, code).status_code == 303
    [opened] = protections_of(app, code)  # both officers open the same version
    first = edit_post(opened, status="not_needed", outcome="Người được tiếp nhận từ chối.")
    assert client.post(f"/protection/{opened.id}", first).status_code == 303
    second = edit_post(opened, status="in_place", start_on=TODAY, agency_name="Công an phường Cao Lãnh")
    response = client.post(f"/protection/{opened.id}", second)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Một cán bộ khác đã thay đổi thông tin bảo vệ này" in page
    assert 'value="Công an phường Cao Lãnh"' in page  # what the second officer typed
    assert saved_protection(app, opened.id).status == "not_needed"
    assert f'name="version" type="hidden" value="{opened.version + 1}"' in page \
        or f'value="{opened.version + 1}"' in page


def test_a_retired_measure_stays_on_the_records_that_have_it(app, client, officer_case):
    from sqlalchemy import select

    from webapp.catalogues.models import CatalogueEntry

    code, _child = officer_case
    assert _new(client, code, measures=["other"]).status_code == 303
    with app.app_context():  # retired as the administrator's catalogue page does it, through the ORM
        entry = db.session.scalar(select(CatalogueEntry).where(CatalogueEntry.vocabulary == "protection_measure",
                                                               CatalogueEntry.code == "other"))
        entry.active = False
        db.session.commit()
    [saved] = protections_of(app, code)
    assert client.post(f"/protection/{saved.id}", edit_post(saved, risk_level="low")).status_code == 303
    assert saved_protection(app, saved.id).measure_codes == ["other"]
    assert _new(client, code, measures=["other"]).status_code == 422  # no longer offered for new requests


def test_the_measures_catalogue_is_seeded_and_editable_by_the_administrator(app, client, login_as):
    login_as("admin")
    page = client.get("/admin/catalogues/protection_measure").get_data(as_text=True)
    for label in ("Giữ bí mật thông tin nhân thân, nơi cư trú", "Bố trí nơi tạm trú an toàn", "Công an bảo vệ",
                  "Biện pháp khác"):
        assert label in page
