"""Receivers without Sen accounts (police, hospitals…): the sender records their answer on their behalf.
And one open referral per case and receiver, kept by the database; no centre or commune refers to itself."""
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from tests import factories
from tests.conftest import Browserish
from tests.factories import COMMUNE_B
from tests.referrals.helpers import audit_rows, events, referral, send_post
from webapp.cases.models import Case
from webapp.extensions import db
from webapp.i18n import local_today
from webapp.referrals.models import OutsideAnswer, Referral

TODAY = local_today()
DUPLICATE_VI = "Hồ sơ này đã có một yêu cầu chuyển tuyến đến nơi nhận này chưa hoàn thành."


@pytest.fixture
def to_police(app):
    """A case of commune A referred by its officer to the police, which has no Sen account."""
    with app.app_context():
        sender = factories.create_user("commune", username="sender", full_name="Lê Văn Gửi")
        police = factories.create_agency(kind="police", name="Công an tỉnh Đồng Tháp")
        case = factories.create_case(user=sender, consent_share=True, reception_date=TODAY - timedelta(days=20))
        sent = factories.create_referral(case, police, sent_by_id=sender.id)
        db.session.execute(update(Referral).where(Referral.id == sent.id)
                           .values(created_at=sent.created_at - timedelta(days=5)))
        db.session.commit()
        return {"id": sent.id, "code": case.code, "agency": police.id, "sender": sender.username}


def _answer(outcome="accepted", on=None, by="Đại úy Trần Văn Trực, Phòng PC02", note="", version=1) -> dict:
    return {"version": str(version), "outcome": outcome, "answered_on": (on or TODAY).isoformat(),
            "answered_by": by, "note": note}


def _record(client, r, **kw):
    return client.post(f"/referrals/{r['id']}/outside-answer", _answer(**kw))


def _outside(app, referral_id: int) -> list[OutsideAnswer]:
    with app.app_context():
        return list(db.session.scalars(select(OutsideAnswer).where(OutsideAnswer.referral_id == referral_id)
                                       .order_by(OutsideAnswer.id)))


def test_the_sender_records_the_polices_acceptance_then_completion(app, client, to_police):
    client.login(to_police["sender"])
    page = client.get(f"/referrals/{to_police['id']}").get_data(as_text=True)
    assert 'id="referral-outside-answer"' in page and 'autocomplete="off"' in page
    assert _record(client, to_police, on=TODAY - timedelta(days=2)).status_code == 303
    assert referral(app, to_police["id"]).status == "accepted"
    assert _record(client, to_police, outcome="completed", on=TODAY, version=2, note="Đã lấy lời khai.").status_code == 303
    saved = referral(app, to_police["id"])
    assert saved.status == "completed" and saved.answered_by_id is None  # no Sen account answered
    accepted, completed = _outside(app, to_police["id"])
    assert (accepted.outcome, accepted.answered_on, accepted.answered_by) == (
        "accepted", TODAY - timedelta(days=2), "Đại úy Trần Văn Trực, Phòng PC02")
    assert (completed.outcome, completed.note) == ("completed", "Đã lấy lời khai.")
    assert events(app, to_police["code"])[-1] == (
        "referral_completed", f"referral={to_police['id']};agency={to_police['agency']};on_behalf")
    shown = client.get(f"/referrals/{to_police['id']}").get_data(as_text=True)
    assert shown.count('data-testid="outside-answer"') == 2 and "Lê Văn Gửi" in shown
    timeline = client.get(f"/cases/{to_police['code']}").get_data(as_text=True)
    assert "Công an tỉnh Đồng Tháp" in timeline and 'data-testid="on-behalf"' in timeline
    rows = audit_rows(app, object_type="referral", action="update")
    assert [r.detail for r in rows] == ["status=accepted;on_behalf", "status=completed;on_behalf"]
    assert all("Trực" not in (r.detail or "") for r in rows)


def test_the_timeline_says_on_whose_behalf_and_by_whom(app, client, to_police):
    client.login(to_police["sender"])
    assert _record(client, to_police, outcome="declined", note="Không đủ căn cứ").status_code == 303
    with app.app_context():
        from webapp.cases.presenters import event_detail

        case = db.session.scalar(select(Case).where(Case.code == to_police["code"]))
        detail = event_detail(case.events[-1])
    assert "Công an tỉnh Đồng Tháp" in detail and "Lê Văn Gửi" in detail
    saved = referral(app, to_police["id"])
    assert (saved.status, saved.answer_reason) == ("declined", "Không đủ căn cứ")


@pytest.mark.parametrize("over, field", [
    ({"on": TODAY + timedelta(days=1)}, "answered_on"),  # in the future
    ({"on": TODAY - timedelta(days=6)}, "answered_on"),  # before the referral was sent
    ({"by": "  "}, "answered_by"),
    ({"by": "x" * 121}, "answered_by"),
    ({"outcome": "declined", "note": ""}, "note"),  # a decline needs the receiver's reason
    ({"outcome": "lost"}, "outcome"),
], ids=["future", "before-sending", "nobody", "too-long", "decline-without-reason", "unknown-outcome"])
def test_a_wrong_answer_is_refused_with_the_field_marked_and_nothing_saved(app, client, to_police, over, field):
    client.login(to_police["sender"])
    response = _record(client, to_police, **over)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'id="outside-{field}-error"' in page
    assert referral(app, to_police["id"]).status == "sent" and _outside(app, to_police["id"]) == []
    assert audit_rows(app, object_type="referral", action="update") == []


