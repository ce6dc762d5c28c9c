"""A unit's report computed from the records: an ordered list of tables of whole numbers.

The shape (stored as JSON on a submitted `ReportVersion`, so later exports and small-count suppression
need nothing else):

    {"schema": 1, "unit": {"kind", "code", "name"}, "window": ["YYYY-MM-DD", "YYYY-MM-DD"],
     "tables": [{"key", "title": {"vi", "en"}, "note": {"vi", "en"} | None, "additive": bool,
                 "columns": [{"key", "label": {"vi", "en"}, "format": "int" | "vnd"}],
                 "rows": [{"key", "label": {"vi", "en"}, "cells": [int, ...], "total": bool}]}]}

Counting rules (each documented in the table's note where a reader needs it):
- Only cases whose person consents to be counted in statistics (the latest such consent) are counted;
  the first table says how many received cases were left out for that reason.
- People and cases are counted apart: a person received twice in the window is one person, two cases.
  In a breakdown, a person counts once in each row one of their cases falls in; the total row counts
  each person once.
- Age is the age on the reception date: whole years from the birth date; from the birth year alone it
  is the reception year minus the birth year. Groups come from REPORT_AGE_GROUPS.
- "Within 3 days": the verification outcome (the first change of status away from "being verified")
  was recorded on or before the reception date plus 3 calendar days, the deadline the case register
  shows (`VERIFICATION_DAYS`; weekends and holidays are not skipped — the plans say "within 3 days").
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date

from babel import Locale
from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from webapp.cases.models import REINTEGRATION_LABELS, SEX_LABELS, Case, CaseEvent, CaseStatus
from webapp.catalogues.models import CatalogueEntry
from webapp.extensions import db
from webapp.followups.models import FollowUp
from webapp.i18n import local_date
from webapp.outreach.models import OutreachSession
from webapp.outreach.queries import outreach_totals
from webapp.places.models import AGENCY_KIND_LABELS, Agency
from webapp.referrals.models import Referral
from webapp.support.models import SupportEvent, SupportStatus
from webapp.tipoffs.models import TipOff
from webapp.training.models import ATTENDED, Attendance, Participant, TrainingCourse, TrainingSession

SCHEMA = 1
KINH = "01"  # the ethnicity catalogue's code of the Kinh majority
LOCALES = ("vi", "en")
TOTAL = _l("Total")

PEOPLE_CASES = (("people", _l("People")), ("cases", _l("Cases")))
COUNT = (("count", _l("Number")),)


# ---------------------------------------------------------------- building blocks


def _table(key, title, columns, rows, note=None, additive=True) -> dict:
    return {"key": key, "title": title, "note": note, "additive": additive,
            "columns": [{"key": k, "label": label, "format": "vnd" if k == "amount" else "int"}
                        for k, label in columns],
            "rows": rows}


def _row(key, label, cells, total=False) -> dict:
    return {"key": key, "label": label, "cells": [int(c) for c in cells], "total": total}


def _catalogue(vocabulary: str) -> list[tuple[str, tuple[str, str]]]:
    entries = db.session.scalars(select(CatalogueEntry).where(CatalogueEntry.vocabulary == vocabulary)
                                 .order_by(CatalogueEntry.sort_order, CatalogueEntry.code))
    return [(e.code, (e.label_vi, e.label_en)) for e in entries]


def _resolve(label) -> dict:
    """A label as {"vi", "en"}: catalogue labels come as a pair, the app's own as lazy strings."""
    if isinstance(label, dict):
        return label
    if isinstance(label, tuple):
        return {"vi": label[0], "en": label[1]}
    if label is None:
        return None
    found = {}
    for locale in LOCALES:
        with force_locale(locale):
            found[locale] = str(label)
    return found


def finalise(report: dict) -> dict:
    """Every label in both languages, so a frozen snapshot never depends on later translations."""
    for table in report["tables"]:
        table["title"] = _resolve(table["title"])
        table["note"] = _resolve(table["note"])
        for column in table["columns"]:
            column["label"] = _resolve(column["label"])
        for row in table["rows"]:
            row["label"] = _resolve(row["label"])
    return report


