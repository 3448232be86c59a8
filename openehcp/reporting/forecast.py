"""How many EHC plans to expect over the next 1-5 years, by age group, from the council's history.

Method (stated on the forecast page and in the README) - a cohort (age-transition) model:

1. Count the plans maintained on 1 January of each year by the child's single year of age that
   day (0 to 25), and the *new* plans among them (made since the 1 January before).
2. Continuation rate for each age a: of the plans held at age a one year, the share still held
   (at age a + 1) the next year, not counting new plans - over the last ``WINDOW`` years.
   It takes in plans ceased, moving away and turning 26.
3. New plans: the number made each year follows an exponential trend (least squares on the
   logarithm of the last ``WINDOW`` yearly totals), spread over ages as in the last 3 years.
4. Each year forward: plans at age a + 1 = plans at age a × continuation rate + new plans at
   age a + 1. Ages are added up into the SEN2 age groups.

Back-test: for each of the last ``BACKTEST_FOLDS`` years k, fit on the years up to Y - k only,
forecast the years after it, and compare with what happened: the mean absolute percentage error
(MAPE) over every age group and year with plans, overall and by how many years ahead.
"""

from datetime import date
from math import exp, log

from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.db.models.functions import ExtractYear

from openehcp.plans.models import EHCPlan

from .filters import AGE_GROUPS, OLDEST_AGE

WINDOW = 5
PROFILE_YEARS = 3
HORIZON = 5
BACKTEST_FOLDS = 3
MAX_CONTINUATION = 1.5
AGES = range(OLDEST_AGE + 1)
METHOD = (
    "A cohort (age-transition) model. Plans maintained on 1 January of each year are counted by "
    "the child's age that day, with the new plans among them. For each age, the continuation "
    "rate is the share of plans held at that age that are still held a year later, over the last "
    f"{WINDOW} years (it allows for plans ceased and children moving away). New plans each year "
    f"follow the exponential trend of the last {WINDOW} years' totals, spread over ages as in "
    f"the last {PROFILE_YEARS} years. Each year forward, the plans at each age are last year's "
    "plans one year younger times the continuation rate, plus the new plans at that age."
)

Counts = dict[int, list[int]]  # year -> count at each age 0..25


def census_day(year: int) -> date:
    return date(year, 1, 1)


def history(*, through: int) -> tuple[Counts, Counts]:
    """Plans maintained on 1 January, and the new ones among them, by single year of age, for
    each year of the history up to ``through``: one grouped query a year."""
    first_made = EHCPlan.objects.order_by("made_on").values_list("made_on", flat=True).first()
    if first_made is None:
        return {}, {}
    held, new = {}, {}
    for year in range(first_made.year + 1, through + 1):
        day, previous = census_day(year), census_day(year - 1)
        rows = (
            EHCPlan.objects.filter(made_on__lte=day)
            .filter(Q(ceased_on__isnull=True) | Q(ceased_on__gt=day))
            .annotate(
                born=ExtractYear("child__date_of_birth"),
                # Born on 1 January: a year older on the census day than others born that year.
                new_year_birthday=Case(
                    When(
                        Q(child__date_of_birth__month=1, child__date_of_birth__day=1),
                        then=Value(1),
                    ),
                    default=Value(0),
                    output_field=IntegerField(),
                ),
            )
            .values("born", "new_year_birthday")
            .annotate(n=Count("pk"), fresh=Count("pk", filter=Q(made_on__gt=previous)))
            .order_by()
        )
        held[year], new[year] = [0] * len(AGES), [0] * len(AGES)
        for row in rows:
            age = year - 1 - int(row["born"]) + row["new_year_birthday"]
            if 0 <= age <= OLDEST_AGE:
                held[year][age] += row["n"]
                new[year][age] += row["fresh"]
    return held, new


def exponential_growth(values: list[float]) -> float:
    """The yearly growth factor of the exponential trend through the last WINDOW values."""
    points = [(i, log(v)) for i, v in enumerate(values[-WINDOW:]) if v > 0]
    if len(points) < 2:
        return 1.0
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    return exp(sum((x - mean_x) * (y - mean_y) for x, y in points) / spread)


