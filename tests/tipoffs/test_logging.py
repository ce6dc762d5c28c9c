"""Logging a tip-off over HTTP: what is typed is kept, bad input is refused whole, a resend logs nothing twice."""
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from tests.factories import COMMUNE_A, COMMUNE_B
from tests.tipoffs.helpers import created_code, saved, tipoff_post
from webapp.audit.models import AuditEvent
from webapp.catalogues.models import CatalogueEntry
from webapp.extensions import db
from webapp.tipoffs.models import TipOff


def tipoffs_count(app):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(TipOff))


def test_officer_logs_a_tip_off_and_every_field_is_kept(app, client, login_as):
    officer = login_as("commune")
    summary = "Bà Tư báo con gái bị dụ sang Campuchia làm việc.\nNgười dụ dùng số 0912 345 678."
    response = client.post("/tipoffs/new", tipoff_post(summary=summary, channel="in_person", received_on=date.today(),
                                                       classification="suspected_trafficking"))
    code = created_code(response)
    assert code == f"TB-{date.today().year}-00001"
    tipoff = saved(app, code)
    assert (tipoff.commune_code, tipoff.received_on, tipoff.channel) == (COMMUNE_A, date.today(), "in_person")
    assert tipoff.summary == summary
    assert tipoff.classification == "suspected_trafficking" and tipoff.classified_at is not None
    assert tipoff.created_by_id == officer.id and tipoff.status == "classified"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert code in page and "Người dụ dùng số 0912 345 678." in page


def test_a_tip_off_may_be_logged_before_it_is_classified(app, client, login_as):
    login_as("commune")
    tipoff = saved(app, created_code(client.post("/tipoffs/new", tipoff_post(classification=None))))
    assert tipoff.classification is None and tipoff.classified_at is None and tipoff.status == "unclassified"


def test_codes_are_sequential(client, login_as):
    login_as("commune")
    codes = [created_code(client.post("/tipoffs/new", tipoff_post())) for _ in range(2)]
    assert codes == [f"TB-{date.today().year}-00001", f"TB-{date.today().year}-00002"]


def test_same_submission_twice_gives_one_tip_off(app, client, login_as):
    login_as("commune")
    data = tipoff_post()
    first, second = client.post("/tipoffs/new", data), client.post("/tipoffs/new", data)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert second.headers["Sen-Submission"] == "replayed"
    assert tipoffs_count(app) == 1


def test_submission_id_reused_for_other_content_is_refused(app, client, login_as):
    login_as("commune")
    data = tipoff_post()
    client.post("/tipoffs/new", data)
    assert client.post("/tipoffs/new", {**data, "summary": "Nội dung khác"}).status_code == 409
    assert tipoffs_count(app) == 1


@pytest.mark.parametrize("bad_id", ["", "abc", "<script>"])
def test_malformed_submission_id_is_refused(app, client, login_as, bad_id):
    login_as("commune")
    assert client.post("/tipoffs/new", tipoff_post() | {"submission_id": bad_id}).status_code == 400
    assert tipoffs_count(app) == 0


BAD_INPUT = [
    ("received in the future", {"received_on": date.today() + timedelta(days=2)}),
    ("received long ago", {"received_on": date(1985, 5, 1)}),
    ("no date", {"received_on": None}),
    ("not a date", {"received_on": "31/02/2026"}),
    ("unknown channel", {"channel": "carrier_pigeon"}),
    ("no channel", {"channel": None}),
    ("unknown classification", {"classification": "alien_abduction"}),
    ("empty summary", {"summary": "   "}),
    ("over-long summary", {"summary": "x" * 4001}),
    ("another commune", {"commune_code": COMMUNE_B}),
]


@pytest.mark.parametrize("label, over", BAD_INPUT, ids=[b[0] for b in BAD_INPUT])
def test_bad_input_is_refused_with_a_message_and_nothing_saved(app, client, login_as, label, over):
    login_as("commune")
    response = client.post("/tipoffs/new", tipoff_post(**over))
    assert response.status_code == 422, label
    page = response.get_data(as_text=True)
    assert 'class="error"' in page or 'class="alert"' in page
    assert tipoffs_count(app) == 0


def test_summary_of_4000_characters_is_kept_whole(app, client, login_as):
    login_as("commune")
    code = created_code(client.post("/tipoffs/new", tipoff_post(summary="ạ" * 4000)))
    assert saved(app, code).summary == "ạ" * 4000


def test_retired_channel_cannot_be_chosen(app, client, login_as):
    login_as("commune")
    with app.app_context():
        entry = db.session.scalar(select(CatalogueEntry).where(CatalogueEntry.vocabulary == "tipoff_channel",
                                                               CatalogueEntry.code == "letter"))
        entry.active = False
        db.session.commit()
    assert client.post("/tipoffs/new", tipoff_post(channel="letter")).status_code == 422
    assert tipoffs_count(app) == 0


def test_invalid_form_keeps_what_was_typed(client, login_as):
    login_as("commune")
    response = client.post("/tipoffs/new", tipoff_post(summary="Ông Năm báo có xe đón người ở bến phà.",
                                                       received_on=date.today() + timedelta(days=3)))
    assert response.status_code == 422
    assert "Ông Năm báo có xe đón người ở bến phà." in response.get_data(as_text=True)


def test_province_officer_chooses_the_commune(app, client, login_as):
    login_as("province")
    assert client.post("/tipoffs/new", tipoff_post(commune_code="")).status_code == 422
    code = created_code(client.post("/tipoffs/new", tipoff_post(commune_code=COMMUNE_B)))
    assert saved(app, code).commune_code == COMMUNE_B


def test_centre_staff_cannot_log_tip_offs(app, client, login_as):
    login_as("shelter")
    page = client.get("/tipoffs/new")
    assert page.status_code == 200 and 'name="summary"' not in page.get_data(as_text=True)
    assert client.post("/tipoffs/new", tipoff_post()).status_code == 422
    assert tipoffs_count(app) == 0


def test_no_personal_data_in_urls_or_audit(app, client, login_as):
    login_as("commune")
    response = client.post("/tipoffs/new", tipoff_post(summary="Trần Thị Bí Mật, 0987654321, bị dụ đi Lào."))
    client.get(response.headers["Location"])
    assert "Bí" not in response.headers["Location"] and "0987654321" not in response.headers["Location"]
    with app.app_context():
        dump = " ".join(f"{e.object_id} {e.detail}" for e in db.session.scalars(select(AuditEvent)))
    assert "Bí Mật" not in dump and "0987654321" not in dump


def test_script_typed_into_the_summary_is_inert(client, login_as):
    login_as("commune")
    nasty = '<script>alert(1)</script><div hx-get="/admin/users" hx-trigger="load">x</div>'
    response = client.post("/tipoffs/new", tipoff_post(summary=nasty))
    for url in (response.headers["Location"], "/tipoffs"):
        page = client.get(url).get_data(as_text=True)
        assert "<script>alert(1)" not in page and '<div hx-get="/admin/users"' not in page
