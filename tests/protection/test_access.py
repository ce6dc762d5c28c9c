"""Protection follows the case's scope: outsiders get 404 even by guessing ids, other roles 403; all is audited."""
import pytest

from tests import factories
from tests.conftest import Browserish
from tests.factories import COMMUNE_B
from tests.followups.helpers import audit_rows, event_kinds
from tests.protection.helpers import RELATIVE, THREAT, edit_post, protection_post, protections_of, saved_protection
from tests.test_access_matrix import rules_of, sample_objects, url_for_rule
from webapp.extensions import db
from webapp.i18n import local_today
from webapp.protection.models import Protection

TODAY = local_today()


def _signed_in(app, role, **kw):
    with app.app_context():
        user = factories.create_user(role, **kw)
    client = Browserish(app)
    assert client.login(user.username).status_code == 303
    return client


def _valid_post(rule, protection) -> dict:
    """A valid submission for each route, so that only the scope can refuse it."""
    if "protection_id" in rule.arguments:
        return edit_post(protection, status="not_needed", outcome="Không cần")
    return protection_post()


def test_protection_has_its_two_routes(app):
    assert sorted(r.rule for r in rules_of(app, "protection")) == ["/cases/<code>/protection/new",
                                                                   "/protection/<int:protection_id>"]


@pytest.mark.parametrize("role, kw", [("commune", {"commune_code": COMMUNE_B}), ("shelter", {})])
def test_every_protection_route_answers_404_outside_the_case_scope(app, role, kw):
    with app.app_context():
        objs = sample_objects()  # a case of commune A with a protection request
        protection = db.session.get(Protection, objs["protection_id"])
        _ = protection.measure_codes
    client = _signed_in(app, role, **kw)
    problems = []
    for rule in rules_of(app, "protection"):
        url = url_for_rule(rule, objs)
        for method in sorted({"GET", "POST"} & rule.methods):
            response = client.get(url) if method == "GET" else client.post(url, _valid_post(rule, protection))
            if response.status_code != 404:
                problems.append(f"{method} {rule.rule}: {response.status_code}")
    assert problems == []
    assert saved_protection(app, objs["protection_id"]).status == "requested"
    assert len(protections_of(app, objs["case_code"])) == 1
    assert event_kinds(app, objs["case_code"]) == ["received"]


def test_guessing_the_next_id_reveals_nothing(app):
    with app.app_context():
        mine = factories.create_protection(factories.create_case(commune_code=COMMUNE_B)).id
        theirs = factories.create_protection(factories.create_case()).id  # commune A
    client = _signed_in(app, "commune", commune_code=COMMUNE_B)
    assert client.get(f"/protection/{mine}").status_code == 200
    for guess in (theirs, theirs + 1, 2**31 - 1, 2**31):
        assert client.get(f"/protection/{guess}").status_code == 404


@pytest.mark.parametrize("role", ["volunteer", "trainer", "admin"])
def test_roles_without_case_work_are_refused_every_protection_route(app, role):
    with app.app_context():
        objs = sample_objects()
    client = _signed_in(app, role)
    for rule in rules_of(app, "protection"):
        url = url_for_rule(rule, objs)
        assert client.get(url).status_code == 403
        assert client.post(url, protection_post()).status_code == 403
        assert THREAT not in client.get(url).get_data(as_text=True)


def test_a_centre_that_accepted_a_referral_may_work_on_the_protection(app):
    with app.app_context():
        objs = sample_objects()
        centre = factories.create_agency()
        centre_id = centre.id
        case = db.session.get(Protection, objs["protection_id"]).case
        factories.create_referral(case, to_agency=centre, status="accepted")
    client = _signed_in(app, "shelter", agency_id=centre_id)
    assert client.get(f"/protection/{objs['protection_id']}").status_code == 200
    assert client.get(f"/cases/{objs['case_code']}/protection/new").status_code == 200


def test_recording_changing_and_reading_are_audited_without_the_threat_or_names(app, client, login_as):
    officer = login_as("commune")
    with app.app_context():
        code = factories.create_case(user=officer).code
    response = client.post(f"/cases/{code}/protection/new", protection_post(
        subject="relative", relative_name=RELATIVE, relative_relationship="chồng", requested_by="relative"))
    assert response.status_code == 303
    assert RELATIVE not in response.headers["Location"] and "chồng" not in response.headers["Location"]
    [saved] = protections_of(app, code)
    assert client.get(f"/protection/{saved.id}").status_code == 200
    assert client.post(f"/protection/{saved.id}", edit_post(saved, status="in_place", start_on=TODAY,
                                                            agency_name="Công an xã")).status_code == 303
    assert audit_rows(app, "protection") == [
        ("create", str(saved.id), f"case={code}"),
        ("view", str(saved.id), None),
        ("update", str(saved.id), "changed:agency_name,start_on,status"),
    ]
    with app.app_context():
        from sqlalchemy import select

        from webapp.audit.models import AuditEvent
        from webapp.cases.models import CaseEvent

        details = list(db.session.scalars(select(AuditEvent.detail))) + list(db.session.scalars(select(CaseEvent.detail)))
    assert not any(text in (d or "") for d in details for text in (THREAT, RELATIVE, "chồng", "Công an xã"))


def test_the_new_form_records_a_read_of_the_case(app, client, login_as):
    officer = login_as("commune")
    with app.app_context():
        code = factories.create_case(user=officer).code
    assert client.get(f"/cases/{code}/protection/new").status_code == 200
    assert ("view", code, None) in audit_rows(app, "case")


def test_a_refused_request_leaves_no_audit_row(app, client, login_as):
    officer = login_as("commune")
    with app.app_context():
        code = factories.create_case(user=officer).code
    assert client.post(f"/cases/{code}/protection/new", protection_post(threat="")).status_code == 422
    assert [row for row in audit_rows(app, "protection") if row[0] != "view"] == []


def test_protection_pages_are_never_cached(app, client, login_as):
    officer = login_as("commune")
    with app.app_context():
        case = factories.create_case(user=officer)
        urls = (f"/protection/{factories.create_protection(case).id}", f"/cases/{case.code}/protection/new")
    for url in urls:
        assert "no-store" in client.get(url).headers["Cache-Control"]


def test_erasing_the_persons_data_erases_the_threat_and_the_relatives_name(app, client, login_as):
    with app.app_context():
        case = factories.create_case()
        code = case.code
        protection_id = factories.create_protection(case, subject="relative", relative_name=RELATIVE,
                                                    relative_relationship="mẹ", threat=THREAT,
                                                    status="not_needed", outcome="Bà Hoa đã chuyển nhà").id
    login_as("province")
    assert client.post(f"/cases/{code}/erase", {"reason": "subject_request", "confirm": code}).status_code == 303
    erased = saved_protection(app, protection_id)
    assert (erased.threat, erased.relative_name, erased.relative_relationship, erased.outcome) == ("—", None, None, None)
    assert (erased.subject, erased.status, erased.measure_codes) == ("relative", "not_needed", ["keep_secret"])
    assert RELATIVE not in client.get(f"/cases/{code}").get_data(as_text=True)
