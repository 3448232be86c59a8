"""The child's placements page in a real browser: the history, an error, recording a move, and
axe on each state."""

import datetime

from playwright.sync_api import expect

from openehcp.accounts.models import User
from openehcp.people.models import Child, Placement
from tests import factories


def test_placements_page_records_a_move_and_passes_axe(page, login_as, check_axe, screenshot):
    login = login_as("caseworker")
    me = User.objects.get(username=login.username)
    old = factories.EstablishmentFactory(name="Heron Primary School")
    new = factories.EstablishmentFactory(name="Kestrel Academy")
    child = factories.ChildFactory(
        caseworker=me,
        forename="Ada",
        surname="Lovelace",
        date_of_birth=datetime.date(2014, 5, 4),
        establishment=old,
    )
    Placement.objects.create(child=child, establishment=old, starts_on=datetime.date(2019, 9, 1))

    page.goto(f"/children/{child.pk}/")
    page.get_by_role("link", name="Placements over time").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Placements")
    expect(page.locator("table")).to_contain_text("Heron Primary School")
    check_axe(page)

    page.get_by_role("button", name="Record placement").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the URN of the setting, or choose a type of setting"
    )
    check_axe(page)

    page.get_by_label("URN of the setting (optional)").fill(new.urn)
    page.get_by_label("Day").first.fill("1")
    page.get_by_label("Month").first.fill("9")
    page.get_by_label("Year").first.fill("2026")
    page.get_by_label("Residential placement").select_option("A")
    page.get_by_role("button", name="Record placement").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Kestrel Academy")
    expect(page.locator("table")).to_contain_text("31 August 2026")
    check_axe(page)
    screenshot(page, "placements")
    assert Child.objects.get(pk=child.pk).establishment == new
