"""The Local Offer in a real browser, with axe: the public directory and its search, a service's
page, and the editor's form with its error summary. Screenshots: artefacts/screenshots/
local-offer-*.png."""

from datetime import date

import pytest
from playwright.sync_api import expect

from openehcp.localoffer.demo import load_local_offer

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_family_finds_a_service_without_signing_in(page, check_axe, screenshot):
    load_local_offer(seed=1, today=date(2026, 11, 27))
    page.goto("/local-offer/")
    expect(page.locator("h1")).to_have_text("Local Offer")
    expect(page.get_by_role("link", name="Check EHC timescales").first).to_be_visible()
    expect(
        page.get_by_role("link", name="Key figures: EHC needs assessments and plans")
    ).to_be_visible()
    check_axe(page)
    screenshot(page, "local-offer-directory")

    page.get_by_label("Search").fill("speech")
    page.get_by_label("Age of the child or young person").fill("4")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#results-heading")).to_contain_text("found")
    check_axe(page)

    page.get_by_label("Age of the child or young person").fill("40")
    page.get_by_role("button", name="Search").click()
    assert page.title().startswith("Error: ")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter an age from 0 to 25")
    check_axe(page)

    page.get_by_label("Age of the child or young person").fill("4")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Children's speech and language therapy").click()
    expect(page.locator("h1")).to_have_text("Children's speech and language therapy")
    expect(page.get_by_text("Larkhill Community Health NHS Trust").first).to_be_visible()
    check_axe(page)
    screenshot(page, "local-offer-service")

    page.goto("/local-offer/")
    page.get_by_role("link", name="What you told us and what we did").click()
    expect(page.locator("h1")).to_have_text("What you told us and what we did")
    expect(page.get_by_text("The search did not work on my phone.")).to_be_visible()
    check_axe(page)


def test_an_editor_adds_a_service(page, login_as, check_axe, screenshot):
    load_local_offer(seed=1, today=date(2026, 11, 27))
    login_as("localoffer")
    page.get_by_role("link", name="Local Offer", exact=True).click()
    expect(page.locator("h1")).to_have_text("Local Offer services")
    check_axe(page)
    screenshot(page, "local-offer-manage")

    page.get_by_role("button", name="Add a service").click()
    expect(page.locator("h1")).to_have_text("Add a service")
    check_axe(page)
    page.get_by_label("Name of the service").fill("Parent carer coffee morning")
    page.get_by_label("Youngest age (optional)").fill("12")
    page.get_by_label("Oldest age (optional)").fill("5")
    page.get_by_label("Phone number (optional)").fill("123")
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Oldest age must be the same as or more than youngest age")
    expect(summary).to_contain_text("Enter a UK phone number")
    check_axe(page)
    screenshot(page, "local-offer-form-errors")

    page.get_by_label("Who provides it").select_option(label="Demo Parent Carer Forum")
    page.get_by_label("What the service does and who it is for").fill(
        "A friendly monthly meeting for parents and carers."
    )
    page.get_by_label("Information, advice and support", exact=True).check()
    page.get_by_label("The whole council area").check()
    page.get_by_label("Oldest age (optional)").fill("25")
    page.get_by_label("Phone number (optional)").fill("020 7946 0999")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("h1")).to_have_text("Parent carer coffee morning")
    expect(page.get_by_text("has been added to the Local Offer")).to_be_visible()
    check_axe(page)


def test_the_editors_other_pages_pass_axe(page, login_as, check_axe, screenshot):
    load_local_offer(seed=1, today=date(2026, 11, 27))
    login_as("localoffer")
    page.goto("/local-offer/manage/?show=review_due")
    expect(page.get_by_text("Review due").first).to_be_visible()
    check_axe(page)
    page.get_by_role("link", name="Organisations", exact=True).click()
    expect(page.locator("h1")).to_have_text("Organisations")
    check_axe(page)
    page.get_by_role("link", name="Kestrel Youth Trust", exact=True).click()
    expect(page.locator("h1")).to_have_text("Change Kestrel Youth Trust")
    check_axe(page)
    page.go_back()
    page.get_by_role("link", name="Remove Kestrel Youth Trust").click()
    expect(page.locator("h1")).to_contain_text("Remove Kestrel Youth Trust")
    check_axe(page)
    page.goto("/local-offer/manage/places/")
    expect(page.locator("h1")).to_have_text("Places")
    check_axe(page)
    page.get_by_role("button", name="Add a place").click()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the name of the place")
    check_axe(page)
    page.goto("/local-offer/manage/")
    page.get_by_role("link", name="Saturday Club", exact=True).click()
    page.get_by_role("link", name="Take out of the Local Offer").click()
    page.get_by_role("button", name="Take it out").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select why the service")
    check_axe(page)
    page.get_by_label("It is closed for a while and will reopen").check()
    page.get_by_role("button", name="Take it out").click()
    expect(page.get_by_text("Temporarily closed").first).to_be_visible()
    check_axe(page)
    screenshot(page, "local-offer-service-manage")

    page.goto("/local-offer/manage/comments/")
    expect(page.get_by_text("Not published")).to_be_visible()
    check_axe(page)
    page.get_by_role("button", name="Add a comment").click()
    page.get_by_label("Publish it on the Local Offer").check()
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the date the comment was received")
    expect(summary).to_contain_text("Enter what we did before publishing the comment")
    check_axe(page)
