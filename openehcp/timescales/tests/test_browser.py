"""The public page in a real browser (Chromium): it works end to end and axe finds nothing."""

import os

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS
        )
        yield browser.new_page()
        browser.close()


def axe_violations(page, base_url):
    """Every axe rule, WCAG and best practice, on the whole page but the shared phase banner.

    base.html puts the phase banner outside any landmark, which axe's best-practice "region" rule
    reports on every page of the service; that belongs to the shared layout, not to this page.
    """
    page.add_script_tag(url=f"{base_url}/static/dist/axe.min.js")
    script = "async () => (await axe.run({exclude: [['.govuk-phase-banner']]})).violations"
    result = page.evaluate(script)
    return [(v["id"], [n["target"] for n in v["nodes"]]) for v in result]


def fill_date(page, name, day, month, year):
    page.fill(f"#id_{name}-day", day)
    page.fill(f"#id_{name}-month", month)
    page.fill(f"#id_{name}-year", year)


def test_check_ehc_timescales_in_a_browser(page, live_server):
    url = f"{live_server.url}/check-ehc-timescales/"
    page.goto(url)
    assert page.title().startswith("Check EHC timescales")
    assert axe_violations(page, live_server.url) == []

    page.click("button[type=submit]")
    assert page.title().startswith("Error: Check EHC timescales")
    assert page.locator(".govuk-error-summary").is_visible()
    assert axe_violations(page, live_server.url) == []

    fill_date(page, "received", "6", "1", "2025")
    fill_date(page, "plan_issued", "2", "6", "2025")
    fill_date(page, "decision_letter", "15", "6", "2025")
    page.click("button[type=submit]")
    assert page.locator("h1").inner_text() == "Your EHC timescales"
    assert page.get_by_text("Monday 26 May 2025").count() >= 1
    assert axe_violations(page, live_server.url) == []

    page.click("button[name=change]")
    assert page.input_value("#id_received-year") == "2025"
