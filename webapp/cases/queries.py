"""The case list: search that ignores diacritics, filters, and orders."""
from __future__ import annotations

import re
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, exists, false, select

from webapp.cases.models import Case, CaseStatus, CaseTag, Person, PersonToken
from webapp.i18n import local_today
from webapp.places.models import AdminUnit
from webapp.text import id_key, search_key

SORTS = {
    "newest": (_l("Newest reception first"), (Case.reception_date.desc(), Case.id.desc())),
    "oldest": (_l("Oldest reception first"), (Case.reception_date.asc(), Case.id.asc())),
    "name": (_l("Name (Vietnamese order)"), (Person.sort_key.asc(), Case.id.asc())),
    "code": (_l("Case code"), (Case.code.asc(),)),
    "due": (_l("Verification deadline"), (Case.verification_due.asc(), Case.id.asc())),
}


# What a row shows (templates/cases/_list.html), and no more: plain rows, not cases, so nothing is built per row
# but a tuple. A row names its columns as a case would (`is_overdue` reads it).
LIST_COLUMNS = (Case.code, Case.status, Case.reception_date, Case.verification_due, Case.closed_on,
                Person.full_name, AdminUnit.name.label("commune_name"))


def case_list(visible, *, q=None, status=None, commune=None, purpose=None, date_from=None, date_to=None,
              overdue=False, sort="newest", today: date | None = None):
    """The ids of the cases the user may see, matching the filters, in the chosen order: what to page through.

    A page of them becomes the rows the list shows through `case_rows`: the database orders and counts
    the cases alone, and joins the person and the commune for the rows shown only.
    """
    stmt = select(Case.id).where(visible)
    if q or sort == "name":  # the search and that order read the person
        stmt = stmt.join(Case.person)
    if q:
        stmt = stmt.where(_search(q))
    if status:
        stmt = stmt.where(Case.status == status)
    if commune:
        stmt = stmt.where(Case.commune_code == commune)
    if purpose:
        stmt = stmt.where(exists().where(CaseTag.case_id == Case.id, CaseTag.vocabulary == "purpose",
                                         CaseTag.code == purpose))
    if date_from:
        stmt = stmt.where(Case.reception_date >= date_from)
    if date_to:
        stmt = stmt.where(Case.reception_date <= date_to)
    if overdue:
        stmt = stmt.where(Case.status == CaseStatus.BEING_VERIFIED, Case.verification_due < (today or local_today()))
    return stmt.order_by(*_order(sort))


def case_rows(page, sort="newest"):
    """What the list shows (LIST_COLUMNS) of a page of `case_list` (limited and offset), in the same order."""
    return (select(*LIST_COLUMNS).join(Case.person).join(Case.commune)
            .where(Case.id.in_(page.correlate(None))).order_by(*_order(sort)))


def _order(sort: str):
    return SORTS.get(sort, SORTS["newest"])[1]


CODE_LIKE = re.compile(r"^[A-Z]{2}-\d{1,4}(-\d*)?$")


def _search(q: str):
    """What the search box matches, each kind through an index: a case code, an ID number, or name words."""
    typed = q.strip().upper()
    if CODE_LIKE.match(typed):
        return Case.code == typed if len(typed) >= 13 else and_(Case.code >= typed, Case.code < _next_prefix(typed))
    ident = id_key(q)
    digits = sum(ch.isdigit() for ch in ident or "")
    if ident and digits >= 6 and digits >= len(ident) - 2:
        return Person.id_key == ident
    words = [w for w in search_key(q).split(" ") if w]
    if not words:
        return false()
    return and_(*(_word_prefix(word) for word in words))


def _word_prefix(word: str):
    """Some word of the person's names starts with `word` ('nguyen lan' finds 'Nguyễn Thị Lành')."""
    return Person.id.in_(select(PersonToken.person_id).where(PersonToken.token >= word,
                                                             PersonToken.token < _next_prefix(word)))


def _next_prefix(prefix: str) -> str:
    """The smallest string after every string that starts with `prefix`: a prefix search as an index range."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)
