"""Business rules of the case register: reception, verification, edits, consent, matching, rights."""
from __future__ import annotations

from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, or_, select

from webapp.audit.services import Action, record
from webapp.cases.codes import next_code
from webapp.cases.models import (
    AccompanyingChild,
    Case,
    CaseEvent,
    CaseStatus,
    CaseTag,
    Consent,
    Person,
    PersonToken,
)
from webapp.db import utcnow
from webapp.errors import StaleRecord, UserError
from webapp.extensions import db
from webapp.i18n import local_today
from webapp.text import clean, id_key, search_key, sort_key

CODE_PREFIX = "DT"
VERIFICATION_DAYS = 3
LAW_2024_IN_FORCE = date(2025, 7, 1)
TAG_FIELDS = {"purposes": "purpose", "recruitment": "recruitment", "control": "control",
              "needs": "support_regime", "risk_flags": "risk_flag"}
PERSON_FIELDS = ("full_name", "other_names", "sex", "birth_date", "ethnicity", "nationality", "id_number",
                 "home_commune_code", "current_address", "phone")
CASE_FIELDS = ("arrival_route", "border_gate", "reception_date", "reception_place", "receiving_agency_id",
               "exploitation_country", "exploitation_province", "departed_on", "returned_on",
               "relationship_to_trafficker", "notes")
OLDEST_DATE = date(1990, 1, 1)
MAX_AGE = 110


def _problems_with_dates(v: dict, today: date) -> list[tuple[str, str]]:
    problems = []
    received = v.get("reception_date")
    for name in ("reception_date", "departed_on", "returned_on", "birth_date", "consent_date"):
        value = v.get(name)
        if value and value > today:
            problems.append((name, _("This date is in the future.")))
    if received and received < OLDEST_DATE:
        problems.append(("reception_date", _("This date is too far in the past.")))
    if v.get("departed_on") and v.get("returned_on") and v["departed_on"] > v["returned_on"]:
        problems.append(("returned_on", _("The return cannot be before the departure.")))
    if v.get("departed_on") and received and v["departed_on"] > received:
        problems.append(("departed_on", _("The departure cannot be after the reception.")))
    return problems


def _problems_with_age(v: dict, today: date) -> list[tuple[str, str]]:
    received = v.get("reception_date") or today
    birth_date, birth_year, age = v.get("birth_date"), v.get("birth_year"), v.get("estimated_age")
    problems = []
    if birth_date and birth_date > received:
        problems.append(("birth_date", _("The birth cannot be after the reception.")))
    elif birth_date and received.year - birth_date.year > MAX_AGE:
        problems.append(("birth_date", _("This would make the person older than %(n)d.", n=MAX_AGE)))
    if birth_year is not None and not (received.year - MAX_AGE <= birth_year <= received.year):
        problems.append(("birth_year", _("Enter a year between %(a)d and %(b)d.", a=received.year - MAX_AGE, b=received.year)))
    if age is not None and not 0 <= age <= MAX_AGE:
        problems.append(("estimated_age", _("Enter an age from 0 to %(n)d.", n=MAX_AGE)))
    return problems


def reception_problems(v: dict, today: date, communes_allowed: list[str] | None) -> list[tuple[str, str]]:
    """Every rule a reception breaks, as (field, message); empty when it may be saved."""
    problems = _problems_with_dates(v, today) + _problems_with_age(v, today)
    if v.get("arrival_route") == "foreign_handover" and not v.get("border_gate"):
        problems.append(("border_gate", _("Choose the border gate of the handover.")))
    if communes_allowed is not None and v.get("commune_code") not in communes_allowed:
        problems.append(("commune_code", _("You can only record receptions for your own commune.")))
    if communes_allowed is None and not v.get("commune_code"):
        problems.append(("commune_code", _("Choose the commune or ward that received the person.")))
    for index, child in enumerate(v.get("children") or []):
        if bool(child.get("sex")) != (child.get("age") is not None):
            problems.append((f"children-{index}", _("Give both the sex and the age of each child.")))
    return problems


def _birth(v: dict) -> tuple[int | None, bool]:
    """(birth year, whether it is an estimate) from a date, a year or an estimated age."""
    if v.get("birth_date"):
        return v["birth_date"].year, False
    if v.get("birth_year"):
        return v["birth_year"], False
    if v.get("estimated_age") is not None:
        return (v.get("reception_date") or local_today()).year - v["estimated_age"], True
    return None, False


def regime_for(status: str, identification_date: date | None) -> str:
    """People identified before 01/07/2025 stay under the 2011 law; everyone else is under the 2024 law."""
    if status == CaseStatus.IDENTIFIED and identification_date and identification_date < LAW_2024_IN_FORCE:
        return "2011"
    return "2024"