# ---------------------------------------------------------------- ages


def age_groups() -> list[tuple[int, int | None]]:
    """The configured groups, e.g. [(0, 15), (16, 17), (18, 29), (30, 44), (45, None)]."""
    groups = []
    for part in current_app.config["REPORT_AGE_GROUPS"].split(","):
        first, _, last = part.strip().partition("-")
        groups.append((int(first), int(last) if last.strip() else None))
    return groups


def age_group_label(first: int, last: int | None):
    if last is None:
        return _l("%(first)d and over", first=first)
    if first == 0:
        return _l("Under %(age)d", age=last + 1)
    return _l("%(first)d to %(last)d", first=first, last=last)


def age_on(person, day: date) -> int | None:
    """Whole years on `day`: from the birth date, else the year difference from the birth year."""
    if person.birth_date:
        born = person.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
    if person.birth_year:
        return day.year - person.birth_year
    return None


def age_group_key(age: int | None, groups) -> str:
    if age is None:
        return "unknown"
    for first, last in groups:
        if age >= first and (last is None or age <= last):
            return f"{first}-{'' if last is None else last}"
    return "unknown"


# ---------------------------------------------------------------- cases


def verified_on(case: Case) -> date | None:
    """The local day the verification outcome was first recorded (status left "being verified")."""
    for event in case.events:
        if event.kind == "status_changed" and (event.detail or "").startswith(f"{CaseStatus.BEING_VERIFIED}->"):
            target = event.detail.split("->", 1)[1].split(";", 1)[0]
            if target != CaseStatus.BEING_VERIFIED:
                return local_date(event.at)
    return None


def _last_change_to(case: Case, status: str) -> date | None:
    found = None
    for event in case.events:
        if event.kind == "status_changed" and (event.detail or "").split(";", 1)[0].endswith(f"->{status}"):
            found = local_date(event.at)
    return found


def _cases(where) -> list[Case]:
    """The cases with what the tables read. Of each case's timeline only the status changes are loaded (all that
    `verified_on` and `_last_change_to` read): a case has many other events, and loading them cost most of a
    commune's report on a large register. These case objects' `events` are therefore partial: use them only here."""
    stmt = (select(Case).where(where)
            .options(selectinload(Case.person), selectinload(Case.consents),
                     selectinload(Case.events.and_(CaseEvent.kind == "status_changed")), selectinload(Case.tags),
                     selectinload(Case.children))
            .order_by(Case.id))
    return list(db.session.scalars(stmt))


def _repeat_people(received: list[Case], end: date) -> set[int]:
    """People of `received` with more than one case received by `end`, in any commune: one grouped query instead
    of loading every case of every person."""
    people = sorted({c.person_id for c in received})
    found = set()
    for start in range(0, len(people), 500):
        chunk = people[start:start + 500]
        found.update(db.session.scalars(
            select(Case.person_id).where(Case.person_id.in_(chunk), Case.reception_date <= end)
            .group_by(Case.person_id).having(func.count(Case.id) > 1)))
    return found


def _counted(cases: list[Case]) -> list[Case]:
    return [c for c in cases if c.has_consent("statistics")]


def _breakdown(key, title, received: list[Case], rows: list[tuple[str, object]], classify, note=None) -> dict:
    """People and cases per row; `classify(case)` gives the row keys a case falls in."""
    people, cases = defaultdict(set), defaultdict(int)
    for case in received:
        for row_key in classify(case):
            people[row_key].add(case.person_id)
            cases[row_key] += 1
    known = {k for k, _label in rows}
    extra = sorted(k for k in cases if k not in known)
    out = [_row(k, label, [len(people[k]), cases[k]]) for k, label in rows]
    out += [_row(k, (k, k), [len(people[k]), cases[k]]) for k in extra]
    out.append(_row("total", TOTAL, [len({c.person_id for c in received}), len(received)], total=True))
    return _table(key, title, PEOPLE_CASES, out, note)


