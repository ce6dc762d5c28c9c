"""The health check a monitor polls and the administrator's system page."""
from sqlalchemy import text

from webapp.extensions import db


def test_health_check_answers_ok_without_a_session(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok", "migrations": "current"}
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers


def test_health_check_fails_when_the_schema_is_behind_the_code(app, client):
    with app.app_context():
        head = db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
        db.session.execute(text("UPDATE alembic_version SET version_num = 'old'"))
        db.session.commit()
    try:
        response = client.get("/healthz")
        assert response.status_code == 503
        assert response.get_json()["migrations"] == "behind"
    finally:  # PostgreSQL keeps alembic_version between tests: put the head back
        with app.app_context():
            db.session.execute(text("UPDATE alembic_version SET version_num = :head"), {"head": head})
            db.session.commit()


def test_health_check_fails_when_the_database_is_gone(make_app, tmp_path):
    app = make_app(SQLALCHEMY_DATABASE_URI="sqlite:///" + str(tmp_path / "missing" / "no.sqlite3"))
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "error", "database": "unreachable"}


def test_administrator_sees_version_schema_and_sealing_key(app, client, login_as):
    from webapp.ops.views import app_version
    from webapp.pwa.sealing import active_key

    with app.app_context():
        kid = active_key().kid
        head = db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    login_as("admin")
    page = client.get("/admin/system").get_data(as_text=True)
    assert kid in page
    assert head in page
    assert app_version() in page


def test_system_page_is_for_administrators_only(client, login_as):
    login_as("commune")
    assert client.get("/admin/system").status_code == 403
