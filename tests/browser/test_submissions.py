"""Professionals and schools send what they were asked for, in a real browser with axe on every
page: the psychologist's advice requests and the advice sent (regs 6-8), and the SENCO's review
report (reg 20(7)-(8)). Screenshots: artefacts/screenshots/submissions-*.png."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from openehcp.accounts.models import User
from openehcp.assessments.models import Decision, Document
from openehcp.demo.users import DEMO_SCHOOL_URN
from openehcp.establishments.models import Establishment
from openehcp.reviews.models import AnnualReview
from tests.factories import (
    AdviceRequestFactory,
    AnnualReviewFactory,
    AssessmentRequestFactory,
    ChildFactory,
    DocumentFactory,
    EHCPlanFactory,
)

pytestmark = pytest.mark.usefixtures("media")

TODAY = timezone.localdate()


def advice_for(psychologist, *, days_ago: int, surname: str):
    case = AssessmentRequestFactory(
        child=ChildFactory(forename="Robin", surname=surname),
        received_on=TODAY - timedelta(days=days_ago + 20),
        decision_to_assess=Decision.YES,
        decision_on=TODAY - timedelta(days=days_ago + 1),
    )
    return AdviceRequestFactory(
        request=case,
        advisor_user=psychologist,
        advisor_name=psychologist.get_full_name(),
        requested_on=TODAY - timedelta(days=days_ago),
    )


def test_a_psychologist_sends_advice(page, login_as, check_axe, screenshot):
    login = login_as("psychologist")
    psychologist = User.objects.get(username=login.username)
    overdue = advice_for(psychologist, days_ago=50, surname="Overdue")
    advice_for(psychologist, days_ago=35, surname="Soon")
    DocumentFactory(
        child=overdue.request.child,
        request=overdue.request,
        kind=Document.Kind.SUPPORTING,
        title="SEN support plan from school",
    )
    page.goto("/")
    page.get_by_role("link", name="Advice requests").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your advice requests")
    rows = page.locator("tbody .govuk-table__row")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Robin Overdue")
    expect(rows.first).to_contain_text("Overdue")
    expect(rows.nth(1)).to_contain_text("Due soon")
    check_axe(page)
    screenshot(page, "submissions-advice-list")

    page.get_by_role("link", name="Robin Overdue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Submit your advice")
    expect(page.get_by_role("link", name="SEN support plan from school")).to_be_visible()
    check_axe(page)
    page.get_by_role("button", name="Send your advice").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your advice")
    check_axe(page)

    page.get_by_label("Your advice").fill("Robin needs daily small-group phonics.")
    page.get_by_role("button", name="Send your advice").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Advice sent")
    expect(page.get_by_role("heading", level=1)).to_have_text("The advice you sent")
    expect(page.locator(".govuk-inset-text")).to_contain_text("daily small-group phonics")
    check_axe(page)
    screenshot(page, "submissions-advice-sent")

    page.get_by_role("link", name="Back to your advice requests").click()
    expect(page.get_by_role("link", name="Submitted (1)")).to_have_attribute("aria-current", "page")
    check_axe(page)


def test_a_senco_sends_the_review_report(page, login_as, check_axe, screenshot):
    login_as("senco")
    school = Establishment.objects.get(urn=DEMO_SCHOOL_URN)
    plan = EHCPlanFactory(
        child=ChildFactory(forename="Sam", surname="Review", establishment=school),
        made_on=TODAY - timedelta(days=360),
    )
    review = AnnualReviewFactory(plan=plan, meeting_on=TODAY - timedelta(days=5))
    page.goto("/")
    page.get_by_role("link", name="Reviews due").click()
    reports = page.locator("table", has_text="Review reports to send")
    expect(reports).to_contain_text("Sam Review")
    expect(reports).to_contain_text("Report due")
    check_axe(page)
    screenshot(page, "submissions-setting-list")

    reports.get_by_role("link", name="Send the review report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Send the review report")
    check_axe(page)
    page.get_by_label("The report of the review meeting").fill(
        "Keep the plan; add a speech and language target."
    )
    page.get_by_role("button", name="Send the report").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Review report sent"
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("The review report")
    check_axe(page)
    screenshot(page, "submissions-review-report-sent")
    review.refresh_from_db()
    assert review.report_received_on == TODAY
    assert AnnualReview.objects.get(pk=review.pk).recommendations.startswith("Keep the plan")