def _country_rows(received: list[Case]) -> list[tuple[str, object]]:
    codes = sorted({c.exploitation_country for c in received if c.exploitation_country})
    vi, en = Locale.parse("vi").territories, Locale.parse("en").territories
    return [(code, (vi.get(code, code), en.get(code, code))) for code in codes] + [("unknown", _l("Not recorded"))]


def reception_tables(received: list[Case], left_out: int, window: tuple[date, date]) -> list[dict]:
    """Who was received: the summary and the breakdowns by route, sex, age, purpose, country, ethnicity."""
    groups = age_groups()
    end = window[1]
    repeat = _repeat_people(received, end)
    summary = _table("reception", _l("People received"), COUNT, [
        _row("cases", _l("Cases received"), [len(received)]),
        _row("people", _l("People received"), [len({c.person_id for c in received})]),
        _row("repeat_people", _l("People received more than once (trafficked again)"), [len(repeat)]),
        _row("accompanying_children", _l("Children under 18 accompanying them"),
             [sum(len(c.children) for c in received)]),
        _row("left_out", _l("Cases not counted: no consent to be counted in statistics"), [left_out]),
    ], note=_l("A person received twice is one person and two cases. Only cases whose person consents to be "
               "counted in statistics are counted in this report."))
    age_rows = [(f"{a}-{'' if b is None else b}", age_group_label(a, b)) for a, b in groups]
    age_rows.append(("unknown", _l("Age unknown")))

    def child_or_adult(case):
        age = age_on(case.person, case.reception_date)
        return ["unknown" if age is None else "child" if age < 18 else "adult"]

    def ethnic(case):
        code = case.person.ethnicity
        return ["unknown" if not code else "kinh" if code == KINH else "minority"]

    return [
        summary,
        _breakdown("by_route", _l("People received, by how they came"), received,
                   _catalogue("arrival_route"), lambda c: [c.arrival_route]),
        _breakdown("by_sex", _l("People received, by sex"), received,
                   list(SEX_LABELS.items()), lambda c: [c.person.sex or "unknown"]),
        _breakdown("by_age", _l("People received, by age group on the reception date"), received, age_rows,
                   lambda c: [age_group_key(age_on(c.person, c.reception_date), groups)],
                   note=_l("Age in whole years on the reception date; from the birth year alone when the birth "
                           "date is not known.")),
        _breakdown("child_adult", _l("People received, children and adults"), received,
                   [("child", _l("Children (under 18)")), ("adult", _l("Adults (18 and over)")),
                    ("unknown", _l("Age unknown"))], child_or_adult),
        _breakdown("by_purpose", _l("People received, by purpose of trafficking"), received,
                   _catalogue("purpose") + [("unknown", _l("Not recorded"))],
                   lambda c: c.tag_codes("purpose") or ["unknown"],
                   note=_l("A case with several purposes counts under each of them.")),
        _breakdown("by_country", _l("People received, by country of exploitation"), received,
                   _country_rows(received), lambda c: [c.exploitation_country or "unknown"]),
        _breakdown("by_ethnicity", _l("People received, by ethnic group"), received,
                   [("kinh", _l("Kinh")), ("minority", _l("Ethnic minorities")), ("unknown", _l("Not recorded"))],
                   ethnic),
    ]


