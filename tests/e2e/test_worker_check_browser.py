"""In a real browser: checking for a new service worker downloads it once, then costs a 304 while it is unchanged."""
import pytest

from tests import factories
from tests.e2e.helpers import sign_in, wait_until_offline_ready

pytestmark = pytest.mark.browser


def test_update_checks_of_an_unchanged_worker_are_answered_304(app, live_server, phone):
    answers = []
    inner = app.wsgi_app

    def record(environ, start_response):
        def start(status, headers, *rest):
            if environ["PATH_INFO"] == "/sw.js":
                answers.append(int(status.split()[0]))
            return start_response(status, headers, *rest)
        return inner(environ, start)

    app.wsgi_app = record
    try:
        with app.app_context():
            factories.create_user("commune", username="lan")
        page = phone
        sign_in(page, live_server, "lan")
        wait_until_offline_ready(page)
        for path in ("/cases", "/support/quick", "/"):
            page.goto(live_server + path)
            # What the browser does by itself after navigations, asked for now.
            page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update()).then(() => true)")
    finally:
        app.wsgi_app = inner
    assert answers.count(200) == 1
    assert answers.count(304) >= 3
