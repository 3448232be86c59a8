"""Annual reviews in a real browser, with axe on every page: schedule and hold a review, amend the
plan, run a phase transfer cohort with a family's online preference, cease a plan, and a setting's
own list. Screenshots: artefacts/screenshots/reviews-*.png."""

import importlib
import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone
from playwright.sync_api import expect

from openehcp import clock
from openehcp.accounts.models import User
from openehcp.demo.users import DEMO_SCHOOL_URN
from openehcp.establishments.models import Establishment, Phase
from openehcp.plans.models import EHCPlan, PlanVersion
from openehcp.plans.tests.factories import complete_plan
from openehcp.reviews.cohorts import next_transfer_year
from openehcp.reviews.models import AmendmentNotice, PhaseTransfer
from openehcp.reviews.preference import token_for
from tests.factories import (
    AnnualReviewFactory,
    ChildFactory,
    ContactFactory,
    EHCPlanFactory,
    EstablishmentFactory,
)

pytestmark = pytest.mark.usefixtures("media")

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def letter_templates():
    """The council's default letters: a live-server test empties every table after it runs, the
    rows the letters app's data migrations put there included."""
    for name in ("0002_default_templates", "0004_review_and_plan_letters"):
        migration = importlib.import_module(f"openehcp.letters.migrations.{name}")
        migration.load_defaults(apps, None)


def fill_date(page, name, day):
    page.fill(f"#id_{name}-day", str(day.day))
    page.fill(f"#id_{name}-month", str(day.month))
    page.fill(f"#id_{name}-year", str(day.year))


def save(page):
    page.get_by_role("button", name="Save").click()


def saved(page, check_axe, message):
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(message)
    check_axe(page)


def open_step(page, check_axe, screenshot, link, shot, *, row=None):
    """Open a step's form from a link (or a link styled as a button), in a summary list ``row``
    when given."""
    scope = page.locator(".govuk-summary-list__row", has_text=row) if row else page
    scope.get_by_role("link", name=link).or_(scope.get_by_role("button", name=link)).first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    check_axe(page)
    screenshot(page, shot)


def reviewer_plan(login_as, **child):
    login = login_as("reviewer")
    reviewer = User.objects.get(username=login.username)
    child = ChildFactory(caseworker=reviewer, **child)
    ContactFactory(child=child, name="Pat Review")
    return EHCPlanFactory(child=child, made_on=TODAY - timedelta(days=380))


