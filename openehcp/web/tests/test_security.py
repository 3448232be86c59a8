"""Security by default: error pages that reveal nothing, a strict Content-Security-Policy with no
inline script or style anywhere, HTTPS-only cookies and HSTS in production, a required SECRET_KEY,
and a health check that tells the load balancer when the database is gone."""

import json
from html.parser import HTMLParser

import pytest
from django.test import Client, RequestFactory
from pytest_django.asserts import assertContains

from openehcp.demo.users import DEMO_PASSWORD, ensure_demo_users
from openehcp.web import views
from openehcp.web.tests.commandline import openehcp_env, run_openehcp, run_python
from openehcp.web.tests.urls import SECRET_DETAIL

pytestmark = pytest.mark.django_db

PRODUCTION_KEY = "a-production-key-for-this-test-only-0123456789abcdefghijklmnop"


# Error pages -----------------------------------------------------------------------------------


@pytest.fixture
def failing_site(settings):
    settings.ROOT_URLCONF = "openehcp.web.tests.urls"
    return Client(raise_request_exception=False)


@pytest.mark.parametrize(
    ("path", "status", "title"),
    [
        ("/test-errors/400", 400, "Sorry, there is a problem with your request"),
        ("/test-errors/403", 403, "You do not have permission to see this page"),
        ("/no-such-page", 404, "Page not found"),
        ("/test-errors/500", 500, "Sorry, there is a problem with the service"),
    ],
)
def test_error_pages_are_govuk_pages_that_reveal_nothing(failing_site, path, status, title):
    response = failing_site.get(path)
    assert response.status_code == status
    html = response.content.decode()
    assert f'<h1 class="govuk-heading-l">{title}</h1>' in html
    assert f"<title>{title} – OpenEHCP" in html
    assert "govuk-footer" in html
    assert SECRET_DETAIL not in html
    assert "Traceback" not in html
    assert "RuntimeError" not in html


def test_the_500_page_does_not_touch_the_database(django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = views.server_error(request)
    assert response.status_code == 500
    assert b"Sorry, there is a problem with the service" in response.content


def test_a_form_sent_without_a_csrf_token_gets_a_govuk_page():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/account/sign-in", {"username": "a", "password": "b"})
    assert response.status_code == 403
    assertContains(response, "Sorry, we could not save what you entered", status_code=403)
    assert "CSRF" not in response.content.decode()


# Content-Security-Policy and inline code --------------------------------------------------------


class InlineCodeFinder(HTMLParser):
    """Everything a strict CSP (script-src 'self'; style-src 'self') would block."""

    def __init__(self):
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and not attributes.get("src"):
            self.problems.append("inline <script>")
        if tag == "style":
            self.problems.append("<style> element")
        if "style" in attributes:
            self.problems.append(f"style attribute on <{tag}>")
        self.problems.extend(
            f"{name} handler on <{tag}>" for name in attributes if name.startswith("on")
        )
        if (attributes.get("href") or "").strip().lower().startswith("javascript:"):
            self.problems.append(f"javascript: link on <{tag}>")


def inline_code(html: str) -> list[str]:
    finder = InlineCodeFinder()
    finder.feed(html)
    return finder.problems


def test_the_finder_finds_inline_code():
    assert inline_code(
        '<script>x()</script><p style="color:red" onclick="y()"><a href="javascript:z()">'
    ) == [
        "inline <script>",
        "style attribute on <p>",
        "onclick handler on <p>",
        "javascript: link on <a>",
    ]
    assert inline_code('<script src="/static/js/init.js"></script>') == []


def assert_strict_policy(response):
    policy = response["Content-Security-Policy"]
    directives = dict(
        (part.split()[0], part.split()[1:]) for part in policy.split(";") if part.strip()
    )
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def same_site_links(html: str) -> set[str]:
    class Links(HTMLParser):
        def __init__(self):
            super().__init__()
            self.found = set()

        def handle_starttag(self, tag, attrs):
            href = dict(attrs).get("href") or ""
            if tag == "a" and href.startswith("/") and not href.startswith("//"):
                self.found.add(href.split("#")[0])

    parser = Links()
    parser.feed(html)
    return parser.found - {"", "/account/sign-out"}


def test_public_pages_have_a_strict_policy_and_no_inline_code(client):
    failed = client.post("/account/sign-in", {"username": "nobody", "password": "wrong"})
    for response in (
        client.get("/account/sign-in"),
        failed,
        client.get("/accessibility"),
        client.get("/privacy"),
        client.get("/no-such-page"),
    ):
        assert_strict_policy(response)
        assert inline_code(response.content.decode()) == [], response.request["PATH_INFO"]


def test_no_page_a_demo_user_reaches_from_home_has_inline_code(client):
    """Each role's home page and every page it links to (pages other apps add are covered)."""
    for login in ensure_demo_users():
        signed_in = client.post(
            "/account/sign-in",
            {"username": login.username, "password": DEMO_PASSWORD},
            follow=True,
        )
        home = signed_in.content.decode()
        assert signed_in.status_code == 200, login.username
        assert inline_code(home) == [], f"home for {login.username}"
        for path in sorted(same_site_links(home)):
            response = client.get(path)
            assert response.status_code < 500, f"{path} for {login.username}"
            if response["Content-Type"].startswith("text/html"):
                assert_strict_policy(response)
                assert inline_code(response.content.decode()) == [], f"{path} for {login.username}"
        client.post("/account/sign-out")


# Configuration from the environment -------------------------------------------------------------


def test_debug_is_off_outside_the_demo(settings):
    assert settings.MODE == "test"
    assert settings.DEBUG is False


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = run_openehcp("check", env=openehcp_env(tmp_path, mode="production"))
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "openehcp: SECRET_KEY must be set in production (OPENEHCP_MODE=production)"
    )


