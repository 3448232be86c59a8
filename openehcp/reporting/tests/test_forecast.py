"""The forecast: the cohort (age-transition) model and its back-test, checked by hand."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from openehcp.reporting.forecast import (
    backtest,
    by_group,
    continuation_rates,
    exponential_growth,
    history,
    project,
)
from tests.factories import EHCPlanFactory

pytestmark = pytest.mark.django_db


def ages(**counts) -> list[int]:
    values = [0] * 26
    for age, n in counts.items():
        values[int(age.removeprefix("a"))] = n
    return values


# A cohort of 10 new plans at age 5 every year; 8 of each 10 are still held at 6, all at 7.
HELD = {
    2022: ages(a5=10),
    2023: ages(a5=10, a6=8),
    2024: ages(a5=10, a6=8, a7=8),
}
NEW = {2022: ages(a5=10), 2023: ages(a5=10), 2024: ages(a5=10)}


def test_exponential_growth_of_a_doubling_series_is_two_and_flat_without_history():
    assert exponential_growth([10, 20, 40, 80]) == pytest.approx(2.0)
    assert exponential_growth([5]) == 1.0
    assert exponential_growth([0, 0, 7]) == 1.0


def test_continuation_rate_is_plans_kept_a_year_later_over_plans_held():
    rates = continuation_rates(HELD, NEW)
    assert rates[5] == pytest.approx(0.8)  # (8 + 8) / (10 + 10)
    assert rates[6] == pytest.approx(1.0)  # 8 / 8
    assert rates[7] == 1.0  # nobody was 7 before 2024: carried unchanged
    assert rates[25] == 0.0  # at 26 the council is no longer responsible


def test_projection_ages_each_cohort_and_adds_new_plans():
    forecast, fitted = project(HELD, NEW, 2)
    assert fitted["new_plans_growth"] == pytest.approx(1.0)
    assert forecast[2025][5:9] == [10, 8, 8, 8]
    assert forecast[2026][5:10] == [10, 8, 8, 8, 8]
    assert by_group(forecast[2025])["5-10"] == 34


def test_backtest_compares_a_forecast_fitted_on_earlier_years_with_what_happened():
    result = backtest(HELD, NEW)
    # Fitted on 2022-2023: 2024 forecast 10 + 8 + 8 = 26 aged 5-10, as happened.
    (fold,) = result["folds"]
    assert (fold["fitted_to"], fold["year"], fold["horizon"]) == (2023, 2024, 1)
    assert fold["by_age_group"]["5-10"] == {"forecast": 26, "actual": 26, "ape": 0.0}
    assert result["mape"] == 0.0
    assert result["mape_by_horizon"] == {"1": 0.0}
    # With one more year of a different pattern the error shows.
    held = {**HELD, 2025: ages(a5=10, a6=8, a7=8, a8=4)}
    new = {**NEW, 2025: ages(a5=10)}
    fold = next(f for f in backtest(held, new)["folds"] if f["fitted_to"] == 2024)
    assert fold["by_age_group"]["5-10"] == {"forecast": 34, "actual": 30, "ape": 13.3}


def test_history_counts_plans_on_1_january_by_age_that_day_with_new_plans():
    # Born 2 January 2014: still 9 on 1 January 2024. Born 1 January 2014: 10 that day.
    EHCPlanFactory(made_on=date(2022, 5, 1), child__date_of_birth=date(2014, 1, 2))
    EHCPlanFactory(made_on=date(2023, 5, 1), child__date_of_birth=date(2014, 1, 1))
    # Ceased on 1 January 2024: not held that day.
    EHCPlanFactory(
        made_on=date(2022, 5, 1),
        ceased_on=date(2024, 1, 1),
        cease_reason="2",
        child__date_of_birth=date(2010, 6, 1),
    )
    held, new = history(through=2024)
    assert held[2023][8] == 1 and held[2023][12] == 1 and new[2023][8] == 1
    assert held[2024][9] == 1 and held[2024][10] == 1 and held[2024][13] == 0
    assert new[2024][10] == 1 and new[2024][9] == 0


def test_forecast_command_prints_json():
    EHCPlanFactory(made_on=date(2020, 5, 1), child__date_of_birth=date(2015, 6, 1))
    out = StringIO()
    call_command("forecast", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert "cohort" in data["method"]
    assert len(data["forecast"]) == 5
    assert {"history", "continuation_by_age_group", "backtest", "age_groups"} <= set(data)