def test_schedule_hold_a_review_and_amend_the_plan(page, login_as, check_axe, screenshot):
    plan = reviewer_plan(login_as, forename="Robin", surname="Review")
    page.goto("/reviews/?show=late")
    expect(page.get_by_role("heading", level=1)).to_have_text("Annual reviews")
    expect(page.get_by_role("table")).to_contain_text("Robin Review")
    expect(page.get_by_role("table")).to_contain_text("Late")
    check_axe(page)
    screenshot(page, "reviews-01-workqueue")

    page.get_by_role("link", name="Robin Review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("EHC plan: reviews and changes")
    check_axe(page)
    screenshot(page, "reviews-02-plan")

    # Arrange the meeting: first with too little notice, to see the GOV.UK error.
    open_step(page, check_axe, screenshot, "Arrange the annual review", "reviews-03-arrange")
    fill_date(page, "planned_meeting_on", TODAY - timedelta(days=20))
    fill_date(page, "invitations_sent_on", TODAY - timedelta(days=30))
    page.fill("#id_invitee_health", "Community paediatrician")
    page.fill("#id_invitee_social_care", "Children's social care")
    save(page)
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text("at least 2 weeks")
    check_axe(page)
    screenshot(page, "reviews-04-arrange-error")
    fill_date(page, "invitations_sent_on", TODAY - timedelta(days=40))
    save(page)
    saved(page, check_axe, "The review meeting has been arranged")

    open_step(page, check_axe, screenshot, "Record the meeting", "reviews-05-meeting")
    fill_date(page, "held_on", TODAY - timedelta(days=20))
    page.get_by_label("Pat Review").check()
    page.get_by_role("group", name="Did a council officer attend?").get_by_label("Yes").check()
    page.get_by_label("The family's views").fill("Robin is doing well with the new support.")
    save(page)
    saved(page, check_axe, "The review meeting has been recorded")

    open_step(page, check_axe, screenshot, "Record the decision", "reviews-06-decision")
    page.get_by_label("Amend the plan").check()
    fill_date(page, "decided_on", TODAY)
    page.get_by_label("If amending: the amendments the council proposes").fill(
        "Section F: add a weekly speech and language therapy session."
    )
    save(page)
    saved(page, check_axe, "The decision has been recorded")
    screenshot(page, "reviews-07-amendment-notice")

    # The amended plan: a new version of the plan, compared with the current one.
    notice = AmendmentNotice.objects.get(plan=plan)
    complete_plan(notice.draft_version)
    page.get_by_role("link", name=re.compile("being drafted")).click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    check_axe(page)
    page.go_back()

    # The family's 15 days run out; then the amended plan is issued.
    AmendmentNotice.objects.filter(pk=notice.pk).update(
        sent_on=TODAY - timedelta(days=16), served_on=TODAY - timedelta(days=16)
    )
    page.reload()
    open_step(page, check_axe, screenshot, "Issue", "reviews-08-issue")
    fill_date(page, "issued_on", TODAY)
    save(page)
    saved(page, check_axe, "The amended plan has been issued")
    screenshot(page, "reviews-09-issued")
    assert PlanVersion.objects.get(pk=notice.draft_version_id).is_issued


def test_phase_transfer_cohort_with_the_family_s_online_preference(
    page, browser, live_server, login_as, check_axe, screenshot
):
    year = next_transfer_year(TODAY)
    first, _ = clock.transfer_cohort(year, "secondary")
    primary = EstablishmentFactory(name="Larch Primary School", phase=Phase.PRIMARY)
    hillside = EstablishmentFactory(
        name="Hillside Academy", phase=Phase.SECONDARY, postcode="SE1 1AA"
    )
    plan = reviewer_plan(
        login_as,
        forename="Kit",
        surname="Mover",
        date_of_birth=first + timedelta(days=20),
        establishment=primary,
    )
    page.context.clear_cookies()
    login_as("leader")
    page.goto("/reviews/phase-transfers/")
    check_axe(page)
    page.get_by_role("button", name=re.compile("Find the children moving")).click()
    saved(page, check_axe, "Added 1 child")
    expect(page.locator(".govuk-panel")).to_contain_text("0% complete")
    screenshot(page, "reviews-10-cohort")

    page.context.clear_cookies()
    login_as("reviewer")
    page.goto("/reviews/phase-transfers/")
    page.get_by_role("link", name="Kit Mover").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("to secondary school")
    check_axe(page)
    open_step(page, check_axe, screenshot, "Write the letter", "reviews-11-letter")
    fill_date(page, "sent_on", TODAY)
    save(page)
    saved(page, check_axe, "The letter has been written")

    # The family, on their phone, with no account: the link from the letter.
    transfer = PhaseTransfer.objects.get(plan=plan)
    family = browser.new_context(base_url=live_server.url, locale="en-GB")
    phone = family.new_page()
    phone.goto(f"/reviews/preference/{token_for(transfer)}/")
    expect(phone.get_by_role("heading", level=1)).to_contain_text("for Kit")
    check_axe(phone)
    screenshot(phone, "reviews-12-family-start")
    phone.get_by_role("button", name="Start now").click()
    phone.get_by_role("button", name="Continue").click()
    expect(phone.locator(".govuk-error-summary")).to_contain_text("Enter the name")
    check_axe(phone)
    phone.get_by_label(re.compile("name of the school")).fill("Hillside")
    phone.get_by_role("button", name="Continue").click()
    check_axe(phone)
    phone.get_by_label(re.compile("Hillside Academy")).check()
    phone.get_by_label(re.compile("Why would you like")).fill("Kit's friends are going there.")
    phone.get_by_role("button", name="Continue").click()
    check_axe(phone)
    screenshot(phone, "reviews-13-family-check")
    phone.get_by_role("button", name="Send").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("We have your answer")
    check_axe(phone)
    family.close()

    page.reload()
    expect(page.locator("main")).to_contain_text("Hillside Academy")
    open_step(page, check_axe, screenshot, "Consult a setting", "reviews-14-consult")
    page.get_by_label("Setting to consult").select_option(
        label=f"Hillside Academy (URN {hillside.urn})"
    )
    fill_date(page, "sent_on", TODAY)
    save(page)
    saved(page, check_axe, "The consultation has been recorded")
    screenshot(page, "reviews-15-transfer")


def test_cease_a_plan(page, login_as, check_axe, screenshot):
    plan = reviewer_plan(login_as, forename="Sam", surname="Ending")
    page.goto(f"/reviews/plans/{plan.pk}/")
    open_step(page, check_axe, screenshot, "Consider ceasing the plan", "reviews-16-cease")
    fill_date(page, "intention_sent_on", TODAY - timedelta(days=130))
    save(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select why the plan would cease")
    check_axe(page)
    page.get_by_label("Needs being met without an EHC plan").check()
    save(page)
    saved(page, check_axe, "considering ceasing")

    open_step(page, check_axe, screenshot, "Record", "reviews-17-consultation", row="Consultation")
    fill_date(page, "family_consulted_on", TODAY - timedelta(days=110))
    fill_date(page, "setting_consulted_on", TODAY - timedelta(days=110))
    save(page)
    saved(page, check_axe, "The consultation has been recorded")

    open_step(page, check_axe, screenshot, "Record", "reviews-18-cease-decision", row="Decision")
    page.get_by_label("Cease the plan").check()
    fill_date(page, "decided_on", TODAY - timedelta(days=100))
    page.get_by_label("Reasons for the decision").fill("Sam's needs are met at SEN support.")
    save(page)
    saved(page, check_axe, "The decision has been recorded")

    open_step(page, check_axe, screenshot, "Record", "reviews-19-ended", row="Plan ended")
    fill_date(page, "ceased_on", TODAY)
    save(page)
    saved(page, check_axe, "The plan has ceased")
    expect(page.locator(".govuk-warning-text")).to_contain_text("cannot be changed")
    screenshot(page, "reviews-20-ceased")
    assert EHCPlan.objects.get(pk=plan.pk).ceased_on == TODAY


def test_a_setting_sees_its_own_list(page, demo_logins, login_as, check_axe, screenshot):
    school = Establishment.objects.get(urn=DEMO_SCHOOL_URN)
    reviewer = User.objects.get(username="reviewer")
    child = ChildFactory(
        forename="Ada", surname="Listed", establishment=school, caseworker=reviewer
    )
    EHCPlanFactory(child=child, made_on=TODAY - timedelta(days=340))
    login_as("senco")
    page.get_by_role("link", name="Reviews due").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Annual reviews due")
    expect(page.get_by_role("table")).to_contain_text("Ada Listed")
    expect(page.get_by_role("link", name="CSV spreadsheet")).to_be_visible()
    check_axe(page)
    screenshot(page, "reviews-21-setting-list")


def test_the_council_sees_reviews_by_setting_and_those_done(page, login_as, check_axe, screenshot):
    plan = reviewer_plan(login_as, forename="Lee", surname="Done")
    AnnualReviewFactory(
        plan=plan, meeting_on=TODAY - timedelta(days=5), decision_on=TODAY, outcome="M"
    )
    late_plan = EHCPlanFactory(
        child=ChildFactory(caseworker=plan.child.caseworker, forename="Mo", surname="Waiting"),
        made_on=TODAY - timedelta(days=400),
    )
    page.goto("/reviews/?show=done")
    expect(page.get_by_role("table")).to_contain_text("Lee Done")
    check_axe(page)
    screenshot(page, "reviews-22-done")
    page.get_by_role("link", name="Reviews due by setting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reviews due by setting")
    expect(page.get_by_role("table")).to_contain_text(late_plan.child.establishment.name)
    check_axe(page)
    screenshot(page, "reviews-23-by-setting")
