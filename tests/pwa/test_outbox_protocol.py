"""The offline outbox as the phone talks to the server: blank copies, live sends, sealed replays, opened entries."""
import base64
import hashlib
import json
import os
import re
import uuid
from datetime import date, timedelta

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask_babel import gettext
from sqlalchemy import func, select

from tests import factories
from tests.cases.helpers import reception_post
from tests.conftest import Browserish
from tests.tipoffs.helpers import tipoff_post
from webapp.cases.models import Case
from webapp.extensions import db
from webapp.pwa import sealing
from webapp.pwa.models import SealingKey
from webapp.submissions.models import Submission
from webapp.support.models import SupportEvent
from webapp.tipoffs.models import TipOff

TIPOFFS = "/tipoffs/new"
LIVE = {"Sen-Outbox": "live"}
SUMMARY = "Chị Hằng ở ấp Mỹ Phú báo em gái bị dụ sang Campuchia, hứa lương 20 triệu một tháng."
FUTURE = date.today() + timedelta(days=3)
CSRF_INPUT = re.compile(r'name="csrf_token"[^>]*value="[^"]+"|value="[^"]+"[^>]*name="csrf_token"')
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


def session_part(page: str) -> str:
    """The part every CSRF token of this session shares, in clear (pages only ever carry it masked)."""
    from webapp.csrf_mask import unmask

    return unmask(CSRF_META.search(page).group(1)).split(".")[0]


def pairs(data: dict) -> list[tuple[str, str]]:
    """A posted form as the phone lists it: one pair per value, multi-selects repeated."""
    return [(name, value) for name, values in data.items()
            for value in (values if isinstance(values, list) else [values])]


def seal(app, data: dict, user_id, action=TIPOFFS, submission_id=None) -> dict:
    with app.app_context():
        return factories.sealed_entry(pairs(data), submission_id or data["submission_id"], user_id, action)


def outbox_token(client) -> str:
    return client.get("/outbox/token").get_json()["csrf"]


def replay(client, sealed, action=TIPOFFS, csrf=None, **body):
    """What the outbox sends: JSON {"sealed": ...} with the token of the current session in a header.

    `csrf=None` fetches it from /outbox/token, `csrf=False` sends none; `body` replaces the JSON body.
    """
    headers = {"Sen-Outbox": "replay"}
    csrf = outbox_token(client) if csrf is None else csrf
    if csrf:
        headers["X-CSRFToken"] = csrf
    body = body or {"json": {"sealed": sealed}}
    return client._isolated(client.client.post, action, headers=headers, **body)


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def nothing_saved(app, model=TipOff) -> bool:
    return count(app, model) == 0 and count(app, Submission) == 0


def text(app, message: str) -> str:
    """A message or label as the officer reads it (in Vietnamese)."""
    with app.test_request_context():
        return gettext(message)


def refused(response, status: int, reason: str) -> list[str]:
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.is_json and "Location" not in response.headers
    assert response.get_json()["refused"] == reason
    return response.get_json()["messages"]


def colleague(app, **kw) -> tuple[Browserish, int]:
    """A second officer on their own phone, signed in."""
    other = Browserish(app)
    with app.app_context():
        user = factories.create_user("commune", **kw)
        user_id, username = user.id, user.username
    assert other.login(username).status_code == 303
    return other, user_id


@pytest.fixture
def officer(login_as):
    return login_as("commune")


# ---------- what the phone fetches ----------

def test_phone_gets_the_public_key_and_a_token_only_while_signed_in(app, client, login_as):
    info = client.get("/outbox/key").get_json()
    assert info["alg"] == "RSA-OAEP-256+A256GCM" and re.fullmatch(r"[0-9a-f]{16}", info["kid"])
    assert serialization.load_der_public_key(base64.b64decode(info["spki"])).key_size == 2048
    assert refused(client.get("/outbox/token"), 401, "session")  # not the login page behind a redirect
    officer = login_as("commune")
    answer = client.get("/outbox/token").get_json()
    assert answer["user"] == str(officer.id) and answer["csrf"]


