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


def wait_until_offline_ready(page, forms=FORMS) -> None:
    """The worker controls the page and keeps the blank `forms` (paths; an officer's by default)."""
    # Polled from here: wait_for_function would need eval, which the CSP forbids.
    wait_for(lambda: page.evaluate("navigator.serviceWorker.controller !== null"), timeout=15,
             message="the service worker")
    wait_for(lambda: page.evaluate("""async (forms) => {
        const names = (await caches.keys()).filter(n => n.startsWith("sen-forms-"));
        if (!names.length) { return false; }
        const cache = await caches.open(names[0]);
        const urls = (await cache.keys()).map(r => new URL(r.url).pathname);
        return forms.every(p => urls.includes(p));
    }""", list(forms)), timeout=15, message="blank forms kept on the phone")


def outbox(page) -> dict:
    return page.evaluate("window.Sen.ask({type: 'status'})")


def waiting(page) -> list:
    return [e for e in outbox(page)["entries"] if e["state"] == "waiting"]


def wait_for(predicate, timeout: float = 30, message: str = "condition"):
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
