"""Real-browser tests: Playwright for Python drives Debian's Chromium against pytest-django's live
server, and axe-core checks every page against WCAG 2.2 A and AA.

Fixtures: ``page`` (a fresh browser context on the live server; relative URLs work),
``login_as(role_or_username)`` (signs a demo user in through the real sign-in form),
``check_axe(page)`` (fails with a readable list of accessibility violations) and
``screenshot(page, name)`` (saves ``artefacts/screenshots/<name>.png``). Every test in this
folder is marked ``browser``; ``make test`` runs them after the other tests. See README.md here.
"""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import sync_playwright

from openehcp.accounts.models import User
from openehcp.demo.users import DEMO_PASSWORD, ensure_demo_users
from tests.factories import ChildFactory, ContactFactory

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_SCRIPT = "/static/dist/axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SCREENSHOTS = Path(settings.BASE_DIR) / "artefacts" / "screenshots"
HERE = Path(__file__).resolve().parent


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)
            # The live server needs a transactional database, emptied after each test; the
            # serialized rollback puts back what the migrations loaded (the council's default
            # letter templates, the glossary) for the next test, as a fresh database has it.
            if not item.get_closest_marker("django_db"):
                item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole session; each test gets its own context (cookies, storage)."""
    # Playwright's sync API runs an event loop in the test's thread; the ORM calls the tests make
    # themselves (creating users) are still plain synchronous calls. Set only while browser tests
    # run: Django's deployment checks rightly refuse it anywhere else.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser, live_server):
    """A page on the live server. The test fails if the browser reports a script error, a
    Content-Security-Policy violation or a sub-resource (CSS, JavaScript, image) that failed."""
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    problems: list[str] = []

    def on_console(message):
        # A page that answers 403/404 on purpose logs its own status: the document is checked by
        # the test, and failed sub-resources are caught below.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            problems.append(f"console: {message.text}")

    def on_response(response):
        if response.status >= 400 and response.request.resource_type != "document":
            problems.append(f"{response.status} for {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on("response", on_response)

    def on_request_failed(request):
        # Going to the next page cancels what the last one was still loading (the favicon).
        if request.failure != "net::ERR_ABORTED":
            problems.append(f"request failed ({request.failure}): {request.url}")

    page.on("requestfailed", on_request_failed)
    yield page
    context.close()
    assert not problems, "The browser reported problems:\n" + "\n".join(problems)


@pytest.fixture
def demo_logins():
    return {login.username: login for login in ensure_demo_users()}


@pytest.fixture
def login_as(page, demo_logins):
    """Sign in through the sign-in form as a demo user, named by role ("team_manager") or by
    username ("reviewer"). Returns the demo login."""

    def sign_in(role_or_username: str):
        login = demo_logins.get(role_or_username) or next(
            (login for login in demo_logins.values() if login.role == role_or_username), None
        )
        assert login is not None, f"no demo user for {role_or_username!r}"
        page.goto("/account/sign-in")
        page.fill("#id_username", login.username)
        page.fill("#id_password", DEMO_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(lambda url: "/account/sign-in" not in url)
        return login

    return sign_in


def format_violations(url: str, violations: list[dict]) -> str:
    lines = [f"axe found {len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']} "
            f"[{', '.join(tag for tag in violation['tags'] if tag.startswith('wcag'))}]"
        )
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"][:5]:
            lines.append(f"  at {', '.join(map(str, node['target']))}: {node['html'][:160]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"     {summary}")
        if len(violation["nodes"]) > 5:
            lines.append(f"  ...and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


@pytest.fixture
def check_axe():
    """Run axe-core (WCAG 2.0, 2.1 and 2.2, levels A and AA) on the page as it is now."""

    def check(page):
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            # A script from the site itself, so the Content-Security-Policy allows it.
            page.add_script_tag(url=AXE_SCRIPT)
        results = page.evaluate(
            """async (tags) => await axe.run(document, {
                runOnly: {type: "tag", values: tags},
                resultTypes: ["violations"],
            })""",
            WCAG_TAGS,
        )
        if results["violations"]:
            pytest.fail(format_violations(page.url, results["violations"]), pytrace=False)

    return check


@pytest.fixture
def screenshot():
    """Save a full-page PNG to artefacts/screenshots/ (git-ignored) for people to look at."""

    def save(page, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{re.sub(r'[^a-z0-9_-]+', '-', name.lower())}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded and generated files go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def parent(login_as):
    """The demo parent, signed in (the family portal's pages)."""
    return User.objects.get(username=login_as("parent").username)


@pytest.fixture
def child(parent):
    """A child of the signed-in demo parent, who has parental responsibility."""
    child = ChildFactory(forename="Robin", surname="Hart")
    ContactFactory(child=child, name="Aisha Bello", user=parent, parental_responsibility=True)
    return child