@pytest.mark.parametrize("path, fields", [
    (TIPOFFS, ["commune_code", "received_on", "channel", "summary", "classification"]),
    ("/support/quick", ["case_code", "regime", "given_on", "amount", "description"]),
    ("/cases/new", ["full_name", "reception_date", "needs", "purposes"]),
])
def test_blank_copy_kept_on_the_phone_has_the_form_but_nothing_of_the_session(client, login_as, path, fields):
    login_as("commune", full_name="Trần Văn Bình")
    normal = client.get(path).get_data(as_text=True)
    blank_response = client.get(path, headers={"Sen-Outbox": "blank"})
    blank = blank_response.get_data(as_text=True)
    session_token = session_part(normal)
    assert CSRF_INPUT.search(normal) and 'name="sen-user"' in normal and 'data-testid="logout"' in normal
    assert blank_response.status_code == 200 and blank_response.headers["Cache-Control"] == "no-store"
    assert not CSRF_INPUT.search(blank) and session_token not in blank
    assert '<meta name="csrf-token"' not in blank and 'name="sen-user"' not in blank
    assert 'data-testid="logout"' not in blank and "/logout" not in blank and "Trần Văn Bình" not in blank
    assert 'name="sen-blank"' in blank and 'name="submission_id"' in blank
    for name in fields:
        assert f'name="{name}"' in blank, name


@pytest.mark.parametrize("path", ["/offline", "/outbox"])
def test_offline_and_outbox_pages_carry_no_token(client, login_as, path):
    login_as("commune")
    session_token = session_part(client.get(TIPOFFS).get_data(as_text=True))
    page = client.get(path).get_data(as_text=True)
    assert session_token not in page and not CSRF_INPUT.search(page) and 'name="sen-user"' not in page
    assert '<meta name="csrf-token"' not in page


# ---------- replay of sealed entries ----------

def test_sealed_tip_off_is_saved_once_and_a_changed_copy_is_refused(app, client, officer):
    data = tipoff_post(summary=SUMMARY, channel="in_person")
    envelope = seal(app, data, officer.id)
    first = replay(client, envelope)
    assert first.status_code == 200, first.get_data(as_text=True)[:500]
    answer = first.get_json()
    assert answer["outcome"] == "created" and re.fullmatch(r"/tipoffs/TB-\d{4}-\d{5}", answer["location"])
    assert first.headers["Sen-Submission"] == "created"
    with app.app_context():
        tipoff = db.session.scalar(select(TipOff))
        assert (tipoff.summary, tipoff.channel, tipoff.created_by_id) == (SUMMARY, "in_person", officer.id)
    page = client.get(answer["location"]).get_data(as_text=True)
    assert SUMMARY in page
    assert text(app, "Tip-off saved.") not in page  # sent in the background: no stray message later
    for again in (envelope, seal(app, data, officer.id)):  # the same entry, or sealed afresh
        response = replay(client, again)
        assert response.status_code == 200 and response.get_json() == {"outcome": "replayed",
                                                                       "location": answer["location"]}
    changed = replay(client, seal(app, {**data, "summary": "Nội dung khác hẳn"}, officer.id))
    assert refused(changed, 409, "invalid")
    assert count(app, TipOff) == 1


def test_sealed_reception_keeps_every_ticked_box(app, client, officer):
    data = reception_post(full_name="Lò Thị Hoà", needs=["a", "b", "k"], purposes=["scam_compound"])
    response = replay(client, seal(app, data, officer.id, action="/cases/new"), action="/cases/new")
    assert response.status_code == 200, response.get_data(as_text=True)[:800]
    with app.app_context():
        case = db.session.scalar(select(Case))
        assert case.person.full_name == "Lò Thị Hoà" and case.tag_codes("support_regime") == ["a", "b", "k"]
        assert response.get_json()["location"] == f"/cases/{case.code}"


