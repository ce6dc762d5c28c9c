"""Factory functions for tests: each returns a saved object with sensible defaults."""
from __future__ import annotations

import itertools

from webapp.auth.models import User
from webapp.auth.passwords import hash_password
from webapp.extensions import db
from webapp.places.models import AdminUnit, Agency

PASSWORD = "correct-horse-battery-staple"
_HASH = None
_counter = itertools.count(1)

PROVINCE = "82"
COMMUNE_A = "29869"  # Phường Cao Lãnh
COMMUNE_B = "29971"  # Xã Thường Phước
OTHER_PROVINCE = "01"
OTHER_COMMUNE = "00004"  # Phường Ba Đình, Hà Nội


def password_hash() -> str:
    global _HASH
    if _HASH is None:
        _HASH = hash_password(PASSWORD)
    return _HASH


def _saved(obj):
    """Commit and load the object again, so its attributes stay readable after the app context ends."""
    db.session.add(obj)
    db.session.commit()
    db.session.refresh(obj)
    return obj


def create_places() -> None:
    """The home province with two communes, and one commune of another province."""
    units = [
        (PROVINCE, "province", "Đồng Tháp", "Tỉnh Đồng Tháp", "Dong Thap", None),
        (COMMUNE_A, "ward", "Cao Lãnh", "Phường Cao Lãnh", "Cao Lanh", PROVINCE),
        (COMMUNE_B, "commune", "Thường Phước", "Xã Thường Phước", "Thuong Phuoc", PROVINCE),
        (OTHER_PROVINCE, "province", "Hà Nội", "Thành phố Hà Nội", "Hanoi", None),
        (OTHER_COMMUNE, "ward", "Ba Đình", "Phường Ba Đình", "Ba Dinh", OTHER_PROVINCE),
    ]
    for code, type_, name, full_name, name_en, parent in units:
        if db.session.get(AdminUnit, code) is None:
            db.session.add(AdminUnit(code=code, type=type_, name=name, full_name=full_name, name_en=name_en,
                                     parent_code=parent))
            db.session.flush()
    db.session.commit()


def create_agency(code: str | None = None, kind: str = "protection_centre", name: str | None = None, **kw) -> Agency:
    n = next(_counter)
    agency = Agency(code=code or f"agency-{n}", kind=kind, name=name or f"Trung tâm {n}", **kw)
    return _saved(agency)


def create_user(role: str = "commune", username: str | None = None, **kw) -> User:
    """A user of `role`, scoped to commune A or a new centre when the role needs it."""
    n = next(_counter)
    if role in ("commune", "volunteer"):
        kw.setdefault("commune_code", COMMUNE_A)
    if role == "shelter" and "agency_id" not in kw:
        kw["agency_id"] = create_agency().id
    user = User(username=username or f"{role}{n}", full_name=kw.pop("full_name", f"Người dùng {n}"), role=role,
                password_hash=kw.pop("password_hash", password_hash()), **kw)
    return _saved(user)


def reception_values(**over) -> dict:
    """The values of a complete, valid reception form."""
    from datetime import date, timedelta

    values = {
        "commune_code": COMMUNE_A, "arrival_route": "foreign_handover", "border_gate": "dinh_ba",
        "reception_date": date.today() - timedelta(days=1), "reception_place": "Trạm biên phòng",
        "receiving_agency_id": None, "full_name": "Nguyễn Thị Lan", "other_names": None, "sex": "female",
        "birth_date": None, "birth_year": 1998, "estimated_age": None, "ethnicity": "01", "nationality": "VN",
        "id_number": "087198001234", "home_province": PROVINCE, "home_commune_code": COMMUNE_B,
        "current_address": "Ấp 3", "phone": "0912345678", "children": [], "purposes": ["scam_compound"],
        "exploitation_country": "KH", "exploitation_province": None, "departed_on": None, "returned_on": None,
        "recruitment": ["social_network"], "control": ["withheld_documents"], "relationship_to_trafficker": "stranger",
        "notes": None, "needs": ["a", "b"], "risk_flags": [], "consent_support": True, "consent_share": False,
        "consent_statistics": True, "consent_date": None,
    }
    values.update(over)
    return values


def create_case(user=None, **over):
    """A case received by `user` (a new commune officer of commune A by default)."""
    from webapp.cases.services import create_case as create

    user = user or create_user("commune")
    values = reception_values(**over)
    case = create(values, user, None)
    return _saved(case)


def tipoff_values(**over) -> dict:
    """The values of a valid tip-off, as logged by commune A."""
    from datetime import date, timedelta

    values = {
        "commune_code": COMMUNE_A, "received_on": date.today() - timedelta(days=2), "channel": "hotline",
        "summary": "Người gọi báo một nhóm tuyển lao động đi Campuchia, hứa lương cao.", "classification": None,
    }
    values.update(over)
    return values


def create_tipoff(user=None, **over):
    """A tip-off logged by `user` (by default a new commune officer of commune A).

    `over` may also classify, forward and close it at once.
    """
    from webapp.tipoffs.services import create_tipoff as create

    user = user or create_user("commune")
    tipoff = create(tipoff_values(**over), user, None)
    return _saved(tipoff)