def continuation_rates(held: Counts, new: Counts) -> list[float]:
    """For each age a, plans still held at a + 1 a year later (new ones left out) over plans
    held at a, over the last WINDOW year-on-year transitions (1.0 where nobody was that age)."""
    years = sorted(held)[-(WINDOW + 1) :]
    rates = []
    for age in AGES:
        if age == OLDEST_AGE:
            rates.append(0.0)  # at 26 the council is no longer responsible
            continue
        kept = sum(held[y + 1][age + 1] - new[y + 1][age + 1] for y in years[:-1])
        base = sum(held[y][age] for y in years[:-1])
        rates.append(min(max(kept / base, 0.0), MAX_CONTINUATION) if base else 1.0)
    return rates


def project(held: Counts, new: Counts, horizon: int) -> tuple[Counts, dict]:
    """Forecast the ``horizon`` years after the last year of ``held``, with the fitted rates."""
    years = sorted(held)
    last = years[-1]
    rates = continuation_rates(held, new)
    totals = [sum(new[y]) for y in years]
    growth = exponential_growth(totals)
    recent = years[-PROFILE_YEARS:]
    recent_total = sum(sum(new[y]) for y in recent)
    shares = [
        sum(new[y][age] for y in recent) / recent_total if recent_total else 0.0 for age in AGES
    ]
    baseline = recent_total / len(recent)
    forecast: Counts = {}
    current = [float(n) for n in held[last]]
    for h in range(1, horizon + 1):
        arriving = baseline * growth**h
        following = [0.0] * len(AGES)
        for age in AGES:
            aged_in = current[age - 1] * rates[age - 1] if age else 0.0
            following[age] = aged_in + arriving * shares[age]
        current = following
        forecast[last + h] = [round(n) for n in current]
    return forecast, {"continuation": rates, "new_plans_growth": growth, "new_plans": baseline}


def by_group(counts: list[int]) -> dict[str, int]:
    return {
        code: sum(counts[youngest : oldest + 1]) for code, _label, youngest, oldest in AGE_GROUPS
    }


def backtest(held: Counts, new: Counts) -> dict:
    """Fit on years up to Y - k, forecast to Y, and measure the error against the actuals."""
    years = sorted(held)
    folds, errors, by_horizon = [], [], {}
    for k in range(1, BACKTEST_FOLDS + 1):
        fit_years = years[:-k]
        if len(fit_years) < 2:
            break
        predicted, _ = project({y: held[y] for y in fit_years}, {y: new[y] for y in fit_years}, k)
        for year, values in predicted.items():
            horizon = year - fit_years[-1]
            forecast, actual = by_group(values), by_group(held[year])
            rows = {}
            for code, *_ in AGE_GROUPS:
                ape = (
                    abs(forecast[code] - actual[code]) / actual[code] * 100
                    if actual[code]
                    else None
                )
                rows[code] = {"forecast": forecast[code], "actual": actual[code], "ape": _one(ape)}
                if ape is not None:
                    errors.append(ape)
                    by_horizon.setdefault(horizon, []).append(ape)
            folds.append(
                {
                    "fitted_to": fit_years[-1],
                    "year": year,
                    "horizon": horizon,
                    "by_age_group": rows,
                }
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
    history, fitted rates and back-test, ready for the page and ``openehcp forecast --json``."""
    held, new = history(through=today.year)
    groups = [{"code": code, "label": label} for code, label, *_ in AGE_GROUPS]
    result = {
        "method": METHOD,
        "census_day": "1 January",
        "age_groups": groups,
        "history": [],
        "forecast": [],
        "continuation_by_age_group": {},
        "new_plans_growth_percent": None,
        "backtest": {"folds": [], "mape": None, "mape_by_horizon": {}},
    }
    if not held:
        return result
    forecast, fitted = project(held, new, HORIZON)
    result["base_year"] = max(held)
    result["history"] = [
        {"year": year, "by_age_group": by_group(counts), "total": sum(counts)}
        for year, counts in sorted(held.items())
    ]
    result["forecast"] = [
        {"year": year, "by_age_group": by_group(counts), "total": sum(counts)}
        for year, counts in sorted(forecast.items())
    ]
    last = held[max(held)]
    for code, _label, youngest, oldest in AGE_GROUPS:
        weight = sum(last[youngest : oldest + 1])
        rate = (
            sum(last[a] * fitted["continuation"][a] for a in range(youngest, oldest + 1)) / weight
            if weight
            else None
        )
        result["continuation_by_age_group"][code] = _one(rate * 100) if rate is not None else None
    result["new_plans_growth_percent"] = _one((fitted["new_plans_growth"] - 1) * 100)
    result["backtest"] = backtest(held, new)
    return result
