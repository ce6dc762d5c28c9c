"""Sending a referral from a case: to an agency or another commune, with a reason, and only with consent to share."""
from datetime import date

import pytest
from sqlalchemy import func, select

from tests import factories
from tests.factories import COMMUNE_A, COMMUNE_B, OTHER_COMMUNE
from tests.referrals.helpers import audit_rows, case_state, events, referrals_of, send_post
from webapp.cases.models import Case
from webapp.errors import UserError
from webapp.extensions import db
from webapp.places.models import Agency
from webapp.referrals import services
from webapp.referrals.models import Referral


@pytest.fixture
def officer(login_as):
    return login_as("commune")


@pytest.fixture
def centre(app):
    with app.app_context():
        return factories.create_agency(kind="protection_centre", name="Trung tâm Bảo trợ xã hội Đồng Tháp").id


def _case(app, user, **over) -> str:
    with app.app_context():
        return factories.create_case(user=user, **over).code


def _count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Referral))


def test_officer_refers_a_consenting_persons_case_to_a_centre(app, client, officer, centre):
    code = _case(app, officer, consent_share=True)
    response = client.post(f"/cases/{code}/referrals", send_post(centre, reason="Cần chỗ ở tạm thời.", service="a"))
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/cases/{code}#referrals")
    [sent] = referrals_of(app, code)
    assert (sent.to_agency_id, sent.to_commune_code, sent.reason, sent.service) == (centre, None,
                                                                                   "Cần chỗ ở tạm thời.", "a")
    assert sent.status == "sent" and sent.shares_information and sent.sent_by_id == officer.id
    assert sent.consent_override_reason is None
    assert events(app, code)[-1] == ("referral_sent", f"referral={sent.id};agency={centre}")
    [row] = audit_rows(app, action="create", object_type="referral")
    assert row.object_id == str(sent.id) and "Cần chỗ" not in (row.detail or "")
    page = client.get(f"/cases/{code}").get_data(as_text=True)
    assert 'id="referrals"' in page and "Trung tâm Bảo trợ xã hội Đồng Tháp" in page


def test_a_case_may_be_referred_to_another_commune_of_the_province(app, client, officer):
    code = _case(app, officer, consent_share=True)
    assert client.post(f"/cases/{code}/referrals", send_post(to_commune_code=COMMUNE_B)).status_code == 303
    [sent] = referrals_of(app, code)
    assert (sent.to_agency_id, sent.to_commune_code) == (None, COMMUNE_B)


def test_without_consent_to_share_the_referral_is_refused_and_nothing_saved(app, client, officer, centre):
    code = _case(app, officer, consent_share=False)
    before = case_state(app, code)
    response = client.post(f"/cases/{code}/referrals", send_post(centre, consent_override_reason="Khẩn cấp, cần ngay."))
    assert response.status_code == 422
    assert 'class="error"' in response.get_data(as_text=True)
    assert _count(app) == 0 and case_state(app, code) == before
    assert [kind for kind, _detail in events(app, code)] == ["received"]
    assert audit_rows(app, object_type="referral") == []


def test_without_consent_a_referral_that_shares_nothing_may_be_sent(app, client, officer, centre):
    code = _case(app, officer, consent_share=False)
    assert client.post(f"/cases/{code}/referrals", send_post(centre, shares_information=False)).status_code == 303
    [sent] = referrals_of(app, code)
    assert sent.shares_information is False and sent.consent_override_reason is None


def test_consent_given_later_unblocks_the_referral(app, client, officer, centre):
    code = _case(app, officer, consent_share=False)
    assert client.post(f"/cases/{code}/referrals", send_post(centre)).status_code == 422
    client.post(f"/cases/{code}/consent", {"kind": "share", "given": "yes", "on_date": date.today().isoformat()})
    assert client.post(f"/cases/{code}/referrals", send_post(centre)).status_code == 303
    assert _count(app) == 1


def test_a_province_officer_may_override_with_a_recorded_reason(app, client, login_as, centre):
    with app.app_context():
        code = factories.create_case(consent_share=False).code
    province = login_as("province")
    reason = "Người này cần cấp cứu, chưa thể hỏi ý kiến."
    response = client.post(f"/cases/{code}/referrals", send_post(centre, consent_override_reason=f"  {reason} "))
    assert response.status_code == 303
    [sent] = referrals_of(app, code)
    assert sent.shares_information and sent.consent_override_reason == reason and sent.sent_by_id == province.id
    assert events(app, code)[-1] == ("referral_sent", f"referral={sent.id};agency={centre};consent_override")
    [row] = audit_rows(app, action="create", object_type="referral")
    assert "consent_override" in row.detail and reason not in row.detail
    timeline = client.get(f"/cases/{code}").get_data(as_text=True).split('id="timeline"')[1]
    assert "Trung tâm" in timeline  # the override is shown with its receiver, not as a bare code


@pytest.mark.parametrize("override", ["", "   ", "Gấp lắm"])
def test_a_province_override_needs_a_real_reason(app, client, login_as, centre, override):
    with app.app_context():
        code = factories.create_case(consent_share=False).code
    login_as("province")
    response = client.post(f"/cases/{code}/referrals", send_post(centre, consent_override_reason=override))
    assert response.status_code == 422
    assert _count(app) == 0


