"""The case list: search that ignores diacritics, filters, and orders."""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, or_, select

from webapp.cases.models import Case, CaseStatus, CaseTag, Person
from webapp.text import id_key, search_key

SORTS = {
    "newest": (_l("Newest reception first"), (Case.reception_date.desc(), Case.id.desc())),
    "oldest": (_l("Oldest reception first"), (Case.reception_date.asc(), Case.id.asc())),
    "name": (_l("Name (Vietnamese order)"), (Person.sort_key.asc(), Case.id.asc())),
    "code": (_l("Case code"), (Case.code.asc(),)),
    "due": (_l("Verification deadline"), (Case.verification_due.asc(), Case.id.asc())),
}


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def case_list(visible, *, q=None, status=None, commune=None, purpose=None, date_from=None, date_to=None,
              overdue=False, sort="newest", today: date | None = None):
    """Cases the user may see, matching the filters, in the chosen order."""
    stmt = select(Case).join(Case.person).where(visible)
    if q:
        term = search_key(q)
        words = [w for w in term.split(" ") if w]
        code_term = q.strip().upper()
        conditions = [Case.code == code_term, Case.code.like(_like_escape(code_term) + "%", escape="\\")]
        if words:
            conditions.append(_name_matches(words))
        ident = id_key(q)
        if ident and any(ch.isdigit() for ch in ident):
            conditions.append(Person.id_key == ident)
        stmt = stmt.where(or_(*conditions))
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
        stmt = stmt.where(Case.status == CaseStatus.BEING_VERIFIED, Case.verification_due < (today or date.today()))
    return stmt.order_by(*SORTS.get(sort, SORTS["newest"])[1])


def _name_matches(words: list[str]):
    """Every typed word starts a word of the name key ('nguyen lan' finds 'nguyen thi lan')."""
    clauses = []
    for word in words:
        escaped = _like_escape(word)
        clauses.append(or_(Person.name_key.like(escaped + "%", escape="\\"),
                           Person.name_key.like("% " + escaped + "%", escape="\\")))
    condition = clauses[0]
    for clause in clauses[1:]:
        condition = condition & clause
    return condition
