"""A GET never changes data: only audit rows and session bookkeeping may be written."""
import pytest
from sqlalchemy import func, select

from tests import factories
from tests.conftest import Browserish
from tests.test_access_matrix import SAMPLES, sample_objects, url_for_rule
from webapp.extensions import db
from webapp.models import (
    AdminUnit,
    Agency,
    Case,
    CaseEvent,
    CatalogueEntry,
    Consent,
    Person,
    Submission,
    TipOff,
    User,
)
from webapp.referrals.models import Referral


def _counts_and_versions():
    counts = {m.__name__: db.session.scalar(select(func.count()).select_from(m))
              for m in (Agency, AdminUnit, Case, CaseEvent, CatalogueEntry, Consent, Person, Submission, TipOff,
                        User)}
    versions = {u.id: (u.version, u.active, u.password_hash, u.role) for u in db.session.scalars(select(User))}
    return counts, versions


def test_get_on_every_route_changes_nothing(app, client, login_as):
    login_as("admin")
    with app.app_context():
        objs = sample_objects()
        before = _counts_and_versions()
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and rule.endpoint != "static":
            client.get(url_for_rule(rule, objs))
    with app.app_context():
        assert _counts_and_versions() == before
    assert set(SAMPLES)  # the samples shared with the matrix test


def _every_table():
    """Rows and a fingerprint of every table but the audit log and the session bookkeeping."""
    from sqlalchemy import text

    skipped = {"audit_event", "user_session"}
    return {t.name: db.session.execute(text(f"SELECT * FROM {t.name}")).all()  # noqa: S608 (table names from metadata)
            for t in db.metadata.sorted_tables if t.name not in skipped}


@pytest.mark.parametrize("role", ["commune", "province", "shelter", "admin"])
def test_get_on_every_route_changes_no_table_for_any_role(app, role):
    """Every role that reaches case routes (protection, visits, eligibility, outbox admin) GETs every route."""
    with app.app_context():
        objs = sample_objects()
        extra = {}
        if role == "shelter":  # the centre the sample referral went to: it sees the referral's pages
            extra["agency_id"] = db.session.get(Referral, objs["referral_id"]).to_agency_id
        user = factories.create_user(role, **extra)
    client = Browserish(app)
    assert client.login(user.username).status_code == 303
    client.get("/outbox/token")  # the account's binding key is made on the first sign-in of the worker
    client.get("/outbox/key")  # and the server's sealing key on the first ask
    with app.app_context():
        before = _every_table()
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and rule.endpoint not in ("static", "auth.logout"):
            url = url_for_rule(rule, objs)
            client.get(url)
            if "<int:followup_id>" in rule.rule or rule.rule == "/followups/visit":
                client.get(f"/followups/visit?visit={objs['followup_id']}")
    with app.app_context():
        after = _every_table()
    assert {name: rows for name, rows in after.items() if rows != before[name]} == {}
