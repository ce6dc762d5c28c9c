"""Sealed entries prove which account made them; refused entries are counted for the administrator;
the phone is told why it cannot send (password change due, account disabled)."""
import base64
import json

import pytest
from sqlalchemy import select, update

from tests import factories
from tests.conftest import Browserish
from tests.pwa.test_outbox_protocol import (
    SUMMARY,
    TIPOFFS,
    _seal_plain,
    colleague,
    count,
    nothing_saved,
    pairs,
    refused,
    replay,
    seal,
    text,
)
from tests.tipoffs.helpers import tipoff_post
from webapp.auth.models import User
from webapp.extensions import db
from webapp.pwa import sealing
from webapp.pwa.models import BindingKey, OutboxEvent, SealingKey
from webapp.tipoffs.models import TipOff

NOT_BOUND = "This entry was not made on a phone signed in to this account, so it cannot be sent. Delete it if you do not recognise it."


@pytest.fixture
def officer(login_as):
    return login_as("commune")


def sealed_by(app, data, user_id, bound_by=..., action=TIPOFFS, kid=None):
    with app.app_context():
        return factories.sealed_entry(pairs(data), data["submission_id"], user_id, action, bound_by=bound_by, kid=kid)


def events(app) -> list[tuple[int, str]]:
    with app.app_context():
        return [(e.user_id, e.kind) for e in db.session.scalars(select(OutboxEvent).order_by(OutboxEvent.id))]


# ---------- the binding key ----------

def test_token_gives_the_signed_in_account_its_own_binding_key_and_nobody_else(app, client, login_as):
    assert refused(client.get("/outbox/token"), 401, "session")  # no key without a session
    officer = login_as("commune")
    first = client.get("/outbox/token")
    assert first.headers["Cache-Control"] == "no-store"
    binding = first.get_json()["binding"]
    assert binding["alg"] == "HS256" and len(base64.b64decode(binding["key"])) == 32
    assert client.get("/outbox/token").get_json()["binding"] == binding  # the same key every time
    other, other_id = colleague(app)
    theirs = other.get("/outbox/token").get_json()["binding"]
    assert theirs["kid"] != binding["kid"] and theirs["key"] != binding["key"]
    with app.app_context():
        owners = {k.kid: k.user_id for k in db.session.scalars(select(BindingKey))}
    assert owners == {binding["kid"]: officer.id, theirs["kid"]: other_id}


def test_an_entry_bound_by_its_account_is_saved(app, client, officer):
    response = replay(client, seal(app, tipoff_post(summary=SUMMARY), officer.id))
    assert response.status_code == 200 and response.get_json()["outcome"] == "created"
    assert events(app) == []  # nothing refused, nothing unbound


def test_an_entry_without_a_binding_is_refused(app, client, officer):
    envelope = sealed_by(app, tipoff_post(summary=SUMMARY), officer.id, bound_by=None)
    assert refused(replay(client, envelope), 403, "binding") == [text(app, NOT_BOUND)]
    assert nothing_saved(app) and events(app) == [(officer.id, "binding")]


def test_an_entry_planted_for_an_account_with_another_accounts_key_is_refused(app, client, officer):
    """Someone signed in as B plants an entry naming A, bound with B's own key: A's phone sends it, the server refuses."""
    _other, planter_id = colleague(app)
    planted = sealed_by(app, tipoff_post(summary="Tin giả do người khác cài vào"), officer.id, bound_by=planter_id)
    assert refused(replay(client, planted), 403, "binding")
    opened = client.post(TIPOFFS, {"submission_id": planted["id"], "sen_sealed": json.dumps(planted)})
    assert opened.status_code == 403 and "Tin giả" not in opened.get_data(as_text=True)
    assert nothing_saved(app)


@pytest.mark.parametrize("change", ["mac flipped", "mac of another entry", "unknown key", "mac not base64",
                                    "ciphertext swapped"])
