"""Every route, every role: each reaches only what its role allows. New routes are caught automatically."""
import pytest

from tests import factories
from tests.conftest import Browserish
from webapp.auth.access import AUTHENTICATED, PUBLIC
from webapp.auth.roles import Role, has_permission

ROLES = [role.value for role in Role]

# Sample values for URL arguments. A new route with an argument not listed here fails the test
# until a sample is added, so no route escapes the matrix.
SAMPLES = {
    "user_id": lambda objs: objs["user_id"],
    "agency_id": lambda objs: objs["agency_id"],
    "filename": lambda objs: "css/app.css",
    "vocabulary": lambda objs: "purpose",
    "entry_id": lambda objs: objs["entry_id"],
    "code": lambda objs: objs["case_code"],
    "event_id": lambda objs: objs["event_id"],
    "referral_id": lambda objs: objs["referral_id"],
    "followup_id": lambda objs: objs["followup_id"],
    "tipoff_code": lambda objs: objs["tipoff_code"],
    "protection_id": lambda objs: objs["protection_id"],
    "session_id": lambda objs: objs["outreach_session_id"],
    "key_area_id": lambda objs: objs["key_area_id"],
    "course_id": lambda objs: objs["course_id"],
    "meeting_id": lambda objs: objs["training_session_id"],
    "participant_id": lambda objs: objs["participant_id"],
    # Reports: commune A's first-quarter report of 2026 (version 1 may not exist: a 404 for those who may see it).
    "year": lambda objs: 2026,
    "kind": lambda objs: "q1",
    "unit": lambda objs: f"commune-{factories.COMMUNE_A}",
    "number": lambda objs: 1,
    # Supervision: a visit to commune A with one recommendation.
    "visit_id": lambda objs: objs["visit_id"],
    "recommendation_id": lambda objs: objs["recommendation_id"],
}
# Sign-out ends the session, so it is checked last for each role.
LAST = {"auth.logout"}


def _routes(app):
    rules = [r for r in app.url_map.iter_rules()]
    return sorted(rules, key=lambda r: (r.endpoint in LAST, r.rule))


def url_for_rule(rule, objs):
    missing = [arg for arg in rule.arguments if arg not in SAMPLES]
    assert not missing, f"add a sample value for {missing} of {rule.rule} to SAMPLES"
    return rule.build({arg: SAMPLES[arg](objs) for arg in rule.arguments})[1]


@pytest.fixture
def objs(app):
    with app.app_context():
        return sample_objects()


def sample_objects() -> dict:
    """One object of each kind a URL can name; the case and the tip-off belong to commune A."""
    from sqlalchemy import select

    from tests.training.helpers import create_course
    from webapp.catalogues.models import CatalogueEntry
    from webapp.extensions import db

    case = factories.create_case()
    course = create_course(sessions=1, participants=1)
    visit = factories.create_supervision_visit()
    return {"course_id": course.id, "training_session_id": course.sessions[0].id,
            "participant_id": course.participants[0].id,
            "user_id": factories.create_user("commune", username="target").id,
            "agency_id": factories.create_agency().id,
            "entry_id": db.session.scalar(select(CatalogueEntry.id).where(CatalogueEntry.vocabulary == "purpose")),
            "case_code": case.code,
            "tipoff_code": factories.create_tipoff().code,
            "event_id": factories.create_support_event(case).id,
            "referral_id": factories.create_referral(case).id,
            "followup_id": factories.create_followup(case).id,
            "protection_id": factories.create_protection(case).id,
            "outreach_session_id": factories.create_outreach_session().id,
            "key_area_id": factories.create_key_area().id,
            "visit_id": visit.id, "recommendation_id": visit.recommendations[0].id}


def test_every_route_declares_who_may_reach_it(app):
    undeclared = [rule.rule for rule in app.url_map.iter_rules()
                  if rule.endpoint != "static" and not hasattr(app.view_functions[rule.endpoint], "access")]
    assert undeclared == []


def _expected_allowed(access, role):
    if access in (PUBLIC, AUTHENTICATED):
        return True
    return has_permission(role, access)


