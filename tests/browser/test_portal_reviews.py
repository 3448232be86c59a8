"""The family portal after the plan is issued, in a real browser with axe on every page state:
the annual review arranged (views before the meeting), the decision with its letter, comments on
proposed amendments (with a school search for a phase transfer, an error, the confirmation, and
the page after the 15 days), ceasing proposed and decided, and the family's mediation and appeal
against ceasing. The caseworker sees the views on the review's own page. Screenshots:
artefacts/screenshots/portal-review-*.png."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from openehcp import clock
from openehcp.accounts.models import User
from openehcp.disagreements import services as disagreement_services
from openehcp.plans.models import PlanComment
from openehcp.portal.tests.factories import (
    amendment_sent,
    arrange,
    decide_ceasing,
    decided_review,
    issued_plan,
    propose_ceasing,
)
from openehcp.reviews.models import Cessation, PlanActivity, ReviewOutcome
from openehcp.reviews.tests.factories import PhaseTransferFactory
from tests.factories import EstablishmentFactory

pytestmark = pytest.mark.usefixtures("media")


def today():
    return timezone.localdate()


def test_parent_gives_views_before_the_review_meeting(page, child, login_as, check_axe, screenshot):
    plan = issued_plan(child)
    arrange(plan)
    page.goto(f"/your-case/{child.pk}/")
    expect(page.get_by_text("The review meeting is on")).to_be_visible()
    expect(page.get_by_text("Community paediatrician")).to_be_visible()
    check_axe(page)
    screenshot(page, "portal-review-01-arranged")

    page.get_by_role("button", name="Give your views before the meeting").click()
    expect(page.get_by_text("The review meeting is on")).to_be_visible()
    check_axe(page)
    page.get_by_label("Mine and Robin’s").check()
    page.get_by_label("Your views").fill("Robin is happier at school and wants to learn to swim.")
    page.get_by_role("button", name="Send your views").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your views have been sent")
    page.get_by_role("link", name="Back to Robin’s case").click()
    expect(page.get_by_text("You sent views for this review on")).to_be_visible()
    check_axe(page)
    assert PlanActivity.objects.get(kind="family_views").review_id is not None

    # The caseworker sees them on the review's own page.
    page.context.clear_cookies()
    caseworker = User.objects.get(username=login_as("caseworker").username)
    child.caseworker = caseworker
    child.save()
    page.goto(f"/reviews/plans/{plan.pk}/")
    expect(page.get_by_text("Views sent online")).to_be_visible()
    expect(page.get_by_text("wants to learn to swim").first).to_be_visible()
    check_axe(page)
    screenshot(page, "portal-review-02-caseworker-sees-views")


def test_the_decision_after_the_review_with_its_letter(page, child, check_axe, screenshot):
    decided_review(issued_plan(child), ReviewOutcome.MAINTAIN, reasons="Still right.")
    page.goto(f"/your-case/{child.pk}/")
    expect(page.get_by_text("Keep the plan as it is, sent on")).to_be_visible()
    check_axe(page)
    screenshot(page, "portal-review-03-decision")
    letter = page.locator(".govuk-summary-list__row", has_text="Decision letter").get_by_role(
        "link"
    )
    href = letter.get_attribute("href")
    assert href and "/documents/" in href
    assert page.request.get(href).status == 200


def test_parent_comments_on_proposed_amendments_and_names_a_school(
    page, child, check_axe, screenshot
):
    plan = issued_plan(child)
    amendment_sent(plan, phase_transfer=PhaseTransferFactory(plan=plan))
    EstablishmentFactory(name="Northfield Academy", urn="140001")
    page.goto(f"/your-case/{child.pk}/")
    expect(page.get_by_text("The council proposes changes to the plan.")).to_be_visible()
    check_axe(page)
    screenshot(page, "portal-review-04-amendment-banner")

    page.get_by_role("link", name="Comment on the proposed changes").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Comment on the proposed changes to the plan"
    )
    expect(page.get_by_text("Add weekly speech and language therapy")).to_be_visible()
    check_axe(page)
    page.get_by_role("button", name="Send your comments").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter a comment, ask for a meeting or choose a school or college"
    )
    check_axe(page)
    page.get_by_label("Your comments on the proposed changes to the plan").fill(
        "Weekly therapy is right, but say who provides it."
    )
    page.get_by_label("Search for a school or college by name or URN").fill("Northfield")
    page.get_by_role("button", name="Search").click()
    page.get_by_label("Northfield Academy (URN 140001)").check()
    check_axe(page)
    screenshot(page, "portal-review-05-amendment-form")
    page.get_by_role("button", name="Send your comments").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your comments have been sent")
    expect(page.get_by_text("before the amended plan is issued")).to_be_visible()
    check_axe(page)
    screenshot(page, "portal-review-06-amendment-sent")
    assert PlanComment.objects.filter(source="parent").count() == 2


def test_after_the_fifteen_days_the_amendment_page_says_so(page, child, check_axe, screenshot):
    amendment_sent(issued_plan(child), days_ago=20)
    page.goto(f"/your-case/{child.pk}/amendments/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "The time to comment on the proposed changes to the plan has ended"
    )
    check_axe(page)
    screenshot(page, "portal-review-07-amendment-closed")


def test_ceasing_proposed_then_decided(page, child, check_axe, screenshot):
    cessation = propose_ceasing(issued_plan(child))
    page.goto(f"/your-case/{child.pk}/")
    expect(page.get_by_text("the council told you it is considering ceasing")).to_be_visible()
    check_axe(page)
    decide_ceasing(cessation)
    page.reload()
    expect(page.get_by_text("You can appeal to the First-tier Tribunal")).to_be_visible()
    expect(page.get_by_text("you must contact a mediation adviser")).to_be_visible()
    check_axe(page)
    screenshot(page, "portal-review-08-cease-decided")


def test_mediation_and_appeal_against_ceasing(page, child, login_as, check_axe, screenshot):
    """The caseworker records the family's mediation and appeal against ceasing from the plan's
    page (the disagreement's pages); the family sees 'Mediation and appeal' with the clock's
    dates, the appeal counted from the certificate, and after the Tribunal's order the day the
    council must carry it out."""
    cessation = decide_ceasing(propose_ceasing(issued_plan(child, made_days_ago=500)))
    decided = today() - timedelta(days=50)
    Cessation.objects.filter(pk=cessation.pk).update(decision_on=decided)
    disagreement = disagreement_services.record_disagreement(
        child=child,
        user=child.caseworker,
        decision="cease",
        plan=cessation.plan,
        decision_on=decided,
        adviser_contacted_on=decided + timedelta(days=10),
        mediation_wanted=True,
        council_told_on=decided + timedelta(days=10),
        mediation_on=decided + timedelta(days=35),
        mediation_outcome="not_agreed",
        certificate_on=today() - timedelta(days=1),
        notes="Council only: not for the family.",
    )
    page.goto(f"/your-case/{child.pk}/")
    section = page.locator("#mediation-and-appeal")
    expect(section).to_have_text("Mediation and appeal")
    appeal = clock.appeal_deadline(decided, today() - timedelta(days=1)).due
    expect(page.get_by_text("1 month from your mediation certificate")).to_be_visible()
    expect(page.get_by_text(f"{appeal.day} {appeal:%B %Y}").first).to_be_visible()
    expect(page.get_by_text("Council only")).to_have_count(0)
    check_axe(page)
    screenshot(page, "portal-review-09-mediation-and-appeal")

    page.get_by_role("link", name="Mediation and appeal").click()
    expect(section).to_be_in_viewport()

    disagreement_services.update_disagreement(
        disagreement=disagreement,
        version=disagreement.version,
        user=child.caseworker,
        appeal_lodged_on=today(),
        hearing_on=today() + timedelta(days=60),
    )
    page.reload()
    expect(page.get_by_text("Tribunal hearing")).to_be_visible()
    expect(page.get_by_text("The plan stays in place until the appeal ends")).to_be_visible()
    check_axe(page)

    # The caseworker's plan page leads to the disagreement for the appeal.
    page.context.clear_cookies()
    caseworker = User.objects.get(username=login_as("caseworker").username)
    child.caseworker = caseworker
    child.save()
    page.goto(f"/reviews/plans/{cessation.plan.pk}/")
    page.get_by_role("link", name="Mediation and appeal against ceasing").click()
    expect(page).to_have_url(disagreement.get_absolute_url())
    check_axe(page)
