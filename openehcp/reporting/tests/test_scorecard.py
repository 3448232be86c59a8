"""The monthly scorecard, checked number by number against small histories built by hand."""

from datetime import date

import pytest

from openehcp.assessments.models import Decision
from openehcp.reporting.filters import ReportFilters
from openehcp.reporting.months import Month
from openehcp.reporting.scorecard import (
    KEYS,
    monthly_scorecard,
    percent,
    phase_transfer_due_on,
    review_due_on,
)
from openehcp.reviews.models import PhaseTransfer, TransferPhase
from tests.factories import (
    AnnualReviewFactory,
    AssessmentRequestFactory,
    ChildFactory,
    EHCPlanFactory,
    TimescaleExceptionFactory,
)

pytestmark = pytest.mark.django_db


def scorecard(first: str, last: str, **filters) -> dict[str, dict]:
    rows = monthly_scorecard(
        Month.parse(first), Month.parse(last), filters=ReportFilters(**filters)
    )
    return {row["month"]: row for row in rows}


def issued(received: date, final: date, **kwargs):
    return AssessmentRequestFactory(
        received_on=received,
        decision_to_assess=Decision.YES,
        decision_on=received,
        final_issued_on=final,
        **kwargs,
    )


def test_percent_has_one_decimal_rounded_half_up_and_is_null_without_a_denominator():
    assert percent(0, 0) is None
    assert percent(3, 0) is None
    assert percent(0, 4) == 0.0
    assert percent(2, 3) == 66.7
    assert percent(1, 16) == 6.3  # 6.25 rounds up, not to even
    assert percent(5, 5) == 100.0


def test_rows_have_every_key_in_order_and_a_change_for_each():
    rows = monthly_scorecard(Month(2022, 1), Month(2022, 12))
    assert [row["month"] for row in rows] == [f"2022-{m:02d}" for m in range(1, 13)]
    assert list(rows[0])[: len(KEYS)] == KEYS
    assert "requests_received_change" in rows[0]
    assert rows[0]["requests_received"] == 0
    assert rows[0]["percent_within_20_weeks"] is None
    assert rows[0]["cumulative_percent_within_20_weeks"] is None


def test_requests_count_in_the_month_they_were_received_last_day_and_first_day():
    AssessmentRequestFactory(received_on=date(2021, 12, 31))
    AssessmentRequestFactory(received_on=date(2022, 1, 1))
    AssessmentRequestFactory(received_on=date(2022, 1, 31))
    AssessmentRequestFactory(received_on=date(2022, 2, 1))
    AssessmentRequestFactory(received_on=date(2022, 1, 15), is_reassessment=True)
    card = scorecard("2022-01", "2022-03")
    assert card["2022-01"]["requests_received"] == 2
    assert card["2022-01"]["requests_received_change"] == 1  # December 2021 had one
    assert card["2022-02"]["requests_received"] == 1
    assert card["2022-02"]["requests_received_change"] == -1
    assert card["2022-03"]["requests_received"] == 0
    assert card["2022-03"]["requests_received_change"] == -1


def test_within_20_weeks_is_140_days_across_29_february_and_exceptions_are_left_out():
    # 12 Oct 2023 to 29 Feb 2024 is exactly 140 days (2024 is a leap year): within 20 weeks.
    issued(date(2023, 10, 12), date(2024, 2, 29))
    # One day earlier is 141 days: not within.
    issued(date(2023, 10, 11), date(2024, 2, 29))
    # Within 140 days, but a timescale exception was recorded: out of numerator and denominator.
    with_exception = issued(date(2023, 10, 12), date(2024, 2, 29))
    TimescaleExceptionFactory(request=with_exception)
    # Issued on the first day of the next month, 121 days after the request.
    issued(date(2023, 11, 1), date(2024, 3, 1))
    card = scorecard("2024-01", "2024-03")
    january, february, march = card["2024-01"], card["2024-02"], card["2024-03"]
    assert january["plans_issued"] == 0
    assert january["percent_within_20_weeks"] is None
    assert january["cumulative_percent_within_20_weeks"] is None
    assert february["plans_issued"] == 3
    assert february["plans_issued_excluding_exceptions"] == 2
    assert february["issued_within_20_weeks"] == 1
    assert february["percent_within_20_weeks"] == 50.0
    assert february["cumulative_percent_within_20_weeks"] == 50.0
    assert february["plans_issued_change"] == 3
    assert february["percent_within_20_weeks_change"] is None  # January had no denominator
    assert march["plans_issued"] == 1
    assert march["plans_issued_excluding_exceptions"] == 1
    assert march["issued_within_20_weeks"] == 1
    assert march["percent_within_20_weeks"] == 100.0
    # Cumulative from the first month of the range: (1 + 1) / (2 + 1).
    assert march["cumulative_percent_within_20_weeks"] == 66.7
    assert march["cumulative_percent_within_20_weeks_change"] == 16.7
    assert march["percent_within_20_weeks_change"] == 50.0
    assert march["plans_issued_change"] == -2