def _apply_person(person: Person, v: dict) -> list[str]:
    changed = []
    values = {name: v.get(name) for name in PERSON_FIELDS}
    for name in ("full_name", "other_names", "current_address", "id_number", "phone"):
        values[name] = clean(values[name]) or None
    values["birth_year"], values["birth_year_estimated"] = _birth(v)
    for name, value in values.items():
        if getattr(person, name) != value:
            setattr(person, name, value)
            changed.append(name)
    person.name_key = search_key(" ".join(filter(None, [person.full_name, person.other_names])))
    person.sort_key = sort_key(person.full_name)
    person.id_key = id_key(person.id_number)
    set_tokens(person)
    return changed


def set_tokens(person: Person) -> None:
    """Index every word of the person's names for search."""
    words = {w[:60] for w in person.name_key.split(" ") if w}
    current = {t.token for t in person.tokens}
    if words != current:
        person.tokens = [t for t in person.tokens if t.token in words]
        person.tokens += [PersonToken(token=w) for w in sorted(words - current)]


def _apply_case(case: Case, v: dict) -> list[str]:
    changed = []
    for name in CASE_FIELDS:
        value = v.get(name)
        if isinstance(value, str):
            value = clean(value) if name != "notes" else value.strip()
            value = value or None
        if getattr(case, name) != value:
            setattr(case, name, value)
            changed.append(name)
    if case.exploitation_country != "VN":
        case.exploitation_province = None
    if case.reception_date:
        case.verification_due = case.reception_date + timedelta(days=VERIFICATION_DAYS)
    existing = {(t.vocabulary, t.code) for t in case.tags}
    wanted = {(vocab, code) for field, vocab in TAG_FIELDS.items() for code in (v.get(field) or [])}
    if existing != wanted:
        case.tags = [t for t in case.tags if (t.vocabulary, t.code) in wanted]
        case.tags += [CaseTag(vocabulary=vocab, code=code) for vocab, code in sorted(wanted - existing)]
        changed += sorted({field for field, vocab in TAG_FIELDS.items()
                           if {c for x, c in existing if x == vocab} != {c for x, c in wanted if x == vocab}})
    return changed


def add_event(case: Case, kind: str, user=None, detail: str | None = None) -> None:
    case.events.append(CaseEvent(kind=kind, user_id=getattr(user, "id", None), detail=detail, at=utcnow()))


def create_case(v: dict, user, communes_allowed: list[str] | None, today: date | None = None) -> Case:
    """Record a reception: the person, the case, children, answers, consents. Does not commit.

    `v` holds the reception form's cleaned values; `communes_allowed` is the
    user's receiving scope (None: any). Raises UserError for the first rule broken.
    """
    today = today or local_today()
    problems = reception_problems(v, today, communes_allowed)
    if problems:
        raise UserError(problems[0][1], problems[0][0])
    person = Person()
    _apply_person(person, v)
    case = Case(person=person, commune_code=v["commune_code"], status=CaseStatus.BEING_VERIFIED,
                legal_regime=regime_for(CaseStatus.BEING_VERIFIED, None), created_by_id=user.id)
    _apply_case(case, v)
    case.code = next_code(CODE_PREFIX, today.year)
    for child in v.get("children") or []:
        if child.get("sex"):
            case.children.append(AccompanyingChild(sex=child["sex"], age=child["age"]))
    consent_day = v.get("consent_date") or v["reception_date"]
    for kind in ("support", "share", "statistics"):
        case.consents.append(Consent(kind=kind, given=bool(v.get(f"consent_{kind}")), on_date=consent_day,
                                     recorded_by_id=user.id))
    add_event(case, "received", user)
    db.session.add(case)
    db.session.flush()
    record(Action.CREATE, "case", case.code)
    return case


def _check_version(case: Case, expected) -> None:
    if str(case.version) != str(expected):
        raise StaleRecord(_("Another officer saved this case while you were editing. Your changes are still "
                            "in the form below and were not saved; the latest saved values are listed above it. "
                            "Check them and save again."))


def update_case(case: Case, v: dict, expected_version, user, today: date | None = None) -> list[str]:
    """Apply an edit; returns the names of changed fields. Raises StaleRecord or UserError. Does not commit."""
    _check_version(case, expected_version)
    problems = _problems_with_dates(v, today or local_today()) + _problems_with_age(v, today or local_today())
    if v.get("arrival_route") == "foreign_handover" and not v.get("border_gate"):
        problems.append(("border_gate", _("Choose the border gate of the handover.")))
    if problems:
        raise UserError(problems[0][1], problems[0][0])
    changed = _apply_person(case.person, v) + _apply_case(case, v)
    if changed:
        add_event(case, "edited", user, ",".join(changed))
        case.updated_at = utcnow()  # bumps the version even when only the person changed
        db.session.flush()
        record(Action.UPDATE, "case", case.code, detail=",".join(changed))
    return changed