def test_an_accepted_referral_can_only_be_completed_on_behalf(app, client, to_police):
    client.login(to_police["sender"])
    assert _record(client, to_police).status_code == 303
    assert _record(client, to_police, outcome="declined", note="x", version=2).status_code == 422
    assert referral(app, to_police["id"]).status == "accepted"


def test_an_answer_on_an_outdated_page_is_a_conflict(app, client, to_police):
    client.login(to_police["sender"])
    assert _record(client, to_police).status_code == 303
    response = _record(client, to_police, outcome="completed", version=1)
    assert response.status_code == 409
    assert referral(app, to_police["id"]).status == "accepted" and len(_outside(app, to_police["id"])) == 1


def test_a_receiver_with_an_active_account_answers_itself(app, client, to_police):
    with app.app_context():
        staff = factories.create_user("shelter", agency_id=to_police["agency"])
    client.login(to_police["sender"])
    assert 'id="referral-outside-answer"' not in client.get(f"/referrals/{to_police['id']}").get_data(as_text=True)
    assert _record(client, to_police).status_code == 422
    assert referral(app, to_police["id"]).status == "sent"
    with app.app_context():  # once its only account is disabled, the sender may record for it again
        db.session.execute(update(type(staff)).where(type(staff).id == staff.id).values(active=False))
        db.session.commit()
    assert _record(client, to_police).status_code == 303


def test_the_receiving_side_or_an_outsider_cannot_record_on_behalf(app, to_police):
    for role, kw in (("commune", {"commune_code": COMMUNE_B}), ("shelter", {})):
        with app.app_context():
            user = factories.create_user(role, **kw)
        other = Browserish(app)
        other.login(user.username)
        assert _record(other, to_police).status_code == 404
    assert referral(app, to_police["id"]).status == "sent"


def test_the_province_may_record_on_behalf_of_any_receiver_without_accounts(app, client, to_police, login_as):
    login_as("province")
    assert _record(client, to_police).status_code == 303
    assert referral(app, to_police["id"]).status == "accepted"


def test_a_commune_receiver_without_accounts_gets_its_answer_recorded(app, client):
    with app.app_context():
        sender = factories.create_user("commune")
        case = factories.create_case(user=sender, consent_share=True)
        sent = factories.create_referral(case, to_commune_code=COMMUNE_B, sent_by_id=sender.id)
        r, username = {"id": sent.id}, sender.username
    client.login(username)
    assert _record(client, r, outcome="completed").status_code == 303
    assert referral(app, r["id"]).status == "completed"


# One open referral per case and receiver

def test_the_database_refuses_a_second_open_referral_to_the_same_receiver(app, ctx):
    case = factories.create_case(consent_share=True)
    centre = factories.create_agency()
    factories.create_referral(case, centre)
    factories.create_referral(case, to_commune_code=COMMUNE_B)
    for kw in ({"to_agency": centre}, {"to_commune_code": COMMUNE_B}):
        with pytest.raises(IntegrityError):
            factories.create_referral(case, **kw)
        db.session.rollback()
    db.session.execute(update(Referral).values(status="declined"))
    db.session.commit()
    factories.create_referral(case, centre, status="accepted")  # a finished one does not count
    factories.create_referral(case, to_commune_code=COMMUNE_B)


def test_two_racing_sends_of_the_same_referral_save_one(app, login_as):
    officer = login_as("commune")
    with app.app_context():
        centre = factories.create_agency().id
        code = factories.create_case(user=officer, consent_share=True).code
    clients = [Browserish(app) for _ in range(2)]
    for c in clients:
        assert c.login(officer.username).status_code == 303
    tokens = [c.csrf() for c in clients]
    barrier = threading.Barrier(len(clients))
    results = []

    def send(c, token):
        barrier.wait()
        results.append(c.post(f"/cases/{code}/referrals", {**send_post(centre), "csrf_token": token}))

    threads = [threading.Thread(target=send, args=pair) for pair in zip(clients, tokens)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r.status_code for r in results) == [303, 422]
    refused = next(r for r in results if r.status_code == 422).get_data(as_text=True)
    assert DUPLICATE_VI in refused
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Referral)) == 1


def test_a_centre_cannot_refer_a_case_to_itself(app, client):
    with app.app_context():
        centre = factories.create_agency()
        case = factories.create_case(consent_share=True)
        factories.create_referral(case, centre, status="completed")  # the centre helped: it sees the case
        staff = factories.create_user("shelter", agency_id=centre.id)
        code, centre_id = case.code, centre.id
    client.login(staff.username)
    response = client.post(f"/cases/{code}/referrals", send_post(centre_id))
    assert response.status_code == 422
    assert 'id="referral-to_agency_id-error"' in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Referral)) == 1


def test_a_commune_cannot_refer_a_case_to_itself(app, client):
    with app.app_context():
        case = factories.create_case(consent_share=True)
        factories.create_referral(case, to_commune_code=COMMUNE_B, status="completed")
        officer_b = factories.create_user("commune", commune_code=COMMUNE_B)
        code = case.code
    client.login(officer_b.username)
    response = client.post(f"/cases/{code}/referrals", send_post(to_commune_code=COMMUNE_B))
    assert response.status_code == 422
    assert 'id="referral-to_commune_code-error"' in response.get_data(as_text=True)
