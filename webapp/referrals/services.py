"""Business rules of referrals: sending (with the person's consent to share), accepting, declining, completing."""
from __future__ import annotations

import unicodedata
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from webapp.audit.services import Action, record
from webapp.auth.models import User
from webapp.auth.roles import Permission, Role, has_permission
from webapp.cases.models import Case
from webapp.cases.services import add_event
from webapp.catalogues.services import labels
from webapp.db import utcnow
from webapp.errors import StaleRecord, UserError
from webapp.extensions import db
from webapp.i18n import format_date, local_today
from webapp.places.models import AdminUnit, Agency
from webapp.referrals.models import OutsideAnswer, Referral, ReferralStatus

REASON_MAX = 1000
ANSWERED_BY_MAX = 120
OVERRIDE_MIN = 10
OVERRIDE_MAX = 500
OPEN_STATUSES = (ReferralStatus.SENT, ReferralStatus.ACCEPTED)
DUPLICATE = _l("This case already has a referral to this receiver that is not finished.")


def _text(value) -> str | None:
    """Text as stored: NFC, no surrounding blanks, None when empty (line breaks are kept)."""
    if not isinstance(value, str):
        return None
    return unicodedata.normalize("NFC", value).strip() or None


def may_override_consent(user) -> bool:
    """Only a province officer may send shared information without the person's consent, giving a reason."""
    return user.role == Role.PROVINCE


def _receiver_problems(case: Case, v: dict, user) -> list[tuple[str, str]]:
    agency_id, commune_code = v.get("to_agency_id"), v.get("to_commune_code")
    if bool(agency_id) == bool(commune_code):
        return [("to_agency_id", _("Choose one receiver: an agency, or another commune or ward."))]
    if agency_id:
        agency = db.session.get(Agency, agency_id)
        if agency is None or not agency.active:
            return [("to_agency_id", _("Not a valid choice."))]
        if user.role == Role.SHELTER and user.agency_id == agency_id:
            return [("to_agency_id", _("Your centre cannot refer a case to itself. Choose another receiver."))]
        return []
    if user.role == Role.COMMUNE and user.commune_code == commune_code:
        return [("to_commune_code", _("Your commune or ward cannot refer a case to itself. Choose another "
                                      "receiver."))]
    unit = db.session.get(AdminUnit, commune_code)
    if unit is None or unit.parent_code != current_app.config["HOME_PROVINCE_CODE"]:
        return [("to_commune_code", _("Not a valid choice."))]
    if commune_code == case.commune_code:
        return [("to_commune_code", _("This commune already holds the case. Choose another one."))]
    return []


def _duplicate(case: Case, v: dict) -> bool:
    stmt = select(Referral.id).where(Referral.case_id == case.id, Referral.status.in_(OPEN_STATUSES))
    if v.get("to_agency_id"):
        stmt = stmt.where(Referral.to_agency_id == v["to_agency_id"])
    else:
        stmt = stmt.where(Referral.to_commune_code == v.get("to_commune_code"))
    return db.session.scalar(stmt.limit(1)) is not None


def _consent_problems(case: Case, v: dict, user) -> list[tuple[str, str]]:
    if not v.get("shares_information") or case.has_consent("share"):
        return []
    if not may_override_consent(user):
        return [("shares_information", _("The person has not consented to sharing their information with other "
                                         "agencies. Record their consent first, or send the referral without "
                                         "sharing information."))]
    override = _text(v.get("consent_override_reason")) or ""
    if len(override) < OVERRIDE_MIN:
        return [("consent_override_reason", _("The person has not consented to sharing their information. To send "
                                               "it anyway, write why (at least %(n)d characters).", n=OVERRIDE_MIN))]
    if len(override) > OVERRIDE_MAX:
        return [("consent_override_reason", _("Enter at most %(max)d characters.", max=OVERRIDE_MAX))]
    return []


def referral_problems(case: Case, v: dict, user) -> list[tuple[str, str]]:
    """Every rule a new referral breaks, as (field, message); empty when it may be sent.

    `v` holds to_agency_id (int) or to_commune_code, reason, service,
    shares_information and consent_override_reason.
    """
    if case.closed_on:
        return [("", _("This case is closed: it cannot be referred."))]
    problems = _receiver_problems(case, v, user)
    reason = _text(v.get("reason"))
    if not reason:
        problems.append(("reason", _("This field is required.")))
    elif len(reason) > REASON_MAX:
        problems.append(("reason", _("Enter at most %(max)d characters.", max=REASON_MAX)))
    if v.get("service") and v["service"] not in labels("support_regime"):
        problems.append(("service", _("Not a valid choice.")))
    if not problems and _duplicate(case, v):
        field = "to_agency_id" if v.get("to_agency_id") else "to_commune_code"
        problems.append((field, str(DUPLICATE)))
    return problems + _consent_problems(case, v, user)


