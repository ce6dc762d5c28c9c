"""Figures for the reports issue: courses held and people trained in a window, by sex, audience and agency."""
from datetime import date, datetime, time

from tests.training.helpers import create_course
from webapp.extensions import db
from webapp.training import queries, services

THIS_YEAR = 2026


def _person(course, name, sex, agency):
    return services.add_participant(course, {"full_name": name, "sex": sex, "agency": agency}, THIS_YEAR)[0]


def test_courses_held_and_people_trained_by_sex_audience_and_agency(ctx):
    # November course for commune officers: 3 people, 2 attend (1 late), 1 only ever absent.
    nov = create_course(sessions=2, audience="commune_officers")
    hoa, binh, tu = (_person(nov, "Hoa", "female", "UBND xã"), _person(nov, "Bình", "male", "UBND xã"),
                     _person(nov, "Tư", "male", "Công an xã"))
    at = datetime(2026, 11, 2, 2, 0)
    services.mark(nov.sessions[0], hoa, "present", at, "phone-0001", None)
    services.mark(nov.sessions[1], hoa, "present", at, "phone-0001", None)  # two sessions, one person
    services.mark(nov.sessions[0], binh, "late", at, "phone-0001", None)
    services.mark(nov.sessions[0], tu, "absent", at, "phone-0001", None)
    # December course for teachers: 1 attends.
    dec = create_course(sessions=0, audience="teachers", starts_on=date(2026, 12, 1), ends_on=date(2026, 12, 1))
    services.add_session(dec, date(2026, 12, 1), time(8, 0), time(11, 0))
    lan = _person(dec, "Lan", "female", "Trường THCS")
    services.mark(dec.sessions[0], lan, "present", at, "phone-0001", None)
    # A course with no session held yet counts as no course held.
    create_course(sessions=0, title="Chưa học")
    db.session.commit()

    assert queries.courses_held(date(2026, 11, 1), date(2026, 12, 31)) == 2
    assert queries.courses_held(date(2026, 11, 1), date(2026, 11, 30)) == 1
    nov_only = queries.people_trained(date(2026, 11, 1), date(2026, 11, 30))
    assert nov_only == {"total": 2, "by_sex": {"female": 1, "male": 1},
                        "by_audience": {"commune_officers": 2}, "by_agency": {"UBND xã": 2}}
    both = queries.people_trained(date(2026, 11, 1), date(2026, 12, 31))
    assert both["total"] == 3
    assert both["by_sex"] == {"female": 2, "male": 1}
    assert both["by_audience"] == {"commune_officers": 2, "teachers": 1}
    assert both["by_agency"] == {"Trường THCS": 1, "UBND xã": 2}
    assert queries.people_trained(date(2027, 1, 1), date(2027, 12, 31))["total"] == 0
