"""Pages served on every visit: a constant number of SQL statements, and cached catalogues that stay right.

Timings belong to benchmarks/server_pages.py; these tests check what makes them hold.
"""
import re
from contextlib import contextmanager
from datetime import timedelta

import pytest
from sqlalchemy import event, select, update

from tests import factories
from tests.conftest import CSRF_META, IS_PG, Browserish
from webapp.audit.models import AuditEvent
from webapp.auth.models import UserSession
from webapp.catalogues.models import CatalogueEntry
from webapp.db import utcnow
from webapp.extensions import db


@contextmanager
def counted_statements(app):
    """The SQL statements sent to the database while the block runs."""
    with app.app_context():
        engine = db.engine
    statements = []

    def note(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", note)


def _officer(app):
    with app.app_context():
        return factories.create_user("commune")


def _statements_for(app, client, url) -> list[str]:
    client.get(url)  # the first visit may fill the caches
    with counted_statements(app) as statements:
        response = client.get(url)
    assert response.status_code == 200
    return statements


def test_the_case_list_sends_as_many_statements_for_30_cases_as_for_2(app):
    client = Browserish(app)
    officer = _officer(app)
    assert client.login(officer.username).status_code == 303
    with app.app_context():
        for i in range(2):
            factories.create_case(db.session.get(type(officer), officer.id), full_name=f"Trần Văn An {i}")
    few = _statements_for(app, client, "/cases")
    with app.app_context():
        for i in range(28):
            factories.create_case(db.session.get(type(officer), officer.id), full_name=f"Lê Thị Bình {i}")
    many = _statements_for(app, client, "/cases")
    page = client.get("/cases").get_data(as_text=True)
    assert page.count('class="row case-row') == 25  # a full page of rows…
    assert len(many) == len(few) <= 8, many  # …read with the same few statements: no query per row


def test_home_and_the_case_list_read_no_catalogue_rows_once_cached(app):
    client = Browserish(app)
    assert client.login(_officer(app).username).status_code == 303
    for url in ("/", "/cases"):
        statements = _statements_for(app, client, url)
        assert not [s for s in statements if "FROM catalogue_entry" in s], url


def _rename_purpose(client, entry_id: int, label_vi: str, label_en: str):
    response = client.post(f"/admin/catalogues/purpose/{entry_id}",
                           {"label_vi": label_vi, "label_en": label_en, "sort_order": "1", "active": "y"})
    assert response.status_code == 303


def test_a_catalogue_edit_in_one_worker_is_seen_at_once_by_another(app, make_app):
    """Two apps on one database stand for two gunicorn workers, each with its own memory."""
    other_worker = make_app()
    with app.app_context():
        admin = factories.create_user("admin").username
        officer = factories.create_user("commune").username
        entry_id = db.session.scalar(select(CatalogueEntry.id).where(CatalogueEntry.vocabulary == "purpose",
                                                                     CatalogueEntry.code == "forced_labour"))
    editor, reader = Browserish(app), Browserish(other_worker)
    assert editor.login(admin).status_code == 303 and reader.login(officer).status_code == 303
    assert "Cưỡng bức lao động" in reader.get("/cases/new").get_data(as_text=True)  # now held in memory

    _rename_purpose(editor, entry_id, "Lao động cưỡng bức ở trại lừa đảo", "Forced labour in scam compounds")
    assert "Lao động cưỡng bức ở trại lừa đảo" in reader.get("/cases/new").get_data(as_text=True)

    reader.post("/language", {"lang": "en"})
    assert "Forced labour in scam compounds" in reader.get("/cases/new").get_data(as_text=True)
    reader.post("/language", {"lang": "vi"})
    assert "Lao động cưỡng bức ở trại lừa đảo" in reader.get("/cases/new").get_data(as_text=True)


def test_a_catalogue_edit_that_fails_leaves_the_cached_labels_as_they_were(app, ctx):
    """Labels read inside a transaction that changed an entry are never kept for others."""
    from webapp.catalogues.services import labels

    with app.test_request_context("/"):
        assert labels("purpose")["forced_labour"] == "Cưỡng bức lao động"
        entry = db.session.scalar(select(CatalogueEntry).where(CatalogueEntry.code == "forced_labour"))
        entry.label_vi = "Chưa lưu"
        db.session.flush()
        assert labels("purpose")["forced_labour"] == "Chưa lưu"  # this transaction sees its own change
        db.session.rollback()
    with app.test_request_context("/"):
        assert labels("purpose")["forced_labour"] == "Cưỡng bức lao động"


def _transactions(statements: list[str]) -> list[str]:
    return [s for s in statements if s.startswith("BEGIN")]


@pytest.mark.skipif(IS_PG, reason="SQLite's write lock")
def test_home_and_the_case_list_do_not_queue_for_the_write_lock(app):
    """Two workers can show these pages at once: they read only, so SQLite's write lock is not taken."""
    client = Browserish(app)
    officer = _officer(app)
    assert client.login(officer.username).status_code == 303
    for url in ("/", "/cases"):
        assert _transactions(_statements_for(app, client, url)) == ["BEGIN"], url
    with counted_statements(app) as statements:  # the filter form, posted by htmx, reads only too
        assert client.post("/cases", {"q": "Lan"}, headers={"HX-Request": "true"}).status_code == 200
    assert "BEGIN IMMEDIATE" not in _transactions(statements)[-1]
    with counted_statements(app) as statements:  # any other page may write (audit rows): it takes the lock
        client.get("/cases/new")
    assert _transactions(statements)[0] == "BEGIN IMMEDIATE"


@pytest.mark.parametrize("url", ["/", "/cases"])
def test_a_page_that_only_reads_still_keeps_the_session_alive(app, url):
    """The session's "last seen" is refreshed (a write, about once a minute) on pages that only read."""
    client = Browserish(app)
    assert client.login(_officer(app).username).status_code == 303
    long_ago = utcnow() - timedelta(minutes=30)
    with app.app_context():
        db.session.execute(update(UserSession).values(last_seen_at=long_ago))
        db.session.commit()
    with counted_statements(app) as statements:
        assert client.get(url).status_code == 200
    with app.app_context():
        assert db.session.scalar(select(UserSession.last_seen_at)) > long_ago + timedelta(minutes=29)
    if not IS_PG:
        assert "BEGIN IMMEDIATE" in _transactions(statements)  # the write waited for the lock, never "locked"


@pytest.mark.parametrize("url", ["/", "/cases"])
def test_an_idle_session_expires_on_a_page_that_only_reads(app, url):
    client = Browserish(app)
    officer = _officer(app)
    assert client.login(officer.username).status_code == 303
    with app.app_context():
        db.session.execute(update(UserSession).values(
            last_seen_at=utcnow() - app.config["SESSION_IDLE_TIMEOUT"] - timedelta(minutes=1)))
        db.session.commit()
    assert client.get(url).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(UserSession.end_reason)) == "expired"
        assert db.session.scalar(select(AuditEvent.id).where(AuditEvent.action == "session_expired",
                                                             AuditEvent.user_id == officer.id)) is not None


