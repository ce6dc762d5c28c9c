"""Every log line of the whole test run is checked for the personal data the tests type in.

Tests type names, phone and ID numbers through forms, the offline outbox and the browser; none of
them may reach a log line (app, SQLAlchemy, the development server's request lines, tracebacks).
A run whose logs hold one fails, naming the logger and the value, never the line.
"""
from __future__ import annotations

import logging

import pytest

# What the factories and the browser tests type as a person's data (tests/factories.py and tests/e2e).
TYPED_VALUES = ("Nguyễn Thị Lan", "0912345678", "0912 345 678", "087198001234", "Trần Thị Hoa", "Lê Thị Kiểm Tra",
                "Nguyễn Thị Ngọc Hà", "Tran Thi Mai", "sợ người môi giới ở xóm Rạch Gốc",
                "Đang đi làm ở xưởng may, sống cùng mẹ.")


class TypedValueFinder(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.found: set[tuple[str, str]] = set()

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = record.getMessage()
        except Exception:  # noqa: BLE001 — a badly formatted record is not ours to judge
            text = str(record.msg)
        if record.exc_info:
            text += logging.Formatter().formatException(record.exc_info)
        for value in TYPED_VALUES:
            if value in text:
                self.found.add((record.name, value))


FINDER = TypedValueFinder()


def _watch() -> None:
    root = logging.getLogger()
    if FINDER not in root.handlers:
        root.addHandler(FINDER)
    if root.level > logging.INFO:
        root.setLevel(logging.INFO)  # the app's and the development server's INFO lines count too


def pytest_configure(config):
    _watch()


@pytest.fixture(autouse=True)
def _logs_watched():
    """Alembic's env.py reconfigures logging (fileConfig drops the root's handlers) each time migrations run."""
    _watch()
    yield


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    if FINDER.found:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        for logger, value in sorted(FINDER.found):
            line = f"personal data in the logs: logger {logger!r} wrote a line holding {value!r}"
            if reporter:
                reporter.write_line(line, red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
