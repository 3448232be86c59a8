"""Mediation and Tribunal appeals in a real browser, with axe on each page: a child's list,
recording a disagreement (with its errors), a step, the disagreement's page with the clock's
deadlines, and the service's list with its download."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from openehcp.accounts.models import User
from openehcp.disagreements.tests.factories import refused_request
from tests.factories import ChildFactory


def _fill_date(page, prefix: str, day) -> None:
    page.fill(f"#id_{prefix}-day", str(day.day))
    page.fill(f"#id_{prefix}-month", str(day.month))
    page.fill(f"#id_{prefix}-year", str(day.year))


def test_recording_mediation_and_an_appeal_passes_axe(page, login_as, check_axe, screenshot):
    login_as("caseworker")
    caseworker = User.objects.get(username="caseworker")
    today = timezone.localdate()
    request = refused_request(
        child=ChildFactory(caseworker=caseworker, surname="Appleby"),
        received_on=today - timedelta(days=80),
        decision_on=today - timedelta(days=30),
    )
    page.goto(f"/children/{request.child.pk}/")
    page.get_by_role(
        "link", name="Disagreements with decisions, mediation and Tribunal appeals"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mediation and appeals")
    check_axe(page)

    page.get_by_role("button", name="Record a disagreement").click()
    check_axe(page)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select which decision")
    check_axe(page)
    page.get_by_label("Refusal to carry out an EHC needs assessment").check()
    page.get_by_label("The request for assessment it was about").select_option(str(request.pk))
    _fill_date(page, "decision_on", request.decision_on)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Refusal to carry out an EHC needs assessment"
    )
    expect(page.get_by_text("Last day to appeal to the First-tier Tribunal (SEND)")).to_be_visible()
    check_axe(page)

    page.get_by_role("link", name="Change mediation").click()
    _fill_date(page, "adviser_contacted_on", today - timedelta(days=20))
    page.get_by_label("Yes", exact=True).check()
    _fill_date(page, "council_told_on", today - timedelta(days=19))
    check_axe(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Next: mediation held")).to_be_visible()
    expect(page.get_by_role("heading", name="Mediation held")).to_be_visible()
    check_axe(page)
    screenshot(page, "disagreement")


def test_service_list_passes_axe_and_downloads(page, login_as, check_axe):
    login_as("manager")
    manager = User.objects.get(username="manager")
    caseworker = User.objects.filter(team=manager.team, role="caseworker").first()
    today = timezone.localdate()
    request = refused_request(
        child=ChildFactory(caseworker=caseworker, surname="Brook"),
        received_on=today - timedelta(days=70),
        decision_on=today - timedelta(days=20),
    )
    from openehcp.disagreements.models import Disagreement

    Disagreement.objects.create(
        child=request.child,
        request=request,
        decision="not_to_assess",
        decision_on=request.decision_on,
    )
    page.goto("/")
    page.get_by_role("link", name="Mediation and appeals").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mediation and appeals")
    expect(page.locator("table")).to_contain_text("Brook")
    check_axe(page)
    page.get_by_role("link", name="Time to appeal").click()
    expect(page.locator("table")).to_contain_text("Brook")
    check_axe(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download this list (CSV)").click()
    assert download.value.suggested_filename.startswith("mediation-and-appeals-")
