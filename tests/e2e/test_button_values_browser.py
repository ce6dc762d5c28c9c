"""In a real browser on a 360 px phone: a button that carries a value sends it (language, copy format, page)."""
import json

import pytest
from sqlalchemy import select

from tests import factories
from tests.e2e.helpers import sign_in

pytestmark = pytest.mark.browser


def saved_locale(app, username: str) -> str | None:
    with app.app_context():
        from webapp.auth.models import User
        from webapp.extensions import db

        return db.session.scalar(select(User.locale).where(User.username == username))


def test_tapping_english_turns_the_page_english_and_keeps_it(app, live_server, phone):
    with app.app_context():
        factories.create_user("commune", username="lan")
    page = phone
    sign_in(page, live_server, "lan")
    assert page.locator("html").get_attribute("lang") == "vi"

    page.locator(".lang-switch").get_by_role("button", name="English").click()
    page.wait_for_selector("html[lang=en]", state="attached")
    assert page.url == live_server + "/"
    assert page.locator(".lang-switch").get_by_role("button", name="Tiếng Việt").is_visible()
    assert saved_locale(app, "lan") == "en"

    # And back: the other button carries its own value.
    page.locator(".lang-switch").get_by_role("button", name="Tiếng Việt").click()
    page.wait_for_selector("html[lang=vi]", state="attached")
    assert saved_locale(app, "lan") == "vi"


def test_the_json_copy_of_a_case_downloads_json(app, live_server, phone):
    with app.app_context():
        officer = factories.create_user("commune", username="lan")
        case = factories.create_case(officer, full_name="Trần Thị Mai")
        code = case.code
    page = phone
    sign_in(page, live_server, "lan")
    page.goto(live_server + f"/cases/{code}")
    rights = page.locator("#rights")

    with page.expect_download() as caught:
        rights.get_by_role("button", name="Bản sao (JSON)").click()
    download = caught.value
    assert download.suggested_filename == f"{code}.json"
    data = json.loads(download.path().read_text(encoding="utf-8"))
    assert "Trần Thị Mai" in json.dumps(data, ensure_ascii=False)

    # The page stays put after a download: the document copy can still be taken.
    with page.expect_download() as caught:
        rights.get_by_role("button", name="Bản sao để in").click()
    download = caught.value
    assert download.suggested_filename == f"{code}.html"
    assert "Trần Thị Mai" in download.path().read_text(encoding="utf-8")


def test_the_next_page_button_shows_the_next_page(app, live_server, phone):
    app.config["PAGE_SIZE"] = 2
    with app.app_context():
        officer = factories.create_user("commune", username="lan")
        for i in range(5):
            factories.create_case(officer, full_name=f"Người thứ {i}", id_number=None)
    page = phone
    sign_in(page, live_server, "lan")
    page.goto(live_server + "/cases")
    pager = page.locator("#case-list .pager")
    assert "Trang 1 / 3" in pager.inner_text()
    pager.get_by_role("button", name="Trang sau").click()
    page.wait_for_selector("#case-list .pager:has-text('Trang 2 / 3')")
    pager.get_by_role("button", name="Trang sau").click()
    page.wait_for_selector("#case-list .pager:has-text('Trang 3 / 3')")
    pager.get_by_role("button", name="Trang trước").click()
    page.wait_for_selector("#case-list .pager:has-text('Trang 2 / 3')")