def support_form(**over) -> dict:
    data = {"submission_id": str(uuid.uuid4()), "case_code": "", "regime": "a", "beneficiary": "",
            "status": "delivered", "given_on": (date.today() - timedelta(days=1)).isoformat(), "planned_on": "",
            "amount": "1.500.000", "description": "Gạo, mì tôm và áo ấm", "agency_id": "", "notes": "",
            "eligibility_note": ""}
    return data | over


def test_sealed_quick_support_is_recorded(app, client, officer):
    with app.app_context():
        code = factories.create_case(user=officer, needs=["a", "b"]).code
    data = support_form(case_code=code.lower())
    response = replay(client, seal(app, data, officer.id, action="/support/quick"), action="/support/quick")
    assert response.status_code == 200 and response.get_json()["outcome"] == "created"
    with app.app_context():
        [event] = db.session.scalars(select(SupportEvent)).all()
        assert (event.amount_vnd, event.description) == (1_500_000, "Gạo, mì tôm và áo ấm")


@pytest.mark.parametrize("over, label", [
    ({"summary": ""}, "What was reported"),
    ({"received_on": FUTURE}, "Date received"),
])
def test_invalid_sealed_tip_off_is_refused_with_field_names_and_no_typed_values(app, client, officer, over, label):
    data = tipoff_post(**({"summary": SUMMARY} | over))
    messages = refused(replay(client, seal(app, data, officer.id)), 422, "invalid")
    assert any(m.startswith(text(app, label) + ": ") for m in messages), messages
    for typed in (SUMMARY, FUTURE.isoformat(), data["received_on"]):
        assert not any(typed in m for m in messages), messages
    assert nothing_saved(app)
    fixed = replay(client, seal(app, tipoff_post(submission_id=data["submission_id"]), officer.id))
    assert fixed.get_json()["outcome"] == "created"  # the officer fixes it and sends it again under the same id


def test_quick_support_for_an_unknown_case_is_refused_without_echoing_the_code(app, client, officer):
    data = support_form(case_code="DT-2099-99999", description="Sữa cho bé Na")
    messages = refused(replay(client, seal(app, data, officer.id, action="/support/quick"), action="/support/quick"),
                       422, "invalid")
    assert any(m.startswith(text(app, "Case code") + ": ") for m in messages), messages
    assert not any("DT-2099-99999" in m or "Sữa cho bé Na" in m for m in messages)
    assert nothing_saved(app, SupportEvent)


def test_replayed_entry_missing_a_required_field_says_it_is_required(app, client, officer):
    messages = refused(replay(client, seal(app, tipoff_post(summary=""), officer.id)), 422, "invalid")
    assert messages == [f"{text(app, 'What was reported')}: {text(app, 'This field is required.')}"]


def test_account_that_may_not_log_gets_a_refusal_not_a_login_page(app, client, login_as):
    volunteer = login_as("volunteer")
    assert refused(replay(client, seal(app, tipoff_post(), volunteer.id)), 403, "error")
    assert nothing_saved(app)


def test_entry_sealed_by_one_officer_cannot_be_sent_by_another(app, client, officer):
    envelope = seal(app, tipoff_post(summary=SUMMARY), officer.id)
    other, _other_id = colleague(app)
    assert refused(replay(other, envelope), 403, "other-user")
    opened = other.post(TIPOFFS, {"submission_id": envelope["id"], "sen_sealed": json.dumps(envelope)})
    assert opened.status_code == 403 and SUMMARY not in opened.get_data(as_text=True)
    assert nothing_saved(app)
    assert replay(client, envelope).get_json()["outcome"] == "created"  # its author still can


