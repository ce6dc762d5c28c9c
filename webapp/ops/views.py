"""`/healthz` for monitors and the proxy; `/admin/system` tells an administrator what is running."""
from __future__ import annotations

from importlib import metadata

from alembic.script import ScriptDirectory
from flask import Blueprint, current_app, jsonify, render_template
from sqlalchemy import select, text
from sqlalchemy.exc import SQLAlchemyError

from webapp.auth.access import permission_required, public
from webapp.auth.roles import Permission
from webapp.config import PROJECT_ROOT
from webapp.db import reads_only
from webapp.extensions import db

bp = Blueprint("ops", __name__)


def app_version() -> str:
    try:
        return metadata.version("sen")
    except metadata.PackageNotFoundError:  # a checkout that was never installed
        return "unknown"


def migration_heads() -> tuple[str | None, tuple[str, ...]]:
    """The revision the database is at, and the head(s) this code expects."""
    current = db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    script = ScriptDirectory(str(PROJECT_ROOT / "migrations"))
    return current, tuple(script.get_heads())


@bp.route("/healthz")
@public
def healthz():
    """200 when the database answers and its schema is the one this code expects; 503 otherwise.

    Carries no session and no personal data: a monitor may poll it every few seconds.
    """
    try:
        current, heads = migration_heads()
    except SQLAlchemyError:
        db.session.rollback()
        current_app.logger.warning("healthz: database unreachable")
        return _health({"status": "error", "database": "unreachable"}, 503)
    if current not in heads:
        return _health({"status": "error", "database": "ok", "migrations": "behind"}, 503)
    return _health({"status": "ok", "database": "ok", "migrations": "current"}, 200)


def _health(body: dict, status: int):
    response = jsonify(body)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/admin/system")
@permission_required(Permission.MANAGE_USERS)
@reads_only
def system():
    """What an administrator checks after an upgrade: version, schema, sealing key, database kind."""
    from webapp.pwa.models import SealingKey

    current, heads = migration_heads()
    keys = db.session.execute(select(SealingKey.kid, SealingKey.created_at, SealingKey.legacy)
                              .order_by(SealingKey.created_at.desc())).all()
    return render_template(
        "ops/system.html", version=app_version(), current=current, heads=heads, keys=keys,
        dialect=db.engine.dialect.name, mode=current_app.config["SEN_ENV"])
