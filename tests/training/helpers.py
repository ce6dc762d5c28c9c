"""Factories for training tests: a course with its sessions and a roster."""
from __future__ import annotations

from datetime import date, time

from webapp.extensions import db
from webapp.training import services
from webapp.training.models import TrainingCourse

THIS_YEAR = 2026


def create_course(sessions: int = 1, participants: int = 0, **kw) -> TrainingCourse:
    values = {"title": "Nhận diện mua bán người", "organiser": "Sở Y tế", "starts_on": date(2026, 11, 2),
              "ends_on": date(2026, 11, 6), "place": "Hội trường UBND tỉnh", "audience": "commune_officers",
              "topics": "Luật Phòng, chống mua bán người 2024"}
    values.update(kw)
    course = services.save_course(None, values, type("U", (), {"id": None})())
    for day in range(sessions):
        services.add_session(course, date(2026, 11, 2 + day), time(8, 0), time(11, 30))
    for n in range(participants):
        services.add_participant(course, {"full_name": f"Người học {n + 1:02d}", "sex": "female" if n % 2 else "male",
                                          "birth_year": 1980 + n % 20, "agency": "UBND xã", "position": "Cán bộ",
                                          "phone": f"09{n:08d}"}, THIS_YEAR)
    db.session.commit()
    return course
