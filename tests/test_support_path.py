"""Reception → plan → support given → referral declined, sent again, accepted, completed → follow-ups → closure."""
from datetime import date, timedelta

from sqlalchemy import select

from tests import factories
from tests.cases.helpers import reception_post
from tests.conftest import Browserish
from tests.followups.helpers import closure_post, schedule_post, visit_post
from tests.referrals.helpers import send_post
from webapp.extensions import db
from webapp.followups.models import FollowUp
from webapp.referrals.models import Referral
from webapp.support.models import SupportEvent


def test_the_whole_path_of_support(app, client, login_as):
    officer = login_as("commune")
    with app.app_context():
        centre = factories.create_agency(kind="protection_centre", name="Trung tâm BTXH Đồng Tháp")
        other_centre = factories.create_agency(kind="protection_centre", name="Trung tâm BTXH Tiền Giang")
        centre_id, other_id = centre.id, other_centre.id
        staff = factories.create_user("shelter", agency_id=centre_id).username
        other_staff = factories.create_user("shelter", agency_id=other_id).username
    code = client.post("/cases/new", reception_post(needs=["a", "b", "g"], consent_share=True,
                                                    reception_date=date.today() - timedelta(days=3))
                       ).headers["Location"].rsplit("/", 1)[1]

    # The needs at reception become a plan; one planned support is then given
    assert client.post(f"/cases/{code}/support/plan").status_code == 303
    with app.app_context():
        planned = db.session.scalars(select(SupportEvent).order_by(SupportEvent.regime)).all()
        assert [(e.regime, e.status) for e in planned] == [("a", "planned"), ("b", "planned"), ("g", "planned")]
        first = planned[0]
    assert client.post(f"/support/{first.id}", {"version": str(first.version), "regime": "a", "beneficiary": "",
                                                "status": "delivered", "given_on": date.today().isoformat(),
                                                "amount": "1.000.000", "description": "Gạo", "agency_id": "",
                                                "notes": "", "planned_on": "", "eligibility_note": ""}
                       ).status_code == 303

    # A first referral is declined; the case loses nothing and a second centre accepts and completes
    assert client.post(f"/cases/{code}/referrals", send_post(to_agency_id=other_id)).status_code == 303
    with app.app_context():
        declined_id = db.session.scalar(select(Referral.id).where(Referral.to_agency_id == other_id))
    other = Browserish(app)
    other.login(other_staff)
    assert other.get(f"/cases/{code}").status_code == 404
    assert other.post(f"/referrals/{declined_id}/decline", {"version": "1", "reason": "Hết chỗ"}).status_code == 303
    assert other.get(f"/cases/{code}").status_code == 404
    assert client.post(f"/cases/{code}/referrals", send_post(to_agency_id=centre_id)).status_code == 303
    with app.app_context():
        accepted_id = db.session.scalar(select(Referral.id).where(Referral.to_agency_id == centre_id))
    theirs = Browserish(app)
    theirs.login(staff)
    assert theirs.post(f"/referrals/{accepted_id}/accept", {"version": "1"}).status_code == 303
    assert theirs.get(f"/cases/{code}").status_code == 200
    assert theirs.post(f"/referrals/{accepted_id}/complete", {"version": "2"}).status_code == 303

    # Follow-up visits, then closure
    assert client.post(f"/cases/{code}/followups", schedule_post(date.today() + timedelta(days=30))).status_code == 303
    with app.app_context():
        visit_id = db.session.scalar(select(FollowUp.id))
    assert client.post(f"/followups/{visit_id}/done",
                       visit_post(date.today(), "Đã về sống cùng gia đình, đi làm")).status_code == 303
    # Support still planned (b, g) keeps the case open until the officer says why it is cancelled
    assert client.post(f"/cases/{code}/close", closure_post("reintegrated", date.today())).status_code == 422
    with app.app_context():
        still_planned = ",".join(str(e.id) for e in db.session.scalars(
            select(SupportEvent).where(SupportEvent.status == "planned").order_by(SupportEvent.id)))
    assert client.post(f"/cases/{code}/close", {**closure_post("reintegrated", date.today()),
                                                "planned_ids": still_planned,
                                                "cancel_reason": "Đã ổn định, không cần nữa"}).status_code == 303

    with app.app_context():
        from webapp.cases.models import Case

        case = db.session.scalar(select(Case).where(Case.code == code))
        kinds = [e.kind for e in case.events]
        assert case.closed_on == date.today() and case.closure_reason == "reintegrated"
        assert db.session.get(Referral, declined_id).status == "declined"
        assert db.session.get(Referral, accepted_id).status == "completed"
        assert sorted((e.regime, e.status) for e in db.session.scalars(select(SupportEvent))) == [
            ("a", "delivered"), ("b", "cancelled"), ("g", "cancelled")]
    assert kinds[0] == "received" and kinds[-1] == "closed"
    for kind in ("support_planned", "support_given", "referral_sent", "referral_declined", "referral_accepted",
                 "referral_completed", "followup_scheduled", "followup_done"):
        assert kind in kinds, kind
    assert kinds.index("referral_declined") < kinds.index("referral_accepted") < kinds.index("followup_done")
    page = client.get(f"/cases/{code}").get_data(as_text=True)
    assert "Gạo" in page and officer.id
