"""Closing a case: support still planned is cancelled with a reason, and the reintegration status is frozen."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests import factories
from tests.followups.helpers import (
    audit_rows,
    case_by_code,
    closure_post,
    event_kinds,
    reintegration_post,
    saved_case,
    section,
)
from webapp.extensions import db
from webapp.i18n import local_today
from webapp.support.models import SupportEvent

TODAY = local_today()
RECEIVED = TODAY - timedelta(days=60)
WHY = "Người được tiếp nhận đã chuyển đi tỉnh khác."


@pytest.fixture
def officer_case(app, login_as):
    officer = login_as("commune")
    with app.app_context():
        return officer, factories.create_case(user=officer, reception_date=RECEIVED).code


def _plan(app, code: str, regime: str, **kw) -> int:
    with app.app_context():
        values = {"regime": regime, "status": "planned", "given_on": None, "amount_vnd": None,
                  "planned_on": TODAY + timedelta(days=3), "description": None}
        values.update(kw)
        return factories.create_support_event(case_by_code(code), **values).id


def _events(app, code: str) -> list[SupportEvent]:
    with app.app_context():
        case_id = case_by_code(code).id
        return list(db.session.scalars(select(SupportEvent).where(SupportEvent.case_id == case_id)
                                       .order_by(SupportEvent.id)))


def _close(client, code, ids, **over):
    return client.post(f"/cases/{code}/close", {**closure_post("moved_away"), "planned_ids": ids, **over})


def test_the_closing_form_lists_the_planned_support_and_asks_why_it_is_cancelled(app, client, officer_case):
    _officer, code = officer_case
    first, second = _plan(app, code, "h"), _plan(app, code, "i")
    _plan(app, code, "a", status="delivered", planned_on=None, given_on=TODAY, description="Gạo")
    closure = section(client.get(f"/cases/{code}").get_data(as_text=True), "closure")
    assert 'data-testid="closure-planned"' in closure
    assert f'value="{first},{second}"' in closure  # what the officer sees is what closing cancels
    assert 'name="cancel_reason"' in closure and 'autocomplete="off"' in closure


def test_closing_without_planned_support_asks_nothing_more(app, client, officer_case):
    _officer, code = officer_case
    closure = section(client.get(f"/cases/{code}").get_data(as_text=True), "closure")
    assert 'name="cancel_reason"' not in closure
    assert client.post(f"/cases/{code}/close", closure_post()).status_code == 303


def test_planned_support_without_a_reason_keeps_the_case_open(app, client, officer_case):
    _officer, code = officer_case
    planned = _plan(app, code, "h")
    response = _close(client, code, str(planned), cancel_reason="  ")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="cancel_reason-error"' in page and "Cho biết lý do" in page or 'id="cancel_reason-error"' in page
    assert saved_case(app, code).closed_on is None
    assert [e.status for e in _events(app, code)] == ["planned"]


def test_closing_cancels_the_planned_support_with_the_reason(app, client, officer_case):
    _officer, code = officer_case
    first, second = _plan(app, code, "h"), _plan(app, code, "i")
    delivered = _plan(app, code, "a", status="delivered", planned_on=None, given_on=TODAY, description="Gạo")
    response = _close(client, code, f"{first},{second}", cancel_reason=WHY)
    assert response.status_code == 303
    assert saved_case(app, code).closed_on == TODAY
    events = {e.id: e for e in _events(app, code)}
    assert [(events[i].status, events[i].cancellation_reason) for i in (first, second)] == [("cancelled", WHY)] * 2
    assert (events[delivered].status, events[delivered].cancellation_reason) == ("delivered", None)
    assert event_kinds(app, code)[-3:] == ["support_cancelled", "support_cancelled", "closed"]
    rows = [r for r in audit_rows(app, "support_event") if r[0] == "update"]
    assert sorted(r[1] for r in rows) == sorted([str(first), str(second)])
    assert all(WHY not in (r[2] or "") for r in rows)  # the reason stays with the support, not in the audit
    page = client.get(f"/cases/{code}").get_data(as_text=True)
    assert WHY in section(page, "support")


def test_support_planned_after_the_page_was_opened_is_not_cancelled_unseen(app, client, officer_case):
    _officer, code = officer_case
    seen = _plan(app, code, "h")
    _plan(app, code, "i")  # planned by a colleague after the closing form was shown
    response = _close(client, code, str(seen), cancel_reason=WHY)
    assert response.status_code == 422
    assert saved_case(app, code).closed_on is None
    assert [e.status for e in _events(app, code)] == ["planned", "planned"]
    assert 'data-testid="closure-planned"' in response.get_data(as_text=True)  # now showing both


def test_a_closed_case_refuses_a_reintegration_change_and_hides_the_form(app, client, officer_case):
    _officer, code = officer_case
    assert client.post(f"/cases/{code}/close", closure_post()).status_code == 303
    case = saved_case(app, code)
    response = client.post(f"/cases/{code}/reintegration", reintegration_post(case, "working"))
    assert response.status_code == 409
    assert 'role="alert"' in response.get_data(as_text=True)
    after = saved_case(app, code)
    assert (after.reintegration_status, after.version) == (None, case.version)
    assert "reintegration_updated" not in event_kinds(app, code)
    reintegration = section(client.get(f"/cases/{code}").get_data(as_text=True), "reintegration")
    assert f"/cases/{code}/reintegration" not in reintegration
    assert 'data-testid="reintegration-closed"' in reintegration


def test_the_rules_hold_without_http(app, ctx):
    from webapp.errors import UserError
    from webapp.followups.services import close_case, set_reintegration

    officer = factories.create_user("commune")
    case = factories.create_case(user=officer, reception_date=RECEIVED)
    event = factories.create_support_event(case, status="planned", given_on=None, planned_on=TODAY, regime="h")
    with pytest.raises(UserError):
        close_case(case, "reintegrated", None, officer, shown_planned=str(event.id))
    close_case(case, "reintegrated", None, officer, cancel_reason=WHY, shown_planned=str(event.id))
    assert event.status == "cancelled"
    with pytest.raises(UserError):
        set_reintegration(case, "working", None, case.version, officer)
