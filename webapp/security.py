"""Security headers on every response, and no caching of anything a signed-in user sees."""
from __future__ import annotations

from flask import request

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "manifest-src 'self'",
        "worker-src 'self'",
        "form-action 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ]
)

HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}

# The service worker script: the browser checks it for updates on most visits, so a check that finds
# nothing new should cost a 304 (it carries an ETag), not a full download. Nothing else is kept.
REVALIDATED = frozenset({"pwa.service_worker"})


def init_app(app) -> None:
    @app.after_request
    def add_security_headers(response):
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if app.config["SESSION_COOKIE_SECURE"]:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        if request.endpoint in REVALIDATED:
            # Holds nothing personal and is the same for everyone: the browser may keep it, asking each time.
            response.headers["Cache-Control"] = "no-cache"
        elif request.endpoint != "static":
            # Pages may hold personal data or a CSRF token: never keep them in any cache.
            response.headers["Cache-Control"] = "no-store"
            response.headers["Pragma"] = "no-cache"
            response.vary.update(("HX-Request", "Cookie"))
        return response