def test_cumulative_percentage_starts_at_the_first_month_of_the_range():
    issued(date(2023, 9, 1), date(2024, 1, 10))  # 131 days: within, January
    issued(date(2023, 6, 1), date(2024, 2, 10))  # 254 days: late, February
    issued(date(2023, 10, 1), date(2024, 2, 12))  # 134 days: within, February
    assert scorecard("2024-01", "2024-02")["2024-02"]["cumulative_percent_within_20_weeks"] == 66.7
    assert scorecard("2024-02", "2024-02")["2024-02"]["cumulative_percent_within_20_weeks"] == 50.0


def test_open_requests_beyond_30_and_52_weeks_at_each_month_end():
    # 31 Jan 2024 less 210 days is 5 Jul 2023; less 364 days is 1 Feb 2023.
    AssessmentRequestFactory(received_on=date(2023, 7, 4))  # r1: 211 days at 31 Jan
    AssessmentRequestFactory(received_on=date(2023, 7, 5))  # r2: exactly 210 days at 31 Jan
    AssessmentRequestFactory(  # r3: 365 days at 31 Jan, withdrawn on 1 Feb
        received_on=date(2023, 1, 31), withdrawn_on=date(2024, 2, 1)
    )
    AssessmentRequestFactory(  # r4: decided not to assess on 31 Jan: closed at January's end
        received_on=date(2023, 2, 1),
        decision_to_assess=Decision.NO,
        decision_on=date(2024, 1, 31),
    )
    AssessmentRequestFactory(received_on=date(2023, 2, 1))  # r5: exactly 364 days at 31 Jan
    AssessmentRequestFactory(  # r6: plan issued on 31 Dec: closed at December's end
        received_on=date(2022, 6, 1), final_issued_on=date(2023, 12, 31)
    )
    AssessmentRequestFactory(  # r7: decided not to issue on 29 Feb 2024
        received_on=date(2023, 5, 1),
        decision_to_assess=Decision.YES,
        decision_on=date(2023, 6, 10),
        decision_to_issue=Decision.NO,
        issue_decision_on=date(2024, 2, 29),
    )
    AssessmentRequestFactory(received_on=date(2022, 1, 1), is_reassessment=True)
    card = scorecard("2023-12", "2024-02")
    # December: r3 (334 days), r4 (333), r5 (333), r7 (244); r6 closed on the last day.
    assert card["2023-12"]["open_over_30_weeks"] == 4
    assert card["2023-12"]["open_over_52_weeks"] == 0
    # January: r1, r3, r5, r7 beyond 30 weeks; only r3 (365 days) beyond 52.
    assert card["2024-01"]["open_over_30_weeks"] == 4
    assert card["2024-01"]["open_over_52_weeks"] == 1
    assert card["2024-01"]["open_over_30_weeks_change"] == 0
    assert card["2024-01"]["open_over_52_weeks_change"] == 1
    # February (29 days in 2024): r1 (240), r2 (239), r5 (393); r3 and r7 closed.
    assert card["2024-02"]["open_over_30_weeks"] == 3
    assert card["2024-02"]["open_over_52_weeks"] == 1
    assert card["2024-02"]["open_over_30_weeks_change"] == -1
    # November 2023 (the month before the range) gives December's change: r6 (547 days) was
    # open beyond 52 weeks, r3 (303), r4 (302), r5 (302), r7 (213) beyond 30.
    assert card["2023-12"]["open_over_30_weeks_change"] == -1
    assert card["2023-12"]["open_over_52_weeks_change"] == -1


def test_plans_ceased_in_the_month_of_the_cease_date():
    EHCPlanFactory(made_on=date(2020, 1, 1), ceased_on=date(2024, 1, 31), cease_reason="1")
    EHCPlanFactory(made_on=date(2020, 1, 1), ceased_on=date(2024, 2, 1), cease_reason="3")
    EHCPlanFactory(made_on=date(2020, 1, 1), ceased_on=date(2024, 2, 29), cease_reason="5")
    EHCPlanFactory(made_on=date(2020, 1, 1))
    card = scorecard("2024-01", "2024-02")
    assert card["2024-01"]["plans_ceased"] == 1
    assert card["2024-02"]["plans_ceased"] == 2
    assert card["2024-02"]["plans_ceased_change"] == 1


def test_review_due_the_day_before_the_anniversary_and_29_february():
    assert review_due_on(date(2023, 2, 1)) == date(2024, 1, 31)
    assert review_due_on(date(2023, 3, 1)) == date(2024, 2, 29)
    assert review_due_on(date(2024, 2, 29)) == date(2025, 2, 27)


