"""The SEN2 return page in a real browser: axe, a problem's link to the child's record and the
XML download."""

from lxml import etree
from playwright.sync_api import expect

from openehcp.sen2.tests import histories


def test_sen2_page_passes_axe_and_links_to_records(page, login_as, check_axe, screenshot):
    h = histories.build()
    login_as("service_leader")
    page.goto("/reports/")
    page.get_by_role("link", name="SEN2 return").first.click()
    page.get_by_label("Collection year").select_option("2027")
    page.get_by_role("button", name="Show this year").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("SEN2 return 2027")
    expect(page.locator("#sen2-counts")).to_contain_text("Persons (module 1)")
    check_axe(page)
    screenshot(page, "sen2-return")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the XML (sen2-2027.xml)").click()
    assert download.value.suggested_filename == "sen2-2027.xml"
    tree = etree.parse(download.value.path())
    assert tree.findtext("Header/CollectionDetails/ReferenceDate") == "2027-01-21"

    child = h["aged_26"]
    page.locator(f'#sen2-problems a[href="/children/{child.pk}/"]').first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(child.surname)


def test_sen2_page_with_a_return_that_fails_the_schema_passes_axe(page, login_as, check_axe):
    h = histories.build()
    child = h["late_without_exception"]
    child.primary_need = ""
    child.save()
    login_as("qa")
    page.goto("/reports/sen2/?year=2027")
    expect(page.get_by_text("Not valid")).to_be_visible()
    page.get_by_text("What the schema says").click()
    expect(page.locator(".govuk-details__text")).to_contain_text("ActivePlans")
    expect(page.locator("#sen2-problems")).to_contain_text("no primary type of need recorded")
    check_axe(page)