def set_status(case: Case, v: dict, expected_version, user) -> None:
    """Change the verification status; identification needs the confirming document. Does not commit."""
    _check_version(case, expected_version)
    status = v["status"]
    if status == CaseStatus.IDENTIFIED:
        missing = [f for f in ("identification_doc_number", "identification_date", "identification_issuer") if not v.get(f)]
        if missing:
            raise UserError(_("An identified victim needs the number, date and issuer of the confirming document."),
                            missing[0])
        if v["identification_date"] > local_today():
            raise UserError(_("This date is in the future."), "identification_date")
        if v["identification_date"] < case.reception_date - timedelta(days=3650):
            raise UserError(_("This date is too far in the past."), "identification_date")
    old = case.status
    case.status = status
    # Only a person still being verified can be abroad for eligibility (the "being verified, abroad" group).
    case.still_abroad = status == CaseStatus.BEING_VERIFIED and bool(v.get("still_abroad"))
    for name in ("identification_doc_number", "identification_date", "identification_issuer"):
        setattr(case, name, (clean(v.get(name)) or None) if isinstance(v.get(name), str) else v.get(name))
    if status != CaseStatus.IDENTIFIED:
        case.identification_doc_number = case.identification_date = case.identification_issuer = None
    corrected = bool(v.get("legal_regime"))
    case.legal_regime = v["legal_regime"] if corrected else regime_for(status, case.identification_date)
    case.legal_regime_corrected = corrected
    abroad = ";abroad" if case.still_abroad else ""
    add_event(case, "status_changed", user, f"{old}->{status};regime={case.legal_regime}{abroad}")
    db.session.flush()
    record(Action.UPDATE, "case", case.code, detail=f"status={status}{abroad}")


def record_consent(case: Case, kind: str, given: bool, on_date: date, user) -> None:
    """Record that consent of `kind` was given or withdrawn; earlier decisions stay in the history."""
    if on_date > local_today():
        raise UserError(_("This date is in the future."), "on_date")
    case.consents.append(Consent(kind=kind, given=given, on_date=on_date, recorded_by_id=user.id))
    add_event(case, "consent_given" if given else "consent_withdrawn", user, kind)
    case.updated_at = utcnow()
    db.session.flush()
    record(Action.UPDATE, "case", case.code, detail=f"consent:{kind}={'yes' if given else 'no'}")


def is_overdue(case: Case, today: date | None = None) -> bool:
    return case.status == CaseStatus.BEING_VERIFIED and case.verification_due < (today or local_today())


def possible_matches(person: Person, visible) -> list[Case]:
    """Other people's cases that may be the same person: same ID number, or same name, close birth year, same home.

    `visible` is the scope clause: an officer is only shown cases they may see.
    """
    return _matches(person.id_key, person.full_name, person.birth_year, person.home_commune_code, visible,
                    exclude=person.id)


def matches_before_saving(v: dict, visible) -> list[Case]:
    """The same matching for a reception still being typed (`v`: the form's values); nothing is stored."""
    birth_year, _estimated = _birth(v)
    return _matches(id_key(clean(v.get("id_number"))), clean(v.get("full_name")), birth_year,
                    v.get("home_commune_code"), visible)


def _matches(id_number_key, full_name, birth_year, home_commune_code, visible, exclude=None) -> list[Case]:
    rules = []
    if id_number_key:
        rules.append(Person.id_key == id_number_key)
    if full_name and birth_year and home_commune_code:
        rules.append((Person.name_key == search_key(full_name))
                     & (Person.home_commune_code == home_commune_code)
                     & (func.abs(Person.birth_year - birth_year) <= 2))
    if not rules:
        return []
    stmt = (select(Case).join(Case.person).where(or_(*rules), Person.anonymised_at.is_(None), visible)
            .order_by(Case.reception_date.desc()).limit(20))
    if exclude is not None:
        stmt = stmt.where(Person.id != exclude)
    return list(db.session.scalars(stmt))


def link_same_person(case: Case, other: Case, user) -> None:
    """Make `other`'s person and `case`'s person one: every case of the other person moves to this one."""
    if other.person_id == case.person_id:
        raise UserError(_("These cases already belong to the same person."))
    absorbed = other.person
    for moved in list(absorbed.cases):
        moved.person = case.person
        add_event(moved, "linked", user, f"person={case.person_id}")
    add_event(case, "linked", user, f"with={other.code}")
    db.session.flush()
    db.session.delete(absorbed)
    db.session.flush()
    record(Action.UPDATE, "person", case.person_id, detail=f"linked:{other.code}")
