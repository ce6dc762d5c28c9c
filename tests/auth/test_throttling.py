"""Login throttling per account and per address, identical for known and unknown accounts."""
import pytest

from tests.factories import PASSWORD, create_user


def fail(client, username, times):
    return [client.login(username, "wrong-password-123").status_code for _ in range(times)]


def test_account_is_locked_after_five_failures_even_with_the_right_password(client, ctx):
    create_user("commune", username="lan")
    assert fail(client, "lan", 5) == [401] * 5
    locked = client.login("lan", PASSWORD)
    assert locked.status_code == 429
    assert "Quá nhiều lần" in locked.get_data(as_text=True) or "Too many" in locked.get_data(as_text=True)


def test_unknown_account_is_throttled_the_same_way(client, ctx):
    assert fail(client, "ghost", 5) == [401] * 5
    assert client.login("ghost", PASSWORD).status_code == 429


def test_lockout_of_one_account_does_not_block_another(client, ctx):
    create_user("commune", username="lan")
    create_user("commune", username="hoa")
    fail(client, "lan", 5)
    assert client.login("hoa").status_code == 303


def test_successful_logins_do_not_count(client, ctx):
    create_user("commune", username="lan")
    for _ in range(7):
        assert client.login("lan").status_code == 303
        client.logout()


def test_address_is_throttled_across_accounts(make_app, ctx):
    from tests.conftest import Browserish

    app = make_app(LOGIN_LIMIT_ADDRESS="8 per 15 minutes")
    client = Browserish(app)
    with app.app_context():
        create_user("commune", username="lan")
    statuses = [client.login(f"user{i}", "wrong-password-123").status_code for i in range(8)]
    assert statuses == [401] * 8
    assert client.login("lan", PASSWORD).status_code == 429


def test_throttled_attempts_are_audited(app, client, ctx):
    from sqlalchemy import func, select

    from webapp.audit.models import AuditEvent
    from webapp.extensions import db

    fail(client, "ghost", 6)
    assert db.session.scalar(select(func.count()).where(AuditEvent.action == "login_throttled")) == 1


@pytest.mark.skipif("not __import__('os').environ.get('REDIS_URL')", reason="REDIS_URL not set")
def test_throttle_state_is_shared_between_worker_processes(make_app, ctx):
    """Two app instances (two workers) on the same Redis storage share one count."""
    import os
    import uuid

    from tests.conftest import Browserish

    url = os.environ["REDIS_URL"]
    first = Browserish(make_app(RATELIMIT_STORAGE_URI=url))
    second = Browserish(make_app(RATELIMIT_STORAGE_URI=url))
    name = "ghost-" + uuid.uuid4().hex[:8]
    fail(first, name, 3)
    fail(second, name, 2)
    assert first.login(name, PASSWORD).status_code == 429
