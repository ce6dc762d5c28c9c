"""Pages served by gunicorn (2 workers): home and the case list of 1,000 cases, against a bare Flask page.

    python benchmarks/server_pages.py              # SQLite in a temporary file; 10 s per page
    python benchmarks/server_pages.py --seconds 5

Loads 1,000 cases of one commune and its officer, serves the app and a bare Flask app with gunicorn
(2 sync workers each) on 127.0.0.1, signs in once for a session cookie, then drives each page with
8 threads on loopback for a fixed time. Prints requests per second, p50/p95, each page's share of
the bare page's rate, and the CPU time the server's workers spent per request (from /proc, on Linux):
a figure that a busy machine disturbs less than the rates. Checks nothing about timings.
"""
from __future__ import annotations

import argparse
import http.client
import os
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import fresh_app, summary  # noqa: E402
from webapp.extensions import db  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
N_CASES = 1_000
THREADS = 8
OFFICER = "canbo"
PASSWORD = "lúa chín vàng bên sông Tiền 2026"
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


def load(app) -> None:
    """1,000 cases of commune A, received by one officer."""
    from tests import factories
    from webapp.auth.passwords import hash_password

    with app.app_context():
        factories.create_places()
        officer = factories.create_user("commune", username=OFFICER, password_hash=hash_password(PASSWORD))
        for i in range(N_CASES):
            factories.create_case(officer, full_name=f"Nguyễn Thị Lan {i}", birth_year=1980 + i % 30)
        db.session.remove()
        db.engine.dispose()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(target: str, env: dict) -> tuple[subprocess.Popen, int]:
    port = free_port()
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "--workers", "2", "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning", target],
        cwd=ROOT, env={**os.environ, **env}, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process, port
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit(f"gunicorn did not start for {target}")


def workers(process: subprocess.Popen) -> list[int]:
    """The process ids of the arbiter's workers (Linux /proc; none elsewhere)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == process.pid:
                found.append(int(entry.name))
    return found


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU time the processes have used so far."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime in clock ticks
    return total / os.sysconf("SC_CLK_TCK")


def stop(process: subprocess.Popen) -> None:
    process.terminate()  # the arbiter stops its workers
    process.wait(timeout=30)


def request(port: int, method: str, path: str, cookie: str = "", body: dict | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Cookie": cookie} if cookie else {}
    data = None
    if body is not None:
        data = urlencode(body)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn.request(method, path, body=data, headers=headers)
    response = conn.getresponse()
    text = response.read().decode("utf-8", "replace")
    cookies = [v.split(";", 1)[0] for k, v in response.getheaders() if k.lower() == "set-cookie"]
    conn.close()
    return response.status, text, cookies


def sign_in(port: int) -> str:
    """The session cookie of the officer, signed in through the login form like a browser."""
    _status, page, cookies = request(port, "GET", "/login")
    jar = dict(c.split("=", 1) for c in cookies)
    token = CSRF_META.search(page).group(1)
    status, _text, cookies = request(port, "POST", "/login", "; ".join(f"{k}={v}" for k, v in jar.items()),
                                     {"csrf_token": token, "username": OFFICER, "password": PASSWORD})
    if status != 303:
        raise SystemExit(f"sign-in failed: {status}")
    jar.update(dict(c.split("=", 1) for c in cookies))
    # A browser follows the redirect and keeps the cookie the first page sets (its CSRF secret): sending the
    # cookie from before it would make every page set a new one, which no browser does.
    _status, _page, cookies = request(port, "GET", "/", "; ".join(f"{k}={v}" for k, v in jar.items()))
    jar.update(dict(c.split("=", 1) for c in cookies))
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def drive(port: int, path: str, cookie: str, seconds: float) -> tuple[float, list[float], int]:
    """(requests per second, sorted latencies in ms, non-200 answers) of THREADS clients for `seconds`."""
    latencies: list[float] = []
    failures = [0]
    lock = threading.Lock()
    end = time.monotonic() + seconds

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine, bad = [], 0
        while time.monotonic() < end:
            started = time.perf_counter()
            conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
            response = conn.getresponse()
            response.read()
            mine.append((time.perf_counter() - started) * 1000)
            bad += response.status != 200
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
        conn.close()
        with lock:
            latencies.extend(mine)
            failures[0] += bad

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return len(latencies) / (time.monotonic() - started), sorted(latencies), failures[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()

    app, label = fresh_app(["bench"])
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    started = time.perf_counter()
    load(app)
    print(f"{label:10} loaded {N_CASES} cases in {time.perf_counter() - started:.1f} s")

    env = {"DATABASE_URL": url, "SECRET_KEY": "bench", "SEN_ENV": "development", "PYTHONWARNINGS": "ignore"}
    rows = []
    bare, bare_port = serve("benchmarks._bare:app", env)
    sen, sen_port = serve("webapp:create_app()", env)
    try:
        cookie = sign_in(sen_port)
        for name, server, port, path, jar in (("bare Flask page", bare, bare_port, "/", ""),
                                              ("home /", sen, sen_port, "/", cookie),
                                              ("case list /cases", sen, sen_port, "/cases", cookie)):
            drive(port, path, jar, 1.0)  # warm up each worker
            pids = workers(server)
            cpu = cpu_seconds(pids)
            rate, ms, bad = drive(port, path, jar, args.seconds)
            cpu = cpu_seconds(pids) - cpu
            rows.append((name, rate, ms, bad, cpu * 1000 / max(1, len(ms)) if pids else None))
    finally:
        stop(sen)
        stop(bare)
    base = rows[0][1]
    print(f"gunicorn 2 workers, {THREADS} clients, {args.seconds:.0f} s per page, {label}, "
          f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    for name, rate, ms, bad, cpu in rows:
        note = f"   {bad} answers not 200" if bad else ""
        server = f"   server CPU {cpu:5.2f} ms/request" if cpu is not None else ""
        print(f"{name:18} {rate:8.1f} req/s   {rate / base:6.1%} of bare   {summary(ms)}{server}{note}")


if __name__ == "__main__":
    main()
