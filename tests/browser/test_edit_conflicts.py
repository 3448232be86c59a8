"""Two people editing the same record, in a real browser: the second save is refused with a GOV.UK
error summary naming who changed the record and when, what they typed stays in the form, and the
page passes axe."""

import re

from playwright.sync_api import expect

from openehcp.accounts.models import User
from openehcp.people.models import Child
from openehcp.people.services import child_update
from tests import factories


def test_the_second_editor_is_told_and_keeps_what_they_typed(page, login_as, check_axe, screenshot):
    login = login_as("caseworker")
    me = User.objects.get(username=login.username)
    colleague = factories.UserFactory(team=me.team, first_name="Kim", last_name="Colleague")
    child = factories.ChildFactory(caseworker=me, forename="Ada", surname="Lovelace")

    page.goto(f"/children/{child.pk}/edit/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Change the child’s details")
    # While this page is open, a colleague saves the record.
    child_update(child=child, version=child.version, updated_by=colleague, surname="Byron")

    page.get_by_label("Lead professional (optional)").fill("Dr Mary Somerville, paediatrician")
    page.get_by_role("button", name="Save changes").click()

    expect(page).to_have_title(re.compile("^Error: Change Ada Byron’s details"))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Ada Byron’s record was changed by Kim Colleague at ")
    expect(summary).to_contain_text("while you were editing. Your changes have not been saved.")
    # What the colleague saved is shown; what this person typed is still in the form.
    expect(page.locator(".govuk-inset-text")).to_contain_text("Byron")
    expect(page.get_by_label("Lead professional (optional)")).to_have_value(
        "Dr Mary Somerville, paediatrician"
    )
    check_axe(page)
    screenshot(page, "edit-conflict")
    assert Child.objects.get(pk=child.pk).lead_professional == ""

    # Saving again, having seen the other change, replaces it.
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ada Lovelace")
    saved = Child.objects.get(pk=child.pk)
    assert (saved.surname, saved.lead_professional) == (
        "Lovelace",
        "Dr Mary Somerville, paediatrician",
    )
