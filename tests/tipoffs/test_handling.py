"""Classify → forward → close, the rules that guard each step, and two officers saving at once."""
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests import factories
from tests.conftest import Browserish
from tests.tipoffs.helpers import handling_post, saved
from webapp.audit.models import AuditEvent
from webapp.catalogues.models import CatalogueEntry
from webapp.errors import StaleRecord, UserError
from webapp.extensions import db
from webapp.tipoffs import services
from webapp.tipoffs.services import EDIT_FIELDS

TODAY = date.today()


@pytest.fixture
def police(app):
    with app.app_context():
        return factories.create_agency(kind="police", name="Công an xã Thường Phước").id


def _new_tipoff(app, **over) -> str:
    with app.app_context():
        return factories.create_tipoff(**over).code


def _state(app, code):
    tipoff = saved(app, code)
    return {name: getattr(tipoff, name) for name in EDIT_FIELDS} | {"version": tipoff.version}


def _updates(app, code) -> list[str]:
    with app.app_context():
        rows = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "update",
                                                           AuditEvent.object_id == code).order_by(AuditEvent.id))
        return [row.detail for row in rows]


def test_classify_then_forward_then_close(app, client, login_as, police):
    login_as("commune")
    code = _new_tipoff(app)
    url = f"/tipoffs/{code}"
    assert client.post(url, handling_post(saved(app, code), classification="illegal_brokerage")).status_code == 303
    classified = saved(app, code)
    assert classified.status == "classified" and classified.classified_at is not None
    assert client.post(url, handling_post(classified, forwarded_agency_id=police,
                                          forwarded_on=TODAY)).status_code == 303
    forwarded = saved(app, code)
    assert forwarded.status == "forwarded" and forwarded.forwarded_agency_id == police
    outcome = "Công an xã đã xác minh: cơ sở môi giới không có giấy phép, đã lập biên bản."
    assert client.post(url, handling_post(forwarded, outcome=outcome, closed_on=TODAY)).status_code == 303
    closed = saved(app, code)
    assert (closed.status, closed.outcome, closed.closed_on) == ("closed", outcome, TODAY)
    assert closed.classified_at == classified.classified_at  # classifying happened once
    assert _updates(app, code) == ["classification", "forwarded_agency_id,forwarded_on", "outcome,closed_on"]
    page = client.get(url).get_data(as_text=True)
    assert "Công an xã Thường Phước" in page and outcome in page


def test_closing_without_classification_is_refused_and_nothing_changes(app, client, login_as):
    login_as("commune")
    code = _new_tipoff(app)
    before = _state(app, code)
    response = client.post(f"/tipoffs/{code}", handling_post(saved(app, code), outcome="Đã xử lý xong.",
                                                             closed_on=TODAY))
    assert response.status_code == 422
    assert "Đã xử lý xong." in response.get_data(as_text=True)  # what was typed is still in the form
    assert _state(app, code) == before
    assert _updates(app, code) == []


def test_closing_without_an_outcome_is_refused(app, client, login_as):
    login_as("commune")
    code = _new_tipoff(app, classification="other")
    before = _state(app, code)
    assert client.post(f"/tipoffs/{code}", handling_post(saved(app, code), closed_on=TODAY)).status_code == 422
    assert _state(app, code) == before


BAD_HANDLING = [
    ("forwarded in the future", {"forwarded_agency_id": "POLICE", "forwarded_on": TODAY + timedelta(days=2)}),
    ("closed in the future", {"classification": "other", "outcome": "Xong", "closed_on": TODAY + timedelta(days=2)}),
    ("received in the future", {"received_on": TODAY + timedelta(days=3)}),
    ("forwarded before received", {"forwarded_agency_id": "POLICE", "forwarded_on": TODAY - timedelta(days=30)}),
    ("closed before received", {"classification": "other", "outcome": "Xong", "closed_on": TODAY - timedelta(days=30)}),
    ("closed before forwarded", {"classification": "other", "outcome": "Xong", "forwarded_agency_id": "POLICE",
                                 "forwarded_on": TODAY, "closed_on": TODAY - timedelta(days=1)}),
    ("forwarded without an agency", {"forwarded_on": TODAY}),
    ("unknown agency", {"forwarded_agency_id": 99999, "forwarded_on": TODAY}),
    ("unknown classification", {"classification": "alien_abduction"}),
    ("unknown channel", {"channel": "carrier_pigeon"}),
    ("summary emptied", {"summary": ""}),
    ("over-long outcome", {"outcome": "x" * 4001}),
    ("not a date", {"forwarded_on": "2026-13-45", "forwarded_agency_id": "POLICE"}),
]


