"""The family portal in a real browser, with axe on every page: a parent sees the case, gives
views and comments on the draft plan; after the 15 days the page says so; a young person sees
their own case; a caseworker gives a parent online access. Screenshots:
artefacts/screenshots/portal-*.png."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from openehcp.accounts.models import Role, User
from openehcp.assessments.models import Document
from openehcp.plans.models import PlanComment
from openehcp.portal.tests.factories import draft_served
from tests.factories import (
    ChildFactory,
    ContactFactory,
    DocumentFactory,
    EHCPlanFactory,
    EstablishmentFactory,
)

pytestmark = pytest.mark.usefixtures("media")


def test_parent_sees_the_case_gives_views_and_comments_on_the_draft(
    page, parent, child, check_axe, screenshot
):
    case = draft_served(child)
    DocumentFactory(child=child, request=case, title="Draft EHC plan covering letter")
    EstablishmentFactory(name="Northfield College", urn="130999")

    page.goto("/")
    page.get_by_role("link", name="Your case").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your case")
    check_axe(page)
    screenshot(page, "portal-01-children")

    page.get_by_role("link", name="Robin Hart").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Robin’s EHC needs assessment and plan"
    )
    expect(page.get_by_text("Draft plan sent, and 15 days to comment")).to_be_visible()
    expect(page.get_by_role("link", name="Draft EHC plan covering letter")).to_be_visible()
    check_axe(page)
    screenshot(page, "portal-02-case")

    # Give views: first with nothing typed, to see the GOV.UK error.
    page.get_by_role("button", name="Give your views and Robin’s").click()
    check_axe(page)
    page.get_by_role("button", name="Send your views").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select whose views these are")
    check_axe(page)
    page.get_by_label("Robin’s, in their own words").check()
    page.get_by_label("Your views").fill("Robin loves trains and finds reading hard.")
    page.get_by_role("button", name="Send your views").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your views have been sent")
    check_axe(page)
    screenshot(page, "portal-03-views-sent")
    assert Document.objects.filter(child=child, created_by=parent).count() == 1

    # Comment on the draft plan, asking for a college found in the register.
    page.get_by_role("link", name="Back to Robin’s case").click()
    page.get_by_role("link", name="Comment on the draft plan").click()
    check_axe(page)
    page.get_by_label("Your comments on the draft plan").fill("Please add more speech therapy.")
    page.get_by_text("Comment on a particular section of the plan").click()
    page.get_by_label("Section F: Special educational provision").fill("Say how often, please.")
    page.get_by_label("I would like a meeting").check()
    page.get_by_label("Search for a school or college by name or URN").fill("Northfield")
    page.get_by_role("button", name="Search").click()
    page.get_by_label("Northfield College (URN 130999)").check()
    expect(page.get_by_label("Your comments on the draft plan")).to_have_value(
        "Please add more speech therapy."
    )
    check_axe(page)
    screenshot(page, "portal-04-draft-form")
    page.get_by_role("button", name="Send your comments").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your comments have been sent")
    check_axe(page)
    screenshot(page, "portal-05-draft-sent")
    assert PlanComment.objects.filter(source="parent").count() == 4
    case.refresh_from_db()
    assert case.representations_received_on == timezone.localdate()


def test_after_the_fifteen_days_the_draft_page_says_so(page, child, check_axe, screenshot):
    draft_served(child, days_ago=20)
    page.goto(f"/your-case/{child.pk}/draft-plan/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "The time to comment on the draft plan has ended"
    )
    check_axe(page)
    screenshot(page, "portal-06-draft-closed")


def test_another_familys_child_is_not_found(page, parent, check_axe):
    other = ChildFactory()
    ContactFactory(child=other)
    response = page.goto(f"/your-case/{other.pk}/")
    assert response.status == 404
    check_axe(page)


def test_young_person_sees_their_own_plan(page, login_as, check_axe, screenshot):
    login = login_as("youngperson")
    user = User.objects.get(username=login.username)
    born = timezone.localdate() - timedelta(days=17 * 365 + 100)
    child = ChildFactory(forename="Kit", date_of_birth=born, young_person_user=user)
    EHCPlanFactory(child=child)
    page.goto("/your-case/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your EHC needs assessment and plan")
    expect(page.get_by_text("Next annual review")).to_be_visible()
    check_axe(page)
    screenshot(page, "portal-07-young-person")
    page.get_by_role("button", name="Give your views").click()
    expect(page.get_by_text("before the annual review")).to_be_visible()
    check_axe(page)


def test_caseworker_gives_a_parent_online_access(page, login_as, check_axe, screenshot):
    login = login_as("caseworker")
    caseworker = User.objects.get(username=login.username)
    child = ChildFactory(caseworker=caseworker, forename="Robin", surname="Hart")
    ContactFactory(child=child, name="Sam Hart", email="sam@family.example")
    page.goto(f"/children/{child.pk}/")
    page.get_by_role("link", name="Give online access to Sam Hart").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Give Sam Hart online access")
    check_axe(page)
    screenshot(page, "portal-08-give-access")
    page.get_by_role("button", name="Give online access").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Sam Hart can now see the case online"
    )
    check_axe(page)
    assert User.objects.get(email="sam@family.example").role == Role.PARENT
