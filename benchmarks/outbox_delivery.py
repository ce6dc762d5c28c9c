"""Offline outbox on loopback: time to deliver 500 queued tip-offs, and bytes of the reception form, first and repeat visit.

    python benchmarks/outbox_delivery.py                       # SQLite in a temporary file
    python benchmarks/outbox_delivery.py postgresql://postgres@127.0.0.1:5432/sen_bench

The PostgreSQL database named is emptied first. Needs Debian's Chromium (or CHROMIUM_PATH); exits with 2 without it.
The app is served on 127.0.0.1 and driven through its real service worker: 500 tip-offs are submitted without
signal (each one sealed and kept on the phone), then the signal returns and the outbox delivers them one by one.
Bytes are counted where they leave the server (a WSGI wrapper), so whatever the browser answered from its own
caches or the service worker is not counted. The app does not compress; the gzip column is what gzip -6 of each
body would weigh. Prints figures, checks nothing about timings.
"""
from __future__ import annotations

import gzip
import logging
import os
import re
import shutil
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from benchmarks._common import fresh_app, summary  # noqa: E402
from tests import factories  # noqa: E402
from tests.e2e.helpers import FORMS, outbox, sign_in, wait_for, waiting  # noqa: E402
from webapp.extensions import db  # noqa: E402

N_ENTRIES = 500
FORM = "/cases/new"
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
COMPRESSIBLE = re.compile(r"text/|application/(json|javascript|manifest\+json)|image/svg")
PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True,
         "locale": "vi-VN"}

# Submitted from the page while offline: the service worker answers each POST with a 303 to the outbox page
# once the entry is sealed and stored ("manual" keeps the page from following it to a page it cannot reach).
QUEUE = """async ({n, fields}) => {
    let kept = 0;
    const other = {};
    for (let i = 1; i <= n; i++) {
        const body = new URLSearchParams({...fields, summary: fields.summary + " #" + i,
                                          submission_id: crypto.randomUUID(), sen_owner: window.Sen.user,
                                          sen_place: "Phường Cao Lãnh"});
        const response = await fetch("/tipoffs/new", {method: "POST", body: body, redirect: "manual"});
        if (response.type === "opaqueredirect") { kept++; } else { other[response.status] = (other[response.status] || 0) + 1; }
    }
    return {kept: kept, other: other};
}"""


class Recorder:
    """WSGI wrapper noting every response the server sends while on: path, status, body and header bytes."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app
        self.lock = threading.Lock()
        self.rows: list[dict] = []
        self.on = False

    def start(self) -> None:
        with self.lock:
            self.rows, self.on = [], True

    def stop(self) -> list[dict]:
        with self.lock:
            self.on = False
            return list(self.rows)

    def count(self) -> int:
        with self.lock:
            return len(self.rows)

    def __call__(self, environ, start_response):
        sent = {}

        def start(status, headers, exc_info=None):
            sent.update(status=int(status[:3]), headers=headers, line=status)
            return start_response(status, headers, exc_info)

        began = time.perf_counter()
        result = self.wsgi_app(environ, start)
        body = bytearray()
        try:
            for chunk in result:
                body += chunk
                yield chunk
        finally:
            if hasattr(result, "close"):
                result.close()
            if self.on:
                headers = sent.get("headers", [])
                named = {k.lower(): v for k, v in headers}
                query = environ.get("QUERY_STRING")
                row = {"method": environ["REQUEST_METHOD"],
                       "path": environ.get("PATH_INFO", "") + ("?" + query if query else ""),
                       "status": sent.get("status", 0), "body": bytes(body),
                       "headers": len(f"HTTP/1.1 {sent.get('line', '')}\r\n") + sum(
                           len(f"{k}: {v}\r\n") for k, v in headers) + 2,
                       "encoding": named.get("content-encoding", ""), "type": named.get("content-type", ""),
                       "dest": environ.get("HTTP_SEC_FETCH_DEST", ""), "outbox": environ.get("HTTP_SEN_OUTBOX", ""),
                       "ms": (time.perf_counter() - began) * 1000}
                with self.lock:
                    self.rows.append(row)


def offline_ready(page) -> None:
    """The worker controls the page and keeps every blank form.

    Polled from Python: page.wait_for_function would evaluate its text inside the page, which the app's
    Content-Security-Policy (no 'unsafe-eval') refuses as soon as it has to poll more than once.
    """
    wait_for(lambda: page.evaluate("""async (forms) => {
        if (!navigator.serviceWorker.controller) { return false; }
        const names = (await caches.keys()).filter(n => n.startsWith("sen-forms-"));
        if (!names.length) { return false; }
        const urls = (await (await caches.open(names[0])).keys()).map(r => new URL(r.url).pathname);
        return forms.every(p => urls.includes(p));
    }""", list(FORMS)), timeout=30, message="the service worker in control, blank forms kept")


def settled(recorder: Recorder, quiet: float = 1.0, limit: float = 20) -> None:
    """Wait until the server has seen no request for `quiet` seconds (the worker fetches after the page loads)."""
    deadline = time.monotonic() + limit
    last, since = recorder.count(), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.1)
        now = recorder.count()
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return


def chromium() -> str | None:
    """CHROMIUM_PATH if set (and there), else Debian's Chromium."""
    if os.environ.get("CHROMIUM_PATH"):
        return os.environ["CHROMIUM_PATH"] if os.path.exists(os.environ["CHROMIUM_PATH"]) else None
    return next((p for p in CHROMIUM_CANDIDATES if os.path.exists(p)), None) or shutil.which("chromium")