def test_annual_reviews_due_in_the_month_and_completed_on_time():
    EHCPlanFactory(made_on=date(2023, 2, 1))  # due 31 Jan 2024
    EHCPlanFactory(made_on=date(2023, 3, 1))  # due 29 Feb 2024
    EHCPlanFactory(made_on=date(2023, 3, 2))  # due 1 Mar 2024: outside the range
    # Ceased in January, before its review fell due: still due in January (ceased in the month).
    EHCPlanFactory(made_on=date(2023, 1, 15), ceased_on=date(2024, 1, 20), cease_reason="2")
    # Ceased in December, before the month its review fell due (February): not due.
    EHCPlanFactory(made_on=date(2023, 2, 15), ceased_on=date(2023, 12, 1), cease_reason="2")
    reviewed = EHCPlanFactory(made_on=date(2021, 6, 1))
    AnnualReviewFactory(plan=reviewed, meeting_on=date(2023, 2, 10))  # next due 9 Feb 2024
    AnnualReviewFactory(plan=reviewed, meeting_on=date(2023, 2, 12), is_interim=True)
    # Decision 28 days after the meeting: on time, completed in January.
    AnnualReviewFactory(
        plan=reviewed, meeting_on=date(2024, 1, 3), decision_on=date(2024, 1, 31), outcome="M"
    )
    # Decision 29 days after the meeting: late, completed in February.
    AnnualReviewFactory(
        meeting_on=date(2024, 1, 3),
        decision_on=date(2024, 2, 1),
        outcome="A",
        plan__made_on=date(2020, 9, 9),
    )
    card = scorecard("2024-01", "2024-02")
    assert card["2024-01"]["annual_reviews_due"] == 2
    assert card["2024-02"]["annual_reviews_due"] == 2
    assert card["2024-01"]["annual_reviews_completed"] == 1
    assert card["2024-01"]["annual_reviews_completed_on_time"] == 1
    assert card["2024-01"]["percent_annual_reviews_on_time"] == 100.0
    assert card["2024-02"]["annual_reviews_completed"] == 1
    assert card["2024-02"]["annual_reviews_completed_on_time"] == 0
    assert card["2024-02"]["percent_annual_reviews_on_time"] == 0.0
    assert card["2024-02"]["percent_annual_reviews_on_time_change"] == -100.0


def test_phase_transfers_due_before_15_february_or_31_march_for_post16():
    assert phase_transfer_due_on(2024, to_post16=False) == date(2024, 2, 14)
    assert phase_transfer_due_on(2024, to_post16=True) == date(2024, 3, 30)
    on_time, late = EHCPlanFactory(), EHCPlanFactory()
    PhaseTransfer.objects.create(
        plan=on_time,
        transfer_year=2024,
        to_phase=TransferPhase.SECONDARY,
        amended_plan_issued_on=date(2024, 2, 14),
    )
    PhaseTransfer.objects.create(
        plan=late,
        transfer_year=2024,
        to_phase=TransferPhase.SECONDARY,
        amended_plan_issued_on=date(2024, 2, 15),
    )
    PhaseTransfer.objects.create(
        plan=EHCPlanFactory(),
        transfer_year=2024,
        to_phase=TransferPhase.POST16,
        amended_plan_issued_on=date(2024, 3, 30),
    )
    PhaseTransfer.objects.create(
        plan=EHCPlanFactory(), transfer_year=2024, to_phase=TransferPhase.POST16
    )
    PhaseTransfer.objects.create(
        plan=EHCPlanFactory(), transfer_year=2025, to_phase=TransferPhase.JUNIOR
    )
    card = scorecard("2024-01", "2024-04")
    assert card["2024-01"]["phase_transfers_due"] == 0
    assert card["2024-01"]["percent_phase_transfers_on_time"] is None
    assert card["2024-02"]["phase_transfers_due"] == 2
    assert card["2024-02"]["phase_transfers_completed_on_time"] == 1
    assert card["2024-02"]["percent_phase_transfers_on_time"] == 50.0
    assert card["2024-03"]["phase_transfers_due"] == 2
    assert card["2024-03"]["phase_transfers_completed_on_time"] == 1
    assert card["2024-04"]["phase_transfers_due"] == 0


def test_filters_by_team_caseworker_need_setting_type_and_age_group():
    child = ChildFactory(primary_need="ASD", date_of_birth=date(2012, 2, 29))
    other = ChildFactory(primary_need="SEMH", date_of_birth=date(2020, 3, 1))
    AssessmentRequestFactory(child=child, received_on=date(2024, 1, 10))
    AssessmentRequestFactory(child=other, received_on=date(2024, 1, 11))
    january = "2024-01"
    assert scorecard(january, january)[january]["requests_received"] == 2
    assert scorecard(january, january, need="ASD")[january]["requests_received"] == 1
    assert (
        scorecard(january, january, team=child.caseworker.team_id)[january]["requests_received"]
        == 1
    )
    assert (
        scorecard(january, january, caseworker=other.caseworker_id)[january]["requests_received"]
        == 1
    )
    assert scorecard(january, january, setting_type="special")[january]["requests_received"] == 0
    # On 31 January 2024 the first child is 11, the second 3.
    assert scorecard(january, january, age_group="11-15")[january]["requests_received"] == 1
    assert scorecard(january, january, age_group="under-5")[january]["requests_received"] == 1
    assert scorecard(january, january, age_group="5-10")[january]["requests_received"] == 0