@pytest.mark.parametrize("label, over", BAD_HANDLING, ids=[b[0] for b in BAD_HANDLING])
def test_bad_handling_is_refused_and_nothing_changes(app, client, login_as, police, label, over):
    login_as("commune")
    code = _new_tipoff(app, received_on=TODAY - timedelta(days=10))
    before = _state(app, code)
    over = {k: (police if v == "POLICE" else v) for k, v in over.items()}
    response = client.post(f"/tipoffs/{code}", handling_post(saved(app, code), **over))
    assert response.status_code == 422, label
    assert 'class="error"' in response.get_data(as_text=True)
    assert _state(app, code) == before


def test_a_closed_tip_off_can_be_reopened(app, client, login_as):
    login_as("commune")
    code = _new_tipoff(app, classification="missing_person", outcome="Đã tìm thấy.", closed_on=TODAY)
    assert client.post(f"/tipoffs/{code}", handling_post(saved(app, code), closed_on=None)).status_code == 303
    reopened = saved(app, code)
    assert reopened.closed_on is None and reopened.status == "classified" and reopened.outcome == "Đã tìm thấy."


def test_a_retired_classification_does_not_block_saving_an_old_tip_off(app, client, login_as):
    login_as("commune")
    code = _new_tipoff(app, classification="missing_person")
    with app.app_context():
        entry = db.session.scalar(select(CatalogueEntry).where(CatalogueEntry.vocabulary == "tipoff_class",
                                                               CatalogueEntry.code == "missing_person"))
        entry.active = False
        db.session.commit()
    response = client.post(f"/tipoffs/{code}", handling_post(saved(app, code), outcome="Đã tìm thấy.",
                                                             closed_on=TODAY))
    assert response.status_code == 303
    assert saved(app, code).status == "closed"


def test_saving_without_changes_records_nothing(app, client, login_as):
    login_as("commune")
    code = _new_tipoff(app)
    assert client.post(f"/tipoffs/{code}", handling_post(saved(app, code))).status_code == 303
    assert saved(app, code).version == 1 and _updates(app, code) == []


def test_edit_conflict_tells_the_second_officer_and_loses_nothing(app, client, login_as):
    login_as("commune")
    code = _new_tipoff(app)
    other = Browserish(app)
    with app.app_context():
        other.login(factories.create_user("commune").username)  # a colleague in the same commune
    opened = saved(app, code)
    first = handling_post(opened, classification="suspected_trafficking")
    second = handling_post(opened, outcome="Chị Hai cho biết đã liên lạc được với con.")
    assert client.post(f"/tipoffs/{code}", first).status_code == 303
    late = other.post(f"/tipoffs/{code}", second)
    assert late.status_code == 409
    page = late.get_data(as_text=True)
    assert "Chị Hai cho biết đã liên lạc được với con." in page  # what the second officer typed is kept
    now = saved(app, code)
    assert now.classification == "suspected_trafficking" and now.outcome is None  # the first save stands
    version = re.search(r'name="version"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="version"', page)
    assert int(version.group(1) or version.group(2)) == now.version  # saving again now overwrites, knowingly
    resent = {**second, "classification": "suspected_trafficking", "version": str(now.version)}
    assert other.post(f"/tipoffs/{code}", resent).status_code == 303
    final = saved(app, code)
    assert final.classification == "suspected_trafficking"
    assert final.outcome == "Chị Hai cho biết đã liên lạc được với con."


def test_service_refuses_to_close_an_unclassified_tip_off(app, ctx):
    officer = factories.create_user("commune")
    tipoff = factories.create_tipoff(user=officer)
    with pytest.raises(UserError) as refused:
        services.close(tipoff, "Đã xử lý.", TODAY, tipoff.version, officer)
    assert refused.value.field == "classification"


def test_service_refuses_a_stale_version(app, ctx):
    officer = factories.create_user("commune")
    tipoff = factories.create_tipoff(user=officer)
    with pytest.raises(StaleRecord):
        services.classify(tipoff, "other", tipoff.version + 1, officer)
    assert tipoff.classification is None


def test_services_classify_forward_and_close(app, ctx):
    officer = factories.create_user("commune")
    agency = factories.create_agency(kind="border_guard")
    tipoff = factories.create_tipoff(user=officer)
    assert services.classify(tipoff, "suspected_trafficking", tipoff.version, officer) == ["classification"]
    db.session.commit()
    services.forward(tipoff, agency.id, TODAY, tipoff.version, officer)
    db.session.commit()
    services.close(tipoff, "Bộ đội biên phòng đã tiếp nhận.", TODAY, tipoff.version, officer)
    db.session.commit()
    assert tipoff.status == "closed" and tipoff.version == 4
