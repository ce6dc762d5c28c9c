"""Sen: the application factory."""
from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from webapp.config import PROJECT_ROOT, defaults, from_environment


def create_app(config: dict | None = None) -> Flask:
    """Build the app: defaults, then the environment, then `config` (tests pass theirs here)."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    from webapp.web import BoundedIntConverter

    app.url_map.converters["int"] = BoundedIntConverter
    app.config.from_mapping(defaults(app.instance_path))
    app.config.from_mapping(from_environment(app.instance_path))
    if config:
        app.config.from_mapping(config)
    if app.config["PROXY_FIX_HOPS"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PROXY_FIX_HOPS"], x_proto=1)

    from webapp import db as transactions

    transactions.init_app(app)  # first of the request hooks: before anything reads the database
    _init_extensions(app)
    _register_blueprints(app)

    from webapp import assets, cli, errors, i18n, security, web

    errors.register_error_pages(app)
    i18n.init_app(app)
    security.init_app(app)
    assets.init_app(app)
    web.init_app(app)
    cli.init_app(app)
    from webapp.pwa import protocol

    protocol.init_app(app)  # after the CSRF check, so sealed entries are opened only once it passed
    return app


def _init_extensions(app: Flask) -> None:
    from webapp.extensions import babel, csrf, db, htmx, limiter, login, migrate
    from webapp.i18n import select_locale, select_timezone

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    from webapp import csrf_mask

    csrf_mask.init_app(app)  # tokens handed out are masked afresh each time (safe to compress pages)
    htmx.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    login.init_app(app)

    # Models must be imported so that metadata and Alembic see every table.
    from webapp import models  # noqa: F401
    from webapp.auth import session_loader

    session_loader.init_login(login)


def _register_blueprints(app: Flask) -> None:
    from webapp.audit.views import bp as audit_bp
    from webapp.auth.views import bp as auth_bp
    from webapp.cases.views import bp as cases_bp
    from webapp.catalogues.views import bp as catalogues_bp
    from webapp.followups.views import bp as followups_bp
    from webapp.main.views import bp as main_bp
    from webapp.ops.views import bp as ops_bp
    from webapp.outreach.views import bp as outreach_bp
    from webapp.places.views import bp as places_bp
    from webapp.protection.views import bp as protection_bp
    from webapp.pwa.admin import bp as outbox_admin_bp
    from webapp.pwa.views import bp as pwa_bp
    from webapp.referrals.views import bp as referrals_bp
    from webapp.reports.budget_views import bp as budget_bp
    from webapp.reports.target_views import bp as targets_bp
    from webapp.reports.target_views import dashboard_bp
    from webapp.reports.views import bp as reports_bp
    from webapp.supervision.views import bp as supervision_bp
    from webapp.support.views import bp as support_bp
    from webapp.tipoffs.views import bp as tipoffs_bp
    from webapp.training.views import bp as training_bp
    from webapp.users.views import bp as users_bp

    blueprints = (
        main_bp,
        auth_bp,
        cases_bp,
        referrals_bp,
        followups_bp,
        protection_bp,
        support_bp,
        tipoffs_bp,
        outreach_bp,
        training_bp,
        reports_bp,
        targets_bp,
        dashboard_bp,
        supervision_bp,
        budget_bp,
        users_bp,
        places_bp,
        catalogues_bp,
        audit_bp,
        pwa_bp,
        outbox_admin_bp,
        ops_bp,
    )
    for blueprint in blueprints:
        app.register_blueprint(blueprint)
