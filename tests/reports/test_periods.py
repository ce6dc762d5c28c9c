"""The reporting calendar: defaults from the 2025 plan, and the province changing a year before it starts."""
from datetime import date

from sqlalchemy import func, select

from tests import factories
from webapp.extensions import db
from webapp.reports import periods
from webapp.reports.models import ReportPeriod


def test_default_calendar_of_a_year(ctx):
    found = {p.kind: (p.starts_on, p.ends_on, p.due_on) for p in periods.year_periods(2026)}
    assert found == {
        "q1": (date(2025, 12, 1), date(2026, 2, 28), date(2026, 3, 8)),
        "h1": (date(2025, 12, 1), date(2026, 5, 31), date(2026, 6, 8)),
        "m9": (date(2025, 12, 1), date(2026, 8, 31), date(2026, 9, 8)),
        "year": (date(2025, 12, 1), date(2026, 11, 30), date(2026, 12, 8)),
    }
    assert periods.default_period(2028, "q1").ends_on == date(2028, 2, 29)  # a leap year


def test_current_period_is_the_next_deadline(ctx):
    assert periods.current_period(date(2026, 3, 8)).key == "2026-q1"  # the deadline day itself
    assert periods.current_period(date(2026, 3, 9)).key == "2026-h1"
    assert periods.current_period(date(2026, 12, 9)).key == "2027-q1"


def test_a_get_of_the_calendar_stores_nothing(app, client, login_as):
    login_as("admin")
    response = client.get("/reports/periods/2030")
    assert response.status_code == 200
    assert 'value="2030-03-08"' in response.get_data(as_text=True)  # editable: a date input
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ReportPeriod)) == 0


def test_province_changes_a_future_year_and_the_reports_use_it(app, client, login_as):
    login_as("province")
    response = client.post("/reports/periods/2030", {"kind": "q1", "starts_on": "2029-12-01",
                                                     "ends_on": "2030-02-28", "due_on": "2030-03-10"})
    assert response.status_code == 303
    with app.app_context():
        assert periods.get_period(2030, "q1").due_on == date(2030, 3, 10)
        assert periods.get_period(2030, "h1").due_on == date(2030, 6, 8)  # the others keep their defaults
    page = client.get("/reports/periods/2030").get_data(as_text=True)
    assert "2030-03-10" in page


def test_calendar_refuses_bad_windows_and_started_years(app, client, login_as):
    login_as("province")
    bad = client.post("/reports/periods/2030", {"kind": "q1", "starts_on": "2030-03-01", "ends_on": "2030-02-28",
                                                "due_on": "2030-03-10"})
    assert bad.status_code == 422
    assert "2030-03-01" in bad.get_data(as_text=True)  # what was typed stays in the form
    late = client.post("/reports/periods/2030", {"kind": "q1", "starts_on": "2029-12-01", "ends_on": "2030-02-28",
                                                 "due_on": "2030-02-01"})
    assert late.status_code == 422
    started = client.post("/reports/periods/2025", {"kind": "q1", "starts_on": "2024-12-01",
                                                    "ends_on": "2025-02-28", "due_on": "2025-03-10"})
    assert started.status_code == 422
    assert client.post("/reports/periods/2030", {"kind": "nope"}).status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ReportPeriod)) == 0


def test_only_the_province_and_the_administrator_change_the_calendar(app, client):
    with app.app_context():
        user = factories.create_user("commune")
    client.login(user.username)
    assert client.get("/reports/periods/2030").status_code == 403


def test_age_groups_setting_is_checked_at_start(monkeypatch, tmp_path):
    import pytest

    from webapp.config import ConfigError, from_environment

    monkeypatch.setenv("REPORT_AGE_GROUPS", "0-17,18-")
    assert from_environment(str(tmp_path))["REPORT_AGE_GROUPS"] == "0-17,18-"
    for bad in ("0-15,17-", "0-15,16-17", "1-17,18-", "under 16"):
        monkeypatch.setenv("REPORT_AGE_GROUPS", bad)
        with pytest.raises(ConfigError):
            from_environment(str(tmp_path))
