"""Configuration: defaults, then the environment (read inside functions, never at import)."""
from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class ConfigError(RuntimeError):
    """Raised when the environment asks for something unsafe or impossible."""


def _normalise_database_url(url: str) -> str:
    """Make a plain postgres URL use psycopg 3, the driver we ship."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _instance_secret(instance_path: str) -> str:
    """A development secret kept in the instance folder so restarts keep sessions."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


# Values that appear in examples and guides; a server started with one of them has a public secret.
PLACEHOLDER_SECRETS = frozenset({
    "change-me", "changeme", "secret", "dev", "development", "test-secret",
    "replace-with-a-long-random-secret",
})
MIN_SECRET_LENGTH = 32


def _weak_secret(value: str) -> bool:
    value = value.strip()
    return value.lower() in PLACEHOLDER_SECRETS or len(value) < MIN_SECRET_LENGTH


def defaults(instance_path: str) -> dict:
    """Settings that hold unless the environment or a test says otherwise."""
    return {
        "SEN_ENV": "development",
        "SQLALCHEMY_DATABASE_URI": "sqlite:///" + str(Path(instance_path) / "sen.sqlite3"),
        # hide_parameters: a database error names the statement, never the values (a name, a phone number) in it.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "hide_parameters": True},
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
        "MAX_FORM_MEMORY_SIZE": 1024 * 1024,
        "BABEL_DEFAULT_LOCALE": "vi",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Ho_Chi_Minh",
        "BABEL_TRANSLATION_DIRECTORIES": str(PROJECT_ROOT / "translations"),
        "LANGUAGES": ("vi", "en"),
        "HOME_PROVINCE_CODE": "82",
        "SESSION_COOKIE_NAME": "sen_session",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": False,
        "SESSION_IDLE_TIMEOUT": timedelta(minutes=60),
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=12),
        # The cookie is written when the session changes (sign-in, a message, the CSRF token), not re-signed on
        # every page: the server-side session ends PERMANENT_SESSION_LIFETIME after sign-in and after
        # SESSION_IDLE_TIMEOUT without a visit whatever the cookie says, so refreshing it bought nothing.
        "SESSION_REFRESH_EACH_REQUEST": False,
        "WTF_CSRF_TIME_LIMIT": 12 * 3600,
        "RATELIMIT_STORAGE_URI": "memory://",
        "RATELIMIT_STRATEGY": "moving-window",
        "RATELIMIT_HEADERS_ENABLED": False,
        "LOGIN_LIMIT_ACCOUNT": "5 per 15 minutes",
        "LOGIN_LIMIT_ADDRESS": "30 per 15 minutes",
        "PASSWORD_MIN_LENGTH": 10,
        "PROXY_FIX_HOPS": 0,
        "PAGE_SIZE": 25,
        # A follow-up visit due within this many days, or overdue, stands out in "my work".
        "FOLLOWUP_REMINDER_DAYS": 3,
        # Accept outbox entries sealed before entries were bound to their account (to a legacy key).
        # Turn off once the administrator's outbox page shows none arriving any more.
        "OUTBOX_ACCEPT_UNBOUND": True,
        "OUTREACH_EDIT_DAYS": 7,
        # Age groups of the reports, as age at the reception date: "first-last" or "first-" for the open group.
        "REPORT_AGE_GROUPS": "0-15,16-17,18-29,30-44,45-",
        # A commune's or centre's report stands out in "my work" from this many days before its deadline.
        "REPORT_REMINDER_DAYS": 10,
        # A report exported for sharing outside the office hides counts below this (shown "<5"), and the cells
        # that would let a hidden count be worked out from a total (webapp/reports/suppress.py).
        "REPORT_SUPPRESS_BELOW": 5,
    }


