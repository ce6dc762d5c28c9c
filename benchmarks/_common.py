"""What every benchmark shares: a migrated empty database (SQLite temp file or an emptied PostgreSQL one), and timing."""
from __future__ import annotations

import math
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, text  # noqa: E402

from webapp import create_app  # noqa: E402
from webapp.config import _normalise_database_url  # noqa: E402
from webapp.extensions import db  # noqa: E402


def fresh_app(argv: list[str]):
    """(app, label): the first argument names a PostgreSQL database to empty, else a temporary SQLite file."""
    from flask_migrate import upgrade

    if len(argv) > 1:
        url = _normalise_database_url(argv[1])
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
        label = "postgresql"
    else:
        url = "sqlite:///" + str(Path(tempfile.mkdtemp()) / "bench.sqlite3")
        label = "sqlite"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    with app.app_context():
        upgrade()
    return app, label


def timed(run, times: int) -> tuple[list[float], object]:
    """Milliseconds of `times` calls of run(), sorted, and the last result; the session is reset between calls."""
    results, last = [], None
    for _ in range(times):
        started = time.perf_counter()
        last = run()
        results.append((time.perf_counter() - started) * 1000)
        db.session.rollback()
    return sorted(results), last


def summary(ms: list[float]) -> str:
    p95 = ms[min(len(ms) - 1, math.ceil(0.95 * len(ms)) - 1)]  # nearest-rank 95th percentile
    return f"median {statistics.median(ms):8.1f} ms   p95 {p95:8.1f} ms"


def run(load, measure, what: str) -> None:
    """Load the synthetic data into a fresh database named on the command line (or SQLite), then measure."""
    app, label = fresh_app(sys.argv)
    started = time.perf_counter()
    load(app)
    print(f"{label:10} loaded {what} in {time.perf_counter() - started:.1f} s")
    measure(app, label)
