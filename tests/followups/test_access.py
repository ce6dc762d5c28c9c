"""Follow-up and closure routes hide cases outside the user's scope; changes are audited without personal data."""
from datetime import timedelta

import pytest

from tests import factories
from tests.conftest import Browserish
from tests.factories import COMMUNE_B
from tests.followups.helpers import (
    audit_rows,
    closure_post,
    event_kinds,
    followups_of,
    reintegration_post,
    saved_case,
    schedule_post,
    visit_post,
)
from tests.test_access_matrix import SAMPLES, sample_objects
from webapp.i18n import local_today

TODAY = local_today()
FINDINGS = "Gặp chị tại nhà, chị kể chủ nợ đến đòi tiền."
NOTE = "Chủ nợ ở Campuchia vẫn liên lạc."


def _form_for(rule, objs, case) -> dict:
    """A valid submission for each route, so that only the scope can refuse it."""
    if rule.endswith("/followups"):
        return schedule_post(TODAY + timedelta(days=3))
    if rule.endswith("/done"):
        return visit_post(TODAY, FINDINGS)
    if rule.endswith("/reintegration"):
        return reintegration_post(case, "needs_help", NOTE)
    if rule.endswith("/close"):
        return closure_post("moved_away")
    return {}


def _scoped_rules(app):
    return [r for r in app.url_map.iter_rules()
            if r.endpoint.startswith("followups.") and ({"code", "followup_id"} & set(r.arguments))]


@pytest.mark.parametrize("role, commune", [("commune", COMMUNE_B), ("shelter", None)])
def test_every_followup_and_closure_route_answers_404_outside_scope(app, role, commune):
    with app.app_context():
        objs = sample_objects()  # a case of commune A, with a follow-up visit due
        outsider = factories.create_user(role, **({"commune_code": commune} if commune else {}))
    client = Browserish(app)
    client.login(outsider.username)
    code = objs["case_code"]
    before = saved_case(app, code)
    problems = []
    for rule in _scoped_rules(app):
        url = rule.build({arg: SAMPLES[arg](objs) for arg in rule.arguments})[1]
        response = client.post(url, _form_for(rule.rule, objs, before))
        if response.status_code != 404:
            problems.append(f"POST {rule.rule}: {response.status_code}")
    assert problems == []
    assert len(_scoped_rules(app)) == 5
    after = saved_case(app, code)
    assert (after.version, after.closed_on, after.reintegration_status) == (before.version, None, None)
    assert [(f.done_on, f.findings) for f in followups_of(app, code)] == [(None, None)]
    assert event_kinds(app, code) == ["received"]


def test_a_closed_case_cannot_be_reopened_from_outside(app):
    with app.app_context():
        officer = factories.create_user("commune")
        code, username = factories.create_case(user=officer).code, officer.username
    client = Browserish(app)
    client.login(username)
    assert client.post(f"/cases/{code}/close", closure_post()).status_code == 303
    with app.app_context():
        outsider = factories.create_user("commune", commune_code=COMMUNE_B)
    other = Browserish(app)
    other.login(outsider.username)
    assert other.post(f"/cases/{code}/reopen").status_code == 404
    assert saved_case(app, code).closed_on == TODAY


def test_schedule_and_visit_are_audited_as_followups_without_what_was_found(app, client, login_as):
    officer = login_as("commune")
    with app.app_context():
        code = factories.create_case(user=officer).code
    assert client.post(f"/cases/{code}/followups", schedule_post(TODAY + timedelta(days=3))).status_code == 303
    [followup] = followups_of(app, code)
    assert client.post(f"/followups/{followup.id}/done", visit_post(TODAY, FINDINGS)).status_code == 303
    assert audit_rows(app, "followup") == [("create", str(followup.id), f"case={code}"),
                                           ("update", str(followup.id), "done")]


def test_reintegration_closure_and_reopening_are_audited_without_the_risk_note(app, client, login_as):
    officer = login_as("commune")
    with app.app_context():
        code = factories.create_case(user=officer).code
    assert client.post(f"/cases/{code}/reintegration",
                       reintegration_post(saved_case(app, code), "needs_help", NOTE)).status_code == 303
    assert client.post(f"/cases/{code}/close", closure_post("moved_away")).status_code == 303
    assert client.post(f"/cases/{code}/reopen").status_code == 303
    changes = [(action, detail) for action, object_id, detail in audit_rows(app, "case")
               if object_id == code and action == "update"]
    assert changes == [("update", "reintegration:reintegration_status,retrafficking_risk_note"),
                       ("update", "closed:moved_away"), ("update", "reopened")]
    assert not any(NOTE in (detail or "") for _a, _o, detail in audit_rows(app, "case"))


def test_a_refused_change_leaves_no_audit_row(app, client, login_as):
    officer = login_as("commune")
    with app.app_context():
        code = factories.create_case(user=officer).code
    assert client.post(f"/cases/{code}/followups", schedule_post(TODAY + timedelta(days=800))).status_code == 422
    assert client.post(f"/cases/{code}/close", closure_post("")).status_code == 422
    assert audit_rows(app, "followup") == []
    assert [a for a, _o, d in audit_rows(app, "case") if a == "update"] == []