def test_a_tampered_binding_is_refused(app, client, officer, change):
    data = tipoff_post(summary=SUMMARY)
    envelope = seal(app, data, officer.id)
    other_entry = seal(app, tipoff_post(), officer.id)
    bind = dict(envelope["bind"])
    if change == "mac flipped":
        raw = bytearray(base64.b64decode(bind["mac"]))
        raw[0] ^= 1
        bind["mac"] = base64.b64encode(bytes(raw)).decode()
    elif change == "mac of another entry":
        bind["mac"] = other_entry["bind"]["mac"]
    elif change == "unknown key":
        bind["kid"] = "0" * 16
    elif change == "mac not base64":
        bind["mac"] = "%%%"
    if change == "ciphertext swapped":  # a valid binding moved onto other content of the same account
        envelope = {**other_entry, "id": envelope["id"], "bind": envelope["bind"]}
        assert refused(replay(client, envelope), 400, "invalid")  # the content no longer opens under this id
    else:
        assert refused(replay(client, {**envelope, "bind": bind}), 403, "binding")
    assert nothing_saved(app)


@pytest.mark.parametrize("bind", ["text", 7, ["kid", "mac"], {"kid": "a"}, {"kid": "a", "mac": 1}])
def test_a_malformed_binding_is_damage_not_a_server_error(app, client, officer, bind):
    envelope = seal(app, tipoff_post(), officer.id)
    assert refused(replay(client, {**envelope, "bind": bind}), 400, "invalid")
    assert nothing_saved(app)


def test_a_binding_made_for_another_form_is_refused(app, client, officer):
    data = tipoff_post()
    with app.app_context():
        envelope = factories.sealed_entry(pairs(data), data["submission_id"], officer.id, TIPOFFS)
        key = db.session.scalar(select(BindingKey).where(BindingKey.user_id == officer.id))
        envelope["bind"] = sealing.bind(envelope, officer.id, "/cases/new", key)
    assert refused(replay(client, envelope), 403, "binding")
    assert nothing_saved(app)


# ---------- entries sealed before binding existed ----------

def legacy_key(app) -> str:
    """The key phones used before the upgrade, as the migration marks it."""
    with app.app_context():
        kid = sealing.active_key().kid
        db.session.execute(update(SealingKey).values(legacy=True))
        db.session.commit()
        return kid


def test_an_entry_queued_before_the_upgrade_is_still_delivered_once(app, client, officer):
    old = sealed_by(app, tipoff_post(summary=SUMMARY), officer.id, bound_by=None, kid=legacy_key(app))
    first = replay(client, old)
    assert first.status_code == 200 and first.get_json()["outcome"] == "created"
    assert replay(client, old).get_json()["outcome"] == "replayed"
    assert count(app, TipOff) == 1
    assert events(app) == [(officer.id, "unbound"), (officer.id, "unbound")]  # the administrator sees them arrive
    # New entries are sealed to a newer key, and must be bound.
    new = sealed_by(app, tipoff_post(), officer.id, bound_by=None)
    assert new["kid"] != old["kid"]
    assert refused(replay(client, new), 403, "binding")


def test_a_legacy_entry_still_belongs_to_the_account_that_sealed_it(app, client, officer):
    old = sealed_by(app, tipoff_post(), officer.id, bound_by=None, kid=legacy_key(app))
    other, _ = colleague(app)
    assert refused(replay(other, old), 403, "other-user")
    assert nothing_saved(app)


def test_unbound_entries_are_refused_once_the_province_turns_them_off(app, client, officer):
    old = sealed_by(app, tipoff_post(), officer.id, bound_by=None, kid=legacy_key(app))
    app.config["OUTBOX_ACCEPT_UNBOUND"] = False
    assert refused(replay(client, old), 403, "binding")
    assert nothing_saved(app)


def test_an_unbound_legacy_entry_that_is_invalid_counts_as_invalid(app, client, officer):
    kid = legacy_key(app)
    refused(replay(client, sealed_by(app, tipoff_post(summary=""), officer.id, bound_by=None, kid=kid)), 422, "invalid")
    assert events(app) == [(officer.id, "invalid")]


# ---------- what is counted ----------