def _raise_first(problems: list[tuple[str, str]]) -> None:
    if problems:
        field, message = problems[0]
        raise UserError(message, field or None)


def _receiver_detail(referral: Referral) -> str:
    """Who receives the referral, as codes for the timeline and the audit trail (never personal data)."""
    if referral.to_agency_id:
        return f"agency={referral.to_agency_id}"
    return f"commune={referral.to_commune_code}"


def send_referral(case: Case, v: dict, user) -> Referral:
    """Refer the case to an agency or another commune. Does not commit.

    Raises UserError when a rule of `referral_problems` is broken, notably when
    the referral shares information the person did not consent to share and
    no province officer gave a reason to override.
    """
    _raise_first(referral_problems(case, v, user))
    shares = bool(v.get("shares_information"))
    override = _text(v.get("consent_override_reason")) if shares and not case.has_consent("share") else None
    referral = Referral(case_id=case.id, to_agency_id=v.get("to_agency_id") or None,
                        to_commune_code=v.get("to_commune_code") or None, service=v.get("service") or None,
                        reason=_text(v["reason"]), shares_information=shares, consent_override_reason=override,
                        status=ReferralStatus.SENT, sent_by_id=user.id)
    try:
        with db.session.begin_nested():  # a send racing this one to the same receiver may have won
            db.session.add(referral)
            db.session.flush()
    except IntegrityError as error:
        raise UserError(str(DUPLICATE), "to_agency_id" if referral.to_agency_id else "to_commune_code") from error
    overridden = ";consent_override" if override else ""  # that it happened; the reason stays on the referral
    add_event(case, "referral_sent", user, f"referral={referral.id};{_receiver_detail(referral)}{overridden}")
    db.session.flush()
    record(Action.CREATE, "referral", referral.id, user=user,
           detail=f"case={case.code};{_receiver_detail(referral)};shares={'yes' if shares else 'no'}{overridden}")
    return referral


def _check_version(referral: Referral, expected) -> None:
    if str(referral.version) != str(expected):
        raise StaleRecord(_("Someone else answered or changed this referral after you opened it. Nothing was saved. "
                            "Check its status below and answer again if needed."))


def _answered(referral: Referral, kind: str, user) -> None:
    """The answer in the case's timeline and the audit trail: codes only, never the reason typed."""
    add_event(referral.case, kind, user, f"referral={referral.id};{_receiver_detail(referral)}")
    db.session.flush()
    record(Action.UPDATE, "referral", referral.id, user=user, detail=f"status={referral.status}")


def accept(referral: Referral, expected_version, user) -> None:
    """The receiver takes the referral on; from now on they see the case. Does not commit.

    Raises StaleRecord when the referral changed since `expected_version`,
    UserError when it was already answered.
    """
    _check_version(referral, expected_version)
    if referral.status != ReferralStatus.SENT:
        raise UserError(_("This referral was already answered."))
    referral.status = ReferralStatus.ACCEPTED
    referral.answered_by_id, referral.answered_at = user.id, utcnow()
    _answered(referral, "referral_accepted", user)


def decline(referral: Referral, reason: str, expected_version, user) -> None:
    """The receiver refuses the referral, saying why; the case itself does not change. Does not commit."""
    _check_version(referral, expected_version)
    if referral.status != ReferralStatus.SENT:
        raise UserError(_("This referral was already answered."))
    reason = _text(reason)
    if not reason:
        raise UserError(_("Say why the referral is declined."), "reason")
    if len(reason) > REASON_MAX:
        raise UserError(_("Enter at most %(max)d characters.", max=REASON_MAX), "reason")
    referral.status = ReferralStatus.DECLINED
    referral.answered_by_id, referral.answered_at, referral.answer_reason = user.id, utcnow(), reason
    _answered(referral, "referral_declined", user)


def complete(referral: Referral, expected_version, user) -> None:
    """Record that the service referred for was given. Only an accepted referral can be completed. Does not commit."""
    _check_version(referral, expected_version)
    if referral.status != ReferralStatus.ACCEPTED:
        raise UserError(_("Only an accepted referral can be completed."))
    referral.status = ReferralStatus.COMPLETED
    referral.completed_at = utcnow()
    _answered(referral, "referral_completed", user)


# Answers recorded on behalf of a receiver without Sen accounts (police, border guards, hospitals, legal aid…).
OUTSIDE_OUTCOMES = {ReferralStatus.ACCEPTED, ReferralStatus.DECLINED, ReferralStatus.COMPLETED}


