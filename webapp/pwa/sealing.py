"""Sealed outbox entries: AES-GCM content, its key wrapped with the server's RSA-OAEP public key,
bound to the account that made it with that account's HMAC key.

The phone seals a submission it could not send, keeps only the sealed form,
and cannot read it back; the server opens it when the entry is delivered.
The private key never leaves the server. Anyone who can read the database can
already read every record, so the key is stored there, next to them, and works
the same for every worker process.

Binding: the public key is public, so anyone could seal an entry naming any
account. Each account has a secret binding key (`BindingKey`), given to its
service worker only by a signed-in session (/outbox/token), which keeps it as a
non-extractable WebCrypto key and signs every entry it seals:
HMAC-SHA256(key, "sen-outbox-1" \n id \n user \n action \n kid \n key \n iv \n data).
The server checks it after opening, against the signed-in account and the form
posted to, so an entry naming account B cannot be made without B's key.
Entries sealed before binding existed carry none; they are accepted only when
sealed to a key that existed then (`SealingKey.legacy`), while
OUTBOX_ACCEPT_UNBOUND is on (see README, "Offline").
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from webapp.extensions import db
from webapp.pwa.models import BindingKey, SealingKey
from webapp.submissions.services import InvalidSubmissionId, parse_submission_id

OAEP = padding.OAEP(mgf=padding.MGF1(algorithm=hashes.SHA256()), algorithm=hashes.SHA256(), label=None)
MAX_SEALED_CHARS = 2_000_000

_private_keys: dict[str, rsa.RSAPrivateKey] = {}


class Unreadable(ValueError):
    """The entry is damaged, or sealed to a key this server does not have."""


class OtherUser(PermissionError):
    """The entry was sealed by another account than the one sending it."""


class WrongForm(ValueError):
    """The entry was made on another form than the one it is sent to."""


class NotBound(PermissionError):
    """The entry's binding is missing or does not prove it was made by the account sending it."""


@dataclass(frozen=True)
class Opened:
    submission_id: str
    user_id: int
    action: str
    fields: list[tuple[str, str]]
    bound: bool = True


def active_key() -> SealingKey:
    """The newest key, made once on first need (two workers racing agree on one); never a legacy key."""
    key = db.session.scalar(select(SealingKey).where(SealingKey.legacy.is_(False))
                            .order_by(SealingKey.created_at.desc(), SealingKey.kid).limit(1))
    if key is not None:
        return key
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public_der = private.public_key().public_bytes(serialization.Encoding.DER,
                                                   serialization.PublicFormat.SubjectPublicKeyInfo)
    pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode("ascii")
    key = SealingKey(kid=hashlib.sha256(public_der).hexdigest()[:16], public_der=public_der, private_pem=pem)
    db.session.add(key)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return active_key()
    return key


def public_key_info() -> dict:
    key = active_key()
    return {"kid": key.kid, "alg": "RSA-OAEP-256+A256GCM", "spki": base64.b64encode(key.public_der).decode("ascii")}


def _private_key(kid: str) -> rsa.RSAPrivateKey:
    if kid not in _private_keys:
        key = db.session.get(SealingKey, kid)
        if key is None:
            raise Unreadable(kid)
        _private_keys[kid] = serialization.load_pem_private_key(key.private_pem.encode("ascii"), password=None)
    return _private_keys[kid]


def _b64(value) -> bytes:
    if not isinstance(value, str):
        raise Unreadable("not text")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise Unreadable("not base64") from exc


def parse_sealed(raw) -> dict:
    """The sealed envelope from a JSON object or its text; raises Unreadable."""
    if isinstance(raw, str):
        if len(raw) > MAX_SEALED_CHARS:
            raise Unreadable("too large")
        try:
            raw = json.loads(raw)
        except (ValueError, RecursionError) as exc:
            raise Unreadable("not JSON") from exc
    if not isinstance(raw, dict) or not all(isinstance(raw.get(k), str) for k in ("id", "kid", "key", "iv", "data")):
        raise Unreadable("not an envelope")
    bind = raw.get("bind")
    if bind is not None and not (isinstance(bind, dict) and all(isinstance(bind.get(k), str) for k in ("kid", "mac"))):
        raise Unreadable("not a binding")
    return raw


