"""A small data set for commune A's first-quarter report of 2026 (window 01/12/2025 to 28/02/2026).

Every figure the tests expect is worked out by hand in tests/reports/test_commune_report.py from what is
created here. Dates were chosen for the edges: ages of exactly 15, 16, 17 and 18 on the reception day,
verification deadlines falling on a weekend, records just outside the window.
"""
from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import select

from tests import factories
from webapp.cases import services as case_services
from webapp.cases.models import AccompanyingChild, CaseEvent
from webapp.extensions import db
from webapp.outreach.models import OutreachSession
from webapp.training import services as training
from webapp.training.models import Participant

A, B = factories.COMMUNE_A, factories.COMMUNE_B
WINDOW = (date(2025, 12, 1), date(2026, 2, 28))


def _case(officer, received: date, **over):
    values = {"reception_date": received, "birth_year": None, "birth_date": None, "id_number": None,
              "exploitation_country": None, "purposes": [], "arrival_route": "returned_alone", "border_gate": None}
    values.update(over)
    return factories.create_case(officer, **values)


def _verify(case, officer, status: str, on: date, identification_date: date | None = None):
    """Record the verification outcome, as if recorded at 10:00 local time on `on`."""
    values = {"status": status, "legal_regime": None}
    if status == "identified":
        values.update(identification_doc_number="12/QĐ-CA", identification_date=identification_date or on,
                      identification_issuer="Công an tỉnh Đồng Tháp")
    case_services.set_status(case, values, case.version, officer)
    event = db.session.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id,
                                                       CaseEvent.kind == "status_changed")
                               .order_by(CaseEvent.id.desc())).first()
    event.at = datetime.combine(on, time(3, 0))  # 03:00 UTC = 10:00 in Viet Nam
    db.session.commit()