def serve(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def new_page(browser, errors: list[str]):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return context, page


def tipoffs(app) -> int:
    from webapp.tipoffs.models import TipOff

    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(TipOff))


def delivery(app, label: str, browser, base: str, recorder: Recorder, errors: list[str]) -> None:
    context, page = new_page(browser, errors)
    sign_in(page, base, "bench")
    offline_ready(page)
    fields = {"received_on": (date.today() - timedelta(days=1)).isoformat(), "channel": "hotline",
              "summary": "Người dân báo có người môi giới đưa lao động sang Campuchia", "classification": "",
              "commune_code": factories.COMMUNE_A}

    context.set_offline(True)
    recorder.start()
    started = time.perf_counter()
    queued = page.evaluate(QUEUE, {"n": N_ENTRIES, "fields": fields})
    queue_s = time.perf_counter() - started
    reached = recorder.stop()
    kept = len(waiting(page))
    print(f"{label:10} queued {queued['kept']} tip-offs offline in {queue_s:.1f} s "
          f"({queue_s * 1000 / N_ENTRIES:.1f} ms each); {kept} waiting in the outbox, "
          f"{len(reached)} requests reached the server, {tipoffs(app)} tip-offs saved")
    if reached:
        print(f"{label:10} reached the server while offline: "
              + ", ".join(f"{r['method']} {r['path']} ({r['status']}, Sec-Fetch-Dest {r['dest'] or '-'})" for r in reached))
    if queued["other"]:
        print(f"{label:10} unexpected answers while queueing: {queued['other']}")
    if kept != N_ENTRIES:
        print(f"{label:10} expected {N_ENTRIES} entries waiting, found {kept}: delivery figures would mean nothing")
        context.close()
        return

    recorder.start()
    started = time.perf_counter()
    context.set_offline(False)                   # the page's "online" event asks the worker to deliver
    page.evaluate("window.Sen.deliver()")         # joins that delivery, or starts it
    wait_for(lambda: not waiting(page), timeout=240, message="delivery of every entry")
    deliver_s = time.perf_counter() - started
    sent = recorder.stop()
    saved = tipoffs(app)
    left = outbox(page)["entries"]
    replays = [r for r in sent if r["outbox"] == "replay" and r["method"] == "POST"]
    statuses = sorted({r["status"] for r in replays})
    in_app = sorted(r["ms"] for r in replays) or [0.0]
    print(f"{label:10} delivered {N_ENTRIES} tip-offs in {deliver_s:.1f} s ({deliver_s * 1000 / N_ENTRIES:.1f} ms each, "
          f"{N_ENTRIES / deliver_s:.0f} per second); {saved} tip-offs in the database, "
          f"{len(left)} entries left in the outbox")
    print(f"{label:10} during delivery the server answered {len(sent)} requests "
          f"({len(replays)} replayed entries, statuses {statuses}), "
          f"{sum(len(r['body']) + r['headers'] for r in sent) / 1024:.0f} KiB sent")
    print(f"{label:10} time inside the app per replayed entry: {summary(in_app)}, "
          f"{sum(in_app) / 1000:.1f} s in all; the rest is the browser and the loopback")
    if saved != N_ENTRIES:
        print(f"{label:10} expected exactly {N_ENTRIES} tip-offs, found {saved}")
    context.close()


