"""The pages every user meets: sign in, home for each role, the statements and the error pages."""

import re
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from openehcp.demo.users import DEMO_USERNAMES


def test_sign_in_page(page, check_axe, screenshot):
    page.goto("/account/sign-in")
    expect(page).to_have_title("Sign in – OpenEHCP – Demo Borough Council")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    # GOV.UK Frontend's JavaScript ran (it is loaded as a file: the CSP forbids inline script).
    expect(page.locator("body")).to_have_class(
        "govuk-template__body js-enabled govuk-frontend-supported"
    )
    # The skip link is the first thing the keyboard reaches.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    check_axe(page)
    screenshot(page, "sign-in")


def test_failed_sign_in_shows_the_error_summary(page, check_axe, screenshot, demo_logins):
    page.goto("/account/sign-in")
    page.fill("#id_username", "caseworker")
    page.fill("#id_password", "not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_title("Error: Sign in – OpenEHCP – Demo Borough Council")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    # GOV.UK Frontend moves focus to the summary so screen readers announce it.
    expect(summary).to_be_focused()
    check_axe(page)
    screenshot(page, "sign-in-failed")


@pytest.mark.parametrize("username", DEMO_USERNAMES)
def test_home_and_every_navigation_page_for_each_role(
    page, login_as, check_axe, screenshot, username
):
    """Each role lands on home with its name and role shown; each section in its navigation opens,
    is marked current and passes axe."""
    login = login_as(username)
    assert urlparse(page.url).path == "/"
    account = page.locator(".app-account")
    expect(account).to_contain_text(login.full_name)
    expect(account).to_contain_text(login.role_label)
    expect(page.get_by_role("link", name="Home")).to_have_attribute("aria-current", "page")
    check_axe(page)
    screenshot(page, f"home-{username}")

    links = page.locator("#navigation a.govuk-service-navigation__link")
    sections = [(link.inner_text().strip(), link.get_attribute("href")) for link in links.all()]
    for label, href in sections:
        if href == "/":
            continue
        response = page.goto(href)
        assert response.status == 200, f"{label} ({href}) answered {response.status}"
        current = page.locator(
            '#navigation a[aria-current="page"], #navigation a[aria-current="true"]'
        )
        expect(current).to_have_text(label)
        expect(page.get_by_role("heading", level=1)).to_have_count(1)
        check_axe(page)


def test_sign_out(page, login_as):
    login_as("caseworker")
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile("/account/sign-in"))
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")


@pytest.mark.parametrize(
    ("link", "path", "heading", "name"),
    [
        (
            "Accessibility statement",
            "/accessibility",
            "Accessibility statement for OpenEHCP",
            "accessibility-statement",
        ),
        ("Privacy notice", "/privacy", "Privacy notice", "privacy-notice"),
    ],
)
def test_statements_reached_from_the_footer(page, check_axe, screenshot, link, path, heading, name):
    page.goto("/account/sign-in")
    page.locator(".govuk-footer").get_by_role("link", name=link).click()
    expect(page).to_have_url(re.compile(f"{path}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    check_axe(page)
    screenshot(page, name)


def test_page_not_found(page, check_axe, screenshot):
    response = page.goto("/no-such-page")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    check_axe(page)
    screenshot(page, "page-not-found")


def test_page_not_found_when_signed_in(page, login_as, check_axe):
    login = login_as("service_leader")
    response = page.goto("/no-such-page")
    assert response.status == 404
    expect(page.locator(".app-account")).to_contain_text(login.full_name)
    check_axe(page)