def seed() -> dict:
    officer = factories.create_user("commune", commune_code=A)
    other = factories.create_user("commune", commune_code=B)
    centre = factories.create_agency(kind="protection_centre", name="Trung tâm Bảo trợ xã hội Đồng Tháp")
    police = factories.create_agency(kind="police", name="Công an tỉnh")

    # P1: born 10/01/2010, received twice: the repeat victim (one person, two cases).
    c1 = _case(officer, date(2026, 1, 10), full_name="Trần Thị Một", sex="female", birth_date=date(2010, 1, 10),
               arrival_route="foreign_handover", border_gate="dinh_ba", purposes=["scam_compound"],
               exploitation_country="KH", ethnicity="01")
    c2 = _case(officer, date(2026, 2, 5), full_name="Trần Thị Một", sex="female", birth_date=date(2010, 1, 10),
               arrival_route="rescued", purposes=["sexual_exploitation", "forced_labour"], exploitation_country="CN",
               ethnicity="01")
    case_services.link_same_person(c1, c2, officer)
    db.session.commit()
    # P2: 15 exactly on the reception day; came with a child.
    c3 = _case(officer, date(2025, 12, 19), full_name="Lê Văn Hai", sex="male", birth_date=date(2010, 12, 19),
               arrival_route="foreign_handover", border_gate="thuong_phuoc", purposes=["scam_compound"],
               exploitation_country="KH", ethnicity="01",
               children=[{"sex": "female", "age": 3}])
    # P3: 17, the day before turning 18.
    c4 = _case(officer, date(2026, 1, 14), full_name="Phạm Thị Ba", sex="female", birth_date=date(2008, 1, 15),
               arrival_route="hotline", purposes=["forced_labour"], exploitation_country="KH", ethnicity="01")
    # P4: 18 exactly on the reception day.
    c5 = _case(officer, date(2026, 1, 15), full_name="Võ Thị Bốn", sex="female", birth_date=date(2008, 1, 15),
               arrival_route="other_province", purposes=["scam_compound"], exploitation_country="MM", ethnicity="01")
    # P5: only a birth year (1980): 46 in 2026; an ethnic minority; no purpose or country recorded.
    c6 = _case(officer, date(2026, 2, 26), full_name="Thạch Năm", sex="male", birth_year=1980, ethnicity="05")
    # P6: nothing known of the age or ethnicity.
    c7 = _case(officer, date(2026, 2, 20), full_name="Người Sáu", sex="female", ethnicity=None,
               arrival_route="foreign_handover", border_gate="dinh_ba", purposes=["forced_marriage"],
               exploitation_country="CN")
    # P7: received in the window but no consent to be counted in statistics.
    c8 = _case(officer, date(2026, 1, 20), full_name="Không Đếm", sex="female", consent_statistics=False)
    # P8: received before the window, verified and supported inside it.
    c9 = _case(officer, date(2025, 11, 30), full_name="Đỗ Văn Tám", sex="male", birth_year=1990)
    # P9: received and closed before the window.
    c10 = _case(officer, date(2025, 10, 1), full_name="Ngô Thị Chín", sex="female", birth_year=1995)
    # Commune B's case in the window: never in commune A's report.
    b1 = _case(other, date(2026, 1, 5), full_name="Xã Khác", sex="female", commune_code=B)

    # Verification (deadline: reception + 3 calendar days).
    _verify(c1, officer, "identified", date(2026, 1, 13))  # Sat 10/01 -> Tue 13/01: on the deadline
    _verify(c2, officer, "identified", date(2026, 2, 6))
    _verify(c4, officer, "not_victim", date(2026, 1, 19))  # Wed 14/01, due Sat 17/01, done Mon 19/01: late
    _verify(c5, officer, "identified", date(2026, 1, 18))  # Thu 15/01, due Sun 18/01, done that Sunday
    _verify(c9, officer, "identified", date(2025, 12, 5))  # Sun 30/11, due 03/12, done 05/12: late
    _verify(c10, officer, "not_victim", date(2025, 10, 2))
    _verify(c8, officer, "identified", date(2026, 1, 21))  # not counted (no consent)
    _verify(b1, other, "identified", date(2026, 1, 6))  # commune B

    c10.closed_on, c10.closure_reason = date(2025, 11, 15), "not_victim"
    c2.reintegration_status = "with_family"
    c1.reintegration_status = "needs_help"  # an earlier case of P1: the latest case's status counts
    c4.reintegration_status = "studying"
    c9.reintegration_status = "with_family"
    db.session.commit()

    # Support.
    child = db.session.scalar(select(AccompanyingChild).where(AccompanyingChild.case_id == c3.id))
    factories.create_support_event(c1, regime="a", amount_vnd=500_000, given_on=date(2026, 1, 11))
    factories.create_support_event(c2, regime="a", amount_vnd=300_000, given_on=date(2026, 2, 6))
    factories.create_support_event(c3, regime="b", amount_vnd=1_200_000, given_on=date(2026, 1, 2))
    factories.create_support_event(c3, regime="a", amount_vnd=200_000, given_on=date(2026, 1, 2), child_id=child.id)
    factories.create_support_event(c9, regime="k", amount_vnd=3_000_000, given_on=date(2025, 12, 10))
    factories.create_support_event(c4, regime="g", amount_vnd=None, given_on=date(2026, 1, 20))
    factories.create_support_event(c5, regime="a", status="planned", given_on=None, planned_on=date(2026, 2, 1))
    factories.create_support_event(c6, regime="a", amount_vnd=400_000, given_on=date(2026, 3, 2))
    factories.create_support_event(c8, regime="a", amount_vnd=700_000, given_on=date(2026, 1, 22))
    factories.create_support_event(b1, regime="a", amount_vnd=900_000, given_on=date(2026, 1, 7))

    # Referrals (created_at in UTC).
    factories.create_referral(c1, to_agency=centre, status="accepted", created_at=datetime(2026, 1, 11, 2),
                              answered_at=datetime(2026, 1, 12, 2))
    factories.create_referral(c3, to_agency=police, status="completed", created_at=datetime(2026, 1, 3, 2))
    factories.create_referral(c4, to_commune_code=B, status="declined", created_at=datetime(2026, 1, 20, 2))
    factories.create_referral(c5, to_agency=centre, status="sent", created_at=datetime(2026, 2, 1, 2))
    factories.create_referral(c6, to_agency=police, status="sent", created_at=datetime(2026, 3, 5, 2))

    # Follow-up visits.
    factories.create_followup(c1, due_on=date(2026, 2, 9), done_on=date(2026, 2, 10))
    factories.create_followup(c2, due_on=date(2026, 2, 20), done_on=date(2026, 2, 20))
    factories.create_followup(c5, due_on=date(2026, 2, 15))
    factories.create_followup(c3, due_on=date(2026, 3, 10))
    factories.create_followup(c4, due_on=date(2026, 2, 25), done_on=date(2026, 3, 2))

    # Tip-offs.
    def tip(received, commune=A, classified_at=None, forwarded_on=None, closed_on=None):
        tipoff = factories.create_tipoff(officer if commune == A else other, commune_code=commune,
                                         received_on=received)
        if classified_at:
            tipoff.classification, tipoff.classified_at = "suspected_trafficking", classified_at
        if forwarded_on:
            tipoff.forwarded_agency_id, tipoff.forwarded_on = police.id, forwarded_on
        if closed_on:
            tipoff.outcome, tipoff.closed_on = "Đã xử lý", closed_on
        db.session.commit()

    tip(date(2025, 12, 5), classified_at=datetime(2025, 12, 6, 3), forwarded_on=date(2025, 12, 7),
        closed_on=date(2026, 1, 10))
    tip(date(2026, 2, 1), classified_at=datetime(2026, 2, 2, 3))
    tip(date(2025, 11, 20), classified_at=datetime(2025, 11, 21, 3), forwarded_on=date(2025, 12, 2),
        closed_on=date(2026, 3, 3))
    tip(date(2026, 3, 1))
    tip(date(2026, 1, 8), commune=B)

    # Outreach (created directly: the service refuses dates older than its edit rules allow for some roles).
    for commune, held, people, women, children, venue, reach in (
            (A, date(2026, 1, 5), 40, 25, 5, "community_meeting", None),
            (A, date(2026, 2, 10), 30, 10, 8, "school", None),
            (A, date(2026, 1, 20), None, None, None, "online", 1500),
            (A, date(2026, 3, 5), 50, 20, 0, "community_meeting", None),
            (B, date(2026, 1, 6), 60, 30, 10, "community_meeting", None)):
        db.session.add(OutreachSession(commune_code=commune, held_on=held, venue=venue, participants=people,
                                       women=women, children=children, reach=reach, organiser="Hội Phụ nữ",
                                       created_by_id=officer.id))
    db.session.commit()

    # Training: a course held 12-13/01/2026 and one in March (outside the window).
    course = training.save_course(None, {"title": "Hỗ trợ nạn nhân", "organiser": "Sở Y tế",
                                         "starts_on": date(2026, 1, 12), "ends_on": date(2026, 1, 13),
                                         "place": "Hội trường", "audience": "commune_officers", "topics": ""},
                                  officer)
    day1 = training.add_session(course, date(2026, 1, 12), time(8), time(11))
    training.add_session(course, date(2026, 1, 13), time(8), time(11))
    later = training.save_course(None, {"title": "Tập huấn 2", "organiser": "Sở Y tế",
                                        "starts_on": date(2026, 3, 10), "ends_on": date(2026, 3, 10),
                                        "place": "Hội trường", "audience": "commune_officers", "topics": ""}, officer)
    later_day = training.add_session(later, date(2026, 3, 10), time(8), time(11))

    def person(on, name, sex, commune):
        found, _created = training.add_participant(on, {"full_name": name, "sex": sex, "agency": "UBND",
                                                        "position": "Cán bộ", "commune_code": commune,
                                                        "phone": ""}, 2026)
        return found

    marks = [(day1, person(course, "Cán Bộ Nữ", "female", A), "present"),
             (day1, person(course, "Cán Bộ Nam", "male", A), "late"),
             (day1, person(course, "Vắng Mặt", "female", A), "absent"),
             (day1, person(course, "Xã Bê", "female", B), "present"),
             (later_day, person(later, "Sau Kỳ", "male", A), "present")]
    for session, participant, status in marks:
        training.mark(session, participant, status, datetime(2026, 1, 12, 1), "device-0001", None)
    db.session.commit()
    assert db.session.scalar(select(Participant.id).where(Participant.full_name == "Xã Bê")) is not None
    return {"officer_id": officer.id, "other_id": other.id, "centre_id": centre.id, "cases": {
        "c1": c1.id, "c2": c2.id, "c3": c3.id, "c4": c4.id, "c5": c5.id, "c6": c6.id, "c7": c7.id}}
