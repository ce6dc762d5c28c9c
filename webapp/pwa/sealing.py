"""Sealed outbox entries: AES-GCM content, its key wrapped with the server's RSA-OAEP public key.

The phone seals a submission it could not send, keeps only the sealed form,
and cannot read it back; the server opens it when the entry is delivered.
The private key never leaves the server. Anyone who can read the database can
already read every record, so the key is stored there, next to them, and works
the same for every worker process.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from webapp.extensions import db
from webapp.pwa.models import SealingKey
from webapp.submissions.services import InvalidSubmissionId, parse_submission_id

OAEP = padding.OAEP(mgf=padding.MGF1(algorithm=hashes.SHA256()), algorithm=hashes.SHA256(), label=None)
MAX_SEALED_CHARS = 2_000_000

_private_keys: dict[str, rsa.RSAPrivateKey] = {}


class Unreadable(ValueError):
    """The entry is damaged, or sealed to a key this server does not have."""


class OtherUser(PermissionError):
    """The entry was sealed by another account than the one sending it."""


@dataclass(frozen=True)
class Opened:
    submission_id: str
    user_id: int
    action: str
    fields: list[tuple[str, str]]


def active_key() -> SealingKey:
    """The newest key, made once on first need (two workers racing agree on one)."""
    key = db.session.scalar(select(SealingKey).order_by(SealingKey.created_at.desc(), SealingKey.kid).limit(1))
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
    return raw


def open_sealed(sealed: dict, user_id: int) -> Opened:
    """Decrypt and check an envelope made by the phone of `user_id`."""
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
    return Opened(submission_id, user_id, str(content.get("action") or ""), fields)
