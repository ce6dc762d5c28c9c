"""What the browser tests share: signing in, and driving the offline outbox."""
from __future__ import annotations

import time

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests import factories

FORMS = ("/cases/new", "/support/quick", "/tipoffs/new", "/followups/visit")

# How long the worker may take to get ready. A phone or an idle machine needs a second or two; a 2-CPU
# machine running other test suites has been seen to need more than 15 s. Not a speed check: a limit.
READY_LIMIT = 120


def sign_in(page, base: str, username: str) -> None:
    page.goto(base + "/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(factories.PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(base + "/")
    wait_until_worker_answers(page)


def wait_until_worker_answers(page, limit: float = READY_LIMIT) -> None:
    """The worker controls the page and has told it what waits to be sent: the connection bar shows.

    Until then the page moves when the bar appears, and a tap aimed at a button can land beside it.
    """
    wait_until_controlled(page, limit)
    try:
        page.locator("#netstatus").wait_for(state="visible", timeout=limit * 1000)
    except PlaywrightTimeoutError:
        raise AssertionError(f"The service worker did not answer the page within {limit} s") from None


def wait_until_controlled(page, limit: float = READY_LIMIT) -> None:
    """The worker is installed, active, and controls this page.

    Waits in the page on the worker's own signals (`serviceWorker.ready`, then `controllerchange`).
    A page whose loading began before the worker was active and that came into being after the
    worker claimed its pages is never controlled (on a busy machine the sign-in lands there);
    it is loaded again, as the next page an officer opens would be.
    """
    deadline = time.monotonic() + limit
    while (left := deadline - time.monotonic()) > 0:
        # One evaluate, awaited in the page: wait_for_function would need eval, which the CSP forbids.
        state = page.evaluate("""(ms) => {
            const sw = navigator.serviceWorker;
            const late = new Promise(ok => setTimeout(() => ok("not active"), ms));
            const controlled = sw.ready.then(() => new Promise(ok => {
                if (sw.controller) { ok("controlled"); return; }
                sw.addEventListener("controllerchange", () => ok("controlled"), {once: true});
                setTimeout(() => ok("passed over"), 5000);
            }));
            return Promise.race([controlled, late]);
        }""", int(left * 1000))
        if state == "controlled":
            return
        if state == "not active":
            break
        page.reload()
    raise AssertionError(f"The service worker did not control the page within {limit} s")


def wait_until_offline_ready(page, forms=FORMS, limit: float = READY_LIMIT) -> None:
    """The worker controls the page and keeps the blank `forms` (paths; an officer's by default).

    Waits on the worker's own signals, not on a clock: control of the page (above), then the
    worker's answer to "hello", which it sends once it has kept the blank forms (or failed to
    fetch them, in which case it is asked again).
    """
    wait_until_controlled(page, limit)
    outcome = page.evaluate("""async ({forms, ms}) => {
        const kept = async () => {
            const names = (await caches.keys()).filter(n => n.startsWith("sen-forms-"));
            if (!names.length) { return false; }
            const urls = (await (await caches.open(names[0])).keys()).map(r => new URL(r.url).pathname);
            return forms.every(p => urls.includes(p));
        };
        const ready = (async () => {
            while (!(await kept())) {
                await window.Sen.ask({type: "hello"});
                await new Promise(ok => setTimeout(ok, 200));   // a worker that gave up is asked again, calmly
            }
            return "ready";
        })();
        const late = new Promise(ok => setTimeout(() => ok("late"), ms));
        return Promise.race([ready, late]);
    }""", {"forms": list(forms), "ms": int(limit * 1000)})
    if outcome != "ready":
        raise AssertionError(f"The service worker did not keep the blank forms {list(forms)} within {limit} s")


def outbox(page) -> dict:
    return page.evaluate("window.Sen.ask({type: 'status'})")


def waiting(page) -> list:
    return [e for e in outbox(page)["entries"] if e["state"] == "waiting"]


def wait_for(predicate, timeout: float = 60, message: str = "condition"):
    """Polls `predicate` until it is true; the limit is generous because the test machine may be busy."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {message}")


def storage_dump(page) -> str:
    """Everything in IndexedDB and Cache Storage for this origin, as one text."""
    return page.evaluate("""async () => {
        const out = [];
        for (const name of await caches.keys()) {
            const cache = await caches.open(name);
            for (const request of await cache.keys()) {
                out.push(request.url, await (await cache.match(request)).text());
            }
        }
        for (const info of await indexedDB.databases()) {
            const db = await new Promise((ok, ko) => { const r = indexedDB.open(info.name); r.onsuccess = () => ok(r.result); r.onerror = () => ko(r.error); });
            for (const store of db.objectStoreNames) {
                const rows = await new Promise(ok => { const r = db.transaction(store).objectStore(store).getAll(); r.onsuccess = () => ok(r.result); });
                out.push(JSON.stringify(rows));
            }
            db.close();
        }
        for (let i = 0; i < localStorage.length; i++) { out.push(localStorage.key(i), localStorage.getItem(localStorage.key(i))); }
        return out.join("\\n");
    }""")
