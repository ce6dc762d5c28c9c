"""The security baseline: headers, CSRF, size limit, friendly error pages, no caching of signed-in pages."""
import pytest

from tests import factories
from tests.conftest import Browserish
from tests.test_access_matrix import sample_objects, url_for_rule


def test_every_response_carries_the_security_headers(client, login_as):
    login_as("admin")
    for url in ("/", "/login", "/admin/users", "/static/css/app.css", "/no-such-page", "/manifest.webmanifest"):
        response = client.get(url)
        response.close()
        headers = response.headers
        csp = headers["Content-Security-Policy"]
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        for directive in ("default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'",
                          "base-uri 'none'", "frame-ancestors 'none'"):
            assert directive in csp, (url, directive)
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"


def test_signed_in_pages_are_never_cached(client, login_as):
    login_as("admin")
    for url in ("/", "/admin/users", "/admin/audit"):
        response = client.get(url)
        assert response.headers["Cache-Control"] == "no-store"
        assert "HX-Request" in response.headers["Vary"]


def test_session_cookie_is_httponly_and_samesite(client, login_as):
    login_as("commune")
    cookie = client.client.get_cookie("sen_session")
    assert cookie.http_only
    assert cookie.same_site == "Lax"


def test_templates_have_no_inline_scripts_styles_or_handlers():
    import pathlib
    import re

    root = pathlib.Path(__file__).resolve().parent.parent / "templates"
    pattern = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\sstyle=|\son[a-z]+=", re.I)
    offenders = [str(p) for p in root.rglob("*.html") if pattern.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_post_without_csrf_token_is_refused(app, client, login_as):
    login_as("commune")
    response = client.post("/logout", csrf=False)
    assert response.status_code == 400
    assert "tải lại trang" in response.get_data(as_text=True)
    assert client.get("/").status_code == 200  # still signed in: the logout did not happen


def test_htmx_request_may_send_the_token_in_a_header(app, client, login_as):
    login_as("admin")
    token = client.csrf()
    response = client._isolated(client.client.post, "/admin/users", data={"q": ""},
                                headers={"X-CSRFToken": token, "HX-Request": "true"})
    assert response.status_code == 200
    assert response.get_data(as_text=True).lstrip().startswith('<div id="user-list"')


def test_login_without_csrf_token_is_refused(client):
    response = client.post("/login", {"username": "x", "password": "y"}, csrf=False)
    assert response.status_code == 400


def test_oversized_request_gets_a_clear_413_page(make_app):
    app = make_app(MAX_CONTENT_LENGTH=1024)
    client = Browserish(app)
    response = client.post("/login", {"username": "x" * 5000, "password": "y"}, csrf=False)
    assert response.status_code == 413
    assert "quá lớn" in response.get_data(as_text=True).lower()


@pytest.mark.parametrize("url, code, text", [("/no-such-page", 404, "Không tìm thấy")])
def test_error_pages_are_friendly_and_vietnamese(client, login_as, url, code, text):
    login_as("commune")
    response = client.get(url)
    assert response.status_code == code
    assert text in response.get_data(as_text=True)


def test_forbidden_page_is_vietnamese(client, login_as):
    login_as("commune")
    response = client.get("/admin/users")
    assert response.status_code == 403
    assert "không có quyền" in response.get_data(as_text=True).lower()


def test_server_error_page_is_friendly_and_nothing_leaks(make_app, ctx):
    app = make_app(PROPAGATE_EXCEPTIONS=False)

    @app.route("/boom")
    def boom():
        raise RuntimeError("secret internals")

    boom.access = "public"
    response = Browserish(app).get("/boom")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "secret internals" not in body and "Traceback" not in body
    assert "Chưa có dữ liệu nào được lưu" in body


def test_htmx_is_configured_to_keep_no_history_in_browser_storage(client):
    page = client.get("/login").get_data(as_text=True)
    assert '"historyCacheSize":0' in page
    assert '"includeIndicatorStyles":false' in page


@pytest.mark.parametrize("role", [None, "commune", "province", "shelter", "admin"])
def test_every_post_route_refuses_a_request_without_csrf_token(app, role):
    """No route is exempt: the new ones (protection, outside answers, eligibility, closure, visits, outbox admin,
    reception matches) included, whoever posts, anonymous too."""
    with app.app_context():
        objs = sample_objects()
        user = factories.create_user(role) if role else None
    client = Browserish(app)
    if user is not None:
        assert client.login(user.username).status_code == 303
    answered = {}
    for rule in app.url_map.iter_rules():
        if "POST" in rule.methods and rule.endpoint != "auth.logout":
            url = url_for_rule(rule, objs)
            answered[url] = client.post(url, {"submission_id": "0f8e2c1a-1b2c-4d3e-8f9a-0b1c2d3e4f5a"},
                                        csrf=False).status_code
    assert {url: status for url, status in answered.items() if status != 400} == {}
