"""SQLite: several writers at once queue for the lock instead of failing with "database is locked"."""
import threading

import pytest
from sqlalchemy import func, select

from tests.conftest import IS_PG, Browserish
from webapp.extensions import db
from webapp.models import AuditEvent


@pytest.mark.skipif(IS_PG, reason="about SQLite's locking")
def test_concurrent_writers_never_see_database_is_locked(app, login_as):
    login_as("admin")
    with app.app_context():
        from webapp.auth.models import User

        username = db.session.scalar(select(User.username))
    clients = [Browserish(app) for _ in range(6)]
    for c in clients:
        c.login(username)
    barrier = threading.Barrier(len(clients))
    codes, errors = [], []

    def work(c):
        barrier.wait()
        try:
            for _ in range(5):
                # each page view of an account writes an audit row
                codes.append(c.get("/admin/users/1").status_code)
        except Exception as exc:  # noqa: BLE001 - the test reports any failure
            errors.append(repr(exc))

    threads = [threading.Thread(target=work, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert codes == [200] * 30
    with app.app_context():
        assert db.session.scalar(select(func.count()).where(AuditEvent.action == "view")) == 30
