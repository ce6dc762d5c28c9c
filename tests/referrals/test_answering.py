"""Accept, decline with a reason, complete: only the receiver answers, every step is audited and in the timeline."""
import pytest
from sqlalchemy import select

from tests import factories
from tests.conftest import Browserish
from tests.factories import COMMUNE_B
from tests.referrals.helpers import audit_rows, case_state, events, referral
from webapp.cases.models import Case
from webapp.extensions import db
from webapp.referrals.models import Referral


@pytest.fixture
def waiting(app):
    """A case of commune A referred (with consent) to a centre by commune A's officer; nobody signed in yet."""
    with app.app_context():
        sender = factories.create_user("commune", username="sender")
        centre = factories.create_agency(name="Trung tâm Bảo trợ xã hội Tiền Giang")
        case = factories.create_case(user=sender, consent_share=True)
        sent = factories.create_referral(case, centre, sent_by_id=sender.id)
        return {"id": sent.id, "code": case.code, "centre": centre.id, "sender": sender.username}


def _staff(app, client, centre_id):
    with app.app_context():
        user = factories.create_user("shelter", agency_id=centre_id)
    client.login(user.username)
    return user


def _post(client, waiting, action, **data):
    version = data.pop("version", None) or 1
    return client.post(f"/referrals/{waiting['id']}/{action}", {"version": str(version), **data})


def test_centre_staff_accept_and_the_step_is_recorded(app, client, waiting):
    staff = _staff(app, client, waiting["centre"])
    response = _post(client, waiting, "accept")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/referrals/{waiting['id']}")
    answered = referral(app, waiting["id"])
    assert answered.status == "accepted" and answered.answered_by_id == staff.id and answered.answered_at
    assert events(app, waiting["code"])[-1] == ("referral_accepted",
                                                f"referral={waiting['id']};agency={waiting['centre']}")
    [row] = audit_rows(app, action="update", object_type="referral")
    assert (row.object_id, row.detail, row.user_id) == (str(waiting["id"]), "status=accepted", staff.id)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f'href="/cases/{waiting["code"]}"' in page  # now the case opens from here


def test_declining_needs_a_reason(app, client, waiting):
    _staff(app, client, waiting["centre"])
    response = _post(client, waiting, "decline", reason="   ")
    assert response.status_code == 422
    assert 'class="error"' in response.get_data(as_text=True)
    assert referral(app, waiting["id"]).status == "sent"
    assert audit_rows(app, action="update", object_type="referral") == []


def test_declining_changes_nothing_in_the_case_and_the_sender_sees_why(app, client, waiting):
    before = case_state(app, waiting["code"])
    _staff(app, client, waiting["centre"])
    reason = "Trung tâm đã hết chỗ trong tháng này."
    assert _post(client, waiting, "decline", reason=reason).status_code == 303
    declined = referral(app, waiting["id"])
    assert (declined.status, declined.answer_reason) == ("declined", reason)
    assert case_state(app, waiting["code"]) == before  # same status, version and data
    assert events(app, waiting["code"])[-1][0] == "referral_declined"
    [row] = audit_rows(app, action="update", object_type="referral")
    assert row.detail == "status=declined"  # the reason typed never goes into the audit trail
    assert client.get(f"/cases/{waiting['code']}").status_code == 404  # declining granted nothing

    sender = Browserish(app)
    sender.login(waiting["sender"])
    case_page = sender.get(f"/cases/{waiting['code']}").get_data(as_text=True)
    assert reason in case_page.split('id="referrals"')[1]
    assert reason in sender.get(f"/referrals/{waiting['id']}").get_data(as_text=True)


def test_the_receiver_completes_an_accepted_referral(app, client, waiting):
    _staff(app, client, waiting["centre"])
    _post(client, waiting, "accept")
    assert _post(client, waiting, "complete", version=2).status_code == 303
    done = referral(app, waiting["id"])
    assert done.status == "completed" and done.completed_at is not None
    assert [kind for kind, _d in events(app, waiting["code"])][-2:] == ["referral_accepted", "referral_completed"]
    assert client.get(f"/cases/{waiting['code']}").status_code == 200  # completing keeps the access


def test_the_sender_may_complete_an_accepted_referral(app, client, waiting):
    with app.app_context():
        factories.create_referral(db.session.scalar(select(Case).where(Case.code == waiting["code"])),
                                  factories.create_agency())  # noise: another, waiting
        db.session.get(Referral, waiting["id"]).status = "accepted"
        db.session.commit()
    client.login(waiting["sender"])
    assert _post(client, waiting, "complete", version=2).status_code == 303
    assert referral(app, waiting["id"]).status == "completed"


def test_a_referral_still_waiting_cannot_be_completed(app, client, waiting):
    client.login(waiting["sender"])
    assert _post(client, waiting, "complete").status_code == 422
    assert referral(app, waiting["id"]).status == "sent"


@pytest.mark.parametrize("action, data", [("accept", {}), ("decline", {"reason": "Không phù hợp với trung tâm."})])
def test_an_answered_referral_cannot_be_answered_again(app, client, waiting, action, data):
    _staff(app, client, waiting["centre"])
    assert _post(client, waiting, "accept").status_code == 303
    assert _post(client, waiting, action, version=2, **data).status_code == 422
    assert referral(app, waiting["id"]).status == "accepted"


def test_an_answer_to_an_outdated_page_is_a_conflict_and_changes_nothing(app, client, waiting):
    _staff(app, client, waiting["centre"])
    colleague = Browserish(app)
    _staff(app, colleague, waiting["centre"])
    assert _post(colleague, waiting, "decline", reason="Hết chỗ.").status_code == 303
    response = _post(client, waiting, "accept", version=1)  # the page this officer opened before the decline
    assert response.status_code == 409
    assert 'role="alert"' in response.get_data(as_text=True)
    assert referral(app, waiting["id"]).status == "declined"
    assert [kind for kind, _d in events(app, waiting["code"])].count("referral_accepted") == 0


def test_a_commune_receives_accepts_and_completes(app, client, login_as):
    with app.app_context():
        case = factories.create_case(consent_share=True)
        sent = factories.create_referral(case, to_commune_code=COMMUNE_B)
        code, referral_id = case.code, sent.id
    login_as("commune", commune_code=COMMUNE_B)
    assert client.get(f"/cases/{code}").status_code == 404
    assert client.post(f"/referrals/{referral_id}/accept", {"version": "1"}).status_code == 303
    assert client.get(f"/cases/{code}").status_code == 200
    assert client.post(f"/referrals/{referral_id}/complete", {"version": "2"}).status_code == 303


@pytest.mark.parametrize("who", ["another centre", "the sending commune", "another commune", "province"])
def test_only_the_receiver_may_accept_or_decline(app, client, waiting, who):
    with app.app_context():
        user = {"another centre": lambda: factories.create_user("shelter"),
                "the sending commune": lambda: factories.create_user("commune"),
                "another commune": lambda: factories.create_user("commune", commune_code=COMMUNE_B),
                "province": lambda: factories.create_user("province")}[who]()
    client.login(user.username)
    assert _post(client, waiting, "accept").status_code == 404
    assert _post(client, waiting, "decline", reason="Không nhận.").status_code == 404
    assert referral(app, waiting["id"]).status == "sent"
