"""A caseworker takes a request for an EHC needs assessment to a final plan, in a real browser,
with axe on every page. Screenshots: artefacts/screenshots/journey-*.png."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from openehcp.accounts.models import User
from openehcp.assessments.models import Decision
from openehcp.plans.models import EHCPlan
from tests.factories import (
    AssessmentRequestFactory,
    ChildFactory,
    ContactFactory,
    EstablishmentFactory,
)

START = timezone.localdate() - timedelta(days=100)


@pytest.fixture
def case(login_as, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    login = login_as("caseworker")
    caseworker = User.objects.get(username=login.username)
    child = ChildFactory(forename="Robin", surname="Journey", caseworker=caseworker)
    ContactFactory(child=child, name="Pat Journey")
    EstablishmentFactory(name="Oakfield Special School", urn="654321")
    return AssessmentRequestFactory(child=child, received_on=START, reference="REQ-JOURNEY-1")


def fill_date(page, name, day):
    page.fill(f"#id_{name}-day", str(day.day))
    page.fill(f"#id_{name}-month", str(day.month))
    page.fill(f"#id_{name}-year", str(day.year))


def save(page):
    page.get_by_role("button", name="Save").click()


def step(page, check_axe, screenshot, link_text, shot):
    """Open a step from the case page's "What to do next" list and check the form page."""
    page.get_by_role("link", name=link_text).click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    check_axe(page)
    screenshot(page, shot)


def back_on_case(page, check_axe, message):
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(message)
    check_axe(page)


def test_request_to_final_plan(page, case, check_axe, screenshot):
    # New requests, from staff or the online form, wait in the triage queue.
    page.get_by_role("link", name="Triage").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    check_axe(page)
    screenshot(page, "journey-00-triage")
    page.get_by_role("link", name=f"Open case {case.reference}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Robin Journey")
    expect(page.get_by_role("table")).to_contain_text(
        "Decision whether to carry out an EHC needs assessment"
    )
    check_axe(page)
    screenshot(page, "journey-01-case-received")

    # The decision whether to assess; first with a mistake, to see the GOV.UK error.
    step(
        page, check_axe, screenshot, "Record the decision whether to assess", "journey-02-decision"
    )
    page.get_by_label("Yes").check()
    page.fill("#id_decided_on-day", "31")
    page.fill("#id_decided_on-month", "2")
    page.fill("#id_decided_on-year", str(START.year))
    save(page)
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text("must be a real date")
    check_axe(page)
    screenshot(page, "journey-03-decision-error")
    fill_date(page, "decided_on", START + timedelta(days=30))
    page.fill("#id_panel_recommendation", "Assess: needs not met at SEN support.")
    save(page)
    back_on_case(page, check_axe, "Decision recorded")
    screenshot(page, "journey-04-decided")

    # Advice from an educational psychologist, asked and received.
    step(page, check_axe, screenshot, "Ask for advice", "journey-05-ask-advice")
    page.get_by_label("Psychological advice").check()
    page.fill("#id_advisor_name", "Educational psychology service")
    page.fill("#id_advisor_email", "eps@council.example")
    fill_date(page, "requested_on", START + timedelta(days=30))
    save(page)
    back_on_case(page, check_axe, "Advice requested")
    page.get_by_role("link", name="Advice", exact=True).click()
    check_axe(page)
    screenshot(page, "journey-06-advice")
    page.get_by_role("link", name="Record advice from Educational psychology service").click()
    check_axe(page)
    fill_date(page, "received_on", START + timedelta(days=60))
    page.set_input_files(
        "#id_document",
        files=[{"name": "ep-advice.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 EP"}],
    )
    save(page)
    back_on_case(page, check_axe, "Advice recorded")

    # The decision to issue a plan, and the draft plan sent to the family.
    step(
        page,
        check_axe,
        screenshot,
        "Record the decision whether to issue a plan",
        "journey-07-issue",
    )
    page.get_by_label("Yes").check()
    fill_date(page, "decided_on", START + timedelta(days=70))
    save(page)
    back_on_case(page, check_axe, "Decision recorded")
    step(page, check_axe, screenshot, "Send the draft plan", "journey-08-draft")
    fill_date(page, "served_on", START + timedelta(days=72))
    save(page)
    back_on_case(page, check_axe, "Draft plan recorded as sent")

    # The family's comments, and the setting they ask for, consulted.
    step(
        page, check_axe, screenshot, "Record the family's comments on the draft", "journey-09-reps"
    )
    fill_date(page, "received_on", START + timedelta(days=80))
    page.select_option("#id_preferred_establishment", label="Oakfield Special School (URN 654321)")
    page.fill("#id_notes", "They would like Oakfield Special School named.")
    save(page)
    back_on_case(page, check_axe, "comments recorded")
    step(page, check_axe, screenshot, "Consult a setting", "journey-10-consult")
    fill_date(page, "sent_on", START + timedelta(days=81))
    save(page)
    back_on_case(page, check_axe, "Consultation recorded")
    page.get_by_role("link", name="Consultations", exact=True).click()
    check_axe(page)
    page.get_by_role("link", name="Record the reply from Oakfield Special School").click()
    check_axe(page)
    page.get_by_label("Can meet the child's needs").check()
    fill_date(page, "replied_on", START + timedelta(days=90))
    save(page)
    back_on_case(page, check_axe, "Reply recorded")
    screenshot(page, "journey-11-consulted")

    # The final plan, naming the setting.
    step(page, check_axe, screenshot, "Issue the final plan", "journey-12-final")
    # The family's preferred setting is offered first.
    expect(page.locator("#id_named_establishment option:checked")).to_have_text(
        "Oakfield Special School (URN 654321)"
    )
    fill_date(page, "issued_on", START + timedelta(days=98))
    save(page)
    back_on_case(page, check_axe, "Final plan issued")
    expect(page.locator("main .govuk-tag").first).to_have_text("Final plan issued")
    expect(page.get_by_role("row", name="Final EHC plan issued")).to_contain_text("Met")
    screenshot(page, "journey-13-plan-issued")

    page.get_by_role("link", name="Letters and documents").click()
    for title in (
        "We will carry out an EHC needs assessment for Robin Journey",
        "Request for advice",
        "Draft EHC plan for Robin Journey",
        "The final EHC plan for Robin Journey",
    ):
        expect(page.get_by_role("link", name=title, exact=False).first).to_be_visible()
    check_axe(page)
    screenshot(page, "journey-14-letters")
    page.get_by_role("link", name="Activity").click()
    check_axe(page)
    screenshot(page, "journey-15-activity")

    case.refresh_from_db()
    assert case.decision_to_issue == Decision.YES
    plan = EHCPlan.objects.get(origin_request=case)
    assert plan.named_establishment.name == "Oakfield Special School"


def test_manager_edits_a_letter(page, login_as, check_axe, screenshot):
    login_as("team_manager")
    page.get_by_role("link", name="Letters").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Letters")
    check_axe(page)
    page.get_by_role("link", name="Decision not to carry out an EHC needs assessment").click()
    check_axe(page)
    screenshot(page, "journey-16-letter-edit")
    page.fill("#id_body", "We have decided not to assess.")
    page.get_by_role("button", name="Save letter").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("last day to appeal")
    expect(page.locator("#id_body")).to_have_value("We have decided not to assess.")
    check_axe(page)
    screenshot(page, "journey-17-letter-refused")