def binding_key(user_id: int) -> BindingKey:
    """The account's newest binding key, made on first need."""
    key = db.session.scalar(select(BindingKey).where(BindingKey.user_id == user_id)
                            .order_by(BindingKey.created_at.desc(), BindingKey.kid).limit(1))
    if key is None:
        key = BindingKey(kid=secrets.token_hex(8), user_id=user_id, secret=secrets.token_bytes(32))
        db.session.add(key)
        db.session.flush()
    return key


def binding_info(user_id: int) -> dict:
    key = binding_key(user_id)
    return {"kid": key.kid, "alg": "HS256", "key": base64.b64encode(key.secret).decode("ascii")}


def binding_message(sealed: dict, user_id, action: str) -> bytes:
    parts = ["sen-outbox-1", sealed["id"], str(user_id), action, sealed["kid"], sealed["key"], sealed["iv"],
             sealed["data"]]
    return "\n".join(parts).encode("utf-8")


def bind(sealed: dict, user_id, action: str, key: BindingKey) -> dict:
    """The binding the phone adds (used by tests to seal as the phone does)."""
    mac = hmac.new(key.secret, binding_message(sealed, user_id, action), hashlib.sha256).digest()
    return {"kid": key.kid, "mac": base64.b64encode(mac).decode("ascii")}


def check_binding(sealed: dict, user_id: int, action: str, accept_unbound: bool) -> bool:
    """True for a bound entry made by `user_id` on `action`, False for an accepted legacy entry; else NotBound."""
    bound = sealed.get("bind")
    if bound is None:
        sealing = db.session.get(SealingKey, sealed["kid"])
        if accept_unbound and sealing is not None and sealing.legacy:
            return False
        raise NotBound("missing")
    key = db.session.get(BindingKey, bound["kid"])
    if key is None or key.user_id != user_id:
        raise NotBound("key")
    try:
        mac = base64.b64decode(bound["mac"], validate=True)
    except (binascii.Error, ValueError) as exc:
        raise NotBound("mac") from exc
    expected = hmac.new(key.secret, binding_message(sealed, user_id, action), hashlib.sha256).digest()
    if not hmac.compare_digest(mac, expected):
        raise NotBound("mac")
    return True


def open_sealed(sealed: dict, user_id: int, action: str | None = None, accept_unbound: bool = True) -> Opened:
    """Decrypt and check an envelope made by the phone of `user_id` on the form at `action`.

    Raises Unreadable, OtherUser, WrongForm or NotBound (checked in that order).
    """
    try:
        submission_id = parse_submission_id(sealed["id"])
    except InvalidSubmissionId as exc:
        raise Unreadable("id") from exc
    try:
        content_key = _private_key(sealed["kid"]).decrypt(_b64(sealed["key"]), OAEP)
        plain = AESGCM(content_key).decrypt(_b64(sealed["iv"]), _b64(sealed["data"]), submission_id.encode("ascii"))
        content = json.loads(plain.decode("utf-8"))
    except (ValueError, InvalidTag, UnicodeDecodeError, RecursionError) as exc:
        raise Unreadable("cannot decrypt") from exc
    if not isinstance(content, dict) or not isinstance(content.get("fields"), list):
        raise Unreadable("content")
    if str(content.get("user")) != str(user_id):
        raise OtherUser(submission_id)
    fields: list[tuple[str, str]] = []
    for pair in content["fields"]:
        if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) for p in pair)):
            raise Unreadable("field")
        fields.append((pair[0], pair[1]))
    fields = [(name, value) for name, value in fields if name != "submission_id"] + [("submission_id", submission_id)]
    made_on = str(content.get("action") or "")
    if action is not None and made_on != action:
        raise WrongForm(made_on)
    bound = check_binding(sealed, user_id, made_on, accept_unbound)
    return Opened(submission_id, user_id, made_on, fields, bound)
