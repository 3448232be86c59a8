"""The public "Check EHC timescales" page in a real browser, with axe on every state: the empty
question page, its error summary, the timeline, and "Change your dates" bringing the answers back.
Screenshots: artefacts/screenshots/timescales-*.png."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def fill_date(page, name, day, month, year):
    page.fill(f"#id_{name}-day", day)
    page.fill(f"#id_{name}-month", month)
    page.fill(f"#id_{name}-year", year)


def test_a_visitor_checks_the_timescales_without_signing_in(page, check_axe, screenshot):
    page.goto("/accessibility")
    page.get_by_role("link", name="Check EHC timescales").click()
    expect(page.locator("h1")).to_have_text("Check EHC timescales")
    check_axe(page)
    screenshot(page, "timescales-questions")

    page.get_by_role("button", name="Show the timescales").click()
    assert page.title().startswith("Error: Check EHC timescales")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the date the council received the request")
    check_axe(page)
    summary.get_by_role("link").click()
    expect(page.locator("#id_received-day")).to_be_focused()

    fill_date(page, "received", "6", "1", "2025")
    fill_date(page, "plan_issued", "2", "6", "2025")
    fill_date(page, "decision_letter", "15", "6", "2025")
    page.get_by_role("button", name="Show the timescales").click()
    expect(page.locator("h1")).to_have_text("Your EHC timescales")
    expect(page.get_by_text("Monday 26 May 2025")).to_be_visible()  # 20 weeks, reg 13(2)
    expect(page.get_by_text("Friday 23 May 2025")).to_be_visible()  # before the bank holiday
    expect(page.get_by_text("Monday 1 September 2025")).to_be_visible()  # appeal, HESC r.12
    check_axe(page)
    screenshot(page, "timescales-timeline")

    page.get_by_role("button", name="Change your dates").click()
    expect(page.locator("#id_received-year")).to_have_value("2025")
    expect(page.locator("#id_decision_letter-day")).to_have_value("15")