def receiver_has_accounts(referral: Referral) -> bool:
    """True when someone at the receiver can answer in Sen: an active account that works on cases there."""
    roles = [role.value for role in Role if has_permission(role, Permission.READ_CASES)]
    stmt = select(User.id).where(User.active.is_(True), User.role.in_(roles))
    if referral.to_agency_id:
        stmt = stmt.where(User.agency_id == referral.to_agency_id)
    else:
        stmt = stmt.where(User.role == Role.COMMUNE, User.commune_code == referral.to_commune_code)
    return db.session.scalar(stmt.limit(1)) is not None


def may_record_for_receiver(referral: Referral) -> bool:
    """Whether the sending side may record the receiver's answer for it: only when nobody there can answer.

    A receiver with accounts answers itself, because accepting opens the case to it.
    """
    return referral.status in (ReferralStatus.SENT, ReferralStatus.ACCEPTED) and not receiver_has_accounts(referral)


def _local_date(value: datetime) -> date:
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return value.replace(tzinfo=timezone.utc).astimezone(zone).date()


def outside_answer_problems(referral: Referral, v: dict, today: date) -> list[tuple[str, str]]:
    """Every rule an answer recorded on the receiver's behalf breaks, as (field, message).

    `v` holds outcome, answered_on (a date), answered_by and note.
    """
    outcome = v.get("outcome")
    allowed = OUTSIDE_OUTCOMES if referral.status == ReferralStatus.SENT else {ReferralStatus.COMPLETED}
    problems = []
    if outcome not in allowed:
        problems.append(("outcome", _("Not a valid choice.")))
    answered_on = v.get("answered_on")
    earliest = _local_date(referral.answered_at or referral.created_at)
    if answered_on is None:
        problems.append(("answered_on", _("This field is required.")))
    elif answered_on > today:
        problems.append(("answered_on", _("This date is in the future.")))
    elif answered_on < earliest:
        problems.append(("answered_on", _("The answer cannot be dated before %(date)s, when the referral was sent "
                                          "or last answered.", date=format_date(earliest))))
    answered_by = _text(v.get("answered_by"))
    if not answered_by:
        problems.append(("answered_by", _("Write who answered at the receiver (name and position).")))
    elif len(answered_by) > ANSWERED_BY_MAX:
        problems.append(("answered_by", _("Enter at most %(max)d characters.", max=ANSWERED_BY_MAX)))
    note = _text(v.get("note"))
    if outcome == ReferralStatus.DECLINED and not note:
        problems.append(("note", _("Say why the receiver declined the referral.")))
    elif note and len(note) > REASON_MAX:
        problems.append(("note", _("Enter at most %(max)d characters.", max=REASON_MAX)))
    return problems


def record_outside_answer(referral: Referral, v: dict, expected_version, user,
                          today: date | None = None) -> OutsideAnswer:
    """Record the answer of a receiver without accounts, marked as recorded on its behalf. Does not commit.

    Raises StaleRecord when the referral changed since `expected_version`;
    UserError when the receiver has accounts (it answers itself), when the
    referral is finished, or for a broken rule of `outside_answer_problems`.
    """
    _check_version(referral, expected_version)
    if referral.status not in (ReferralStatus.SENT, ReferralStatus.ACCEPTED):
        raise UserError(_("This referral was already answered."))
    if receiver_has_accounts(referral):
        raise UserError(_("The receiver has Sen accounts: it answers the referral itself."))
    _raise_first(outside_answer_problems(referral, v, today or local_today()))
    outcome, note = v["outcome"], _text(v.get("note"))
    answer = OutsideAnswer(outcome=outcome, answered_on=v["answered_on"], answered_by=_text(v["answered_by"]),
                           note=note, recorded_by_id=user.id)
    referral.outside_answers.append(answer)
    now = utcnow()
    if referral.status == ReferralStatus.SENT:
        referral.answered_at = now
    if outcome == ReferralStatus.DECLINED:
        referral.answer_reason = note
    if outcome == ReferralStatus.COMPLETED:
        referral.completed_at = now
    referral.status = outcome
    kind = {ReferralStatus.ACCEPTED: "referral_accepted", ReferralStatus.DECLINED: "referral_declined",
            ReferralStatus.COMPLETED: "referral_completed"}[outcome]
    add_event(referral.case, kind, user, f"referral={referral.id};{_receiver_detail(referral)};on_behalf")
    db.session.flush()
    record(Action.UPDATE, "referral", referral.id, user=user, detail=f"status={referral.status};on_behalf")
    return answer
