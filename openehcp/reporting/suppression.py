"""Public key figures for the Local Offer, with small numbers suppressed.

Counts under 5 could identify a child, so the public page shows them as "fewer than 5", and a
percentage is shown only when the count it is a share of is 5 or more. Only counts are published,
never a list of cases.
"""

from datetime import date

from django.db.models import Count

from openehcp.establishments.models import SettingType
from openehcp.people.codes import SENNeed

from .filters import ReportFilters
from .months import Month
from .scorecard import monthly_scorecard, percent
from .selectors import maintained_plans

THRESHOLD = 5
SUPPRESSED = "fewer than 5"


def shown(count: int) -> str:
    return SUPPRESSED if count < THRESHOLD else f"{count:,}"


def shown_percent(numerator: int, denominator: int) -> str:
    if denominator < THRESHOLD:
        return "not published (fewer than 5 plans)"
    return f"{percent(numerator, denominator)}%"


def key_figures(*, today: date) -> dict:
    """The last 12 complete months and the plans maintained today, suppressed for publication."""
    last = Month.of(today).plus(-1)
    first = last.plus(-11)
    rows = monthly_scorecard(first, last)
    total = {
        key: sum(row[key] for row in rows)
        for key in (
            "requests_received",
            "plans_issued",
            "plans_issued_excluding_exceptions",
            "issued_within_20_weeks",
            "plans_ceased",
            "annual_reviews_completed",
            "annual_reviews_completed_on_time",
        )
    }
    plans = maintained_plans(ReportFilters(), on=today)
    needs = dict(plans.values_list("child__primary_need").annotate(n=Count("pk")).order_by())
    settings = dict(
        plans.values_list("named_establishment__setting_type").annotate(n=Count("pk")).order_by()
    )
    return {
        "first": first,
        "last": last,
        "today": today,
        "plans_maintained": shown(plans.count()),
        "requests_received": shown(total["requests_received"]),
        "plans_issued": shown(total["plans_issued"]),
        "percent_within_20_weeks": shown_percent(
            total["issued_within_20_weeks"], total["plans_issued_excluding_exceptions"]
        ),
        "plans_ceased": shown(total["plans_ceased"]),
        "percent_reviews_on_time": shown_percent(
            total["annual_reviews_completed_on_time"], total["annual_reviews_completed"]
        ),
        "by_need": [(label, shown(needs.get(code, 0))) for code, label in SENNeed.choices],
        "by_setting_type": [
            (label, shown(settings.get(code, 0))) for code, label in SettingType.choices
        ],
    }
