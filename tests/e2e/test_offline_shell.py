"""In a real browser: the service worker keeps the app shell, and without signal a page gives the offline page."""
import pytest

from tests import factories
from tests.e2e.helpers import sign_in, wait_until_offline_ready

pytestmark = pytest.mark.browser


def test_without_signal_pages_show_the_offline_page_and_nothing_personal_is_cached(app, live_server, phone):
    with app.app_context():
        officer = factories.create_user("commune", username="lan")
        code = factories.create_case(user=officer, full_name="Nguyễn Thị Riêng Tư").code
    page = phone
    sign_in(page, live_server, "lan")
    wait_until_offline_ready(page)
    page.goto(f"{live_server}/cases/{code}")
    assert "Nguyễn Thị Riêng Tư" in page.content()

    page.context.set_offline(True)
    page.goto(f"{live_server}/cases")
    assert page.locator("#offline h1").inner_text() == "Không có kết nối"
    # It says what can still be done: the forms kept on this phone, and what waits to be sent.
    listed = page.locator("#offline-forms li:visible a")
    assert listed.all_inner_texts() == ["Tiếp nhận mới", "Lượt thăm", "Buổi truyền thông", "Ghi nhận hỗ trợ", "Tin báo mới",
                                        "Chờ gửi"]
    # The styles still apply offline: they come from the shell cache.
    assert page.evaluate("getComputedStyle(document.querySelector('.topbar')).backgroundColor") != "rgba(0, 0, 0, 0)"
    page.context.set_offline(False)

    cached = page.evaluate("""async () => {
        const out = [];
        for (const name of await caches.keys()) {
            const cache = await caches.open(name);
            for (const request of await cache.keys()) {
                const body = await (await cache.match(request)).text();
                out.push([request.url, body]);
            }
        }
        return out;
    }""")
    paths = {url.split(live_server, 1)[1] for url, _body in cached}
    assert "/offline" in paths
    # Only the shell and the blank forms are kept: never a page that shows a case.
    kept = {"/offline", "/outbox", "/outbox/key", "/manifest.webmanifest", "/__sen/forms",
            "/cases/new", "/support/quick", "/tipoffs/new", "/followups/visit", "/outreach/new"}
    assert {p for p in paths if not p.startswith("/static/")} <= kept
    assert not any("Riêng Tư" in body for _url, body in cached)


def test_manifest_names_the_app_sen_with_neutral_icons(client):
    manifest = client.get("/manifest.webmanifest").get_json()
    assert manifest["name"] == manifest["short_name"] == "Sen"
    assert manifest["display"] == "standalone" and manifest["start_url"] == "/"
    assert {"192x192", "512x512"} <= {icon["sizes"] for icon in manifest["icons"]}
