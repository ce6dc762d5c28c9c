"""The "my work" page: what each officer has to do, in their scope only, overdue first, cut at 50 rows."""
import re
from datetime import timedelta

import pytest

from tests import factories
from tests.factories import COMMUNE_A, COMMUNE_B
from tests.followups.helpers import codes_in, section
from webapp.extensions import db
from webapp.i18n import local_today
from webapp.referrals.models import Referral

TODAY = local_today()


def _case(officer=None, **over):
    over.setdefault("reception_date", TODAY - timedelta(days=1))
    return factories.create_case(user=officer, **over)


def _identified(case):
    case.status = "identified"
    db.session.commit()
    return case


def _to_commune(case, commune_code, status="sent"):
    referral = Referral(case_id=case.id, to_commune_code=commune_code, reason="Chuyển về nơi cư trú",
                        status=status)
    db.session.add(referral)
    db.session.commit()
    return referral


def _work(client) -> str:
    response = client.get("/my-work")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _count(page, name) -> int:
    return int(re.search(rf'data-testid="count-{name}">(\d+)<', page).group(1))


def test_visits_due_this_week_are_listed_overdue_first_and_marked(app, client, login_as):
    officer = login_as("commune")
    with app.app_context():
        soon, late, far, done = [_identified(_case(officer, reception_date=TODAY - timedelta(days=40)))
                                 for _ in range(4)]
        elsewhere = _identified(_case(commune_code=COMMUNE_B, reception_date=TODAY - timedelta(days=40)))
        factories.create_followup(soon, due_on=TODAY + timedelta(days=7))
        factories.create_followup(late, due_on=TODAY - timedelta(days=3))
        factories.create_followup(far, due_on=TODAY + timedelta(days=8))
        factories.create_followup(done, due_on=TODAY - timedelta(days=5), done_on=TODAY - timedelta(days=5),
                                  findings="Ổn định")
        factories.create_followup(elsewhere, due_on=TODAY - timedelta(days=9))
        codes = {"soon": soon.code, "late": late.code}
    part = section(_work(client), "work-followups")
    assert codes_in(part) == [codes["late"], codes["soon"]]
    assert _count(part, "followups") == 2
    rows = re.findall(r'<li class="([^"]*)" data-testid="work-followup">', part)
    assert ["overdue" in row for row in rows] == [True, False]
    assert f'href="/cases/{codes["late"]}#followup-visits"' in part


def test_visits_of_closed_cases_are_not_work(app, client, login_as):
    officer = login_as("commune")
    with app.app_context():
        case = _identified(_case(officer))
        factories.create_followup(case, due_on=TODAY)
        case.closed_on, case.closure_reason = TODAY, "reintegrated"
        db.session.commit()
    assert _count(_work(client), "followups") == 0


def test_a_commune_officer_sees_referrals_to_their_commune_only(app, client, login_as):
    login_as("commune", commune_code=COMMUNE_B)
    with app.app_context():
        to_us = _to_commune(_case(), COMMUNE_B)  # a case of commune A referred to commune B
        _to_commune(_case(), COMMUNE_A)
        _to_commune(_case(), COMMUNE_B, status="accepted")
        factories.create_referral(_case())  # to a centre
        code = db.session.get(Referral, to_us.id).case.code
    part = section(_work(client), "work-referrals")
    assert codes_in(part) == [code]
    assert f'href="/cases/{code}"' not in part  # not accepted yet: the case page is not theirs to open


def test_a_centre_sees_referrals_to_its_centre_only(app, client, login_as):
    with app.app_context():
        centre = factories.create_agency(name="Trung tâm Bảo trợ xã hội Đồng Tháp")
    login_as("shelter", agency_id=centre.id)
    with app.app_context():
        ours = factories.create_referral(_case(), to_agency=centre).case.code
        factories.create_referral(_case())  # to another centre
        factories.create_referral(_case(), to_agency=centre, status="declined")
        _to_commune(_case(), COMMUNE_A)
    page = _work(client)
    assert codes_in(section(page, "work-referrals")) == [ours]
    for name in ("followups", "verification", "support"):
        assert _count(page, name) == 0


def test_the_province_answers_no_referral_so_none_waits_for_it(app, client, login_as):
    login_as("province")
    with app.app_context():
        factories.create_referral(_case())
        _to_commune(_case(), COMMUNE_B)
    assert codes_in(section(_work(client), "work-referrals")) == []


