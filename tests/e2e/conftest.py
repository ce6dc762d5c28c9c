"""Browser fixtures: the real app served on loopback, driven by Debian's Chromium through Playwright."""
from __future__ import annotations

import os
import shutil
import threading

import pytest
from werkzeug.serving import make_server

# Lets context.route see (and break) the requests the service worker makes, as the outbox tests need.
os.environ.setdefault("PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS", "1")

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _chromium() -> str | None:
    found = os.environ.get("CHROMIUM_PATH") or next((p for p in CHROMIUM_CANDIDATES if os.path.exists(p)), None)
    return found or shutil.which("chromium")


@pytest.fixture(scope="session")
def browser():
    path = _chromium()
    if not path:
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is missing in CI: browser tests must run there (apt-get install chromium)")
        pytest.skip("Chromium is not installed on this machine")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def live_server(app):
    """Serve the test app on a free loopback port for the duration of one test."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def phone(browser):
    """A page the size of a cheap Android phone (360 px wide), collecting console errors."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True, locale="vi-VN")
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda msg: page.console_errors.append(msg.text) if msg.type == "error" else None)
    yield page
    context.close()