def _menu(page: str) -> str:
    return page[page.index('<details class="menu">'):page.index("</details>")]


def test_the_menu_and_tiles_kept_per_worker_follow_each_users_role_and_language(app):
    """One worker renders the menu once per role and language; each person still gets their own (and their token)."""
    with app.app_context():
        admin = factories.create_user("admin").username
        officer = factories.create_user("commune").username
    first, second = Browserish(app), Browserish(app)
    assert first.login(admin).status_code == 303 and second.login(officer).status_code == 303
    for _ in range(2):  # the second round is served from what the first kept
        admin_page = first.get("/").get_data(as_text=True)
        officer_page = second.get("/").get_data(as_text=True)
        assert "/admin/users" in _menu(admin_page) and "/cases" not in _menu(admin_page)
        assert "/cases" in _menu(officer_page) and "/admin/users" not in _menu(officer_page)
        assert 'class="tile" href="/cases/new"' in officer_page and 'href="/cases/new"' not in admin_page
    from webapp.csrf_mask import unmask

    def session_parts(page):  # tokens are masked afresh each time: compare what they carry
        found = [CSRF_META.search(page).group(1)] + re.findall(r'name="csrf_token" value="([^"]+)"', page)
        return {unmask(token).split(".")[0] for token in found}

    admin_parts, officer_parts = session_parts(admin_page), session_parts(officer_page)
    assert len(admin_parts) == 1 and len(officer_parts) == 1 and admin_parts != officer_parts

    second.post("/language", {"lang": "en"})
    english = second.get("/").get_data(as_text=True)
    assert "Sign out" in english and ">Cases<" in _menu(english) and "New reception" in english
    assert "Đăng xuất" in first.get("/").get_data(as_text=True)  # the other person's language is untouched


def test_the_unset_case_filters_kept_per_worker_never_keep_what_someone_typed(app):
    """The filter form as nobody set it is rendered once per worker; a search typed in it is never kept for others."""
    with app.app_context():
        officer = factories.create_user("commune").username
        province = factories.create_user("province").username
    first, second = Browserish(app), Browserish(app)
    assert first.login(officer).status_code == 303 and second.login(province).status_code == 303
    assert 'name="commune"' not in first.get("/cases").get_data(as_text=True)  # one commune: no choice to offer

    searched = first.post("/cases", {"q": "Nguyễn Thị Lành"}).get_data(as_text=True)  # without JavaScript
    assert 'value="Nguyễn Thị Lành"' in searched and '<details class="more-filters" open>' in searched
    for client in (first, second):
        page = client.get("/cases").get_data(as_text=True)
        assert "Nguyễn Thị Lành" not in page and '<details class="more-filters">' in page
    assert 'name="commune"' in second.get("/cases").get_data(as_text=True)  # the province chooses among communes
    assert 'name="commune"' not in first.get("/cases").get_data(as_text=True)