def verification_tables(cases: list[Case], window: tuple[date, date]) -> list[dict]:
    start, end = window
    within = after = pending_late = pending_in_time = 0
    identified_people, identified_cases = set(), 0
    not_victim_people, not_victim_cases = set(), 0
    for case in cases:
        if case.reception_date > end:
            continue
        done = verified_on(case)
        deadline = case.verification_due
        if done is not None and start <= done <= end:
            if done <= deadline:
                within += 1
            else:
                after += 1
        if done is None or done > end:
            if deadline < end:
                pending_late += 1
            else:
                pending_in_time += 1
        if case.status == CaseStatus.IDENTIFIED and case.identification_date and \
                start <= case.identification_date <= end:
            identified_people.add(case.person_id)
            identified_cases += 1
        changed = _last_change_to(case, CaseStatus.NOT_VICTIM)
        if case.status == CaseStatus.NOT_VICTIM and changed and start <= changed <= end:
            not_victim_people.add(case.person_id)
            not_victim_cases += 1
    verification = _table("verification", _l("Verification"), COUNT, [
        _row("within", _l("Verified within 3 days of reception"), [within]),
        _row("after", _l("Verified after more than 3 days"), [after]),
        _row("pending_late", _l("Still being verified at the end of the period, past the 3-day deadline"),
             [pending_late]),
        _row("pending_in_time", _l("Still being verified at the end of the period, within the deadline"),
             [pending_in_time]),
    ], note=_l("Three calendar days from the reception date, weekends included: the deadline the case register "
               "shows. A verification counts in the period its outcome was recorded."))
    identification = _table("identification", _l("Identification"), PEOPLE_CASES, [
        _row("identified", _l("Identified as victims (confirming document dated in the period)"),
             [len(identified_people), identified_cases]),
        _row("not_victim", _l("Found not to be victims"), [len(not_victim_people), not_victim_cases]),
    ])
    return [verification, identification]


def support_table(events: list[SupportEvent], person_of: dict[int, int]) -> dict:
    people, counts, amounts = defaultdict(set), defaultdict(int), defaultdict(int)
    everyone = set()
    for event in events:
        who = ("child", event.child_id) if event.child_id else ("person", person_of[event.case_id])
        people[event.regime].add(who)
        everyone.add(who)
        counts[event.regime] += 1
        amounts[event.regime] += event.amount_vnd or 0
    rows = [_row(code, label, [len(people[code]), counts[code], amounts[code]])
            for code, label in _catalogue("support_regime")]
    rows.append(_row("total", TOTAL, [len(everyone), sum(counts.values()), sum(amounts.values())], total=True))
    return _table("support", _l("Support given, by regime"),
                  (("people", _l("People")), ("events", _l("Times given")), ("amount", _l("Amount (VND)"))),
                  rows, note=_l("Support delivered in the period. An accompanying child counts as a person of "
                                "their own; support in kind counts with no amount."))


def _support_events(case_ids, window, agency_id=None) -> list:
    """The delivered support of the window, as rows of the four columns `support_table` reads (not whole objects:
    a commune's year can hold thousands)."""
    if not case_ids:
        return []
    stmt = select(SupportEvent.case_id, SupportEvent.child_id, SupportEvent.regime,
                  SupportEvent.amount_vnd).where(SupportEvent.case_id.in_(case_ids),
                                      SupportEvent.status == SupportStatus.DELIVERED,
                                      SupportEvent.given_on.between(*window))
    if agency_id is not None:
        stmt = stmt.where(SupportEvent.agency_id == agency_id)
    return list(db.session.execute(stmt.order_by(SupportEvent.id)))


def referral_table(case_ids, window) -> dict:
    statuses = ("sent", "accepted", "declined", "completed")
    counts = defaultdict(lambda: defaultdict(int))
    if case_ids:
        rows = db.session.execute(
            select(Referral.created_at, Referral.status, Agency.kind, Referral.to_commune_code)
            .outerjoin(Agency, Agency.id == Referral.to_agency_id)
            .where(Referral.case_id.in_(case_ids)))
        for created_at, status, kind, commune in rows:
            if not window[0] <= local_date(created_at) <= window[1]:
                continue
            where_to = kind or ("commune" if commune else "other")
            counts[where_to]["all"] += 1
            counts[where_to][status] += 1
    destinations = [(k, label) for k, label in AGENCY_KIND_LABELS.items()]
    destinations.append(("commune", _l("Another commune or ward")))
    out = [_row(str(k), label, [counts[str(k)]["all"]] + [counts[str(k)][s] for s in statuses])
           for k, label in destinations]
    out.append(_row("total", TOTAL, [sum(c["all"] for c in counts.values())]
                    + [sum(c[s] for c in counts.values()) for s in statuses], total=True))
    columns = (("all", _l("Referred")), ("sent", _l("Waiting for an answer")), ("accepted", _l("Accepted")),
               ("declined", _l("Declined")), ("completed", _l("Completed")))
    return _table("referrals", _l("Referrals, by destination and outcome"), columns, out,
                  note=_l("Referrals sent in the period, with where each stands now."))


