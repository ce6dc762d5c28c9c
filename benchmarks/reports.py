"""Periodic reports on a province-sized data set: one commune's annual report, and the provincial annual report.

    python benchmarks/reports.py                                   # SQLite in a temporary file
    python benchmarks/reports.py postgresql://postgres@127.0.0.1:5432/sen_bench
    python benchmarks/reports.py --scale 0.1                       # a tenth of the data, to try it out

Full scale: 100,000 cases (one person each, with a consent to statistics, a verification event and a purpose),
1,000,000 support events and 20,000 outreach sessions across 102 communes, over four years. The annual window
(01/12/2025 to 30/11/2026) holds about a quarter of them. The PostgreSQL database named is emptied first.

Measured:
- one commune's annual report computed from the records (what submitting it costs, and what its page shows
  before submission), over several communes;
- all 102 communes submitting (each report computed and frozen), the cost of filling the provincial report;
- the provincial annual report: the sum of the 102 frozen snapshots, plus training counted province-wide.
Loading uses bulk inserts (COPY on PostgreSQL, executemany on SQLite).
"""
from __future__ import annotations

import argparse
import io
import json
import random
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import text  # noqa: E402

from benchmarks._common import fresh_app, summary, timed  # noqa: E402
from webapp.extensions import db  # noqa: E402

N_COMMUNES = 102
N_CASES = 100_000
N_EVENTS = 1_000_000
N_SESSIONS = 20_000
PROVINCE = "82"
FIRST_COMMUNE = 30_001
END = date(2026, 11, 30)
DAYS = 1460  # four years of records before END
REGIMES = ["a", "b", "c", "d", "dd", "e", "g", "h", "i", "k"]
ROUTES = ["foreign_handover", "rescued", "returned_alone", "hotline", "other_province", "other"]
PURPOSES = ["scam_compound", "sexual_exploitation", "forced_labour", "forced_marriage"]
COUNTRIES = ["KH", "CN", "MM", "LA", None]


def bulk(table: str, rows: list[dict]) -> None:
    """Insert many rows at once: COPY on PostgreSQL, executemany on SQLite."""
    if not rows:
        return
    columns = list(rows[0])
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        raw = connection.connection.driver_connection
        with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row[c] for c in columns])
    else:
        raw = connection.connection.driver_connection
        raw.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                        [tuple(_sqlite(row[c]) for c in columns) for row in rows])


def _sqlite(value):
    if isinstance(value, datetime):
        return value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return value


def communes() -> list[str]:
    return [str(FIRST_COMMUNE + i) for i in range(N_COMMUNES)]


def load(app, scale: float) -> dict:
    n_cases, n_events, n_sessions = int(N_CASES * scale), int(N_EVENTS * scale), int(N_SESSIONS * scale)
    rng = random.Random(7)
    now = datetime(2026, 12, 1, 3)
    codes = communes()
    with app.app_context():
        bulk("admin_unit", [{"code": PROVINCE, "type": "province", "name": "Đồng Tháp", "full_name": "Tỉnh Đồng Tháp",
                             "name_en": "Dong Thap", "parent_code": None}] +
             [{"code": c, "type": "commune", "name": f"Xã {i + 1}", "full_name": f"Xã Số {i + 1}",
               "name_en": f"Commune {i + 1}", "parent_code": PROVINCE} for i, c in enumerate(codes)])
        step = 20_000
        for start in range(0, n_cases, step):
            ids = range(start + 1, min(start + step, n_cases) + 1)
            people, cases, consents, events, tags = [], [], [], [], []
            for i in ids:
                received = END - timedelta(days=rng.randint(0, DAYS))
                status = rng.choice(["being_verified", "identified", "identified", "not_victim"])
                people.append({"id": i, "full_name": "x", "name_key": "x", "sort_key": "x",
                               "sex": rng.choice(["female", "female", "male"]), "birth_year": rng.randint(1960, 2015),
                               "ethnicity": rng.choice(["01", "01", "01", "05"]), "nationality": "VN",
                               "birth_year_estimated": False, "created_at": now, "updated_at": now})
                cases.append({"id": i, "code": f"DT-{i:07d}", "person_id": i, "commune_code": rng.choice(codes),
                              "arrival_route": rng.choice(ROUTES), "reception_date": received,
                              "verification_due": received + timedelta(days=3), "status": status,
                              "identification_date": received + timedelta(days=2) if status == "identified" else None,
                              "exploitation_country": rng.choice(COUNTRIES), "legal_regime": "2024",
                              "legal_regime_corrected": False, "still_abroad": False,
                              "reintegration_status": None, "version": 1, "created_at": now, "updated_at": now})
                consents.append({"case_id": i, "kind": "statistics", "given": rng.random() < 0.95,
                                 "on_date": received, "recorded_at": now})
                if status != "being_verified":
                    at = datetime.combine(received + timedelta(days=rng.randint(0, 6)), datetime.min.time())
                    events.append({"case_id": i, "at": at, "kind": "status_changed",
                                   "detail": f"being_verified->{status}"})
                tags.append({"case_id": i, "vocabulary": "purpose", "code": rng.choice(PURPOSES)})
            bulk("person", people)
            bulk("case_file", cases)
            bulk("consent", consents)
            bulk("case_event", events)
            bulk("case_tag", tags)
        step = 100_000
        for start in range(0, n_events, step):
            rows = []
            for _ in range(min(step, n_events - start)):
                delivered = rng.random() < 0.9
                rows.append({"case_id": rng.randint(1, n_cases), "regime": rng.choice(REGIMES),
                             "status": "delivered" if delivered else "planned",
                             "given_on": END - timedelta(days=rng.randint(0, DAYS)) if delivered else None,
                             "amount_vnd": rng.choice([None, 500_000, 1_500_000, 3_000_000]),
                             "outside_eligibility": False, "version": 1, "created_at": now, "updated_at": now})
            bulk("support_event", rows)
        sessions = []
        for _ in range(n_sessions):
            online = rng.random() < 0.1
            sessions.append({"held_on": END - timedelta(days=rng.randint(0, DAYS)), "commune_code": rng.choice(codes),
                             "venue": "online" if online else "community_meeting",
                             "participants": None if online else rng.randint(10, 80),
                             "women": None if online else rng.randint(0, 10), "children": None if online else 0,
                             "reach": rng.randint(100, 3000) if online else None, "leaflets": 0, "posters": 0,
                             "other_materials": 0, "organiser": "Hội Phụ nữ", "version": 1, "created_at": now,
                             "updated_at": now})
        bulk("outreach_session", sessions)
        db.session.commit()
        if db.session.connection().dialect.name == "postgresql":
            db.session.execute(text("ANALYZE"))
        else:
            db.session.execute(text("ANALYZE"))
        db.session.commit()
    return {"cases": n_cases, "events": n_events, "sessions": n_sessions}


