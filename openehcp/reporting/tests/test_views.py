"""The dashboards: who may see them, that their figures agree with the scorecard, the cases
behind each figure, downloads, the board report and the public key figures."""

import csv
import io
import re
import subprocess
from datetime import date, timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from openehcp.accounts.models import Role
from openehcp.assessments.models import Decision
from openehcp.audit.models import AccessLog
from openehcp.establishments.models import SettingType
from openehcp.reporting.exports import safe_cell, to_csv
from openehcp.reporting.models import BoardReportCommentary
from openehcp.reporting.months import Month
from openehcp.reporting.scorecard import monthly_scorecard
from openehcp.reviews.models import PhaseTransfer
from tests.factories import (
    AnnualReviewFactory,
    AssessmentRequestFactory,
    ChildFactory,
    EHCPlanFactory,
    EstablishmentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PAGES = [
    "reporting:index",
    "reporting:scorecard",
    "reporting:caseloads",
    "reporting:requests",
    "reporting:plans",
    "reporting:open_work",
    "reporting:forecast",
    "reporting:board_report",
]


@pytest.fixture
def leader(client):
    user = UserFactory(role=Role.SERVICE_LEADER)
    client.force_login(user)
    return user


@pytest.fixture
def history():
    """Two teams' cases: plans issued in January 2024, one open request, maintained plans."""
    ours = ChildFactory(primary_need="ASD")
    theirs = ChildFactory(primary_need="SEMH")
    AssessmentRequestFactory(
        child=ours,
        received_on=date(2023, 9, 1),
        decision_to_assess=Decision.YES,
        decision_on=date(2023, 10, 1),
        final_issued_on=date(2024, 1, 10),  # 131 days
    )
    AssessmentRequestFactory(
        child=theirs,
        received_on=date(2023, 6, 1),
        decision_to_assess=Decision.YES,
        decision_on=date(2023, 7, 1),
        final_issued_on=date(2024, 1, 20),  # 233 days
    )
    AssessmentRequestFactory(child=ours, received_on=date(2024, 1, 5), source="parent")
    EHCPlanFactory(child=ours, made_on=date(2024, 1, 10))
    EHCPlanFactory(
        child=theirs,
        made_on=date(2024, 1, 20),
        named_establishment=EstablishmentFactory(setting_type=SettingType.OUT_OF_AREA),
    )
    return ours, theirs


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", [Role.SERVICE_LEADER, Role.TEAM_MANAGER, Role.QA_OFFICER])
def test_leaders_managers_and_qa_see_every_dashboard(client, page, role):
    client.force_login(UserFactory(role=role))
    response = client.get(reverse(page))
    assert response.status_code == 200
    assert response.content.count(b"<h1") == 1


@pytest.mark.parametrize("page", [*PAGES, "reporting:cases"])
@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.PANEL_MEMBER, Role.SETTING_STAFF])
def test_other_roles_are_refused(client, page, role):
    client.force_login(UserFactory(role=role))
    assert client.get(reverse(page), {"measure": "plans_issued"}).status_code == 403


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get(reverse("reporting:scorecard"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_scorecard_page_shows_the_scorecards_numbers_in_table_and_chart_tables(
    client, leader, history
):
    response = client.get(
        reverse("reporting:scorecard"), {"from_month": "2024-01", "to_month": "2024-02"}
    )
    html = response.content.decode()
    rows = monthly_scorecard(Month(2024, 1), Month(2024, 2))
    assert rows[0]["plans_issued"] == 2 and rows[0]["percent_within_20_weeks"] == 50.0
    measure = re.search(r'data-measure="percent_within_20_weeks">(.*?)</tr>', html, re.S)[1]
    assert "50.0" in measure
    table = re.search(r'data-chart="timeliness">(.*?)</table>', html, re.S)[1]
    cells = re.findall(r"<td[^>]*>(.*?)</td>", table, re.S)
    assert cells[0] == "50.0" and cells[1] == "50.0"  # January: % and cumulative %
    assert 'role="img"' in html and "<title id=" in html and "<desc id=" in html
    assert "style=" not in html
    assert "140 days" in html


def test_every_scorecard_figure_links_to_the_cases_behind_it(client, leader, history):
    html = client.get(
        reverse("reporting:scorecard"), {"from_month": "2024-01", "to_month": "2024-01"}
    ).content.decode()
    link = re.search(r'data-measure="plans_issued">.*?href="([^"]+)"', html, re.S)[1]
    listing = client.get(link.replace("&amp;", "&"))
    assert listing.status_code == 200
    assert listing.context["page"].paginator.count == 2


def test_the_cases_behind_a_figure_are_only_those_the_user_may_see_and_are_logged(client, history):
    ours, _theirs = history
    manager = UserFactory(role=Role.TEAM_MANAGER, team=ours.caseworker.team)
    client.force_login(manager)
    response = client.get(
        reverse("reporting:cases"),
        {"measure": "plans_issued", "from_month": "2024-01", "to_month": "2024-01"},
    )
    assert response.status_code == 200
    records = list(response.context["page"].object_list)
    assert [r.child_id for r in records] == [ours.pk]
    assert AccessLog.objects.filter(user=manager, child_id=ours.pk).count() == 1


def test_unknown_figure_is_not_found(client, leader):
    assert client.get(reverse("reporting:cases"), {"measure": "nonsense"}).status_code == 404


def test_filters_change_the_figures_and_bad_months_show_a_govuk_error(client, leader, history):
    response = client.get(
        reverse("reporting:scorecard"),
        {"from_month": "2024-01", "to_month": "2024-01", "need": "ASD"},
    )
    assert response.context["table"][1]["cells"][0]["value"] == 1  # plans issued
    response = client.get(reverse("reporting:scorecard"), {"from_month": "2024-13"})
    html = response.content.decode()
    assert "There is a problem" in html
    assert "govuk-form-group--error" in html
    assert "<title>Error: Monthly scorecard" in html


def test_scorecard_downloads_as_csv_and_excel(client, leader, history):
    params = {"from_month": "2024-01", "to_month": "2024-02"}
    response = client.get(reverse("reporting:scorecard"), {**params, "download": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows[0]["month"] == "2024-01" and rows[0]["plans_issued"] == "2"
    response = client.get(reverse("reporting:scorecard"), {**params, "download": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].value == "2024-01"


def test_csv_cells_that_look_like_formulas_are_neutralised():
    assert safe_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert safe_cell("+1") == "'+1" and safe_cell("-1") == "'-1" and safe_cell("@x") == "'@x"
    assert safe_cell(-3) == -3
    text = to_csv(["name"], [["=cmd"], ["Plain"]])
    assert text.splitlines() == ["name", "'=cmd", "Plain"]


def test_caseloads_against_the_target(client, leader, history):
    ours, _ = history
    with override_settings(OPENEHCP_CASELOAD_TARGET=2):
        response = client.get(reverse("reporting:caseloads"))
    rows = {row["id"]: row for row in response.context["data"]["rows"]}
    mine = rows[ours.caseworker_id]
    assert (mine["plans"], mine["open_requests"], mine["total"]) == (1, 1, 2)
    assert mine["percent_of_target"] == 100.0 and not mine["over_target"]
    response = client.get(reverse("reporting:caseloads"), {"download": "csv"})
    assert "Caseworker,Team" in response.content.decode()


def test_requests_plans_and_open_work_tables(client, leader, history):
    response = client.get(
        reverse("reporting:requests"), {"from_month": "2024-01", "to_month": "2024-01"}
    )
    source = response.context["tables"][0]
    assert dict((label, n) for label, n, _ in source["rows"])["Parent or carer"] == 1
    response = client.get(reverse("reporting:plans"))
    assert response.context["out_of_area"] == 1
    assert response.context["by_type"].total == 2
    response = client.get(reverse("reporting:open_work"))
    assert response.context["data"]["total"] == 1
    link = response.context["data"]["total_href"]
    assert client.get(link).context["page"].paginator.count == 1
    response = client.get(reverse("reporting:plans"), {"table": "setting", "download": "xlsx"})
    assert load_workbook(io.BytesIO(response.content)).active["A1"].value == "Setting"


def board_form(client, month: str) -> dict:
    """What the board report's commentary form posts as the page was loaded for ``month``."""
    form = client.get(reverse("reporting:board_report"), {"month": month}).context["form"]
    return {"month": month} | {
        name: "" if value is None else str(value)
        for name, value in ((name, form[name].value()) for name in form.fields)
    }


def test_board_report_commentary_is_saved_and_in_the_pdf(client, leader, history):
    url = reverse("reporting:board_report")
    data = board_form(client, "2024-01") | {"summary": "Timeliness fell in January."}
    response = client.post(f"{url}?month=2024-01", data)
    assert response.status_code == 302
    saved = BoardReportCommentary.objects.get(month=date(2024, 1, 1), section="summary")
    assert saved.text == "Timeliness fell in January." and saved.changed_by == leader
    page = client.get(url, {"month": "2024-01"})
    assert "Timeliness fell in January." in page.content.decode()
    pdf = client.get(reverse("reporting:board_report_pdf"), {"month": "2024-01"})
    assert pdf["Content-Type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf.content, capture_output=True, check=True
    ).stdout.decode()
    assert "Timeliness fell in January." in text
    assert "January 2024" in text


def test_two_leaders_writing_the_same_section_the_second_is_told(client, leader):
    url = f"{reverse('reporting:board_report')}?month=2024-02"
    other = client.__class__()
    other.force_login(UserFactory(role=Role.SERVICE_LEADER, first_name="Kim", last_name="Lead"))
    mine, theirs = board_form(client, "2024-02"), board_form(other, "2024-02")
    assert other.post(url, theirs | {"summary": "Kim's summary."}).status_code == 302

    response = client.post(url, mine | {"summary": "My summary.", "demand": "Demand rose."})
    page = response.content.decode()
    assert response.status_code == 200
    assert "The commentary on ‘Summary for the board’ was changed by Kim Lead at " in page
    assert "My summary." in page and "Demand rose." in page
    saved = BoardReportCommentary.objects.filter(month=date(2024, 2, 1))
    # Nothing of the second save was kept, not even the section nobody else touched.
    assert {c.section: c.text for c in saved} == {"summary": "Kim's summary."}
    # Having looked, saving the form as it came back replaces the summary.
    form = response.context["form"]
    again = {name: str(form[name].value() or "") for name in form.fields}
    assert client.post(url, again | {"month": "2024-02"}).status_code == 302
    assert {c.section: c.text for c in saved.all()} == {
        "summary": "My summary.",
        "demand": "Demand rose.",
    }


def test_two_leaders_writing_different_sections_both_keep_their_words(client, leader):
    url = f"{reverse('reporting:board_report')}?month=2024-03"
    other = client.__class__()
    other.force_login(UserFactory(role=Role.SERVICE_LEADER))
    mine, theirs = board_form(client, "2024-03"), board_form(other, "2024-03")
    assert other.post(url, theirs | {"caseloads": "Two posts filled."}).status_code == 302
    assert client.post(url, mine | {"summary": "A good month."}).status_code == 302
    saved = BoardReportCommentary.objects.filter(month=date(2024, 3, 1))
    assert {c.section: c.text for c in saved} == {
        "caseloads": "Two posts filled.",
        "summary": "A good month.",
    }


def test_public_key_figures_need_no_sign_in_and_suppress_numbers_under_5(client):
    today = timezone.localdate()
    for _ in range(6):
        EHCPlanFactory(made_on=today - timedelta(days=40), child__primary_need="ASD")
    EHCPlanFactory(made_on=today - timedelta(days=40), child__primary_need="HI")
    response = client.get(reverse("reporting:key_figures"))
    assert response.status_code == 200
    figures = response.context["figures"]
    assert figures["plans_maintained"] == "7"
    needs = dict(figures["by_need"])
    assert needs["Autistic spectrum disorder"] == "6"
    assert needs["Hearing impairment"] == "fewer than 5"
    assert "not published" in figures["percent_within_20_weeks"]


def test_forecast_page_states_the_method_and_back_test(client, leader):
    for year in range(2019, 2025):
        for _ in range(year - 2017):
            EHCPlanFactory(made_on=date(year - 1, 6, 1), child__date_of_birth=date(year - 9, 3, 1))
    html = client.get(reverse("reporting:forecast")).content.decode()
    assert "cohort (age-transition) model" in html
    assert "mean absolute percentage error" in html


def test_the_plans_behind_reviews_due_and_phase_transfers(client, leader):
    EHCPlanFactory(made_on=date(2023, 2, 1))  # review due 31 January 2024
    reviewed = EHCPlanFactory(made_on=date(2021, 6, 1))
    AnnualReviewFactory(plan=reviewed, meeting_on=date(2023, 1, 20))  # next due 19 January 2024
    EHCPlanFactory(made_on=date(2023, 3, 1))  # due in February: not listed
    month = {"from_month": "2024-01", "to_month": "2024-01"}
    card = monthly_scorecard(Month(2024, 1), Month(2024, 1))[0]
    response = client.get(reverse("reporting:cases"), {"measure": "annual_reviews_due", **month})
    assert response.context["page"].paginator.count == card["annual_reviews_due"] == 2
    PhaseTransfer.objects.create(
        plan=reviewed, transfer_year=2024, to_phase="secondary", amended_plan_issued_on=None
    )
    response = client.get(
        reverse("reporting:cases"),
        {"measure": "phase_transfers_due", "from_month": "2024-02", "to_month": "2024-02"},
    )
    assert [t.plan_id for t in response.context["page"].object_list] == [reviewed.pk]