def followup_tables(cases: list[Case], window) -> list[dict]:
    start, end = window
    case_ids = [c.id for c in cases]
    person_of = {c.id: c.person_id for c in cases}
    done = late = 0
    visited = set()
    if case_ids:
        for case_id, due_on, done_on in db.session.execute(
                select(FollowUp.case_id, FollowUp.due_on, FollowUp.done_on).where(FollowUp.case_id.in_(case_ids))):
            if done_on and start <= done_on <= end:
                done += 1
                visited.add(person_of[case_id])
            if due_on <= end and (done_on is None or done_on > end):
                late += 1
    visits = _table("followups", _l("Follow-up visits"), COUNT, [
        _row("done", _l("Visits made"), [done]),
        _row("people", _l("People visited"), [len(visited)]),
        _row("late", _l("Visits due by the end of the period and not made"), [late]),
    ])
    latest = {}
    for case in sorted(cases, key=lambda c: (c.reception_date, c.id)):
        if case.reception_date <= end and not (case.closed_on and case.closed_on < start):
            latest[case.person_id] = case.reintegration_status or "unknown"
    counts = defaultdict(int)
    for status in latest.values():
        counts[status] += 1
    rows = [_row(k, label, [counts[k]]) for k, label in REINTEGRATION_LABELS.items()]
    rows.append(_row("unknown", _l("Not recorded"), [counts["unknown"]]))
    rows.append(_row("total", TOTAL, [len(latest)], total=True))
    reintegration = _table("reintegration", _l("People by reintegration status"), (("people", _l("People")),),
                           rows, note=_l("People with a case open during the period, by the status recorded on "
                                         "their latest case."))
    return [visits, reintegration]


def tipoff_table(commune_code: str, window) -> dict:
    start, end = window
    received = classified = forwarded = closed = still_open = 0
    for received_on, classified_at, forwarded_on, closed_on in db.session.execute(
            select(TipOff.received_on, TipOff.classified_at, TipOff.forwarded_on, TipOff.closed_on)
            .where(TipOff.commune_code == commune_code, TipOff.received_on <= end)):
        received += start <= received_on
        classified += bool(classified_at) and start <= local_date(classified_at) <= end
        forwarded += bool(forwarded_on) and start <= forwarded_on <= end
        closed += bool(closed_on) and start <= closed_on <= end
        still_open += closed_on is None or closed_on > end
    return _table("tipoffs", _l("Tip-offs"), COUNT, [
        _row("received", _l("Received"), [received]),
        _row("classified", _l("Classified"), [classified]),
        _row("forwarded", _l("Forwarded to the competent body"), [forwarded]),
        _row("closed", _l("Closed"), [closed]),
        _row("open", _l("Not closed at the end of the period"), [still_open]),
    ])


def outreach_table(commune_code: str, window) -> dict:
    totals = outreach_totals(window[0], window[1], where=OutreachSession.commune_code == commune_code)
    return _table("outreach", _l("Outreach"), COUNT, [
        _row("sessions", _l("Sessions with people present"), [totals["sessions"] - totals["reach_sessions"]]),
        _row("participants", _l("Participants"), [totals["participants"]]),
        _row("women", _l("of whom women"), [totals["women"]]),
        _row("children", _l("of whom children"), [totals["children"]]),
        _row("reach_sessions", _l("Loudspeaker and online sessions"), [totals["reach_sessions"]]),
        _row("reach", _l("Their estimated reach"), [totals["reach"]]),
    ], note=_l("The estimated reach of loudspeaker and online sessions is kept apart from the people present."))


