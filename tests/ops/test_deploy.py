"""The production path of deploy/: gunicorn with its config file serves Sen, and reloads gracefully."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@dataclass
class Served:
    base: str
    process: subprocess.Popen
    log: Path


def _wait_until_serving(served: Served, path: str, limit=60.0):
    end = time.monotonic() + limit
    while time.monotonic() < end:
        assert served.process.poll() is None, served.log.read_text(errors="replace")
        try:
            return _get(served.base + path)
        except OSError:
            time.sleep(0.2)
    pytest.fail("gunicorn did not answer")


@pytest.fixture
def served(make_app, db_url, tmp_path):
    make_app()  # the test database, migrated, with no demo accounts
    port = _free_port()
    env = {**os.environ, "SEN_ENV": "production", "SECRET_KEY": "p" * 48, "DATABASE_URL": db_url,
           "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/14", "SEN_BIND": f"127.0.0.1:{port}",
           "SEN_WORKERS": "1", "SEN_THREADS": "2"}
    env.pop("FLASK_DEBUG", None)
    log = tmp_path / "gunicorn.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(Path(sys.executable).with_name("gunicorn")), "-c", "deploy/gunicorn.conf.py", "webapp.wsgi:app"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            yield Served(f"http://127.0.0.1:{port}", process, log)
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(40)


def test_gunicorn_with_the_deploy_config_serves_sen_in_production_mode(served):
    status, _, body = _wait_until_serving(served, "/healthz")
    assert (status, body) == (200, b'{"database":"ok","migrations":"current","status":"ok"}\n')
    status, headers, body = _get(served.base + "/login")
    assert status == 200
    assert "Secure" in headers["Set-Cookie"] and "HttpOnly" in headers["Set-Cookie"]
    assert "Werkzeug Debugger" not in body.decode()


def test_a_graceful_reload_keeps_serving(served):
    _wait_until_serving(served, "/healthz")
    served.process.send_signal(signal.SIGHUP)  # `systemctl reload sen`
    time.sleep(1.0)
    status, _, _ = _wait_until_serving(served, "/healthz")
    assert status == 200
    assert served.process.poll() is None
    assert "Handling signal: hup" in served.log.read_text()
