"""Small behaviours a person notices (#10 item 6): where a refusal answers, dates that default, empty choices, menus."""
import re
from datetime import date

from tests import factories
from tests.cases.helpers import reception_post  # noqa: F401  (kept with the other case helpers)
from tests.referrals.helpers import send_post
from tests.tipoffs.helpers import handling_post, saved
from webapp.extensions import db

PAGE_URL = re.compile(r'<meta name="sen-page-url" content="([^"]+)">')


def _case(app, user, **over):
    with app.app_context():
        case = factories.create_case(user=user, **over)
        return case.code, case.version


def test_a_refused_status_answers_on_the_case_page_with_what_was_typed(app, client, login_as):
    """Reloading after a refusal must not post again: the page says it is the case page, and keeps the input."""
    officer = login_as("commune")
    code, version = _case(app, officer)
    response = client.post(f"/cases/{code}/status", {
        "version": str(version), "status": "identified", "identification_doc_number": "",
        "identification_date": "", "identification_issuer": "Công an tỉnh Đồng Tháp", "legal_regime": ""})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert PAGE_URL.search(page).group(1) == f"/cases/{code}#verification"
    assert 'value="Công an tỉnh Đồng Tháp"' in page
    assert PAGE_URL.search(client.get(f"/cases/{code}").get_data(as_text=True)) is None


def test_a_refused_referral_is_shown_on_the_case_page_with_what_was_typed(app, client, login_as):
    officer = login_as("commune")
    code, _version = _case(app, officer, consent_share=True)
    response = client.post(f"/cases/{code}/referrals", send_post(reason="Cần chỗ ở gấp", to_commune_code=""))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert PAGE_URL.search(page).group(1) == f"/cases/{code}#referrals"
    assert 'id="case-summary"' in page  # the case page itself, not a separate form page
    assert "Cần chỗ ở gấp" in page
    assert re.search(r'<details open>\s*<summary>[^<]*</summary>\s*<div class="alert"', page) or \
        re.search(r'<details[^>]* open', page)


def test_forwarding_a_tipoff_without_a_date_means_today(app, client, login_as):
    login_as("commune")
    with app.app_context():
        police = factories.create_agency(kind="police", name="Công an xã Thường Phước").id
        code = factories.create_tipoff(classification="other").code
    response = client.post(f"/tipoffs/{code}", handling_post(saved(app, code), forwarded_agency_id=police,
                                                             forwarded_on=""))
    assert response.status_code == 303
    forwarded = saved(app, code)
    assert forwarded.forwarded_agency_id == police and forwarded.forwarded_on == date.today()


def test_the_agency_select_offers_an_empty_choice_not_none(app, client, login_as):
    login_as("admin")
    with app.app_context():
        factories.create_agency(name="Trung tâm Công tác xã hội")
    page = client.get("/admin/users/new").get_data(as_text=True)
    select = re.search(r'<select[^>]*name="agency_id".*?</select>', page, re.S).group(0)
    assert 'value="None"' not in select
    assert re.search(r'<option selected value="">|<option value="" selected>', select)


def test_the_outbox_page_has_a_menu(app, client, login_as):
    login_as("commune")
    page = client.get("/outbox").get_data(as_text=True)
    menu = re.search(r'<details class="menu">.*?</details>', page, re.S)
    assert menu and 'href="/"' in menu.group(0)
    assert "csrf" not in menu.group(0)  # a page kept on the phone holds nothing bound to the session
    with app.app_context():
        db.session.remove()


def test_a_referral_refused_because_the_case_is_closed_says_why_on_the_case_page(app, client, login_as):
    officer = login_as("commune")
    with app.app_context():
        case = factories.create_case(user=officer, consent_share=True)
        case.closed_on, case.closure_reason = date.today(), "reintegrated"
        db.session.commit()
        code = case.code
    response = client.post(f"/cases/{code}/referrals", send_post(to_commune_code=factories.COMMUNE_B))
    assert response.status_code == 422
    with app.test_request_context():
        from flask_babel import gettext

        assert gettext("This case is closed: it cannot be referred.") in response.get_data(as_text=True)
