"""The audit trail: append-only, filterable and paged by the administrator only."""
from datetime import timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from webapp.audit.models import AuditEvent
from webapp.audit.services import Action, AuditTrailIsAppendOnly, record
from webapp.db import utcnow
from webapp.extensions import db


def test_application_cannot_change_or_delete_audit_rows(app, ctx):
    row = record(Action.EXPORT, "agency", 1)
    db.session.commit()
    row.action = "view"
    with pytest.raises(AuditTrailIsAppendOnly):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.get(AuditEvent, row.id))
    with pytest.raises(AuditTrailIsAppendOnly):
        db.session.commit()
    db.session.rollback()


def test_database_refuses_changes_to_audit_rows_even_in_raw_sql(app, ctx):
    record(Action.EXPORT, "agency", 1)
    db.session.commit()
    for statement in ("UPDATE audit_event SET action = 'x'", "DELETE FROM audit_event"):
        with pytest.raises(DBAPIError):
            db.session.execute(text(statement))
        db.session.rollback()
    assert db.session.scalar(select(AuditEvent.action)) == "export"


def test_admin_filters_the_log_by_action_and_user(app, client, login_as):
    admin = login_as("admin")
    with app.app_context():
        record(Action.EXPORT, "agency", 7, user=admin)
        db.session.commit()
    page = client.post("/admin/audit", {"action": "export"}).get_data(as_text=True)
    assert "#7" in page and "Đăng nhập" not in page.split('id="audit-list"')[1]
    by_user = client.post("/admin/audit", {"username": admin.username.upper()}).get_data(as_text=True)
    assert admin.username in by_user
    nobody = client.post("/admin/audit", {"username": "nobody"}).get_data(as_text=True)
    assert "Không có mục nhật ký nào" in nobody or "Không có" in nobody


def test_admin_filters_by_local_dates(app, client, login_as):
    login_as("admin")
    with app.app_context():
        old = AuditEvent(action="export", object_type="agency", object_id="old", at=utcnow() - timedelta(days=40))
        db.session.add(old)
        db.session.commit()
    today = (utcnow() + timedelta(hours=7)).date()
    recent = client.post("/admin/audit", {"date_from": (today - timedelta(days=1)).isoformat()}).get_data(as_text=True)
    assert "#old" not in recent
    everything = client.post("/admin/audit", {}).get_data(as_text=True)
    assert "#old" in everything


def test_bad_date_filter_gets_a_message_not_an_error(client, login_as):
    login_as("admin")
    response = client.post("/admin/audit", {"date_from": "31/02/2026"})
    assert response.status_code == 422


def test_log_is_paged_newest_first(app, client, login_as):
    login_as("admin")
    with app.app_context():
        for i in range(60):
            record(Action.EXPORT, "agency", f"n{i}")
        db.session.commit()
    first = client.get("/admin/audit").get_data(as_text=True)
    assert "#n59" in first and "#n0<" not in first
    third = client.post("/admin/audit", {"page": "3"}).get_data(as_text=True)
    assert "#n0<" in third.replace("#n0 ", "#n0<").replace("#n0\n", "#n0<")


def test_audit_log_shows_no_personal_data_of_the_record(app, client, login_as):
    login_as("admin")
    with app.app_context():
        from tests.factories import create_user

        target = create_user("commune", full_name="Võ Thị Bí Mật", phone="0909000111")
    client.get(f"/admin/users/{target.id}")
    with app.app_context():
        rows = db.session.scalars(select(AuditEvent)).all()
        dump = " ".join(f"{r.username} {r.object_id} {r.detail}" for r in rows)
    assert "Bí Mật" not in dump and "0909000111" not in dump


def test_admin_filters_case_views(app, client, login_as):
    login_as("admin")
    with app.app_context():
        record(Action.VIEW, "case", "DT-2026-00007")
        record(Action.VIEW, "user", 3)
        db.session.commit()
    page = client.post("/admin/audit", {"object_type": "case"}).get_data(as_text=True)
    listing = page.split('id="audit-list"')[1]
    assert "DT-2026-00007" in listing and "#3<" not in listing


def test_the_log_says_each_detail_in_words(app, client, login_as):
    """`status=accepted`, `consent:share=yes` or a list of column names are a program's words, not the reader's."""
    from tests.test_visible_text import raw_words

    login_as("admin")
    with app.test_request_context():
        record(Action.UPDATE, "referral", 7, detail="status=accepted;on_behalf")
        record(Action.UPDATE, "case", "DT-2026-00001", detail="consent:share=yes")
        record(Action.UPDATE, "case", "DT-2026-00001", detail="full_name,birth_year_estimated,purposes")
        record(Action.UPDATE, "support_event", 3, detail="status=cancelled;case_closed")
        db.session.commit()
    page = client.get("/admin/audit").get_data(as_text=True)
    assert raw_words(page, set()) == []
    with app.test_request_context():
        from flask_babel import gettext

        for words in ("Status", "Full name", "Purposes of trafficking", "yes"):
            assert gettext(words) in page, words
