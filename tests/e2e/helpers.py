"""What the browser tests share: signing in, and driving the offline outbox."""
from __future__ import annotations

import time

from tests import factories

FORMS = ("/cases/new", "/support/quick", "/tipoffs/new")


def sign_in(page, base: str, username: str) -> None:
    page.goto(base + "/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(factories.PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(base + "/")


# How long the worker may take to get ready. A phone or an idle machine needs a second or two; a 2-CPU
# machine running other test suites has been seen to need more than 15 s. Not a speed check: a limit.
READY_LIMIT = 120


def wait_until_offline_ready(page, limit: float = READY_LIMIT) -> None:
    """The worker controls the page and keeps the blank forms of the signed-in officer.

    Waits inside the page on the worker's own signals, not on a clock: `serviceWorker.ready`
    (installed and active), `controllerchange` (this page is controlled), then the worker's
    answer to "hello", which it sends once it has kept the blank forms (or failed to fetch them,
    in which case it is asked again).
    """
    # One evaluate, awaited in the page: wait_for_function would need eval, which the CSP forbids.
    outcome = page.evaluate("""async ({forms, ms}) => {
        const sw = navigator.serviceWorker;
        let step = "the service worker to install and activate";
        const kept = async () => {
            const names = (await caches.keys()).filter(n => n.startsWith("sen-forms-"));
            if (!names.length) { return false; }
            const urls = (await (await caches.open(names[0])).keys()).map(r => new URL(r.url).pathname);
            return forms.every(p => urls.includes(p));
        };
        const ready = (async () => {
            await sw.ready;
            step = "the service worker to control the page";
            if (!sw.controller) {
                await new Promise(ok => sw.addEventListener("controllerchange", ok, {once: true}));
            }
            step = "the service worker to keep the blank forms";
            while (!(await kept())) {
                await window.Sen.ask({type: "hello"});
            }
            return "ready";
        })();
        const late = new Promise(ok => setTimeout(() => ok("still waiting for " + step), ms));
        return Promise.race([ready, late]);
    }""", {"forms": list(FORMS), "ms": int(limit * 1000)})
    if outcome != "ready":
        raise AssertionError(f"The phone was not ready to work offline after {limit} s: {outcome}")


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
