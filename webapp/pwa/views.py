"""What makes Sen installable: the manifest, under a name that says nothing about the work."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from flask import Blueprint, current_app, jsonify, make_response, render_template, url_for

from webapp.assets import static_url
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
                 "purpose": "any"},
                {"src": url_for("static", filename="icons/sen-192.png"), "sizes": "192x192", "type": "image/png"},
                {"src": url_for("static", filename="icons/sen-512.png"), "sizes": "512x512", "type": "image/png"},
            ],
        }
    )
    response.mimetype = "application/manifest+json"
    return response


SHELL_FILES = ("css/app.css", "js/app.js", "js/steps.js", "vendor/htmx-2.0.8.min.js", "icons/sen.svg",
               "icons/sen-192.png")


@bp.route("/sw.js")
@public
def service_worker():
    """The service worker, from the root so it controls every page; its version follows the files it keeps."""
    shell = [url_for("pwa.offline"), url_for("pwa.manifest")] + [static_url(name) for name in SHELL_FILES]
    source = (Path(current_app.static_folder) / "js" / "sw.js").read_text(encoding="utf-8")
    version = hashlib.sha256((source + "".join(shell)).encode("utf-8")).hexdigest()[:12]
    config = {"version": version, "shell": shell, "offline": url_for("pwa.offline")}
    response = make_response(f"self.SEN = {json.dumps(config)};\n{source}")
    response.mimetype = "text/javascript"
    response.headers["Service-Worker-Allowed"] = "/"
    return response


@bp.route("/offline")
@public
def offline():
    """Shown by the service worker when a page cannot be reached; holds nothing personal."""
    return render_template("pwa/offline.html")
