"""A GET never changes data: only audit rows and session bookkeeping may be written."""
from sqlalchemy import func, select

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
