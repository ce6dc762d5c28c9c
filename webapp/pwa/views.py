"""What makes Sen installable: the manifest, under a name that says nothing about the work."""
from __future__ import annotations

from flask import Blueprint, jsonify, url_for

from webapp.auth.access import public

bp = Blueprint("pwa", __name__)


@bp.route("/manifest.webmanifest")
@public
def manifest():
    response = jsonify(
        {
            "name": "Sen",
            "short_name": "Sen",
            "lang": "vi",
            "start_url": url_for("main.home"),
            "scope": "/",
            "display": "standalone",
            "background_color": "#f7f5ef",
            "theme_color": "#2f6b4f",
            "icons": [
                {"src": url_for("static", filename="icons/sen.svg"), "sizes": "any", "type": "image/svg+xml",
                 "purpose": "any"}
            ],
        }
    )
    response.mimetype = "application/manifest+json"
    return response
