"""Leaders' dashboards in a real browser: axe on every page, and a chart's data table showing the
same numbers as the scorecard."""

from datetime import date

import pytest
from playwright.sync_api import expect

from openehcp.assessments.models import Decision
from openehcp.reporting.months import Month
from openehcp.reporting.scorecard import monthly_scorecard
from tests.factories import AssessmentRequestFactory, EHCPlanFactory, TimescaleExceptionFactory

RANGE = {"from_month": "2024-01", "to_month": "2024-06"}
PAGES = [
    ("/reports/", "Reports"),
    ("/reports/scorecard/?from_month=2024-01&to_month=2024-06", "Monthly scorecard"),
    ("/reports/caseloads/", "Caseloads"),
    ("/reports/requests/?from_month=2024-01&to_month=2024-06", "Requests for assessment"),
    ("/reports/plans/", "Plans and settings"),
    ("/reports/open-work/", "Open work"),
    ("/reports/forecast/", "Forecast of EHC plans"),
    ("/reports/board-report/?month=2024-03", "March 2024"),
    (
        "/reports/cases/?measure=plans_issued&from_month=2024-01&to_month=2024-06",
        "Plans issued",
    ),
]


@pytest.fixture
def history():
    """Plans issued across the first half of 2024, some late, one with an exception."""
    for month, days in [(1, 120), (2, 150), (2, 100), (3, 200), (4, 90), (6, 140)]:
        issued_on = date(2024, month, 15)
        request = AssessmentRequestFactory(
            received_on=date.fromordinal(issued_on.toordinal() - days),
            decision_to_assess=Decision.YES,
            decision_on=date.fromordinal(issued_on.toordinal() - days + 40),
            final_issued_on=issued_on,
        )
        EHCPlanFactory(child=request.child, made_on=issued_on, origin_request=request)
    TimescaleExceptionFactory(
        request=AssessmentRequestFactory(
            received_on=date(2023, 9, 1),
            decision_to_assess=Decision.YES,
            decision_on=date(2023, 10, 1),
            final_issued_on=date(2024, 3, 20),
        )
    )
    AssessmentRequestFactory(received_on=date(2023, 5, 1))  # open beyond 52 weeks


@pytest.mark.parametrize(("url", "heading"), PAGES)
def test_every_dashboard_page_passes_axe(page, login_as, check_axe, history, url, heading):
    login_as("service_leader")
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
    check_axe(page)


def test_public_key_figures_page_passes_axe_without_signing_in(page, check_axe, history):
    page.goto("/reports/key-figures/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Key figures: EHC needs assessments and plans"
    )
    check_axe(page)


def test_a_charts_data_table_matches_the_scorecard(page, login_as, history, screenshot):
    login_as("service_leader")
    page.goto("/reports/scorecard/?from_month=2024-01&to_month=2024-06")
    rows = monthly_scorecard(Month(2024, 1), Month(2024, 6))
    chart = page.get_by_role("img", name="Plans issued within 20 weeks, excluding exceptions")
    expect(chart).to_be_visible()
    screenshot(page, "reporting-scorecard")
    table = page.locator('table[data-chart="timeliness"] tbody tr')
    expect(table).to_have_count(6)
    for index, row in enumerate(rows):
        cells = table.nth(index).locator("td")
        for position, key in enumerate(
            ["percent_within_20_weeks", "cumulative_percent_within_20_weeks"]
        ):
            expected = "–no figure" if row[key] is None else str(row[key])
            assert cells.nth(position).inner_text().replace("\n", "") == expected
    # The scorecard's own figure links to the cases behind it.
    page.locator('tr[data-measure="plans_issued"] a').first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Plans issued")
    screenshot(page, "reporting-cases-behind-a-figure")
