"""A parent asks for an EHC needs assessment through the public online form, in a real browser,
with axe on every page; then a caseworker finds it in triage and on the child's record.
Screenshots: artefacts/screenshots/online-*.png and records-*.png."""

import re

import pytest
from playwright.sync_api import expect

from openehcp.accounts.models import Team, User
from openehcp.assessments.models import AssessmentRequest
from openehcp.demo.users import DEMO_SCHOOL_URN, ensure_demo_users
from openehcp.establishments.models import Establishment

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


@pytest.fixture
def council(settings, tmp_path):
    """The demo caseworker receives online requests; a school is in the register."""
    settings.MEDIA_ROOT = tmp_path
    logins = {login.username: login for login in ensure_demo_users()}
    caseworker = User.objects.get(username=logins["caseworker"].username)
    Team.objects.filter(pk=caseworker.team_id).update(default_caseworker=caseworker)
    # The demo council's school (openehcp.demo.users) is Larkspur Primary School, URN 921001.
    Establishment.objects.filter(urn=DEMO_SCHOOL_URN).update(linked_caseworker=caseworker)
    return caseworker


def question(page, check_axe, screenshot, heading, shot):
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    check_axe(page)
    screenshot(page, shot)


def proceed(page):
    page.get_by_role("button", name="Continue").click()