def test_a_province_override_is_not_recorded_when_the_person_consented(app, client, login_as, centre):
    with app.app_context():
        code = factories.create_case(consent_share=True).code
    login_as("province")
    client.post(f"/cases/{code}/referrals", send_post(centre, consent_override_reason="Lý do không cần thiết."))
    [sent] = referrals_of(app, code)
    assert sent.consent_override_reason is None
    assert "consent_override" not in events(app, code)[-1][1]


BAD_INPUT = [
    ("no reason", {"reason": "  "}),
    ("over-long reason", {"reason": "x" * 1001}),
    ("no receiver", {"to_agency_id": ""}),
    ("an agency and a commune", {"to_commune_code": COMMUNE_B}),
    ("unknown agency", {"to_agency_id": "99999"}),
    ("a commune of another province", {"to_agency_id": "", "to_commune_code": OTHER_COMMUNE}),
    ("the case's own commune", {"to_agency_id": "", "to_commune_code": COMMUNE_A}),
    ("unknown service", {"service": "zz"}),
]


@pytest.mark.parametrize("label, over", BAD_INPUT, ids=[b[0] for b in BAD_INPUT])
def test_bad_input_is_refused_with_a_message_and_nothing_saved(app, client, officer, centre, label, over):
    code = _case(app, officer, consent_share=True)
    response = client.post(f"/cases/{code}/referrals", send_post(centre) | over)
    assert response.status_code == 422, label
    page = response.get_data(as_text=True)
    assert 'class="error"' in page or 'class="alert"' in page
    assert _count(app) == 0


def test_a_reason_of_1000_characters_is_kept_whole(app, client, officer, centre):
    code = _case(app, officer, consent_share=True)
    assert client.post(f"/cases/{code}/referrals", send_post(centre, reason="ạ" * 1000)).status_code == 303
    assert referrals_of(app, code)[0].reason == "ạ" * 1000


def test_an_inactive_agency_cannot_receive_referrals(app, client, officer):
    with app.app_context():
        closed = factories.create_agency(active=False).id
    code = _case(app, officer, consent_share=True)
    assert client.post(f"/cases/{code}/referrals", send_post(closed)).status_code == 422
    assert _count(app) == 0


def test_a_second_open_referral_to_the_same_receiver_is_refused(app, client, officer, centre):
    code = _case(app, officer, consent_share=True)
    assert client.post(f"/cases/{code}/referrals", send_post(centre)).status_code == 303
    assert client.post(f"/cases/{code}/referrals", send_post(centre)).status_code == 422
    with app.app_context():
        other = factories.create_agency(kind="hospital").id
    assert client.post(f"/cases/{code}/referrals", send_post(other)).status_code == 303
    assert _count(app) == 2


def test_after_a_decline_the_same_receiver_may_be_asked_again(app, client, officer, centre):
    code = _case(app, officer, consent_share=True)
    with app.app_context():
        case = db.session.scalar(select(Case).where(Case.code == code))
        factories.create_referral(case, db.session.get(Agency, centre), status="declined",
                                  answer_reason="Hết chỗ")
    assert client.post(f"/cases/{code}/referrals", send_post(centre)).status_code == 303
    assert _count(app) == 2


def test_a_closed_case_cannot_be_referred(app, client, officer, centre):
    code = _case(app, officer, consent_share=True)
    with app.app_context():
        db.session.scalar(select(Case).where(Case.code == code)).closed_on = date.today()
        db.session.commit()
    response = client.post(f"/cases/{code}/referrals", send_post(centre))
    assert response.status_code == 422
    assert _count(app) == 0
    assert 'id="referral-form"' not in client.get(f"/cases/{code}").get_data(as_text=True)


@pytest.mark.parametrize("role, offered", [("commune", False), ("province", True)])
def test_only_a_province_officer_is_offered_the_override(app, client, login_as, role, offered):
    with app.app_context():
        code = factories.create_case(consent_share=False).code
    login_as(role)
    assert ('name="consent_override_reason"' in client.get(f"/cases/{code}").get_data(as_text=True)) is offered


def test_same_submission_twice_gives_one_referral(app, client, officer, centre):
    code = _case(app, officer, consent_share=True)
    data = send_post(centre)
    first, second = client.post(f"/cases/{code}/referrals", data), client.post(f"/cases/{code}/referrals", data)
    assert first.status_code == second.status_code == 303
    assert second.headers["Sen-Submission"] == "replayed"
    assert _count(app) == 1


def test_a_send_without_a_submission_id_is_refused(app, client, officer, centre):
    code = _case(app, officer, consent_share=True)
    assert client.post(f"/cases/{code}/referrals", send_post(centre, submission_id="")).status_code == 400
    assert _count(app) == 0


def test_the_consent_rule_holds_without_http(app, ctx, centre):
    officer = factories.create_user("commune")
    case = factories.create_case(user=officer, consent_share=False)
    values = {"to_agency_id": centre, "reason": "Cần hỗ trợ pháp lý.", "shares_information": True,
              "consent_override_reason": "Một lý do đủ dài để ghi lại."}
    with pytest.raises(UserError):
        services.send_referral(case, values, officer)  # a commune officer may not override
    province = factories.create_user("province")
    sent = services.send_referral(case, values, province)
    assert sent.consent_override_reason == "Một lý do đủ dài để ghi lại."
    db.session.rollback()
