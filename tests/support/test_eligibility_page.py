"""The province keeps the eligibility table on a page: changes need a reason and are kept in a history; the
2011 table waits for confirmation; a person still abroad while being verified falls in the "abroad" group."""
import json
import re
import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests import factories
from tests.conftest import Browserish
from webapp.audit.models import AuditEvent
from webapp.extensions import db
from webapp.support.models import EligibilityChange, EligibilityRule, SupportEvent

WHY = "Nghị định 2025 bổ sung hỗ trợ học văn hóa"


def _cells(app, law: str) -> set[str]:
    with app.app_context():
        return {f"{g}:{r}" for g, r in db.session.execute(
            select(EligibilityRule.group_code, EligibilityRule.regime).where(EligibilityRule.legal_regime == law))}


def _pending(app, law: str) -> int:
    with app.app_context():
        return len(db.session.scalars(select(EligibilityRule.id).where(
            EligibilityRule.legal_regime == law, EligibilityRule.needs_confirmation.is_(True))).all())


def _changes(app) -> list[EligibilityChange]:
    with app.app_context():
        return list(db.session.scalars(select(EligibilityChange).order_by(EligibilityChange.id)))


def _audit(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent.detail).where(AuditEvent.object_type == "eligibility")
                                       .order_by(AuditEvent.id)))


def _save(client, law, cells, reason=WHY, version=0):
    return client.post("/support/eligibility", {"law": law, "version": str(version), "rule": sorted(cells),
                                                "reason": reason})


@pytest.fixture
def province(login_as):
    return login_as("province", full_name="Phạm Thị Tỉnh")


def test_the_page_shows_each_law_as_ticked_boxes(app, client, province):
    page = client.get("/support/eligibility").get_data(as_text=True)
    assert 'id="law-2024"' in page and 'id="law-2011"' in page
    assert re.search(r'id="rule-2024-identified_vn-k" checked', page)
    assert not re.search(r'id="rule-2024-verifying_abroad-e" checked', page)
    assert "/support/eligibility" in client.get("/").get_data(as_text=True)  # in the menu


def test_the_2011_table_is_marked_to_be_confirmed_until_the_province_confirms_it(app, client, province):
    page = client.get("/support/eligibility").get_data(as_text=True)
    assert 'data-testid="to-confirm-2011"' in page and 'data-testid="to-confirm-2024"' not in page
    assert _pending(app, "2011") == 25
    response = client.post("/support/eligibility/confirm", {"law": "2011", "version": "0"})
    assert response.status_code == 303
    assert _pending(app, "2011") == 0
    assert 'data-testid="to-confirm-2011"' not in client.get("/support/eligibility").get_data(as_text=True)
    [change] = _changes(app)
    assert (change.action, change.legal_regime, change.user_id) == ("confirmed", "2011", province.id)
    assert _audit(app) == ["confirmed"]
    assert client.post("/support/eligibility/confirm", {"law": "2011", "version": "1"}).status_code == 422


def test_a_change_needs_a_reason_and_is_kept_in_the_history(app, client, province):
    cells = _cells(app, "2024")
    wanted = (cells | {"verifying_abroad:e"}) - {"foreigner:dd"}
    refused = _save(client, "2024", wanted, reason="  ")
    assert refused.status_code == 422 and 'id="reason-2024-error"' in refused.get_data(as_text=True)
    assert re.search(r'id="rule-2024-verifying_abroad-e" checked', refused.get_data(as_text=True))  # kept as ticked
    assert _cells(app, "2024") == cells and _changes(app) == []
    assert _save(client, "2024", wanted).status_code == 303
    assert _cells(app, "2024") == wanted
    [change] = _changes(app)
    assert change.reason == WHY and change.user_id == province.id and change.action == "changed"
    assert json.loads(change.before) == {"foreigner": ["a", "b", "c", "d", "dd", "g"],
                                         "verifying_abroad": ["a", "b", "c", "d"]}
    assert json.loads(change.after) == {"foreigner": ["a", "b", "c", "d", "g"],
                                        "verifying_abroad": ["a", "b", "c", "d", "e"]}
    assert _audit(app) == ["changed:foreigner,verifying_abroad"]  # groups only, never the reason
    history = client.get("/support/eligibility").get_data(as_text=True)
    assert history.count('data-testid="eligibility-change"') == 1 and WHY in history and "Phạm Thị Tỉnh" in history


def test_changing_a_2011_row_keeps_the_others_waiting_for_confirmation(app, client, province):
    cells = _cells(app, "2011")
    assert _save(client, "2011", cells | {"identified_vn:c"}).status_code == 303
    assert _pending(app, "2011") == 25  # the new row is the province's own decision
    assert "identified_vn:c" in _cells(app, "2011")


