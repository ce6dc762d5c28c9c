"""Case-list search time on 100,000 synthetic cases (median and p95), on SQLite and on PostgreSQL.

    python benchmarks/case_search.py                       # SQLite in a temporary file
    python benchmarks/case_search.py postgresql://postgres@127.0.0.1:5432/sen_bench

The PostgreSQL database named is emptied first. Prints one line per query and database.
"""
from __future__ import annotations

import random
import sys
from datetime import date, timedelta
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, text, true  # noqa: E402

from benchmarks._common import run, summary, timed  # noqa: E402
from webapp.extensions import db  # noqa: E402

N_CASES = 100_000
LOADED = f"{N_CASES:,} cases"
RUNS = 30
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
          "Dương", "Lý"]
MIDDLE = ["Thị", "Văn", "Hữu", "Ngọc", "Minh", "Thanh", "Kim", "Đức", "Thu", "Hoàng"]
GIVEN = ["Lan", "Lành", "Hoa", "Mai", "Hồng", "Tuyết", "Nga", "Trang", "Hương", "Thảo", "Anh", "Ánh", "Linh", "Vy",
         "Nhung", "Yến", "Phương", "Hạnh", "Dung", "Thủy", "Tâm", "Hải", "Nam", "Dũng", "Hùng", "Phúc", "Tài", "Quân"]
PURPOSES = ["scam_compound", "forced_labour", "forced_marriage", "sexual_exploitation", "forced_begging"]
QUERIES = {
    "name, no diacritics ('nguyen thi lanh')": {"q": "nguyen thi lanh"},
    "given name only ('thao')": {"q": "thao"},
    "case code": {"q": "DT-2026-04242"},
    "ID number": {"q": "087100042420"},
    "purpose filter, name order": {"purpose": "forced_marriage", "sort": "name"},
    "overdue only": {"overdue": True},
    "no filter, newest first": {},
}


def load(app) -> None:
    from webapp.cases.models import Case, CaseTag, Person, PersonToken
    from webapp.places.models import AdminUnit
    from webapp.text import id_key, search_key, sort_key

    rng = random.Random(42)
    with app.app_context():
        db.session.execute(insert(AdminUnit), [
            {"code": "82", "type": "province", "name": "Đồng Tháp", "full_name": "Tỉnh Đồng Tháp", "name_en": "Dong Thap",
             "parent_code": None}] + [
            {"code": f"{29000 + i}", "type": "commune", "name": f"Xã {i}", "full_name": f"Xã {i}", "name_en": f"Xa {i}",
             "parent_code": "82"} for i in range(102)])
        today = date.today()
        for start in range(0, N_CASES, 10_000):
            people, cases, tags, tokens = [], [], [], []
            for i in range(start, start + 10_000):
                name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
                ident = f"0871{i:08d}"
                received = today - timedelta(days=rng.randint(0, 3000))
                people.append({"id": i + 1, "full_name": name, "name_key": search_key(name), "sort_key": sort_key(name),
                               "sex": rng.choice(["female", "male"]), "birth_year": rng.randint(1960, 2010),
                               "birth_year_estimated": False, "nationality": "VN", "id_number": ident,
                               "id_key": id_key(ident), "created_at": today, "updated_at": today})
                cases.append({"id": i + 1, "code": f"DT-{2026 - i % 3}-{i:05d}", "person_id": i + 1,
                              "commune_code": f"{29000 + i % 102}", "arrival_route": "foreign_handover",
                              "reception_date": received, "verification_due": received + timedelta(days=3),
                              "status": rng.choice(["being_verified", "identified", "identified", "not_victim"]),
                              "legal_regime": "2024", "legal_regime_corrected": False, "version": 1,
                              "created_at": today, "updated_at": today})
                tags.append({"case_id": i + 1, "vocabulary": "purpose", "code": rng.choice(PURPOSES)})
                tokens += [{"person_id": i + 1, "token": w} for w in set(search_key(name).split(" "))]
            db.session.execute(insert(Person), people)
            db.session.execute(insert(Case), cases)
            db.session.execute(insert(CaseTag), tags)
            db.session.execute(insert(PersonToken), tokens)
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("ANALYZE"))
            db.session.commit()
        else:
            db.session.execute(text("ANALYZE"))


def measure(app, label: str) -> None:
    from webapp.cases import queries
    from webapp.web import paginate

    def search(filters):  # as the list page does (webapp/web.py paginate): the page's rows, then the count
        page = paginate(queries.case_list(true(), **filters), 1, partial(queries.case_rows, sort=filters.get("sort",
                                                                                                          "newest")))
        [(c.code, c.full_name) for c in page.items]
        return page.total

    with app.test_request_context():
        for name, filters in QUERIES.items():
            ms, total = timed(lambda: search(filters), RUNS)
            print(f"{label:10} {name:42} {summary(ms)}   ({total} matches)")


if __name__ == "__main__":
    run(load, measure, LOADED)