def _age_groups(value: str) -> str:
    """Check REPORT_AGE_GROUPS ("0-15,16-17,…,45-"): groups in order, without gaps, from 0, the last one open."""
    expected = 0
    parts = [p.strip() for p in value.split(",")]
    if parts[-1].partition("-")[2]:
        raise ConfigError(f"REPORT_AGE_GROUPS: the last group must be open, e.g. 45-; not {value!r}")
    for index, part in enumerate(parts):
        first, dash, last = part.partition("-")
        open_ended = index == len(parts) - 1 and dash and not last
        if not dash or not first.isdigit() or int(first) != expected or not (open_ended or last.isdigit()) or \
                (not open_ended and int(last) < int(first)):
            raise ConfigError(f"REPORT_AGE_GROUPS: groups must follow each other from 0, e.g. 0-15,16-17,18-; "
                              f"not {value!r}")
        expected = int(last) + 1 if last else expected
    return value


def from_environment(instance_path: str) -> dict:
    """Read the settings the environment may set, and check production is safe.

    Raises ConfigError when production mode lacks a secret key or shared
    rate-limit storage.
    """
    env = os.environ
    settings: dict = {}
    mode = env.get("SEN_ENV", "development")
    settings["SEN_ENV"] = mode
    if env.get("DATABASE_URL"):
        settings["SQLALCHEMY_DATABASE_URI"] = _normalise_database_url(env["DATABASE_URL"])
    if env.get("RATELIMIT_STORAGE_URI"):
        settings["RATELIMIT_STORAGE_URI"] = env["RATELIMIT_STORAGE_URI"]
    if env.get("OUTREACH_EDIT_DAYS"):
        settings["OUTREACH_EDIT_DAYS"] = int(env["OUTREACH_EDIT_DAYS"])
    if env.get("SESSION_IDLE_MINUTES"):
        settings["SESSION_IDLE_TIMEOUT"] = timedelta(minutes=int(env["SESSION_IDLE_MINUTES"]))
    if env.get("SESSION_MAX_HOURS"):
        hours = int(env["SESSION_MAX_HOURS"])
        settings["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=hours)
        settings["WTF_CSRF_TIME_LIMIT"] = hours * 3600
    if env.get("OUTBOX_ACCEPT_UNBOUND"):
        settings["OUTBOX_ACCEPT_UNBOUND"] = env["OUTBOX_ACCEPT_UNBOUND"].strip().lower() not in ("0", "false", "no", "off")
    if env.get("PROXY_FIX_HOPS"):
        settings["PROXY_FIX_HOPS"] = int(env["PROXY_FIX_HOPS"])
    if env.get("FOLLOWUP_REMINDER_DAYS"):
        settings["FOLLOWUP_REMINDER_DAYS"] = int(env["FOLLOWUP_REMINDER_DAYS"])
    if env.get("REPORT_AGE_GROUPS"):
        settings["REPORT_AGE_GROUPS"] = _age_groups(env["REPORT_AGE_GROUPS"])
    if env.get("REPORT_REMINDER_DAYS"):
        settings["REPORT_REMINDER_DAYS"] = int(env["REPORT_REMINDER_DAYS"])
    if env.get("REPORT_SUPPRESS_BELOW"):
        settings["REPORT_SUPPRESS_BELOW"] = max(1, int(env["REPORT_SUPPRESS_BELOW"]))
    if mode == "production":
        if not env.get("SECRET_KEY"):
            raise ConfigError("SECRET_KEY must be set when SEN_ENV=production")
        if _weak_secret(env["SECRET_KEY"]):
            raise ConfigError(
                "SECRET_KEY is a placeholder or shorter than 32 characters: make one with "
                "`python3 -c 'import secrets; print(secrets.token_urlsafe(48))'`"
            )
        if env.get("FLASK_DEBUG", "").strip().lower() in ("1", "true", "yes", "on"):
            raise ConfigError("FLASK_DEBUG must be off when SEN_ENV=production: the debugger runs any code sent to it")
        storage = settings.get("RATELIMIT_STORAGE_URI", "memory://")
        if storage.startswith("memory://"):
            raise ConfigError(
                "RATELIMIT_STORAGE_URI must name shared storage (e.g. redis://) in production, "
                "so login throttling holds across worker processes"
            )
        settings["SECRET_KEY"] = env["SECRET_KEY"]
        settings["SESSION_COOKIE_SECURE"] = True
    else:
        settings["SECRET_KEY"] = env.get("SECRET_KEY") or _instance_secret(instance_path)
    return settings
