"""The public "Check EHC timescales" page."""

import re
from datetime import date

import pytest
from django.urls import reverse

from openehcp.timescales import views

pytestmark = pytest.mark.django_db
URL = "/check-ehc-timescales/"


def dated(**dates):
    """{"received": "6 1 2025"} -> the GOV.UK date input's day/month/year fields."""
    data = {}
    for name, text in dates.items():
        day, month, year = text.split()
        data |= {f"{name}-day": day, f"{name}-month": month, f"{name}-year": year}
    return data


@pytest.fixture
def today(monkeypatch):
    def set_today(day):
        monkeypatch.setattr(views.timezone, "localdate", lambda: day)

    set_today(date(2025, 3, 1))
    return set_today


def test_the_page_is_public_with_a_single_h1_and_date_inputs(client):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("timescales:check") == URL
    assert html.count("<h1") == 1
    assert "<title>Check EHC timescales" in html
    assert 'name="received-day"' in html and 'name="received-year"' in html
    assert "csrfmiddlewaretoken" in html
    assert 'inputmode="numeric"' in html


def test_the_footer_links_to_the_page(client):
    assert f'href="{URL}">Check EHC timescales</a>' in client.get("/accessibility").content.decode()


def test_nothing_entered_is_an_error_linked_to_the_first_date(client):
    html = client.post(URL, {}).content.decode()
    assert "<title>Error: Check EHC timescales" in html
    assert 'href="#id_received-day">Enter the date the council received the request' in html
    assert "govuk-form-group--error" in html


def test_an_impossible_date_keeps_what_was_typed(client):
    html = client.post(URL, dated(received="31 2 2025", decision="4 3 2025")).content.decode()
    assert "Date the request was received must be a real date" in html
    assert 'id="id_received-day" name="received-day" type="text" value="31"' in html
    assert 'name="decision-month" type="text" value="3"' in html


def test_a_decision_before_the_request_is_an_error(client):
    html = client.post(URL, dated(received="6 1 2025", decision="1 1 2024")).content.decode()
    assert (
        "Date of the decision whether to assess must be the same as or after the date the "
        "council received the request" in html
    )
    assert 'value="2024"' in html


def test_a_future_date_of_birth_is_an_error(client, today):
    html = client.post(URL, dated(date_of_birth="1 1 2030")).content.decode()
    assert "Date of birth must be today or in the past" in html


def test_the_assessment_timeline_with_rules_and_what_to_do(client, today):
    response = client.post(URL, dated(received="6 1 2025"))
    html = response.content.decode()
    assert '<h1 class="govuk-heading-xl">Your EHC timescales</h1>' in html
    assert "Monday 17 February 2025" in html  # 6 weeks, reg 5(1)
    assert "Monday 28 April 2025" in html  # 16 weeks, reg 10(1)
    assert "Monday 26 May 2025" in html and "Friday 23 May 2025" in html  # 20 weeks, bank holiday
    assert "SEND Regulations 2014 reg 13(2)" in html
    assert "SENDIASS" in html and "Ombudsman" in html and "judicial review" in html
    tags = re.findall(r'govuk-tag (govuk-tag--\w+)">([^<]*)<', html)
    assert tags == [
        ("govuk-tag--orange", "Date passed"),
        ("govuk-tag--blue", "Not due yet"),
        ("govuk-tag--blue", "Not due yet"),
    ]


def test_recorded_steps_show_on_time_and_late(client, today):
    today(date(2025, 7, 1))
    data = dated(received="6 1 2025", decision="10 2 2025", plan_issued="2 6 2025")
    html = client.post(URL, data).content.decode()
    assert 'govuk-tag--green">Done on time<' in html
    assert 'govuk-tag--red">Done late<' in html


def test_review_amendment_phase_transfer_and_appeal_sections(client, today):
    data = dated(
        plan_issued="1 3 2024",
        review_meeting="10 2 2025",
        amendment_notice="1 4 2025",
        date_of_birth="1 3 2016",
        decision_letter="15 6 2025",
    )
    html = client.post(URL, data).content.decode()
    for title in (
        "Annual review",
        "Amending the plan",
        "Changing school: moving to secondary school in 2027",
        "Mediation and appeal",
    ):
        assert f'<h2 class="govuk-heading-l">{title}</h2>' in html
    assert "Friday 28 February 2025" in html  # review: day before the anniversary, s44(1)
    assert "Monday 5 May 2025" in html  # amended plan capped at meeting + 12 weeks (Devon)
    assert "Sunday 14 February 2027" in html and "Friday 12 February 2027" in html  # reg 18
    assert "Monday 1 September 2025" in html  # appeal ending in August moves (HESC r.12)
    assert "moved from 2025-08-15 by HESC Rules r.12" in html


def test_change_your_dates_brings_back_what_was_typed(client, today):
    first = client.post(URL, dated(received="6 1 2025")).content.decode()
    hidden = dict(re.findall(r'<input type="hidden" name="([\w-]+)" value="([^"]*)">', first))
    assert hidden["received-day"] == "6"
    again = client.post(URL, {**hidden, "change": "1"}).content.decode()
    assert '<h1 class="govuk-heading-xl">Check EHC timescales</h1>' in again
    assert 'name="received-day" type="text" value="6"' in again
    assert "govuk-error-summary" not in again