def sign_in_without_page(context, base: str, username: str) -> None:
    """Sign in through the context's request API: no page is loaded, so no cache and no service worker yet."""
    login = context.request.get(base + "/login").text()
    field = re.search(r'<input[^>]*name="csrf_token"[^>]*>', login).group(0)
    token = re.search(r'value="([^"]+)"', field).group(1)
    answer = context.request.post(base + "/login", form={"username": username, "password": factories.PASSWORD,
                                                         "csrf_token": token}, max_redirects=0)
    if answer.status != 303:
        raise SystemExit(f"signing in failed: {answer.status}")


def gzipped(row: dict) -> int:
    """What gzip -6 makes of the body; images (PNG) are left as they are, as servers do."""
    body = row["body"]
    if not body or row["encoding"] or not COMPRESSIBLE.match(row["type"]):
        return len(body)
    return len(gzip.compress(body, compresslevel=6))


def table(label: str, title: str, rows: list[dict]) -> None:
    print(f"{label:10} {title}")
    print(f"{'':10}   {'request':54} {'by':6} {'status':>6} {'as sent':>9} {'gzip -6':>9}")
    raw_total = gz_total = head_total = 0
    for row in rows:
        raw = len(row["body"])
        gz = gzipped(row)
        raw_total, gz_total, head_total = raw_total + raw, gz_total + gz, head_total + row["headers"]
        who = "worker" if row["dest"] in ("empty", "serviceworker") else "page"
        path = row["path"] if len(row["path"]) <= 54 else row["path"][:53] + "…"
        print(f"{'':10}   {path:54} {who:6} {row['status']:>6} {raw:>9,} {gz:>9,}")
    print(f"{'':10}   {'total, ' + str(len(rows)) + ' responses (bodies)':54} {'':6} {'':>6} "
          f"{raw_total:>9,} {gz_total:>9,}")
    print(f"{'':10}   {'response headers (as the app sets them, not compressed)':54} {'':6} {'':>6} {head_total:>9,}")


def page_bytes(label: str, browser, base: str, recorder: Recorder, errors: list[str]) -> None:
    context, page = new_page(browser, errors)
    sign_in_without_page(context, base, "bench")

    recorder.start()
    page.goto(base + FORM)
    offline_ready(page)                          # the worker installs and keeps the shell and the blank forms
    settled(recorder)
    first = recorder.stop()

    recorder.start()
    page.goto(base + FORM)
    page.wait_for_load_state("networkidle")
    settled(recorder)
    repeat = recorder.stop()

    encodings = {r["encoding"] for r in first + repeat if r["encoding"]}
    print(f"{label:10} bytes of {FORM} as they leave the server; Content-Encoding sent: "
          f"{', '.join(sorted(encodings)) or 'none (the app does not compress: as sent = uncompressed)'}")
    on_page = [r for r in first if r["dest"] not in ("empty", "serviceworker")]
    table(label, "first visit (empty browser cache, no service worker; 'worker' rows = its installation)", first)
    print(f"{'':10}   of which the page itself: {sum(len(r['body']) for r in on_page):,} bytes as sent, "
          f"{sum(gzipped(r) for r in on_page):,} gzip")
    table(label, "repeat visit (service worker in control, caches warm)", repeat)
    context.close()


def main() -> int:
    path = chromium()
    if not path:
        print("Chromium is not installed (looked at CHROMIUM_PATH, /usr/bin/chromium, /usr/bin/chromium-browser): "
              "apt-get install chromium, or set CHROMIUM_PATH", file=sys.stderr)
        return 2
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("Playwright is not installed in this environment: pip install playwright", file=sys.stderr)
        return 2

    app, label = fresh_app(sys.argv)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)   # one line per request would bury the figures
    with app.app_context():
        factories.create_places()
        factories.create_user("commune", username="bench")
    recorder = Recorder(app.wsgi_app)
    app.wsgi_app = recorder
    server, base = serve(app)
    errors: list[str] = []
    started = time.perf_counter()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
            try:
                delivery(app, label, browser, base, recorder, errors)
                page_bytes(label, browser, base, recorder, errors)
            finally:
                browser.close()
    finally:
        server.shutdown()
    print(f"{label:10} browser console errors: {len(errors)}" + "".join(f"\n{'':13}{e[:200]}" for e in errors[:10]))
    print(f"{label:10} whole run {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
