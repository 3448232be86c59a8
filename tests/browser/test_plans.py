"""A caseworker writes an EHC plan in a real browser: starts it from the case page, sees the
quality warnings, fixes them, issues the draft, downloads its PDF and Word files, changes the
final plan's draft and compares the two versions; with axe on every page.
Screenshots: artefacts/screenshots/plan-*.png."""

import subprocess

import docx
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from openehcp.accounts.models import User
from openehcp.plans.models import GlossaryTerm, PlanVersion
from openehcp.plans.tests.factories import request_deciding_to_issue
from tests.factories import ChildFactory, ContactFactory, EstablishmentFactory


@pytest.fixture(autouse=True)
def glossary(db):
    """The glossary the seed migration fills (live-server tests empty the tables after each)."""
    GlossaryTerm.objects.get_or_create(
        term="SALT", defaults={"plain_english": "speech and language therapist (or therapy)"}
    )


@pytest.fixture
def case(login_as, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    login = login_as("caseworker")
    caseworker = User.objects.get(username=login.username)
    school = EstablishmentFactory(name="Riverside Primary School", urn="100777")
    child = ChildFactory(
        forename="Robin", surname="Plan", caseworker=caseworker, establishment=school
    )
    ContactFactory(child=child, name="Pat Plan")
    return request_deciding_to_issue(child=child, reference="REQ-PLAN-1")


def save(page):
    page.get_by_role("button", name="Save").click()


def saved(page, check_axe, message):
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(message)
    check_axe(page)


def open_section(page, letter):
    page.goto(page.url.split("/sections/")[0].rstrip("/") + f"/sections/{letter}/")


def test_draft_check_issue_download_and_compare(page, case, check_axe, screenshot, tmp_path):
    page.goto(f"/assessments/{case.reference}/")
    check_axe(page)
    page.get_by_role("button", name="Start the plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Version 1: draft plan, being drafted"
    )
    expect(page.get_by_text("Before this version can be issued")).to_be_visible()
    check_axe(page)
    screenshot(page, "plan-01-started")
    version = PlanVersion.objects.get(request=case)
    base = f"/plans/versions/{version.pk}"

    # Section A, in the child's own words.
    page.get_by_role("link", name="Change Section A: Views, interests and aspirations").click()
    check_axe(page)
    page.get_by_label("Their views, in their own words").fill(
        "I like trains and drawing. I want to learn to swim."
    )
    page.get_by_label("Their hopes for the future").fill("To work with animals.")
    save(page)
    saved(page, check_axe, "Section A")

    # Section B: a need, first forgetting its area, to see the GOV.UK error.
    page.goto(f"{base}/sections/b/")
    check_axe(page)
    page.get_by_role("button", name="Add a need").click()
    page.get_by_label("Describe the need").fill("Robin finds it hard to follow long instructions.")
    save(page)
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select the area of need")
    check_axe(page)
    screenshot(page, "plan-02-need-error")
    expect(page.get_by_label("Describe the need")).to_have_value(
        "Robin finds it hard to follow long instructions."
    )
    page.get_by_label("Communication and interaction").check()
    save(page)
    saved(page, check_axe, "The need was saved")

    # Section E: an outcome for that need.
    page.goto(f"{base}/sections/e/add/")
    check_axe(page)
    page.get_by_label("Describe the outcome").fill(
        "Robin will follow a two-step instruction in class without help."
    )
    page.get_by_label("By when").fill("By July 2027")
    page.get_by_label("B1: Robin finds it hard").check()
    save(page)
    saved(page, check_axe, "The outcome was saved")

    # Section F: vague provision, which the checks flag.
    page.goto(f"{base}/sections/f/add/")
    page.get_by_label("What will be done").fill("Regular access to SALT as required.")
    page.get_by_label("B1: Robin finds it hard").check()
    page.get_by_label("E1: Robin will follow").check()
    check_axe(page)
    save(page)
    saved(page, check_axe, "The provision was saved")

    page.goto(f"{base}/sections/f/")
    page.get_by_role("link", name="Remove F1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Remove the provision F1?")
    check_axe(page)
    page.get_by_role("link", name="Cancel").click()

    page.goto(f"{base}/")
    quality = page.locator("#quality ~ .govuk-summary-list")
    expect(quality).to_contain_text("F1 says ‘access to’, ‘regular’, ‘as required’")
    expect(quality).to_contain_text("uses ‘SALT’ once")
    expect(page.locator(".govuk-inset-text")).to_contain_text("Section C: Health needs is empty")
    check_axe(page)
    screenshot(page, "plan-03-quality-warnings")

    page.get_by_role("button", name="Issue this version").click()
    expect(page.get_by_role("heading", name="You cannot issue this version yet")).to_be_visible()
    check_axe(page)
    screenshot(page, "plan-04-cannot-issue")

    # Fix the provision, and record why health and social care sections are empty.
    page.goto(f"{base}/sections/f/")
    page.get_by_role("link", name="Change F1").click()
    page.get_by_label("What will be done").fill(
        "A speech and language therapist will work with Robin on following instructions."
    )
    page.get_by_label("Who will provide it").fill("Speech and language therapist")
    page.get_by_label("How often").fill("Once a week")
    page.get_by_label("For how long").fill("30 minutes a session, for a year")
    save(page)
    saved(page, check_axe, "The provision was saved")
    for letter, reason in (
        ("c", "No health needs were identified."),
        ("d", "No social care needs were identified."),
        ("g", "No health provision is needed."),
        ("h1", "No provision under the 1970 Act."),
        ("h2", "No other social care provision is needed."),
    ):
        page.goto(f"{base}/sections/{letter}/")
        page.get_by_label("If there is nothing in this section, say why").fill(reason)
        save(page)
        saved(page, check_axe, "saved")
    page.goto(f"{base}/sections/i/")
    expect(page.get_by_label("URN of the setting (optional)")).to_have_value("100777")
    check_axe(page)

    # Issue the draft plan.
    page.goto(f"{base}/issue/")
    check_axe(page)
    today = timezone.localdate()
    page.fill("#id_issued_on-day", str(today.day))
    page.fill("#id_issued_on-month", str(today.month))
    page.fill("#id_issued_on-year", str(today.year))
    screenshot(page, "plan-05-issue")
    page.get_by_role("button", name="Issue version 1").click()
    saved(page, check_axe, "Version 1 issued")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Version 1: draft plan, issued")
    screenshot(page, "plan-06-issued")

    # Download both files.
    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="Download the PDF").click()
    pdf_path = tmp_path / "plan.pdf"
    pdf_download.value.save_as(pdf_path)
    text = subprocess.run(
        ["pdftotext", str(pdf_path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Section F: Special educational provision" in text
    assert "A speech and language therapist will work with Robin" in text
    with page.expect_download() as word_download:
        page.get_by_role("link", name="Download the Word document").click()
    word_path = tmp_path / "plan.docx"
    word_download.value.save_as(word_path)
    paragraphs = [p.text for p in docx.Document(str(word_path)).paragraphs]
    assert "Section A: Views, interests and aspirations" in paragraphs

    # The final plan is drafted from the draft: change it, comment on it, compare.
    page.goto(f"/plans/children/{case.child.pk}/")
    check_axe(page)
    screenshot(page, "plan-07-versions")
    page.get_by_role("link", name="Continue with version 2").click()
    check_axe(page)
    page.get_by_role("link", name="Change Section A: Views, interests and aspirations").click()
    page.get_by_label("Their views, in their own words").fill(
        "I like trains, buses and drawing. I want to learn to swim."
    )
    save(page)
    saved(page, check_axe, "Section A")
    page.goto(f"/plans/versions/{PlanVersion.objects.get(request=case, number=2).pk}/comments/")
    check_axe(page)
    page.get_by_label("Parent or carer").check()
    page.get_by_label("The comment").fill("Please say Robin likes buses too.")
    page.fill("#id_received_on-day", str(today.day))
    page.fill("#id_received_on-month", str(today.month))
    page.fill("#id_received_on-year", str(today.year))
    page.get_by_role("button", name="Record the comment").click()
    saved(page, check_axe, "Comment recorded")
    page.get_by_role("link", name="Answer the comment from Parent or carer").click()
    check_axe(page)
    page.get_by_label("Accepted it: I changed the plan").check()
    page.get_by_label("What you changed, or your answer").fill("Added buses to section A.")
    save(page)
    saved(page, check_axe, "Comment answered")

    page.goto(f"/plans/children/{case.child.pk}/")
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Compare versions 1 and 2")
    expect(page.locator("section[aria-labelledby=diff-a] ins")).to_contain_text("buses")
    check_axe(page)
    screenshot(page, "plan-08-compare")


def test_manager_keeps_the_glossary(page, login_as, check_axe, screenshot):
    login_as("team_manager")
    page.goto("/plans/glossary/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Glossary of jargon")
    check_axe(page)
    page.get_by_role("button", name="Add a term").click()
    page.get_by_label("Jargon or acronym").fill("SALT")
    page.get_by_label("Plain English to use instead").fill("speech therapy")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "‘SALT’ is already in the glossary"
    )
    check_axe(page)
    page.get_by_label("Jargon or acronym").fill("PECS")
    page.get_by_label("Plain English to use instead").fill("swapping pictures to ask for things")
    page.get_by_role("button", name="Save").click()
    saved(page, check_axe, "‘PECS’ saved in the glossary")
    page.get_by_role("link", name="Remove PECS").click()
    check_axe(page)
    screenshot(page, "plan-09-glossary-remove")
    page.get_by_role("button", name="Remove it").click()
    saved(page, check_axe, "‘PECS’ removed")