def measure(app, label: str, runs: int, profile: bool) -> None:
    from webapp.reports import compute, services
    from webapp.reports.models import ReportStatus, ReportVersion
    from webapp.reports.periods import default_period, stored

    codes = communes()
    with app.app_context():
        period = default_period(2026, "year")
        window = (period.starts_on, period.ends_on)
        picked = iter(codes * 10)
        ms, report = timed(lambda: compute.commune_report(next(picked), "Xã", window), runs)
        received = next(r["cells"][0] for r in report["tables"][0]["rows"] if r["key"] == "cases")
        support = next(t for t in report["tables"] if t["key"] == "support")["rows"][-1]["cells"]
        print(f"{label:10} one commune's annual report   {summary(ms)}   "
              f"({received:,} cases received, {support[1]:,} support events in the year)")
        if profile:
            import cProfile
            import pstats

            cProfile.runctx("compute.commune_report(codes[0], 'Xã', window)", globals(), locals(), "/tmp/rep.prof")
            pstats.Stats("/tmp/rep.prof").sort_stats("cumulative").print_stats(25)

        started = time.perf_counter()
        row = stored(period)
        for code in codes:
            figures = compute.commune_report(code, f"Xã {code}", window)
            db.session.add(ReportVersion(period_id=row.id, unit_kind="commune", unit_code=code, number=1,
                                         status=ReportStatus.SUBMITTED, results="x", submitted_at=datetime.now(),
                                         figures=json.dumps(figures, ensure_ascii=False, sort_keys=True)))
        db.session.commit()
        print(f"{label:10} {len(codes)} communes submitting (computed and frozen) in "
              f"{time.perf_counter() - started:.1f} s")

        ms, result = timed(lambda: services.aggregate(period), runs)
        cases = next(r["cells"][0] for r in result["communes"][0]["rows"] if r["key"] == "cases")
        print(f"{label:10} provincial annual report      {summary(ms)}   "
              f"({result['counted']['communes']} snapshots, {cases:,} cases received)")

        from webapp.reports.export_views import province_report
        from webapp.reports.exports import xlsx  # noqa: F401  (the download the province makes of it)

        ms, _ = timed(lambda: len(io.BytesIO(xlsx(province_report(result), _doc(period))).getvalue()), 3)
        print(f"{label:10} provincial report as XLSX     {summary(ms)}")


def _doc(period):
    from webapp.reports.exports import Document

    return Document(issuer=("X",), superior=False, number="", place="Đồng Tháp", on=date(2026, 12, 1),
                    heading="Báo cáo năm 2026", window=(period.starts_on, period.ends_on), unit_name="Tỉnh Đồng Tháp",
                    narrative={}, recipients=(), signer=(), filename="x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("database", nargs="?", help="a PostgreSQL URL to empty and use; SQLite by default")
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full data set (default 1)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="print a profile of one commune's report")
    args = parser.parse_args()
    app, label = fresh_app([sys.argv[0]] + ([args.database] if args.database else []))
    app.config["HOME_PROVINCE_CODE"] = PROVINCE
    started = time.perf_counter()
    loaded = load(app, args.scale)
    print(f"{label:10} loaded {loaded['cases']:,} cases, {loaded['events']:,} support events, "
          f"{loaded['sessions']:,} outreach sessions across {N_COMMUNES} communes in "
          f"{time.perf_counter() - started:.1f} s")
    measure(app, label, args.runs, args.profile)


if __name__ == "__main__":
    main()