@pytest.mark.parametrize("role", ROLES)
def test_role_reaches_exactly_what_it_may(app, objs, role):
    client = Browserish(app)
    with app.app_context():
        user = factories.create_user(role)
    assert client.login(user.username).status_code == 303
    problems = []
    for rule in _routes(app):
        if rule.endpoint == "static":
            continue
        access = app.view_functions[rule.endpoint].access
        url = url_for_rule(rule, objs)
        allowed = _expected_allowed(access, role)
        for method in sorted({"GET", "POST"} & rule.methods):
            response = client.get(url) if method == "GET" else client.post(url, {})
            code = response.status_code
            if code >= 500 or (allowed and code in (401, 403)) or (not allowed and code != 403):
                problems.append(f"{role} {method} {rule.rule}: {code}")
    assert problems == []


def test_anonymous_visitor_reaches_only_public_routes(app, objs):
    client = Browserish(app)
    problems = []
    for rule in _routes(app):
        if rule.endpoint == "static":
            continue
        access = app.view_functions[rule.endpoint].access
        url = url_for_rule(rule, objs)
        for method in sorted({"GET", "POST"} & rule.methods):
            response = client.get(url) if method == "GET" else client.post(url, {})
            code = response.status_code
            to_login = code == 302 and "/login" in response.headers.get("Location", "")
            if code >= 500 or (access != PUBLIC and not to_login) or (access == PUBLIC and to_login):
                problems.append(f"anonymous {method} {rule.rule}: {code}")
    assert problems == []


def rules_of(app, blueprint: str):
    """The URL rules of one blueprint, for scope tests that walk all of them."""
    return [r for r in app.url_map.iter_rules() if r.endpoint.startswith(blueprint + ".")]


def outsider(app, role: str, commune: str | None):
    """A signed-in browser of someone outside the sample objects' scope, and those objects."""
    from tests.conftest import Browserish

    with app.app_context():
        objs = sample_objects()
        user = factories.create_user(role, **({"commune_code": commune} if commune else {}))
    client = Browserish(app)
    client.login(user.username)
    return client, objs


def unexpected_answers(client, rules, objs, expected, post_data=None) -> list[str]:
    """Each GET and POST on `rules` whose status is not `expected` (a number, or a function of the rule)."""
    problems = []
    for rule in rules:
        url = url_for_rule(rule, objs)
        want = expected(rule) if callable(expected) else expected
        for method in sorted({"GET", "POST"} & rule.methods):
            response = client.get(url) if method == "GET" else client.post(url, post_data or {})
            if response.status_code != want:
                problems.append(f"{method} {rule.rule}: {response.status_code}")
    return problems


VICTIM_DATA_BLUEPRINTS = ("cases", "tipoffs", "support", "referrals", "followups", "reports", "targets", "dashboard",
                          "supervision")


@pytest.mark.parametrize("role", ["volunteer", "trainer"])
def test_volunteers_and_trainers_reach_no_victim_data(app, role):
    """Not a case, a tip-off, a support entry, a referral or a follow-up: every such route answers 403."""
    client, objs = outsider(app, role, factories.COMMUNE_A if role == "volunteer" else None)
    rules = [rule for blueprint in VICTIM_DATA_BLUEPRINTS for rule in rules_of(app, blueprint)]
    assert len(rules) > 20
    assert unexpected_answers(client, rules, objs, 403) == []


@pytest.mark.parametrize("role,commune", [("commune", factories.COMMUNE_B), ("shelter", None)])
def test_other_units_reach_no_report_of_commune_a(app, role, commune):
    """A commune officer of commune B and centre staff: commune A's report pages answer 404, as if absent."""
    client, objs = outsider(app, role, commune)
    rules = [rule for rule in rules_of(app, "reports") if "<unit>" in rule.rule]
    assert len(rules) >= 4
    # Deciding is the province's: 403 before the scope is even looked at.
    assert unexpected_answers(client, rules, objs,
                              lambda rule: 403 if rule.endpoint == "reports.decide" else 404) == []


def test_another_commune_reaches_no_targets_of_commune_a(app):
    """Commune B's officer: commune A's plan indicators (which name its cases) answer 404, as if absent."""
    client, objs = outsider(app, "commune", factories.COMMUNE_B)
    rules = [rule for rule in rules_of(app, "targets") if "<unit>" in rule.rule]
    assert len(rules) >= 1
    assert unexpected_answers(client, rules, objs, 404) == []


def test_another_commune_reaches_no_supervision_of_commune_a(app):
    """Commune B's officer: the visit to commune A and its recommendation answer 404, as if absent."""
    client, objs = outsider(app, "commune", factories.COMMUNE_B)
    rules = [rule for rule in rules_of(app, "supervision") if "_id>" in rule.rule]
    assert len(rules) == 2
    assert unexpected_answers(client, rules, objs, 404) == []
