"""My work, the team view and case search in a real browser, with axe on every page.
Screenshots: artefacts/screenshots/workqueues-*.png."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from openehcp.accounts.models import Role, User
from openehcp.people.models import Child
from tests.factories import AssessmentRequestFactory, ChildFactory, EHCPlanFactory, UserFactory

TODAY = timezone.localdate()


def caseload_of(username: str):
    """Cases for a demo caseworker: one overdue decision, one due soon, a review coming up."""
    caseworker = User.objects.get(username=username)
    late = ChildFactory(caseworker=caseworker, forename="Ruby", surname="Latimer")
    AssessmentRequestFactory(
        child=late, reference="EHC-WQ-0001", received_on=TODAY - timedelta(days=50)
    )
    soon = ChildFactory(caseworker=caseworker, forename="Omar", surname="Soonfield")
    AssessmentRequestFactory(
        child=soon, reference="EHC-WQ-0002", received_on=TODAY - timedelta(days=35)
    )
    reviewed = ChildFactory(caseworker=caseworker, forename="Ivy", surname="Reviewson")
    EHCPlanFactory(child=reviewed, made_on=TODAY - timedelta(days=360))
    return caseworker


def test_my_work_lists_what_is_due_and_filters_it(page, login_as, check_axe, screenshot):
    login = login_as("caseworker")
    caseload_of(login.username)
    page.goto("/workqueue/")
    expect(page.get_by_role("heading", level=1, name="My work")).to_be_visible()
    rows = page.locator("tbody .govuk-table__row")
    expect(rows.first).to_contain_text("Ruby Latimer")
    expect(rows.first.locator(".govuk-tag--red")).to_have_text("Overdue")
    expect(page.get_by_text("Omar Soonfield")).to_be_visible()
    check_axe(page)
    screenshot(page, "workqueues-my-work")

    page.get_by_label("Annual review due").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_text("Ivy Reviewson")).to_be_visible()
    expect(page.get_by_text("Ruby Latimer")).to_have_count(0)
    expect(page.locator(".moj-filter__tag")).to_contain_text("Annual review due")
    check_axe(page)
    screenshot(page, "workqueues-my-work-filtered")

    page.locator(".moj-filter__tag").click()
    expect(page.get_by_text("Ruby Latimer")).to_be_visible()


def test_a_manager_rebalances_the_team(page, login_as, check_axe, screenshot):
    login = login_as("team_manager")
    manager = User.objects.get(username=login.username)
    caseworker = caseload_of("caseworker")
    colleague = UserFactory(
        role=Role.CASEWORKER, team=manager.team, first_name="Nia", last_name="Newcombe"
    )
    page.goto("/workqueue/team/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Team caseloads")
    check_axe(page)
    screenshot(page, "workqueues-team")

    page.get_by_role("link", name=caseworker.get_full_name()).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Caseload of")
    check_axe(page)
    page.get_by_label("Select Ruby Latimer").check()
    page.get_by_label("Select Omar Soonfield").check()
    page.get_by_label("Reallocate the selected children to").select_option(label="Nia Newcombe")
    screenshot(page, "workqueues-reallocate")
    page.get_by_role("button", name="Reallocate selected children").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "2 children reallocated to Nia Newcombe"
    )
    check_axe(page)
    assert set(Child.objects.filter(caseworker=colleague).values_list("surname", flat=True)) == {
        "Latimer",
        "Soonfield",
    }


def test_reallocating_nothing_shows_the_errors(page, login_as, check_axe):
    login_as("team_manager")
    caseworker = caseload_of("caseworker")
    page.goto(f"/workqueue/team/caseworkers/{caseworker.pk}/")
    page.get_by_role("button", name="Reallocate selected children").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the children")
    assert page.title().startswith("Error: ")
    check_axe(page)


def test_search_finds_a_child_by_name_and_says_when_nothing_matches(
    page, login_as, check_axe, screenshot
):
    login = login_as("caseworker")
    caseload_of(login.username)
    page.goto("/workqueue/search/")
    check_axe(page)
    page.get_by_label("Name, UPN, reference or setting").fill("latim")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("link", name="Latimer, Ruby")).to_be_visible()
    expect(page.get_by_role("link", name="EHC-WQ-0001")).to_be_visible()
    check_axe(page)
    screenshot(page, "workqueues-search")

    page.get_by_label("Name, UPN, reference or setting").fill("Nobodyhere")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("No children you can see match")).to_be_visible()
    check_axe(page)
