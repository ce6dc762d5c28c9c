"""Configurable catalogues: seeded by migration, edited by the administrator, used by the forms."""
import uuid

from sqlalchemy import func, select

from webapp.catalogues.models import CatalogueEntry
from webapp.extensions import db


def test_migration_seeds_every_catalogue(app, ctx):
    counts = dict(db.session.execute(select(CatalogueEntry.vocabulary, func.count()).group_by(CatalogueEntry.vocabulary)).all())
    assert counts["ethnicity"] == 54
    assert counts["border_gate"] == 3
    assert counts["support_regime"] == 10
    codes = set(db.session.scalars(select(CatalogueEntry.code).where(CatalogueEntry.vocabulary == "purpose")))
    assert {"sexual_exploitation", "forced_labour", "organ_removal", "other_inhumane", "forced_marriage"} <= codes
    kinh = db.session.scalar(select(CatalogueEntry).where(CatalogueEntry.vocabulary == "ethnicity", CatalogueEntry.code == "01"))
    assert (kinh.label_vi, kinh.label_en) == ("Kinh", "Kinh")


def test_admin_adds_an_entry_and_the_form_offers_it(app, client, login_as):
    login_as("admin")
    response = client.post("/admin/catalogues/purpose", {"submission_id": str(uuid.uuid4()), "code": "forced_surrogacy",
                                                         "label_vi": "Mang thai hộ vì mục đích thương mại",
                                                         "label_en": "Commercial surrogacy", "sort_order": "200",
                                                         "active": "y"})
    assert response.status_code == 303
    from tests.conftest import Browserish
    from tests.factories import create_user

    officer = Browserish(app)
    with app.app_context():
        officer.login(create_user("commune").username)
    assert "Mang thai hộ vì mục đích thương mại" in officer.get("/cases/new").get_data(as_text=True)


def test_retired_entry_is_no_longer_offered_but_old_records_keep_their_label(app, client, login_as):
    from tests import factories
    from tests.conftest import Browserish

    with app.app_context():
        code = factories.create_case(purposes=["forced_begging"]).code
        entry = db.session.scalar(select(CatalogueEntry).where(CatalogueEntry.code == "forced_begging"))
        entry_id = entry.id
    login_as("admin")
    form = {"label_vi": "Cưỡng bức ăn xin", "label_en": "Forced begging", "sort_order": "80"}  # active unticked
    assert client.post(f"/admin/catalogues/purpose/{entry_id}", form).status_code == 303
    officer = Browserish(app)
    with app.app_context():
        officer.login(factories.create_user("province").username)
    assert 'value="forced_begging"' not in officer.get("/cases/new").get_data(as_text=True)
    assert "Cưỡng bức ăn xin" in officer.get(f"/cases/{code}").get_data(as_text=True)


def test_duplicate_code_and_bad_input_are_refused(client, login_as):
    login_as("admin")
    base = {"label_vi": "X", "label_en": "X", "sort_order": "1", "active": "y"}
    assert client.post("/admin/catalogues/purpose", {**base, "submission_id": str(uuid.uuid4()),
                                                      "code": "forced_labour"}).status_code == 422
    assert client.post("/admin/catalogues/purpose", {**base, "submission_id": str(uuid.uuid4()),
                                                      "code": "Có Dấu"}).status_code == 422
    assert client.post("/admin/catalogues/purpose", {**base, "submission_id": str(uuid.uuid4()), "code": "ok_code",
                                                      "sort_order": "nhiều"}).status_code == 422
    assert client.get("/admin/catalogues/no_such_list").status_code == 404


def test_english_labels_show_in_english(app, client, login_as):
    login_as("province")
    client.post("/language", {"lang": "en"})
    page = client.get("/cases/new").get_data(as_text=True)
    assert "Forced online scamming" in page and "Dinh Ba border gate" in page
