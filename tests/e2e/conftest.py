"""Browser fixtures: the real app served on loopback, driven by Debian's Chromium through Playwright."""
from __future__ import annotations

import os
import shutil
import socket
import threading

import pytest
from werkzeug.serving import make_server

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


class Faults:
    """Breaks the line between phone and server on purpose, from the server's side.

    (Playwright's routing of service-worker requests is experimental and upsets the
    worker's activation, so failures are made here instead.)
    """

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app
        self.rules: list[dict] = []
        self.seen: list[tuple[str, int]] = []

    def fail(self, path: str, status: int = 500, times: int = 1) -> None:
        """The next `times` POSTs to `path` get `status` without reaching the app."""
        self.rules.append({"path": path, "kind": "status", "status": status, "left": times})

    def lose_answer(self, path: str, times: int = 1) -> None:
        """The next `times` POSTs to `path` are handled in full, then the connection drops before the answer."""
        self.rules.append({"path": path, "kind": "lose", "left": times})

    def cut(self, path: str) -> None:
        """Every POST to `path` fails as if there were no signal, until `restore()`."""
        self.rules.append({"path": path, "kind": "cut", "left": float("inf")})

    def restore(self) -> None:
        self.rules.clear()

    def __call__(self, environ, start_response):
        rule = None
        if environ["REQUEST_METHOD"] == "POST":
            rule = next((r for r in self.rules if r["path"] == environ.get("PATH_INFO") and r["left"] > 0), None)
        if rule is None:
            return self.wsgi_app(environ, start_response)
        rule["left"] -= 1
        if rule["kind"] == "status":
            self.seen.append(("status", rule["status"]))
            start_response(f"{rule['status']} Failure", [("Content-Type", "text/plain")])
            return [b"failure made by the test"]
        if rule["kind"] == "lose":
            from werkzeug.test import run_wsgi_app

            app_iter, status, _headers = run_wsgi_app(self.wsgi_app, environ, buffered=True)
            self.seen.append(("lost", int(status.split()[0])))
        else:
            self.seen.append(("cut", 0))
        connection = environ["werkzeug.socket"]
        if rule["kind"] == "lose":
            # The answer starts, then the line drops: the browser may not quietly retry it itself,
            # and the phone cannot know whether the record was saved.
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n{\"outc")
        connection.shutdown(socket.SHUT_RDWR)
        start_response("500 Lost", [("Content-Type", "text/plain")])
        return [b""]


@pytest.fixture
def faults(app):
    """Network failures on demand for the app served by `live_server`."""
    original = app.wsgi_app
    app.wsgi_app = Faults(original)
    yield app.wsgi_app
    app.wsgi_app = original
