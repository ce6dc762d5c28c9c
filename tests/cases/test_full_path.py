"""The whole path of a case in one story, as an officer and the province would walk it."""
import json
import re
from datetime import date, timedelta

from sqlalchemy import func, select

from tests.cases.helpers import reception_post
from tests.conftest import Browserish
from webapp.audit.models import AuditEvent
from webapp.cases.models import Case, Person
from webapp.extensions import db


def test_reception_to_erasure(app, client, login_as):
    officer = login_as("commune")
    # Reception of someone received a year ago, and again today
    first = client.post("/cases/new", reception_post(full_name="Nguyễn Thị Lan", id_number="087198001234",
                                                     reception_date=date.today() - timedelta(days=365)))
    first_code = first.headers["Location"].rsplit("/", 1)[1]
    second = client.post("/cases/new", reception_post(full_name="Nguyễn Thị Lan", id_number="087198001234"))
    code = second.headers["Location"].rsplit("/", 1)[1]
    # Verification, then identification
    page = client.get(f"/cases/{code}").get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"|name="version" value="(\d+)"', page)
    version = next(v for v in version.groups() if v)
    assert client.post(f"/cases/{code}/status", {
        "version": version, "status": "identified", "identification_doc_number": "45/QĐ-CAT",
        "identification_date": date.today().isoformat(), "identification_issuer": "Công an tỉnh",
        "legal_regime": ""}).status_code == 303
    # Two officers edit at once: the second is told, nothing lost
    other = Browserish(app)
    other.login(officer.username)
    assert client.post(f"/cases/{code}/consent", {"kind": "share", "given": "yes",
                                                  "on_date": date.today().isoformat()}).status_code == 303
    stale = other.post(f"/cases/{code}/status", {
        "version": version, "status": "not_victim", "identification_doc_number": "", "identification_date": "",
        "identification_issuer": "", "legal_regime": ""})
    assert stale.status_code == 409
    # The repeat person is offered and linked
    assert first_code in client.get(f"/cases/{code}").get_data(as_text=True)
    assert client.post(f"/cases/{code}/link", {"other": first_code}).status_code == 303
    # A copy for the person covers both cases
    export = json.loads(client.post(f"/cases/{code}/export", {"format": "json"}).get_data(as_text=True))
    assert sorted(c["code"] for c in export["cases"]) == sorted([first_code, code])
    # The province erases the identifying data on request
    province = Browserish(app)
    with app.app_context():
        from tests.factories import create_user

        province.login(create_user("province").username)
    assert province.post(f"/cases/{code}/erase", {"reason": "subject_request", "confirm": code}).status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Person)) == 1
        person = db.session.scalar(select(Person))
        assert person.full_name != "Nguyễn Thị Lan" and len(person.cases) == 2
        statuses = dict(db.session.execute(select(Case.code, Case.status)).all())
        assert statuses[code] == "identified"
        actions = [a for (a,) in db.session.execute(select(AuditEvent.action).where(AuditEvent.object_type.in_(
            ["case", "person"])))]
        assert {"create", "view", "update", "export", "delete"} <= set(actions)