def _flip(b64: str) -> str:
    raw = bytearray(base64.b64decode(b64))
    raw[len(raw) // 2] ^= 0x01
    return base64.b64encode(bytes(raw)).decode("ascii")


DAMAGE = {
    "ciphertext flipped": lambda e: {**e, "data": _flip(e["data"])},
    "iv flipped": lambda e: {**e, "iv": _flip(e["iv"])},
    "wrapped key flipped": lambda e: {**e, "key": _flip(e["key"])},
    "key wrapped elsewhere": lambda e: {**e, "key": base64.b64encode(bytes(256)).decode()},
    "unknown kid": lambda e: {**e, "kid": "0" * 16},
    "kid not text": lambda e: {**e, "kid": 7},
    "data not base64": lambda e: {**e, "data": "%%%"},
    "id of another entry": lambda e: {**e, "id": str(uuid.uuid4())},
    "id not a uuid": lambda e: {**e, "id": "not-a-uuid"},
    "iv missing": lambda e: {k: v for k, v in e.items() if k != "iv"},
    "as JSON text, truncated": lambda e: json.dumps(e)[:-5],
    "plain text": lambda e: "garbage",
    "a number": lambda e: 42,
    "a list": lambda e: [e],
    "null": lambda e: None,
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_damaged_entry_is_refused_as_invalid_never_a_server_error(app, client, officer, damage):
    envelope = seal(app, tipoff_post(), officer.id)
    assert refused(replay(client, DAMAGE[damage](envelope)), 400, "invalid")
    assert nothing_saved(app)


@pytest.mark.parametrize("fields", [[("summary", 5)], [("summary", "a", "b")], [["summary"]]])
def test_entry_with_malformed_fields_is_refused_as_invalid(app, client, officer, fields):
    sid = str(uuid.uuid4())
    with app.app_context():
        envelope = factories.sealed_entry(pairs(tipoff_post(submission_id=sid)) + fields, sid, officer.id, TIPOFFS)
    assert refused(replay(client, envelope), 400, "invalid")
    assert nothing_saved(app)


@pytest.mark.parametrize("body", [{"data": "not json", "content_type": "text/plain"},
                                  {"data": "{", "content_type": "application/json"},
                                  {"json": {"other": 1}}, {"json": ["sealed"]}])
def test_replay_body_without_an_envelope_is_refused_as_invalid(app, client, officer, body):
    assert refused(replay(client, None, **body), 400, "invalid")
    assert nothing_saved(app)


def _seal_plain(app, plain: bytes, sid: str) -> dict:
    """An envelope around any content, as anyone holding the public key can make."""
    with app.app_context():
        key = sealing.active_key()
        content_key, iv = AESGCM.generate_key(bit_length=256), os.urandom(12)
        wrapped = serialization.load_der_public_key(key.public_der).encrypt(content_key, sealing.OAEP)
        data = AESGCM(content_key).encrypt(iv, plain, sid.encode("ascii"))
    return {"id": sid, "kid": key.kid} | {k: base64.b64encode(v).decode() for k, v in
                                          (("key", wrapped), ("iv", iv), ("data", data))}


@pytest.mark.parametrize("plain", [b"not json", b"[1]", b"\xff\xfe", b'{"user": "1", "fields": "x"}'])
def test_entry_with_unreadable_content_is_refused_as_invalid(app, client, officer, plain):
    assert refused(replay(client, _seal_plain(app, plain, str(uuid.uuid4()))), 400, "invalid")
    assert nothing_saved(app)


DEEP = "[" * 5000 + "]" * 5000


@pytest.mark.parametrize("where", ["replay body", "opened text", "sealed content"])
def test_deeply_nested_json_is_refused_not_a_server_error(app, client, officer, where):
    app.config["PROPAGATE_EXCEPTIONS"] = False  # answer as in production, instead of raising into the test
    if where == "replay body":
        response = replay(client, None, data='{"sealed": ' + DEEP + "}", content_type="application/json")
    elif where == "opened text":
        response = client.post(TIPOFFS, {"submission_id": str(uuid.uuid4()), "sen_sealed": DEEP})
    else:
        response = replay(client, _seal_plain(app, DEEP.encode(), str(uuid.uuid4())))
    assert response.status_code == 400


@pytest.mark.parametrize("elsewhere", ["/cases/new", "/support/quick"])
def test_entry_sent_to_another_form_is_refused(app, client, officer, elsewhere):
    envelope = seal(app, tipoff_post(), officer.id)
    assert refused(replay(client, envelope, action=elsewhere), 400, "invalid")
    assert nothing_saved(app) and count(app, Case) == 0 and count(app, SupportEvent) == 0


def test_replay_without_a_session_asks_to_sign_in_and_never_redirects(app, client, officer):
    envelope = seal(app, tipoff_post(), officer.id)
    stranger = Browserish(app)  # no session at all: no CSRF token to prove either
    response = replay(stranger, envelope, csrf=False)
    assert response.status_code in (401, 403) and response.is_json and "Location" not in response.headers
    assert refused(replay(stranger, envelope, csrf=stranger.csrf()), 401, "session")
    client.logout()
    assert refused(replay(client, envelope, csrf=client.csrf()), 401, "session")
    assert nothing_saved(app)


def test_replay_without_the_token_of_this_session_is_refused_so_the_entry_is_kept(app, client, officer):
    envelope = seal(app, tipoff_post(), officer.id)
    other, _other_id = colleague(app)
    for csrf in (False, "forged", outbox_token(other)):
        refused(replay(client, envelope, csrf=csrf), 403, "csrf")
    assert nothing_saved(app)


# ---------- live sends ----------

def test_live_send_answers_json_instead_of_a_redirect(app, client, officer):
    response = client.post(TIPOFFS, tipoff_post(summary=SUMMARY), headers=LIVE)
    assert response.status_code == 200 and "Location" not in response.headers
    answer = response.get_json()
    assert answer["outcome"] == "created" and answer["location"].startswith("/tipoffs/TB-")
    page = client.get(answer["location"]).get_data(as_text=True)
    assert SUMMARY in page and text(app, "Tip-off saved.") in page  # the worker opens the record for the officer


def test_live_send_of_a_blank_copy_proves_csrf_with_the_header(app, client, officer):
    headers = LIVE | {"X-CSRFToken": outbox_token(client)}
    response = client.post(TIPOFFS, tipoff_post(), csrf=False, headers=headers)
    assert response.status_code == 200 and response.get_json()["outcome"] == "created"


def test_live_send_with_mistakes_shows_the_form_with_what_was_typed(app, client, officer):
    response = client.post(TIPOFFS, tipoff_post(summary=SUMMARY, received_on=FUTURE), headers=LIVE)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and response.mimetype == "text/html"
    assert SUMMARY in page and 'id="received_on-error"' in page
    assert nothing_saved(app)


def test_live_send_after_the_session_ended_or_the_token_expired_is_kept_on_the_phone(app, client, officer):
    refused(client.post(TIPOFFS, tipoff_post() | {"csrf_token": "stale"}, headers=LIVE), 403, "csrf")
    stranger = Browserish(app)
    assert refused(stranger.post(TIPOFFS, tipoff_post(), headers=LIVE), 401, "session")
    assert nothing_saved(app)


# ---------- opening an entry to fix it ----------

def test_opening_a_sealed_entry_shows_the_form_with_what_was_typed(app, client, officer):
    data = tipoff_post(summary=SUMMARY, received_on=FUTURE)
    envelope = seal(app, data, officer.id)
    response = client.post(TIPOFFS, {"submission_id": data["submission_id"], "sen_sealed": json.dumps(envelope)})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and response.mimetype == "text/html"
    assert SUMMARY in page and f'value="{FUTURE.isoformat()}"' in page and 'id="received_on-error"' in page
    assert f'value="{data["submission_id"]}"' in page  # fixed and sent, it stays the same entry
    assert nothing_saved(app)
    fixed = client.post(TIPOFFS, data | {"received_on": date.today().isoformat()})
    assert fixed.status_code == 303 and fixed.headers["Sen-Submission"] == "created"


def test_opening_a_valid_sealed_entry_saves_it(app, client, officer):
    envelope = seal(app, tipoff_post(summary=SUMMARY), officer.id)
    response = client.post(TIPOFFS, {"submission_id": envelope["id"], "sen_sealed": json.dumps(envelope)})
    assert response.status_code == 303 and response.headers["Location"].startswith("/tipoffs/TB-")
    assert count(app, TipOff) == 1


def test_opening_a_damaged_entry_is_refused(app, client, officer):
    envelope = seal(app, tipoff_post(), officer.id)
    damaged = json.dumps(DAMAGE["ciphertext flipped"](envelope))
    response = client.post(TIPOFFS, {"submission_id": envelope["id"], "sen_sealed": damaged})
    assert response.status_code == 400 and nothing_saved(app)


# ---------- what is and is not content ----------

def test_fields_the_page_adds_for_the_outbox_list_do_not_change_the_content(app, client, officer):
    data = tipoff_post(summary=SUMMARY)
    page_fields = {"sen_place": "Phường Cao Lãnh", "sen_owner": str(officer.id)}
    first = client.post(TIPOFFS, data | page_fields, headers=LIVE)
    assert first.get_json()["outcome"] == "created"
    assert client.post(TIPOFFS, data).headers["Sen-Submission"] == "replayed"
    assert client.post(TIPOFFS, data | {"sen_place": "Xã khác"}).headers["Sen-Submission"] == "replayed"
    for sealed_data in (data, data | page_fields):
        assert replay(client, seal(app, sealed_data, officer.id)).get_json()["outcome"] == "replayed"
    assert count(app, TipOff) == 1


# ---------- sealing keys ----------

def _newer_key(app) -> str:
    with app.app_context():
        current = sealing.active_key()
        private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        der = private.public_key().public_bytes(serialization.Encoding.DER,
                                                serialization.PublicFormat.SubjectPublicKeyInfo)
        pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption()).decode("ascii")
        kid = hashlib.sha256(der).hexdigest()[:16]
        db.session.add(SealingKey(kid=kid, public_der=der, private_pem=pem,
                                  created_at=current.created_at + timedelta(days=1)))
        db.session.commit()
        return kid


def _worker_version(client) -> str:
    return re.search(r'"version": "([0-9a-f]+)"', client.get("/sw.js").get_data(as_text=True)).group(1)


def test_sealing_key_is_made_once_and_old_entries_still_open_after_a_new_key(app, client, officer, monkeypatch):
    first = client.get("/outbox/key").get_json()
    assert client.get("/outbox/key").get_json() == first and count(app, SealingKey) == 1
    version = _worker_version(client)
    old_entry = seal(app, tipoff_post(summary=SUMMARY), officer.id)
    assert old_entry["kid"] == first["kid"]
    newer = _newer_key(app)
    assert client.get("/outbox/key").get_json()["kid"] == newer
    assert _worker_version(client) != version  # phones pick up the new key with the new worker
    monkeypatch.setattr(sealing, "_private_keys", {})  # as on a freshly started server
    assert replay(client, old_entry).get_json()["outcome"] == "created"
    new_entry = seal(app, tipoff_post(), officer.id)
    assert new_entry["kid"] == newer and replay(client, new_entry).get_json()["outcome"] == "created"
    assert count(app, TipOff) == 2


def test_a_refused_reception_names_the_children_part_in_vietnamese(app, client, officer):
    """The outbox shows which part is wrong: never WTForms' automatic English label ("Children")."""
    data = reception_post(children=[{"sex": "male", "age": 30}])
    messages = refused(replay(client, seal(app, data, officer.id, action="/cases/new"), action="/cases/new"),
                       422, "invalid")
    assert any(m.startswith(text(app, "Accompanying children") + ": ") for m in messages), messages
    assert not any(m.startswith("Children") for m in messages), messages
    assert text(app, "A child's age is from 0 to 17.") in messages[0]  # what is wrong in it, not only where
