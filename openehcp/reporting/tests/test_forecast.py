"""The forecast: the exponential trend by age group and its back-test, checked by hand."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from openehcp.reporting.forecast import backtest, growth_rate, history, project
from tests.factories import EHCPlanFactory

pytestmark = pytest.mark.django_db

GROUPS = ["under-5", "5-10", "11-15", "16-19", "20-25"]


def counts(**by_group) -> dict[str, int]:
    return {code: by_group.get(code.replace("-", "_"), 0) for code in GROUPS}


def test_growth_rate_of_a_doubling_series_is_two_and_flat_without_history():
    assert growth_rate([10, 20, 40, 80]) == pytest.approx(2.0)
    assert growth_rate([5]) == 1.0
    assert growth_rate([0, 0, 7]) == 1.0


def test_projection_carries_the_latest_count_forward_at_the_growth_rate():
    past = {2022: counts(under_5=100), 2023: counts(under_5=110), 2024: counts(under_5=121)}
    forecast, rates = project(past, 2)
    assert rates["under-5"] == pytest.approx(1.1)
    assert forecast[2025]["under-5"] == 133  # 121 × 1.1
    assert forecast[2026]["under-5"] == 146  # 121 × 1.21 = 146.41
    assert forecast[2026]["16-19"] == 0


def test_backtest_mape_against_what_happened():
    # Growth of 10% a year to 2022, then flat: fitted to 2022, the forecast for 2024 is
    # 121 × 1.1² = 146 against 121 that happened, an error of 25 / 121 = 20.7%.
    past = {
        2020: counts(under_5=100),
        2021: counts(under_5=110),
        2022: counts(under_5=121),
        2023: counts(under_5=121),
        2024: counts(under_5=121),
    }
    result = backtest(past)
    fold = next(f for f in result["folds"] if f["fitted_to"] == 2022 and f["year"] == 2024)
    assert fold["by_age_group"]["under-5"] == {"forecast": 146, "actual": 121, "ape": 20.7}
    assert fold["horizon"] == 2
    assert result["mape"] is not None
    assert set(result["mape_by_horizon"]) == {"1", "2", "3"}


def test_history_counts_plans_maintained_on_1_january_by_age_group_that_day():
    # Born 2 January 2014: still 9 on 1 January 2024, so in "5 to 10".
    EHCPlanFactory(made_on=date(2022, 5, 1), child__date_of_birth=date(2014, 1, 2))
    # Ceased on 1 January 2024: not maintained that day.
    EHCPlanFactory(
        made_on=date(2022, 5, 1),
        ceased_on=date(2024, 1, 1),
        cease_reason="2",
        child__date_of_birth=date(2010, 1, 1),
    )
    result = history(through=2024)
    assert result[2023]["5-10"] == 1 and result[2023]["11-15"] == 1
    assert result[2024]["5-10"] == 1 and result[2024]["11-15"] == 0


def test_forecast_command_prints_json():
    EHCPlanFactory(made_on=date(2020, 5, 1), child__date_of_birth=date(2015, 6, 1))
    out = StringIO()
    call_command("forecast", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert "exponential trend" in data["method"]
    assert len(data["forecast"]) == 5
    assert {"history", "growth_rates", "backtest", "age_groups"} <= set(data)