def test_a_waiting_referral_links_to_the_referral_page(app, client, login_as):
    officer = login_as("shelter")
    with app.app_context():
        from webapp.extensions import db
        from webapp.places.models import Agency

        referral = factories.create_referral(_case(), to_agency=db.session.get(Agency, officer.agency_id))
    part = section(_work(client), "work-referrals")
    assert f'href="/referrals/{referral.id}"' in part


def test_cases_past_the_verification_deadline_that_are_still_open(app, client, login_as):
    officer = login_as("commune")
    with app.app_context():
        oldest = _case(officer, reception_date=TODAY - timedelta(days=20)).code
        older = _case(officer, reception_date=TODAY - timedelta(days=5)).code
        _case(officer, reception_date=TODAY - timedelta(days=2))  # still within the 3 days
        _identified(_case(officer, reception_date=TODAY - timedelta(days=20)))
        closed = _case(officer, reception_date=TODAY - timedelta(days=20))
        closed.closed_on, closed.closure_reason = TODAY, "not_victim"
        db.session.commit()
        _case(commune_code=COMMUNE_B, reception_date=TODAY - timedelta(days=20))
    part = section(_work(client), "work-verification")
    assert codes_in(part) == [oldest, older]


def test_support_planned_and_not_delivered(app, client, login_as):
    officer = login_as("commune")
    with app.app_context():
        planned = _identified(_case(officer))
        factories.create_support_event(planned, status="planned", given_on=None, amount_vnd=None,
                                       planned_on=TODAY + timedelta(days=2))
        factories.create_support_event(_identified(_case(officer)))  # delivered
        elsewhere = _identified(_case(commune_code=COMMUNE_B))
        factories.create_support_event(elsewhere, status="planned", given_on=None, planned_on=TODAY)
        code = planned.code
    part = section(_work(client), "work-support")
    assert codes_in(part) == [code]
    assert (TODAY + timedelta(days=2)).strftime("%d/%m/%Y") in part


def test_each_list_is_cut_at_fifty_rows_with_the_count_of_all(app, client, login_as):
    officer = login_as("commune")
    with app.app_context():
        case = _identified(_case(officer))
        for days in range(52):
            factories.create_followup(case, due_on=TODAY - timedelta(days=days))
    part = section(_work(client), "work-followups")
    assert part.count('data-testid="work-followup"') == 50
    assert _count(part, "followups") == 52
    assert re.search(r'<p class="count">[^<]*\b2\b', part)


def test_nothing_to_do_says_so_in_every_list(app, client, login_as):
    login_as("commune")
    page = _work(client)
    for name in ("followups", "referrals", "verification", "support"):
        assert _count(page, name) == 0
        assert 'class="empty"' in section(page, f"work-{name}")


@pytest.mark.parametrize("role", ["volunteer", "trainer", "admin"])
def test_roles_without_case_work_have_no_work_page(client, login_as, role):
    login_as(role)
    assert client.get("/my-work").status_code == 403
    home = client.get("/").get_data(as_text=True)
    assert "/my-work" not in home


def test_the_home_page_shows_the_counts(app, client, login_as):
    officer = login_as("commune")
    with app.app_context():
        case = _case(officer, reception_date=TODAY - timedelta(days=10))  # verification overdue
        factories.create_followup(case, due_on=TODAY)
    home = client.get("/").get_data(as_text=True)
    counts = dict(re.findall(r'data-testid="work-(\w+)">(\d+)<', home))
    assert counts == {"followups": "1", "referrals": "0", "verification": "1", "support": "0", "protection": "0"}
    assert 'href="/my-work"' in home  # the menu entry


def test_an_htmx_request_gets_the_lists_alone(client, login_as):
    login_as("commune")
    response = client.get("/my-work", headers={"HX-Request": "true"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in body and 'id="my-work"' in body
    assert "HX-Request" in response.headers["Vary"]


def test_a_referral_waiting_names_who_sent_it_not_the_receiver(app, client, login_as):
    """The officer of commune B knows who they are: the row says which commune sent the case."""
    login_as("commune", commune_code=COMMUNE_B)
    with app.app_context():
        _to_commune(_case(), COMMUNE_B)  # a case of commune A (Phường Cao Lãnh)
    part = section(_work(client), "work-referrals")
    assert "Cao Lãnh" in part
    assert "Thường Phước" not in part