def create_support_event(case, **kw):
    """A support given to the case's person (regime a, delivered yesterday) unless told otherwise."""
    from datetime import date, timedelta

    from webapp.support.models import SupportEvent

    values = {"regime": "a", "status": "delivered", "given_on": date.today() - timedelta(days=1),
              "amount_vnd": 500_000, "description": "Gạo, quần áo"}
    values.update(kw)
    return _saved(SupportEvent(case_id=case.id, **values))


def create_referral(case, to_agency=None, **kw):
    """A referral of the case to a centre (a new one by default), or to `to_commune_code`; waiting for an answer."""
    from webapp.referrals.models import Referral

    agency = None if kw.get("to_commune_code") else to_agency or create_agency(kind="protection_centre")
    values = {"reason": "Cần chỗ ở tạm thời", "shares_information": True, "status": "sent"}
    values.update(kw)
    return _saved(Referral(case_id=case.id, to_agency_id=agency.id if agency else None, **values))


def create_followup(case, **kw):
    """A follow-up visit due in a week."""
    from datetime import date, timedelta

    from webapp.followups.models import FollowUp

    values = {"due_on": date.today() + timedelta(days=7)}
    values.update(kw)
    return _saved(FollowUp(case_id=case.id, **values))


def create_protection(case, measures=("keep_secret",), **kw):
    """A protection of the case's person asked for yesterday by the person and not yet in place."""
    from datetime import date, timedelta

    from webapp.protection.models import Protection, ProtectionMeasure

    values = {"subject": "person", "requested_on": date.today() - timedelta(days=1), "requested_by": "person",
              "threat": "Kẻ môi giới nhắn tin đe dọa", "status": "requested"}
    values.update(kw)
    protection = Protection(case_id=case.id, **values)
    protection.measures = [ProtectionMeasure(code=code) for code in measures]
    return _saved(protection)


def sealed_entry(fields: list[tuple[str, str]], submission_id: str, user_id, action: str, bound_by=...,
                 kid: str | None = None) -> dict:
    """An outbox entry sealed as the phone seals it (static/js/sw.js), for sending without a browser.

    It is bound with the binding key of `bound_by` (by default the account it names; None: not bound),
    and sealed to the sealing key `kid` (by default the one phones get now).
    """
    import base64
    import json
    import os

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from webapp.extensions import db
    from webapp.pwa.models import SealingKey
    from webapp.pwa.sealing import OAEP, active_key, bind, binding_key

    key = db.session.get(SealingKey, kid) if kid else active_key()
    public = serialization.load_der_public_key(key.public_der)
    content_key = AESGCM.generate_key(bit_length=256)
    iv = os.urandom(12)
    plain = json.dumps({"v": 1, "id": submission_id, "user": str(user_id), "action": action,
                        "fields": [list(p) for p in fields]}, ensure_ascii=False).encode("utf-8")
    data = AESGCM(content_key).encrypt(iv, plain, submission_id.encode("ascii"))

    def b64(raw: bytes) -> str:
        return base64.b64encode(raw).decode("ascii")

    sealed = {"id": submission_id, "kid": key.kid, "key": b64(public.encrypt(content_key, OAEP)), "iv": b64(iv),
              "data": b64(data)}
    bound_by = user_id if bound_by is ... else bound_by
    if bound_by is not None:
        sealed["bind"] = bind(sealed, user_id, action, binding_key(int(bound_by)))
        db.session.commit()
    return sealed


def outreach_values(**over) -> dict:
    """The values of a complete, valid outreach session held yesterday in commune A."""
    from datetime import date, timedelta

    values = {
        "commune_code": COMMUNE_A, "held_on": date.today() - timedelta(days=1), "hamlet": "Ấp Hòa Khánh",
        "venue": "community_meeting", "topics": ["tricks", "hotline"], "groups": ["women", "parents"],
        "participants": 40, "women": 25, "children": 5, "reach": None, "leaflets": 30, "posters": 2,
        "other_materials": None, "organiser": "Hội Liên hiệp Phụ nữ phường", "partners": "Công an phường",
        "notes": None,
    }
    values.update(over)
    return values


def create_outreach_session(user=None, **over):
    """A session logged by `user` (a new volunteer of commune A by default)."""
    from webapp.outreach.services import create_session

    user = user or create_user("volunteer")
    session = create_session(outreach_values(**over), user, None)
    return _saved(session)


def create_key_area(commune_code: str = COMMUNE_A, hamlet: str | None = None, user=None):
    from webapp.outreach.services import add_key_area

    user = user or create_user("province")
    return _saved(add_key_area(commune_code, hamlet, user, PROVINCE))


def create_supervision_visit(commune_code: str = COMMUNE_A, user=None, recommendations=None, **kw):
    """A province visit to the commune last week, with one recommendation due in a week unless told."""
    from datetime import date, timedelta

    from webapp.supervision.models import SupervisionRecommendation, SupervisionVisit

    user = user or create_user("province")
    values = {"visited_on": date.today() - timedelta(days=7), "commune_code": commune_code,
              "team": "Phòng Bảo trợ xã hội", "checked": "Sổ tiếp nhận, hồ sơ hỗ trợ", "created_by_id": user.id}
    values.update(kw)
    visit = SupervisionVisit(**values)
    for text, due in recommendations or [("Cập nhật sổ tiếp nhận", date.today() + timedelta(days=7))]:
        visit.recommendations.append(SupervisionRecommendation(text=text, due_on=due))
    return _saved(visit)