def test_online_request_to_confirmation(page, council, check_axe, screenshot, login_as):
    page.goto("/assessments/request/")
    question(
        page,
        check_axe,
        screenshot,
        "Ask for an education, health and care (EHC) needs assessment",
        "online-01-start",
    )
    page.get_by_role("button", name="Start now").click()

    question(page, check_axe, screenshot, "Who are you?", "online-02-who")
    proceed(page)  # nothing chosen: the GOV.UK error
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select who you are")
    check_axe(page)
    screenshot(page, "online-03-who-error")
    page.get_by_label("A parent or carer of the child").check()
    proceed(page)

    question(page, check_axe, screenshot, "What is the child’s name?", "online-04-name")
    page.get_by_label("First name").fill("Maya")
    page.get_by_label("Last name").fill("Okoro")
    proceed(page)

    question(page, check_axe, screenshot, "What is the child’s date of birth?", "online-05-birth")
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("2017")
    proceed(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Date of birth must be a real date"
    )
    check_axe(page)
    screenshot(page, "online-06-birth-error")
    page.get_by_label("Day").fill("4")
    page.get_by_label("Month").fill("5")
    proceed(page)

    question(page, check_axe, screenshot, "Where does the child live?", "online-07-address")
    page.get_by_label("Address line 1").fill("12 Lime Street")
    page.get_by_label("Town or city").fill("London")
    page.get_by_label("Postcode").fill("se15 4qn")
    proceed(page)

    question(
        page,
        check_axe,
        screenshot,
        "Which school, college or nursery does the child go to?",
        "online-08-setting",
    )
    page.get_by_label("Search by name or URN").fill("larkspur")
    page.get_by_role("button", name="Search").click()
    page.get_by_label("Larkspur Primary School (URN 921001)").check()
    check_axe(page)
    screenshot(page, "online-09-setting-found")
    proceed(page)

    question(
        page,
        check_axe,
        screenshot,
        "Tell us about the child’s special educational needs",
        "online-10-needs",
    )
    page.get_by_role("textbox").fill("Maya does not speak in class and finds reading hard.")
    proceed(page)

    question(
        page, check_axe, screenshot, "What support does the child get now?", "online-11-support"
    )
    page.get_by_role("textbox").fill("Speech and language therapy once a week.")
    proceed(page)

    question(page, check_axe, screenshot, "Your contact details", "online-12-contact")
    page.get_by_label("Full name").fill("Ada Okoro")
    page.get_by_label("Email address").fill("ada@family.example")
    proceed(page)

    question(page, check_axe, screenshot, "Upload supporting documents", "online-13-documents")
    page.set_input_files(
        "#id_documents",
        files=[{"name": "therapy-report.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    page.get_by_role("button", name="Upload file").click()
    expect(page.locator(".govuk-summary-list")).to_contain_text("therapy-report.pdf")
    check_axe(page)
    screenshot(page, "online-14-uploaded")
    proceed(page)

    question(
        page,
        check_axe,
        screenshot,
        "Check your answers before sending your request",
        "online-15-check",
    )
    expect(page.locator("main")).to_contain_text("Larkspur Primary School (URN 921001)")
    page.get_by_role("button", name="Accept and send").click()

    expect(page.locator(".govuk-panel__title")).to_have_text("Request sent")
    case = AssessmentRequest.objects.get()
    expect(page.locator(".govuk-panel__body")).to_contain_text(case.reference)
    check_axe(page)
    screenshot(page, "online-16-sent")

    # The caseworker finds it in triage and on the child's record.
    login_as("caseworker")
    page.goto("/assessments/triage/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Triage: new requests for assessment")
    expect(page.get_by_role("table")).to_contain_text(case.reference)
    check_axe(page)
    screenshot(page, "records-01-triage")
    page.get_by_role("link", name="Maya Okoro", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Maya Okoro")
    expect(page.get_by_role("link", name=case.reference)).to_be_visible()
    check_axe(page)
    screenshot(page, "records-02-child")


def test_save_and_come_back_later(page, council, check_axe, screenshot):
    page.goto("/assessments/request/who/")
    page.get_by_label("A parent or carer of the child").check()
    proceed(page)
    page.get_by_label("First name").fill("Maya")
    page.get_by_label("Last name").fill("Okoro")
    page.get_by_role("button", name="Save and come back later").click()
    question(page, check_axe, screenshot, "Save your request and come back later", "online-20-save")
    page.get_by_label("Email address").fill("ada@family.example")
    page.get_by_role("button", name="Send me the link").click()
    question(page, check_axe, screenshot, "Your request has been saved", "online-21-saved")


def test_staff_add_a_child_and_see_the_duplicate_warning(
    page, council, login_as, check_axe, screenshot
):
    login_as("caseworker")
    page.goto("/children/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Children and young people")
    check_axe(page)
    screenshot(page, "records-03-list")
    for attempt in range(2):
        page.wait_for_load_state("networkidle")
        page.goto("/children/add/")
        page.get_by_label("First name").fill("Kai")
        page.get_by_label("Last name", exact=True).fill("Rivers")
        page.get_by_label("Day").fill("1")
        page.get_by_label("Month").fill("9")
        page.get_by_label("Year").fill("2014")
        page.get_by_label("Unique pupil number (UPN) (optional)").fill("X123456789875")
        page.get_by_role("button", name="Add child").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text(
            "the check letter does not match"
        )
        if attempt == 0:
            check_axe(page)
            screenshot(page, "records-04-add-error")
            page.get_by_label("Unique pupil number (UPN) (optional)").fill("")
            page.get_by_role("button", name="Add child").click()
            expect(page.get_by_role("heading", level=1)).to_have_text("Kai Rivers")
            check_axe(page)
    page.get_by_label("Unique pupil number (UPN) (optional)").fill("")
    page.get_by_role("button", name="Add child").click()
    expect(page.locator("main")).to_contain_text("This child may already have a record")
    check_axe(page)
    screenshot(page, "records-05-duplicate")


def test_settings_register_pages(page, council, login_as, check_axe, screenshot):
    login_as("administrator")
    page.goto("/settings-register/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Settings register")
    expect(page.get_by_role("table")).to_contain_text("Larkspur Primary School")
    check_axe(page)
    screenshot(page, "records-06-register")
    page.get_by_role("button", name="Add a setting").click()
    page.get_by_label("URN").fill("12345")
    page.get_by_role("button", name="Add setting").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a URN of 6 digits")
    check_axe(page)
    screenshot(page, "records-07-register-error")
