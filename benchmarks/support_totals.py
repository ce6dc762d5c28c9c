"""Totals per support regime (people, events, dong) over 1,000,000 support events, on SQLite and PostgreSQL.

    python benchmarks/support_totals.py                       # SQLite in a temporary file
    python benchmarks/support_totals.py postgresql://postgres@127.0.0.1:5432/sen_bench

The PostgreSQL database named is emptied first. Prints the load time and the query time (median, p95).
"""
from __future__ import annotations

import random
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, text, true  # noqa: E402

from benchmarks._common import run, summary, timed  # noqa: E402
from webapp.extensions import db  # noqa: E402

N_CASES = 100_000
N_EVENTS = 1_000_000
LOADED = f"{N_EVENTS:,} support events for {N_CASES:,} cases"
RUNS = 10
REGIMES = ["a", "b", "c", "d", "dd", "e", "g", "h", "i", "k"]


def load(app) -> None:
    from webapp.cases.models import Case, Person
    from webapp.places.models import AdminUnit
    from webapp.support.models import SupportEvent

    rng = random.Random(7)
    today = date.today()
    with app.app_context():
        db.session.execute(insert(AdminUnit), [{"code": "82", "type": "province", "name": "Đồng Tháp",
                                                "full_name": "Tỉnh Đồng Tháp", "name_en": "Dong Thap",
                                                "parent_code": None},
                                               {"code": "29869", "type": "ward", "name": "Cao Lãnh",
                                                "full_name": "Phường Cao Lãnh", "name_en": "Cao Lanh",
                                                "parent_code": "82"}])
        for start in range(0, N_CASES, 20_000):
            ids = range(start + 1, start + 20_001)
            db.session.execute(insert(Person), [{"id": i, "full_name": "x", "name_key": "x", "sort_key": "x",
                                                 "sex": "female", "nationality": "VN", "birth_year_estimated": False,
                                                 "created_at": today, "updated_at": today} for i in ids])
            db.session.execute(insert(Case), [{"id": i, "code": f"DT-2026-{i:06d}", "person_id": i,
                                               "commune_code": "29869", "arrival_route": "rescued",
                                               "reception_date": today, "verification_due": today,
                                               "status": "identified", "legal_regime": "2024",
                                               "legal_regime_corrected": False, "version": 1,
                                               "created_at": today, "updated_at": today} for i in ids])
        for start in range(0, N_EVENTS, 50_000):
            rows = []
            for _ in range(50_000):
                delivered = rng.random() < 0.9
                rows.append({"case_id": rng.randint(1, N_CASES), "regime": rng.choice(REGIMES),
                             "status": "delivered" if delivered else "planned",
                             "given_on": today - timedelta(days=rng.randint(0, 1500)) if delivered else None,
                             "amount_vnd": rng.choice([None, 500_000, 1_500_000, 3_000_000]),
                             "outside_eligibility": False, "version": 1, "created_at": today, "updated_at": today})
            db.session.execute(insert(SupportEvent), rows)
        db.session.commit()
        db.session.execute(text("ANALYZE"))
        db.session.commit()


def measure(app, label: str) -> None:
    from webapp.support.services import totals_by_regime

    with app.app_context():
        for name, window in (("all time", {}), ("one year", {"date_from": date.today() - timedelta(days=365)})):
            ms, rows = timed(lambda: totals_by_regime(true(), **window), RUNS)
            events = sum(r[2] for r in rows)
            print(f"{label:10} totals per regime, {name:9} {summary(ms)}   "
                  f"({len(rows)} regimes, {events:,} delivered events)")


if __name__ == "__main__":
    run(load, measure, LOADED)