def test_an_outdated_table_is_a_conflict(app, client, province):
    cells = _cells(app, "2024")
    assert _save(client, "2024", cells - {"foreigner:dd"}).status_code == 303
    response = _save(client, "2024", cells | {"verifying_abroad:e"}, version=0)
    assert response.status_code == 409
    assert "verifying_abroad:e" not in _cells(app, "2024") and len(_changes(app)) == 1


@pytest.mark.parametrize("data", [
    {"law": "1999", "version": "0", "rule": ["identified_vn:a"], "reason": WHY},
    {"law": "2024", "version": "0", "rule": ["nobody:a"], "reason": WHY},
    {"law": "2024", "version": "0", "rule": ["identified_vn:zz"], "reason": WHY},
    {"law": "2024", "version": "0", "rule": [], "reason": "x" * 501},
], ids=["unknown-law", "unknown-group", "unknown-regime", "reason-too-long"])
def test_bad_input_is_refused_and_nothing_changes(app, client, province, data):
    before = _cells(app, "2024")
    assert client.post("/support/eligibility", data).status_code == 422
    assert _cells(app, "2024") == before and _changes(app) == []


def test_nothing_changed_is_said_so(app, client, province):
    response = _save(client, "2024", _cells(app, "2024"))
    assert response.status_code == 422 and _changes(app) == []


@pytest.mark.parametrize("role", ["commune", "shelter", "admin", "volunteer", "trainer"])
def test_only_the_province_reaches_the_page(app, role):
    client = Browserish(app)
    with app.app_context():
        user = factories.create_user(role)
    client.login(user.username)
    assert client.get("/support/eligibility").status_code == 403
    assert client.post("/support/eligibility", {"law": "2024", "version": "0", "reason": WHY}).status_code == 403
    assert "/support/eligibility" not in client.get("/").get_data(as_text=True)


# Still abroad while being verified

def test_a_person_still_abroad_gets_the_support_of_the_abroad_group(app, client, login_as):
    officer = login_as("commune")
    with app.app_context():
        case = factories.create_case(user=officer, reception_date=date.today() - timedelta(days=2))
        code, version = case.code, case.version
    response = client.post(f"/cases/{code}/status", {"version": str(version), "status": "being_verified",
                                                     "still_abroad": "y", "identification_doc_number": "",
                                                     "identification_date": "", "identification_issuer": "",
                                                     "legal_regime": ""})
    assert response.status_code == 303
    page = client.get(f"/cases/{code}").get_data(as_text=True)
    assert 'data-testid="still-abroad"' in page
    with app.app_context():
        from webapp.cases.models import Case
        from webapp.support.eligibility import eligible_regimes, group_for

        case = db.session.scalar(select(Case).where(Case.code == code))
        assert case.still_abroad and group_for(case) == "verifying_abroad"
        assert eligible_regimes(case) == set("a b c d".split())
        detail = db.session.scalar(select(AuditEvent.detail).where(AuditEvent.object_type == "case",
                                                                   AuditEvent.action == "update"))
        assert detail == "status=being_verified;abroad"
    # Legal aid (dd) is outside the abroad group: recording it asks for a reason and is marked
    form = {"submission_id": str(uuid.uuid4()), "regime": "dd", "beneficiary": "", "status": "delivered",
            "given_on": date.today().isoformat(), "planned_on": "", "amount": "", "description": "Tư vấn",
            "agency_id": "", "notes": "", "eligibility_note": ""}
    assert client.post(f"/cases/{code}/support/new", form).status_code == 422
    assert client.post(f"/cases/{code}/support/new", {**form, "submission_id": str(uuid.uuid4()),
                                                      "eligibility_note": "Quyết định của tỉnh"}).status_code == 303
    with app.app_context():
        assert db.session.scalar(select(SupportEvent.outside_eligibility))


def test_identification_ends_still_abroad(app, ctx):
    from webapp.cases.services import set_status
    from webapp.support.eligibility import group_for

    officer = factories.create_user("commune")
    case = factories.create_case(user=officer)
    set_status(case, {"status": "being_verified", "still_abroad": True}, case.version, officer)
    assert group_for(case) == "verifying_abroad"
    set_status(case, {"status": "identified", "still_abroad": True, "identification_doc_number": "12/QĐ",
                      "identification_date": date.today(), "identification_issuer": "Công an tỉnh"},
               case.version, officer)
    assert case.still_abroad is False and group_for(case) == "identified_vn"
    db.session.rollback()
