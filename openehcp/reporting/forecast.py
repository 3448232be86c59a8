"""How many EHC plans to expect over the next 1-5 years, by age group, from the council's history.

Method (stated on the forecast page and in the README): count the plans maintained on 1 January
of each year of the history, by the child's age group on that day. For each age group, fit an
exponential trend - a least-squares straight line through the logarithms of the last
``WINDOW`` yearly counts - and carry the latest count forward at the fitted yearly growth rate:
``forecast(Y + h) = count(Y) × growth^h``. An age group with fewer than two years of plans is
carried forward flat. The total is the sum of the age groups.

Back-test: for each of the last ``BACKTEST_FOLDS`` years k, fit on the years up to Y - k only,
forecast the years after it, and compare with what happened. The error is the mean absolute
percentage error (MAPE) over every age group and year with plans, overall and by horizon.
"""

from datetime import date
from math import exp, log

from django.db.models import Count, Q

from openehcp.plans.models import EHCPlan

from .filters import AGE_GROUPS, born_between_for_ages

WINDOW = 5
HORIZON = 5
BACKTEST_FOLDS = 3
METHOD = (
    "Plans maintained on 1 January of each year are counted by the child's age group on that day. "
    f"For each age group an exponential trend is fitted to the last {WINDOW} years (least squares "
    "on the logarithm of the count) and the latest count is carried forward at the fitted yearly "
    "growth rate; an age group with fewer than two years of plans is carried forward unchanged. "
    "The total is the sum of the age groups."
)


def census_day(year: int) -> date:
    return date(year, 1, 1)


def history(*, through: int) -> dict[int, dict[str, int]]:
    """Plans maintained on 1 January of each year up to ``through``, by age group: one query."""
    first_made = EHCPlan.objects.order_by("made_on").values_list("made_on", flat=True).first()
    if first_made is None:
        return {}
    years = list(range(first_made.year + 1, through + 1))
    aggregates = {}
    for year in years:
        day = census_day(year)
        maintained = Q(made_on__lte=day) & (Q(ceased_on__isnull=True) | Q(ceased_on__gt=day))
        for code, _label, youngest, oldest in AGE_GROUPS:
            earliest_excluded, latest = born_between_for_ages(youngest, oldest, day)
            aggregates[f"y{year}_{code}"] = Count(
                "pk",
                filter=maintained
                & Q(child__date_of_birth__gt=earliest_excluded, child__date_of_birth__lte=latest),
            )
    if not aggregates:
        return {}
    counts = EHCPlan.objects.aggregate(**aggregates)
    return {year: {code: counts[f"y{year}_{code}"] for code, *_ in AGE_GROUPS} for year in years}


def growth_rate(counts: list[int]) -> float:
    """The yearly growth factor of the exponential trend through the last WINDOW counts."""
    points = [(i, log(n)) for i, n in enumerate(counts[-WINDOW:]) if n > 0]
    if len(points) < 2:
        return 1.0
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / spread
    return exp(slope)


def project(past: dict[int, dict[str, int]], horizon: int) -> tuple[dict, dict[str, float]]:
    """Forecast the ``horizon`` years after the last year of ``past``, with the growth rates."""
    years = sorted(past)
    last = years[-1]
    rates, forecast = {}, {}
    for code, *_ in AGE_GROUPS:
        series = [past[year][code] for year in years]
        rates[code] = growth_rate(series)
    for h in range(1, horizon + 1):
        forecast[last + h] = {
            code: round(past[last][code] * rates[code] ** h) for code, *_ in AGE_GROUPS
        }
    return forecast, rates


def backtest(past: dict[int, dict[str, int]]) -> dict:
    """Fit on years up to Y - k, forecast to Y, and measure the error against the actuals."""
    years = sorted(past)
    folds, errors, by_horizon = [], [], {}
    for k in range(1, BACKTEST_FOLDS + 1):
        fit_years = years[:-k]
        if len(fit_years) < 2:
            break
        predicted, _ = project({y: past[y] for y in fit_years}, k)
        for year, values in predicted.items():
            horizon = year - fit_years[-1]
            rows = {}
            for code, *_ in AGE_GROUPS:
                actual = past[year][code]
                ape = abs(values[code] - actual) / actual * 100 if actual else None
                rows[code] = {"forecast": values[code], "actual": actual, "ape": _one(ape)}
                if ape is not None:
                    errors.append(ape)
                    by_horizon.setdefault(horizon, []).append(ape)
            folds.append(
                {"fitted_to": fit_years[-1], "year": year, "horizon": horizon, "by_age_group": rows}
            )
    return {
        "folds": folds,
        "mape": _one(sum(errors) / len(errors)) if errors else None,
        "mape_by_horizon": {str(h): _one(sum(v) / len(v)) for h, v in sorted(by_horizon.items())},
    }


def _one(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def plans_forecast(*, today: date) -> dict:
    """The forecast of maintained plans by age group for the next HORIZON years, with its
    history, growth rates and back-test, ready for the page and ``openehcp forecast --json``."""
    past = history(through=today.year)
    groups = [{"code": code, "label": label} for code, label, *_ in AGE_GROUPS]
    result = {
        "method": METHOD,
        "census_day": "1 January",
        "age_groups": groups,
        "history": [],
        "forecast": [],
        "growth_rates": {},
        "backtest": {"folds": [], "mape": None, "mape_by_horizon": {}},
    }
    if not past:
        return result
    forecast, rates = project(past, HORIZON)
    result["base_year"] = max(past)
    result["history"] = [
        {"year": year, "by_age_group": counts, "total": sum(counts.values())}
        for year, counts in sorted(past.items())
    ]
    result["forecast"] = [
        {"year": year, "by_age_group": counts, "total": sum(counts.values())}
        for year, counts in sorted(forecast.items())
    ]
    result["growth_rates"] = {code: _one((rate - 1) * 100) for code, rate in rates.items()}
    result["backtest"] = backtest(past)
    return result