def test_production_passes_djangos_deployment_checks(tmp_path):
    env = openehcp_env(
        tmp_path, mode="production", SECRET_KEY=PRODUCTION_KEY, ALLOWED_HOSTS="send.example.gov.uk"
    )
    result = run_openehcp("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


PRODUCTION_PROBE = """
import json
from django.conf import settings
from django.test import Client

client = Client()
plain = client.get("/account/sign-in")
health = client.get("/healthz")
secure = client.get("/healthz", secure=True)
proxied = client.get("/healthz", headers={"x-forwarded-proto": "https"})
print(json.dumps({
    "debug": settings.DEBUG,
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
    "csrf_cookie_secure": settings.CSRF_COOKIE_SECURE,
    "session_cookie_httponly": settings.SESSION_COOKIE_HTTPONLY,
    "email_backend": settings.EMAIL_BACKEND,
    "plain": [plain.status_code, plain.get("Location")],
    "health": [health.status_code, health.get("Strict-Transport-Security")],
    "secure_hsts": secure.get("Strict-Transport-Security"),
    "proxied_hsts": proxied.get("Strict-Transport-Security"),
}))
"""


def test_production_is_https_only_with_hsts_and_secure_cookies(tmp_path):
    env = openehcp_env(
        tmp_path, mode="production", SECRET_KEY=PRODUCTION_KEY, ALLOWED_HOSTS="testserver"
    )
    result = run_python(PRODUCTION_PROBE, env=env)
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    hsts = "max-age=31536000; includeSubDomains"
    assert seen == {
        "debug": False,
        "session_cookie_secure": True,
        "csrf_cookie_secure": True,
        "session_cookie_httponly": True,
        "email_backend": "django.core.mail.backends.smtp.EmailBackend",
        # Plain HTTP is sent to HTTPS, except the load balancer's health check.
        "plain": [301, "https://testserver/account/sign-in"],
        "health": [200, None],
        "secure_hsts": hsts,
        "proxied_hsts": hsts,
    }


def test_demo_mode_is_plain_http_with_debug(tmp_path):
    probe = (
        "from django.conf import settings\n"
        "print(settings.DEBUG, settings.SESSION_COOKIE_SECURE, settings.SECURE_HSTS_SECONDS)\n"
    )
    result = run_python(probe, env=openehcp_env(tmp_path, mode="demo"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "False", "0"]


# Health check ------------------------------------------------------------------------------------


def test_healthz_reports_503_when_the_database_is_unreachable(tmp_path):
    probe = (
        "from django.test import Client\n"
        "response = Client().get('/healthz')\n"
        "print(response.status_code, response.content.decode())\n"
    )
    env = openehcp_env(
        tmp_path, mode="test", database=tmp_path / "no-such-directory" / "db.sqlite3"
    )
    result = run_python(probe, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == '503 {"status": "error", "database": "unavailable"}'