def test_each_refusal_is_counted_with_its_kind_and_no_content(app, client, officer):
    other, other_id = colleague(app)
    mine = seal(app, tipoff_post(summary=SUMMARY), officer.id)
    refused(replay(other, mine), 403, "other-user")
    refused(replay(client, seal(app, tipoff_post(summary=""), officer.id)), 422, "invalid")
    refused(replay(client, mine, action="/support/quick"), 400, "invalid")
    refused(replay(client, _seal_plain(app, b"garbage", mine["id"])), 400, "invalid")
    data = tipoff_post()
    assert replay(client, seal(app, data, officer.id)).status_code == 200
    refused(replay(client, seal(app, {**data, "summary": "Khác"}, officer.id)), 409, "invalid")
    assert events(app) == [(other_id, "other-user"), (officer.id, "invalid"), (officer.id, "wrong-form"),
                           (officer.id, "damaged"), (officer.id, "conflict")]
    # Pauses are not refusals: the entry was not judged.
    client.logout()
    refused(replay(client, mine, csrf=client.csrf()), 401, "session")
    assert len(events(app)) == 5


# ---------- why the phone cannot send ----------

def test_a_password_change_due_is_told_as_such(app, client, login_as):
    officer = login_as("commune")
    with app.app_context():
        db.session.execute(update(User).where(User.id == officer.id).values(must_change_password=True))
        db.session.commit()
    refused(client.get("/outbox/token", headers={"Sen-Outbox": "replay"}), 403, "password")
    refused(replay(client, seal(app, tipoff_post(), officer.id), csrf=client.csrf()), 403, "password")
    assert events(app) == []


def test_a_disabled_account_is_told_its_entries_cannot_be_sent(app, client, officer):
    envelope = seal(app, tipoff_post(), officer.id)
    admin = Browserish(app)
    with app.app_context():
        admin_user = factories.create_user("admin")
        username, version = admin_user.username, db.session.get(User, officer.id).version
    admin.login(username)
    assert admin.post(f"/admin/users/{officer.id}/active", {"version": version}).status_code == 303
    messages = refused(client.get("/outbox/token"), 401, "disabled")
    assert "quản trị hệ thống" in messages[0]
    # Told once, then the cookie is gone: the phone keeps what it learnt.
    refused(replay(client, envelope, csrf=client.csrf()), 401, "session")
    assert nothing_saved(app)


def test_an_ended_session_is_not_mistaken_for_a_disabled_account(app, client, officer):
    client.logout()
    refused(client.get("/outbox/token"), 401, "session")


# ---------- the administrator's page ----------

def test_administrator_sees_refusals_per_account_and_nothing_typed(app, client, login_as):
    with app.app_context():
        lan = factories.create_user("commune", username="lan", full_name="Trần Thị Lan")
        binh = factories.create_user("commune", username="binh", full_name="Lê Văn Bình")
        factories.create_user("commune", username="quiet")
        for user, kind in ((lan, "invalid"), (lan, "invalid"), (lan, "binding"), (binh, "other-user")):
            db.session.add(OutboxEvent(user_id=user.id, kind=kind))
        db.session.commit()
    login_as("admin")
    page = client.get("/admin/outbox")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert "Trần Thị Lan" in html and "Lê Văn Bình" in html and "@quiet" not in html

    def shown(username, kind):
        import re

        row = re.search(rf'data-testid="refusals-{username}".*?</li>\s*</ul>', html, re.S).group(0)
        found = re.search(rf'data-kind="{kind}">([^<]*)<strong>(\d+)</strong>', row)
        return found and (found.group(1), int(found.group(2)))

    assert shown("lan", "invalid") == (text(app, "Form not valid") + ": ", 2)
    assert shown("lan", "binding")[1] == 1 and shown("binh", "other-user")[1] == 1
    assert not shown("binh", "invalid")


def test_administrator_page_says_when_nothing_was_refused(app, client, login_as):
    login_as("admin")
    html = client.get("/admin/outbox").get_data(as_text=True)
    assert text(app, "No phone has sent an entry the server refused.") in html


@pytest.mark.parametrize("role", ["province", "commune", "shelter", "volunteer", "trainer"])
def test_only_administrators_see_refusals(app, client, login_as, role):
    login_as(role)
    assert client.get("/admin/outbox").status_code == 403
