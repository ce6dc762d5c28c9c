"""What makes Sen installable: the manifest, under a name that says nothing about the work."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from flask import Blueprint, current_app, g, jsonify, make_response, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.assets import static_url
from webapp.auth.access import public
from webapp.csrf_mask import generate_csrf
from webapp.extensions import db
from webapp.pwa import protocol
from webapp.pwa.sealing import binding_info, public_key_info

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


SHELL_FILES = ("css/app.css", "js/app.js", "js/validate.js", "js/steps.js", "js/outbox.js", "js/attendance.js",
               "vendor/htmx-2.0.8.min.js",
               "icons/sen.svg", "icons/sen-192.png")


def offline_forms() -> list[dict]:
    """The forms the phone keeps blank copies of (`blank`) or only queues: path, kind and a label for the outbox."""
    return [{"path": url_for(endpoint), "kind": kind, "label": str(label), "blank": endpoint not in protocol.NO_BLANK}
            for endpoint, (kind, label) in sorted(protocol.OFFLINE_FORMS.items())]


def _templates_stamp() -> str:
    """A digest of the templates: the pages kept on the phone change with them."""
    stamp = current_app.extensions.get("sen_templates_stamp")
    if stamp is None or current_app.debug:
        digest = hashlib.sha256()
        for path in sorted(Path(current_app.template_folder).rglob("*.html")):
            digest.update(path.read_bytes())
        stamp = current_app.extensions["sen_templates_stamp"] = digest.hexdigest()
    return stamp


@bp.route("/sw.js")
@public
def service_worker():
    """The service worker, from the root so it controls every page; its version follows what it keeps."""
    key = public_key_info()
    shell = [url_for("pwa.offline"), url_for("pwa.outbox"), url_for("pwa.sealing_key"), url_for("pwa.manifest")]
    shell += [static_url(name) for name in SHELL_FILES]
    forms = offline_forms()
    source = (Path(current_app.static_folder) / "js" / "sw.js").read_text(encoding="utf-8")
    stamp = json.dumps([source, shell, forms, key["kid"], _templates_stamp(),
                        current_app.config.get("SEN_BUILD", "")], sort_keys=True)
    config = {
        "version": hashlib.sha256(stamp.encode("utf-8")).hexdigest()[:12],
        "shell": shell,
        "offline": url_for("pwa.offline"),
        "outbox": url_for("pwa.outbox"),
        "key": url_for("pwa.sealing_key"),
        "token": url_for("pwa.outbox_token"),
        "forms": forms,
    }
    body = f"self.SEN = {json.dumps(config, ensure_ascii=False)};\n{source}"
    response = make_response(body)
    response.mimetype = "text/javascript"
    response.headers["Service-Worker-Allowed"] = "/"
    # The browser checks for a new worker on most visits: an unchanged one costs a 304 (see webapp/security.py).
    response.set_etag(hashlib.sha256(body.encode("utf-8")).hexdigest()[:32])
    return response.make_conditional(request)


@bp.route("/offline")
@public
def offline():
    """Shown by the service worker when a page cannot be reached; holds nothing personal."""
    g.sen_blank = True
    return render_template("pwa/offline.html", forms=offline_forms())


@bp.route("/outbox")
@public
def outbox():
    """What waits on this phone. The page is a shell kept on the phone; the list comes from the phone itself."""
    g.sen_blank = True
    return render_template("pwa/outbox.html", forms=offline_forms())


@bp.route("/outbox/key")
@public
def sealing_key():
    """The public key phones seal queued entries with."""
    return jsonify(public_key_info())


@bp.route("/outbox/token")
@public
def outbox_token():
    """Asked by the worker: is the server reachable, who is signed in, a fresh CSRF token, and the
    account's binding key (the worker signs every entry it seals with it; see sealing.py).

    Answers 401 instead of the login page, so the outbox pauses and asks the officer to sign in, and
    says when the account was disabled; a password change that is due answers 403 "password" (auth).
    Sent no-store, like every page.
    """
    if not current_user.is_authenticated:
        if g.get("sen_account_disabled"):
            return protocol.refusal(401, "disabled", [_("This account has been disabled, so what waits on this phone "
                                                        "cannot be sent. Contact your administrator.")])
        return protocol.refusal(401, "session", [_("Your session has ended. Sign in again to send what is waiting.")])
    binding = binding_info(current_user.id)
    db.session.commit()
    return jsonify({"user": str(current_user.id), "csrf": generate_csrf(), "binding": binding})
