"""The application factory and its configuration."""
import pytest

from webapp import create_app
from webapp.config import ConfigError


def test_testing_config_is_applied(app):
    assert app.testing
    assert app.config["BABEL_DEFAULT_LOCALE"] == "vi"


def test_default_database_is_sqlite_in_instance_folder(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    app = create_app({"SECRET_KEY": "x"})
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("instance/sen.sqlite3")


def test_database_url_uses_psycopg3(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://sen@db.example/sen")
    app = create_app({"SECRET_KEY": "x"})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://sen@db.example/sen"


def test_production_requires_a_secret_key(monkeypatch):
    monkeypatch.setenv("SEN_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379")
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app()


def test_production_refuses_per_process_throttle_storage(monkeypatch):
    monkeypatch.setenv("SEN_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    with pytest.raises(ConfigError, match="RATELIMIT_STORAGE_URI"):
        create_app()


def test_production_cookies_are_secure(monkeypatch):
    monkeypatch.setenv("SEN_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379")
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_demo_data_is_refused_in_production(make_app):
    app = make_app(SEN_ENV="production")
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 1
    assert "dữ liệu dùng thử" in result.output


def test_demo_creates_accounts_and_invented_cases_once(make_app):
    from sqlalchemy import func, select

    from webapp.extensions import db
    from webapp.models import Case, User

    app = make_app()
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert runner.invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 7
        assert db.session.scalar(select(func.count()).select_from(Case)) == 3
        assert {u.role for u in db.session.scalars(select(User))} == {
            "admin", "province", "commune", "shelter", "volunteer", "trainer"}


def _production(monkeypatch, **env):
    monkeypatch.setenv("SEN_ENV", "production")
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379")
    monkeypatch.setenv("SECRET_KEY", "k" * 48)
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)


@pytest.mark.parametrize("secret", ["change-me", "replace-with-a-long-random-secret", "short-but-random-7f3a"])
def test_production_refuses_a_placeholder_or_short_secret_key(monkeypatch, secret):
    _production(monkeypatch, SECRET_KEY=secret)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app()


def test_production_refuses_the_debugger(monkeypatch):
    _production(monkeypatch, FLASK_DEBUG="1")
    with pytest.raises(ConfigError, match="FLASK_DEBUG"):
        create_app()


def test_production_server_refuses_to_start_on_demo_accounts(make_app, monkeypatch, db_url):
    from webapp.wsgi import build

    make_app().test_cli_runner().invoke(args=["demo"])
    _production(monkeypatch, DATABASE_URL=db_url)
    with pytest.raises(ConfigError, match="demo"):
        build()


def test_production_server_starts_on_a_database_without_demo_accounts(make_app, monkeypatch, db_url):
    from webapp.wsgi import build

    make_app()
    _production(monkeypatch, DATABASE_URL=db_url)
    app = build()
    assert app.config["SEN_ENV"] == "production"
    assert not app.debug


def test_demo_gives_an_older_demo_account_its_current_name(make_app):
    from sqlalchemy import select

    from webapp.extensions import db
    from webapp.models import User

    app = make_app()
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        db.session.scalar(select(User).where(User.username == "phunu")).full_name = "Tình nguyện viên Hội Phụ nữ"
        db.session.commit()
    assert runner.invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        names = {u.username: u.full_name for u in db.session.scalars(select(User))}
    assert names["phunu"] == "Tình nguyện viên Hội Liên hiệp Phụ nữ"
    assert names["trungtam"] == "Cán bộ Trung tâm Bảo trợ xã hội"
