"""In a real browser: on a busy machine the worker gets ready slowly, and the tests wait for it, not for a clock."""
import threading
import time

import pytest

from tests import factories
from tests.e2e.helpers import FORMS, sign_in, wait_until_offline_ready

pytestmark = pytest.mark.browser

# Longer than the fixed 15 s the helper used to allow, which a loaded 2-CPU machine has exceeded.
SLOW = 20


def test_a_slowly_installing_worker_is_waited_for(app, live_server, phone):
    inner = app.wsgi_app
    held = threading.Event()

    def slow_install(environ, start_response):
        # The worker's install fetches the manifest with the rest of the shell; hold the first one back.
        if environ["PATH_INFO"] == "/manifest.webmanifest" and not held.is_set():
            held.set()
            time.sleep(SLOW)
        return inner(environ, start_response)

    app.wsgi_app = slow_install
    try:
        with app.app_context():
            factories.create_user("commune", username="lan")
        page = phone
        sign_in(page, live_server, "lan")
        wait_until_offline_ready(page)
    finally:
        app.wsgi_app = inner
    assert held.is_set()
    page.context.set_offline(True)
    for path in FORMS:
        page.goto(live_server + path)
        assert page.locator("form[data-create-form]").count() == 1, path


def test_a_page_the_worker_does_not_control_is_waited_for_too(app, live_server, phone):
    # A page can stay outside the worker's control: one that came into being just after the worker
    # claimed its pages (a sign-in on a busy machine), or, as here, one loaded bypassing the worker.
    with app.app_context():
        factories.create_user("commune", username="lan")
    page = phone
    sign_in(page, live_server, "lan")
    with page.expect_navigation():
        page.context.new_cdp_session(page).send("Page.reload", {"ignoreCache": True})
    assert page.evaluate("navigator.serviceWorker.controller") is None
    wait_until_offline_ready(page)
    assert page.evaluate("navigator.serviceWorker.controller !== null")
