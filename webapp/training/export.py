"""The attendance of a course as an XLSX workbook: the same figures as the report page."""
from __future__ import annotations

from io import BytesIO

from flask_babel import gettext as _
from flask_babel import pgettext
from openpyxl import Workbook

from webapp.i18n import format_date
from webapp.training.models import AUDIENCE_LABELS, PARTICIPANT_SEX_LABELS


def course_workbook(course, rows: list[dict], counts: dict[int, dict[str, int]]) -> BytesIO:
    """Two sheets: participants (sessions attended, completed) and sessions (present, late, absent)."""
    book = Workbook()
    people = book.active
    people.title = pgettext("training course", "Participants")[:31]
    people.append([course.title])
    people.append([_("Audience"), str(AUDIENCE_LABELS.get(course.audience, course.audience)),
                   _("Share of sessions needed to complete (%)"), course.completion_percent])
    people.append([_("Full name"), _("Sex"), _("Year of birth"), _("Agency"), _("Position"),
                   _("Sessions attended"), _("Sessions"), _("Completed")])
    for row in rows:
        p = row["participant"]
        people.append([p.full_name, str(PARTICIPANT_SEX_LABELS.get(p.sex, "")) if p.sex else "", p.birth_year,
                       p.agency, p.position, row["attended"], row["sessions"],
                       _("Yes") if row["completed"] else _("No")])
    sessions = book.create_sheet(pgettext("training course", "Sessions")[:31])
    sessions.append([_("Date"), _("Starts at"), _("Ends at"), _("Present"), _("Late"), _("Absent")])
    for session in course.sessions:
        c = counts.get(session.id, {})
        sessions.append([format_date(session.held_on), session.starts_at.strftime("%H:%M"),
                         session.ends_at.strftime("%H:%M"), c.get("present", 0), c.get("late", 0),
                         c.get("absent", 0)])
    data = BytesIO()
    book.save(data)
    data.seek(0)
    return data