def training_table(window, commune_code: str | None) -> dict:
    """Courses with a session in the window and the people who attended one; for a commune, its own people."""
    attended = (select(Attendance.participant_id, TrainingSession.course_id)
                .join(TrainingSession, TrainingSession.id == Attendance.session_id)
                .where(Attendance.status.in_(ATTENDED), TrainingSession.held_on.between(*window)))
    stmt = (select(Participant.id, Participant.sex, Participant.course_id)
            .where(Participant.id.in_(select(attended.subquery().c.participant_id))))
    if commune_code is not None:
        stmt = stmt.where(Participant.commune_code == commune_code)
    people = db.session.execute(stmt).all()
    courses = {course for _pid, _sex, course in people}
    if commune_code is None:
        courses = set(db.session.scalars(select(TrainingCourse.id).join(TrainingSession)
                                         .where(TrainingSession.held_on.between(*window))))
    by_sex = defaultdict(int)
    for _pid, sex, _course in people:
        by_sex[sex if sex in ("female", "male") else "unknown"] += 1
    title = _l("Training") if commune_code is None else _l("Training of the commune's officers")
    return _table("training", title, COUNT, [
        _row("courses", _l("Courses held") if commune_code is None else _l("Courses attended"), [len(courses)]),
        _row("trained", _l("People trained"), [len(people)]),
        _row("female", _l("of whom women"), [by_sex["female"]]),
        _row("male", _l("of whom men"), [by_sex["male"]]),
        _row("unknown", _l("sex not recorded"), [by_sex["unknown"]]),
    ], note=_l("People who attended at least one session held in the period; a person on two courses counts "
               "twice."), additive=False)


# ---------------------------------------------------------------- reports


def commune_report(commune_code: str, name: str, window: tuple[date, date]) -> dict:
    start, end = window
    everything = _cases((Case.commune_code == commune_code) & (Case.reception_date <= end))
    cases = _counted(everything)
    received = [c for c in cases if c.reception_date >= start]
    left_out = sum(1 for c in everything if c.reception_date >= start and not c.has_consent("statistics"))
    case_ids = [c.id for c in cases]
    tables = reception_tables(received, left_out, window)
    tables += verification_tables(cases, window)
    tables.append(support_table(_support_events(case_ids, window), {c.id: c.person_id for c in cases}))
    tables.append(referral_table(case_ids, window))
    tables += followup_tables(cases, window)
    tables.append(tipoff_table(commune_code, window))
    tables.append(outreach_table(commune_code, window))
    tables.append(training_table(window, commune_code))
    return finalise({"schema": SCHEMA, "unit": {"kind": "commune", "code": commune_code, "name": name},
                     "window": [start.isoformat(), end.isoformat()], "tables": tables})


def centre_report(agency_id: int, name: str, window: tuple[date, date]) -> dict:
    """A centre: the people it received (referrals it accepted in the period) and the support it gave."""
    start, end = window
    accepted = {}
    for case_id, answered_at in db.session.execute(
            select(Referral.case_id, func.min(Referral.answered_at))
            .where(Referral.to_agency_id == agency_id, Referral.status.in_(("accepted", "completed")),
                   Referral.answered_at.is_not(None))
            .group_by(Referral.case_id)):
        accepted[case_id] = local_date(answered_at)
    everything = _cases(Case.id.in_(list(accepted))) if accepted else []
    cases = _counted(everything)
    received = [c for c in cases if start <= accepted[c.id] <= end]
    left_out = sum(1 for c in everything if start <= accepted[c.id] <= end and not c.has_consent("statistics"))
    tables = reception_tables(received, left_out, window)
    tables[0]["note"] = _l("People the centre received: referrals it accepted in the period. A person received "
                           "twice is one person and two cases.")
    support = _support_events([c.id for c in cases], window, agency_id=agency_id)
    tables.append(support_table(support, {c.id: c.person_id for c in cases}))
    return finalise({"schema": SCHEMA, "unit": {"kind": "centre", "code": str(agency_id), "name": name},
                     "window": [start.isoformat(), end.isoformat()], "tables": tables})
