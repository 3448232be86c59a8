"""Accounts and audit pages in a real browser: user administration, your account, two-factor set-up
(the QR code must load under the strict Content-Security-Policy), the lockout page and a child's
History page, each checked with axe."""

from playwright.sync_api import expect

from openehcp.accounts.models import User
from tests import factories


def test_user_administration(page, login_as, check_axe, screenshot):
    team = factories.TeamFactory(name="Assessment team North")
    login_as("administrator")
    page.get_by_role("link", name="Users").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("User accounts")
    check_axe(page)
    screenshot(page, "users-list")

    page.get_by_role("button", name="Add a user").click()
    page.get_by_role("button", name="Add user").click()
    expect(page).to_have_title("Error: Add a user – OpenEHCP – Demo Borough Council")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the person's first name")
    check_axe(page)
    screenshot(page, "users-add-errors")

    page.get_by_label("First name").fill("Casey")
    page.get_by_label("Last name").fill("Worker")
    page.get_by_label("Email address").fill("casey.worker@council.example")
    page.get_by_label("Username").fill("cworker")
    page.get_by_label("Caseworker", exact=True).check()
    page.get_by_label("Team", exact=True).select_option(label=team.name)
    page.get_by_label("Temporary password").fill("Harbour-violet-engine-64")
    page.get_by_role("button", name="Add user").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Casey Worker")
    check_axe(page)
    screenshot(page, "users-detail")
    assert User.objects.get(username="cworker").team == team


def test_your_account_and_two_factor_set_up(page, login_as, check_axe, screenshot):
    login_as("caseworker")
    page.get_by_role("link", name="Your account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    check_axe(page)
    page.get_by_role("link", name="Set up two-factor authentication").click()
    qr = page.get_by_role("img", name="QR code to add OpenEHCP to your authenticator app")
    expect(qr).to_be_visible()
    assert qr.evaluate("image => image.naturalWidth") > 0  # the data URI rendered under the CSP
    check_axe(page)
    screenshot(page, "two-factor-set-up")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the 6-digit code")
    check_axe(page)


def test_lockout_page(page, check_axe, screenshot, demo_logins):
    for attempt in range(5):
        page.goto("/account/sign-in")
        page.fill("#id_username", "qa")
        page.fill("#id_password", f"wrong-{attempt}")
        page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account is locked")
    check_axe(page)
    screenshot(page, "locked-out")


def test_child_history_page(page, login_as, check_axe, screenshot, demo_logins):
    login = login_as("team_manager")
    manager = User.objects.get(username=login.username)
    caseworker = factories.UserFactory(team=manager.team, first_name="Robin", last_name="Case")
    child = factories.ChildFactory(caseworker=caseworker, surname="Example")
    child.surname = "Example-Jones"
    child._history_user = manager
    child.save()
    page.goto(f"/audit/children/{child.pk}/history")
    expect(page.get_by_role("heading", level=1)).to_contain_text("History of")
    expect(page.locator("main")).to_contain_text("Example-Jones")
    check_axe(page)
    screenshot(page, "child-history")
