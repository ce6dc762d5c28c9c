"""Static file URLs that change when the file changes, so browsers may cache them for long."""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from flask import current_app, has_request_context, request, url_for


@lru_cache(maxsize=256)
def _digest(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:10]


@lru_cache(maxsize=256)
def _versioned(static_folder: str, script_root: str, filename: str) -> str:
    return url_for("static", filename=filename, v=_digest(str(Path(static_folder) / filename)))


def static_url(filename: str) -> str:
    """The file's URL with its digest; built once per worker, as the digest is (a page names a file six times)."""
    if not has_request_context():
        return _versioned.__wrapped__(current_app.static_folder, "", filename)
    return _versioned(current_app.static_folder, request.script_root, filename)


YEAR = 365 * 24 * 3600


def init_app(app) -> None:
    app.jinja_env.globals["static"] = static_url

    @app.after_request
    def cache_versioned_files(response):
        # A URL with ?v=<digest> never changes content: on 2G, not even a revalidation is worth it.
        if request.endpoint == "static" and request.args.get("v") and response.status_code == 200:
            response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
        return response
