"""Signing-in safety pages in a real browser, each checked with axe: resetting a forgotten password
by email, choosing a password in place of a temporary one, and the page shown when someone has
tried a form too many times."""

import re

from playwright.sync_api import expect

from tests import factories

NEW_PASSWORD = "Quarry-lantern-meadow-93"


def test_password_reset_by_email(page, check_axe, screenshot, mailoutbox):
    user = factories.UserFactory(email="sam.officer@council.example")
    page.goto("/account/sign-in")
    page.get_by_role("link", name="Forgotten your password?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reset your password")
    check_axe(page)

    page.get_by_role("button", name="Send reset link").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your email address")
    check_axe(page)
    screenshot(page, "password-reset-errors")

    page.get_by_label("Email address").fill(user.email)
    page.get_by_role("button", name="Send reset link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    check_axe(page)
    screenshot(page, "password-reset-sent")

    link = re.search(r"https?://\S+/account/password-reset/\S+", mailoutbox[0].body)[0]
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    assert "/set-password" in page.url  # the token is not left in the address bar
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Enter the new password again").fill(NEW_PASSWORD + "x")
    page.get_by_role("button", name="Save password").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The passwords do not match")
    check_axe(page)
    screenshot(page, "password-reset-choose-errors")

    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Enter the new password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Password changed")
    check_axe(page)
    screenshot(page, "password-reset-done")

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("This link does not work")
    check_axe(page)

    page.goto("/account/sign-in")
    page.fill("#id_username", user.username)
    page.fill("#id_password", NEW_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/account/sign-in" not in url)


def test_a_temporary_password_is_replaced_at_the_first_sign_in(page, check_axe, screenshot):
    user = factories.UserFactory(must_change_password=True)
    page.goto("/account/sign-in")
    page.fill("#id_username", user.username)
    page.fill("#id_password", factories.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    check_axe(page)
    screenshot(page, "temporary-password")

    page.get_by_role("button", name="Save password and continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a new password")
    check_axe(page)

    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Enter the new password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save password and continue").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Your password has been changed"
    )
    user.refresh_from_db()
    assert not user.must_change_password


def test_too_many_attempts(page, check_axe, screenshot, settings):
    settings.OPENEHCP_RATE_LIMITS = {**settings.OPENEHCP_RATE_LIMITS, "sign_in": "2/10m"}
    for attempt in range(3):
        page.goto("/account/sign-in")
        page.fill("#id_username", f"someone{attempt}")
        page.fill("#id_password", "wrong-password")
        page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("There is a problem")
    expect(page.locator("main")).to_contain_text("You have tried too many times. Wait")
    check_axe(page)
    screenshot(page, "too-many-attempts")
