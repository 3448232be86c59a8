"""The monthly scorecard, computed from the case record in a handful of set-based queries.

Definitions (the dashboards and the README state them in the same words):

- A request is *received* in the month of ``AssessmentRequest.received_on``. Requests for a
  reassessment of an existing plan are left out of every request measure: their time limit is
  14 weeks from the decision to reassess (reg 27(2)), not 20 weeks from the request.
- A plan is *issued* in the month of the request's ``final_issued_on``.
- *Within 20 weeks* (reg 13(2)): ``final_issued_on - received_on`` is at most 140 days. A request
  with any recorded ``TimescaleException`` (regs 5(4), 8(2), 10(4), 13(3)) is left out of both the
  numerator and the denominator of the within-20-weeks percentage.
- *Open at the month's end*: received on or before the month's last day with no outcome (final plan
  issued, decided not to assess, decided not to issue, withdrawn) on or before that day.
  *Open beyond 30 weeks*: open and (month end - received_on) > 210 days; *beyond 52 weeks*: > 364
  days, so it is a subset of the 30-week count. Exceptions are included.
- *Plans ceased*: ``EHCPlan.ceased_on`` in the month.
- *Annual reviews due*: a plan's review falls due within 12 months of the plan being made and then
  of each (non-interim) review meeting (CFA s44(1)); a review is due in the month its due date falls
  in, unless the plan ceased before the month began. *Completed*: the decision was sent in the
  month; *on time*: the decision was sent within 4 weeks of the meeting (reg 20(10)).
- *Phase transfers due*: the amended plan naming the new setting is due before 15 February of the
  year of transfer, or before 31 March for a move to a post-16 institution (reg 18); a transfer is
  due in the month of that date and *on time* when the amended plan was issued by it.
- Each count has the change from the previous month (``<key>_change``); percentages have one
  decimal place, or ``None`` where the denominator is 0; the cumulative percentage runs from the
  first month of the range.
"""

from collections import defaultdict
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from django.db.models import (
    Case,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import (
    Cast,
    Coalesce,
    ExtractMonth,
    ExtractYear,
    Greatest,
    Least,
)

from openehcp import clock
from openehcp.assessments.models import AssessmentRequest, Decision, TimescaleException
from openehcp.plans.models import EHCPlan
from openehcp.reviews.models import AnnualReview, PhaseTransfer, TransferPhase

from .filters import ReportFilters
from .months import Month, month_range

#: Reporting bands for requests still open (not statutory periods): beyond 30 and 52 weeks.
OPEN_BANDS_WEEKS = (30, 52)
#: The date the outcome expression uses for "no outcome yet".
NO_OUTCOME = date(9999, 12, 31)

COUNT_KEYS = [
    "requests_received",
    "plans_issued",
    "plans_issued_excluding_exceptions",
    "issued_within_20_weeks",
    "open_over_30_weeks",
    "open_over_52_weeks",
    "plans_ceased",
    "annual_reviews_due",
    "annual_reviews_completed",
    "annual_reviews_completed_on_time",
    "phase_transfers_due",
    "phase_transfers_completed_on_time",
]
PERCENT_KEYS = [
    "percent_within_20_weeks",
    "cumulative_percent_within_20_weeks",
    "percent_annual_reviews_on_time",
    "percent_phase_transfers_on_time",
]
KEYS = [
    "month",
    "requests_received",
    "plans_issued",
    "plans_issued_excluding_exceptions",
    "issued_within_20_weeks",
    "percent_within_20_weeks",
    "cumulative_percent_within_20_weeks",
    "open_over_30_weeks",
    "open_over_52_weeks",
    "plans_ceased",
    "annual_reviews_due",
    "annual_reviews_completed",
    "annual_reviews_completed_on_time",
    "percent_annual_reviews_on_time",
    "phase_transfers_due",
    "phase_transfers_completed_on_time",
    "percent_phase_transfers_on_time",
]
CHANGE_KEYS = [f"{key}_change" for key in KEYS if key != "month"]


# --- The definitions, as query pieces shared by the scorecard and the lists of cases behind it


def percent(numerator: int, denominator: int) -> float | None:
    """``numerator / denominator`` as a percentage with one decimal place (half up), or None."""
    if not denominator:
        return None
    value = Decimal(100 * numerator) / Decimal(denominator)
    return float(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def open_band_days(weeks: int) -> int:
    return weeks * 7


def outcome_on() -> Least:
    """The first day the request had an outcome; NO_OUTCOME while it has none.

    A decision not to assess (reg 5) or not to issue (reg 10) recorded without its date counts
    from the day the request was received.
    """
    far = Value(NO_OUTCOME, output_field=DateField())
    return Least(
        Coalesce("final_issued_on", far),
        Coalesce("withdrawn_on", far),
        Case(
            When(decision_to_assess=Decision.NO, then=Coalesce("decision_on", "received_on")),
            default=far,
            output_field=DateField(),
        ),
        Case(
            When(decision_to_issue=Decision.NO, then=Coalesce("issue_decision_on", "received_on")),
            default=far,
            output_field=DateField(),
        ),
        output_field=DateField(),
    )


def requests_base(filters: ReportFilters, *, on: date) -> QuerySet:
    """Initial requests for an assessment (reassessments left out), with the filters applied."""
    return AssessmentRequest.objects.filter(is_reassessment=False).filter(
        filters.q("child__", on=on)
    )


def with_timeliness(requests: QuerySet) -> QuerySet:
    """Annotate ``has_exception`` and ``time_to_issue`` (a duration) on requests."""
    return requests.annotate(
        has_exception=Exists(TimescaleException.objects.filter(request=OuterRef("pk"))),
        time_to_issue=F("final_issued_on") - F("received_on"),
    )


def within_20_weeks_q() -> Q:
    """reg 13(2): issued no more than 140 days after the request (needs ``with_timeliness``)."""
    return Q(has_exception=False, time_to_issue__lte=clock.FINAL_PLAN)


def open_beyond_q(month: Month, weeks: int) -> Q:
    """Open at the month's end and received more than ``weeks`` weeks before it (``outcome_on``)."""
    return Q(
        received_on__lte=month.last - timedelta(days=open_band_days(weeks) + 1),
        outcome_on__gt=month.last,
    )


def month_index(expression) -> CombinedExpression:
    """year × 12 + month of a date expression, as an integer: consecutive months have consecutive
    indexes. (Grouping on it keeps PostgreSQL from converting each date to a timestamp with time
    zone, as DATE_TRUNC would, and from numeric arithmetic, as plain EXTRACT would.)"""
    return Cast(ExtractYear(expression), IntegerField()) * 12 + Cast(
        ExtractMonth(expression), IntegerField()
    )


def index_month(index: int) -> Month:
    return Month((index - 1) // 12, (index - 1) % 12 + 1)


def open_beyond_counts(requests: QuerySet, span: list[Month]) -> dict[int, list[int]]:
    """For each band in OPEN_BANDS_WEEKS, the requests open beyond it at each month's end.

    One grouped query: a request is open beyond N weeks at the end of month i exactly when the
    day N weeks and a day after its receipt falls in month i or before, and its outcome falls
    after month i. So each request counts for a run of months from ``start`` (the month of
    received_on + 7N + 1 days) to ``stop`` (the month of its outcome, excluded); rows are grouped
    by those months, clamped to the span, and the runs are added up per month. This is the same
    condition as ``open_beyond_q``, which the lists of cases use.
    """
    first_index = span[0].year * 12 + span[0].month
    last_index = first_index + len(span) - 1
    shortest = min(OPEN_BANDS_WEEKS)

    def clamp(expression):
        return Greatest(
            Value(first_index),
            Least(expression, Value(last_index + 1)),
            output_field=IntegerField(),
        )

    starts = {
        weeks: clamp(
            month_index(
                ExpressionWrapper(
                    F("received_on") + Value(timedelta(days=open_band_days(weeks) + 1)),
                    output_field=DateField(),
                )
            )
        )
        for weeks in OPEN_BANDS_WEEKS
    }
    rows = (
        requests.annotate(outcome_on=outcome_on())
        .filter(
            received_on__lte=span[-1].last - timedelta(days=open_band_days(shortest) + 1),
            outcome_on__gt=span[0].last,
        )
        .annotate(**{f"start_{weeks}": expression for weeks, expression in starts.items()})
        .annotate(stop=clamp(month_index("outcome_on")))
        .values(*[f"start_{weeks}" for weeks in OPEN_BANDS_WEEKS], "stop")
        .annotate(n=Count("*"))
        .order_by()
    )
    counts = {weeks: [0] * len(span) for weeks in OPEN_BANDS_WEEKS}
    for row in rows:
        for weeks in OPEN_BANDS_WEEKS:
            for month in range(int(row[f"start_{weeks}"]), int(row["stop"])):
                counts[weeks][month - first_index] += row["n"]
    return counts


def in_month_q(field: str, month: Month) -> Q:
    return Q(**{f"{field}__range": (month.first, month.last)})


def plans_base(filters: ReportFilters, *, on: date) -> QuerySet:
    return EHCPlan.objects.filter(filters.q("child__", on=on))


def reviews_base(filters: ReportFilters, *, on: date) -> QuerySet:
    return AnnualReview.objects.filter(filters.q("plan__child__", on=on))


def transfers_base(filters: ReportFilters, *, on: date) -> QuerySet:
    return PhaseTransfer.objects.filter(filters.q("plan__child__", on=on))


@lru_cache(maxsize=4096)
def review_due_on(anchor: date) -> date:
    """CFA s44(1): the review is due within the 12 months starting with the anchor day (the plan
    made, or the last review meeting); the clock gives the last day under the council's reading."""
    (due,) = (d.due for d in clock.review_deadlines(anchor) if d.key == "review_due")
    return due


def review_anchor_range(month: Month) -> tuple[date, date] | None:
    """The anchor days (plan made, review meeting) whose review falls due in ``month``.

    The due date grows with the anchor, so the anchors form one run of days, found by trying
    the days around the same month a review period earlier.
    """
    earlier = month.plus(-clock.REVIEW_MONTHS)
    start = earlier.first - timedelta(days=3)
    days = (earlier.last - earlier.first).days + 7
    hits = [
        day
        for day in (start + timedelta(days=i) for i in range(days))
        if month.first <= review_due_on(day) <= month.last
    ]
    if not hits:
        return None
    return hits[0], hits[-1]


def review_due_q(month: Month, *, anchor: str, ceased: str = "") -> Q:
    """Reviews anchored on the field ``anchor`` that fall due in ``month``; with ``ceased`` (the
    plan's cease date field), only those whose plan had not ceased before the month began."""
    anchors = review_anchor_range(month)
    if anchors is None:
        return Q(pk__in=[])
    condition = Q(**{f"{anchor}__range": anchors})
    if ceased:
        condition &= Q(**{f"{ceased}__isnull": True}) | Q(**{f"{ceased}__gte": month.first})
    return condition


def review_on_time_q() -> Q:
    """reg 20(10): the decision within 4 weeks of the meeting (needs ``with_review_times``)."""
    return Q(time_to_decision__lte=clock.REVIEW_DECISION)


def with_review_times(reviews: QuerySet) -> QuerySet:
    return reviews.annotate(time_to_decision=F("decision_on") - F("meeting_on"))


def phase_transfer_due_on(year: int, *, to_post16: bool) -> date:
    """reg 18(1): the amended plan is due before 15 February of the year of transfer (before
    31 March from secondary school to post-16); the clock gives the last day."""
    phase = clock.Phase.POST16 if to_post16 else clock.Phase.SECONDARY
    return clock.phase_transfer_deadline(year, phase).due


def phase_transfer_keys(months: list[Month]) -> dict[tuple[int, bool], date]:
    """Each (transfer year, to post-16) whose due date falls in the months, with that date."""
    keys = {}
    for year in range(months[0].year, months[-1].year + 1):
        for post16 in (False, True):
            due = phase_transfer_due_on(year, to_post16=post16)
            if months[0].first <= due <= months[-1].last:
                keys[(year, post16)] = due
    return keys


def phase_transfer_q(year: int, post16: bool) -> Q:
    phase = Q(to_phase=TransferPhase.POST16) if post16 else ~Q(to_phase=TransferPhase.POST16)
    return Q(transfer_year=year) & phase


def phase_transfers_due_q(month: Month) -> Q:
    condition = Q(pk__in=[])
    for year, post16 in phase_transfer_keys([month]):
        condition |= phase_transfer_q(year, post16)
    return condition


def phase_transfer_on_time_q(month: Month) -> Q:
    condition = Q(pk__in=[])
    for (year, post16), due in phase_transfer_keys([month]).items():
        condition |= phase_transfer_q(year, post16) & Q(amended_plan_issued_on__lte=due)
    return condition


# --- The scorecard


def _by_month(rows) -> dict[Month, dict]:
    """Rows grouped by ``month_index`` (``m``), keyed by Month."""
    return {index_month(int(row["m"])): row for row in rows}


def monthly_scorecard(
    first: Month, last: Month, *, filters: ReportFilters | None = None
) -> list[dict]:
    """The scorecard for each month from ``first`` to ``last``: a list of dicts keyed as KEYS
    (plus ``<key>_change``), one per month, oldest first."""
    filters = filters or ReportFilters()
    months = month_range(first, last)
    span = [first.plus(-1), *months]
    start, end = span[0].first, span[-1].last
    on = last.last

    requests = requests_base(filters, on=on)
    received = _by_month(
        requests.filter(received_on__range=(start, end))
        .annotate(m=month_index("received_on"))
        .values("m")
        .annotate(n=Count("*"))
        .order_by()
    )
    issued = _by_month(
        with_timeliness(requests.filter(final_issued_on__range=(start, end)))
        .annotate(m=month_index("final_issued_on"))
        .values("m")
        .annotate(
            issued=Count("*"),
            excluding=Count("final_issued_on", filter=Q(has_exception=False)),
            within=Count("final_issued_on", filter=within_20_weeks_q()),
        )
        .order_by()
    )
    open_counts = open_beyond_counts(requests, span)
    ceased = _by_month(
        plans_base(filters, on=on)
        .filter(ceased_on__range=(start, end))
        .annotate(m=month_index("ceased_on"))
        .values("m")
        .annotate(n=Count("*"))
        .order_by()
    )
    anchor_ranges = [r for r in (review_anchor_range(month) for month in span) if r]
    anchors = (anchor_ranges[0][0], anchor_ranges[-1][1]) if anchor_ranges else (end, start)
    due_from_plans = (
        plans_base(filters, on=on)
        .filter(made_on__range=anchors)
        .aggregate(
            **{
                f"due_{index}": Count(
                    "made_on", filter=review_due_q(month, anchor="made_on", ceased="ceased_on")
                )
                for index, month in enumerate(span)
            }
        )
    )
    reviews = reviews_base(filters, on=on)
    # Reviews anchoring a due date, less those whose plan had ceased before that month: the
    # second count joins only the ceased plans, far fewer to look through than all of them.
    anchored = reviews.filter(is_interim=False, meeting_on__range=anchors)
    due_from_reviews = anchored.aggregate(
        **{
            f"due_{index}": Count("meeting_on", filter=review_due_q(month, anchor="meeting_on"))
            for index, month in enumerate(span)
        }
    )
    gone_before_due = anchored.filter(plan__ceased_on__isnull=False).aggregate(
        **{
            f"due_{index}": Count(
                "pk",
                filter=review_due_q(month, anchor="meeting_on")
                & Q(plan__ceased_on__lt=month.first),
            )
            for index, month in enumerate(span)
        }
    )
    completed = _by_month(
        with_review_times(reviews.filter(decision_on__range=(start, end)))
        .annotate(m=month_index("decision_on"))
        .values("m")
        .annotate(n=Count("*"), on_time=Count("decision_on", filter=review_on_time_q()))
        .order_by()
    )
    transfers_due = defaultdict(lambda: [0, 0])
    keys = phase_transfer_keys(span)
    if keys:
        due_on = Case(
            *[
                When(phase_transfer_q(year, post16), then=Value(due))
                for (year, post16), due in keys.items()
            ],
            output_field=DateField(),
        )
        rows = (
            transfers_base(filters, on=on)
            .annotate(due_on=due_on)
            .filter(due_on__isnull=False)
            .values("due_on")
            .annotate(
                n=Count("*"),
                on_time=Count(
                    "amended_plan_issued_on", filter=Q(amended_plan_issued_on__lte=F("due_on"))
                ),
            )
            .order_by()
        )
        for row in rows:
            bucket = transfers_due[Month.of(row["due_on"])]
            bucket[0] += row["n"]
            bucket[1] += row["on_time"]

    table = []
    for index, month in enumerate(span):
        issued_row = issued.get(month, {})
        completed_row = completed.get(month, {})
        row = {
            "month": str(month),
            "requests_received": received.get(month, {}).get("n", 0),
            "plans_issued": issued_row.get("issued", 0),
            "plans_issued_excluding_exceptions": issued_row.get("excluding", 0),
            "issued_within_20_weeks": issued_row.get("within", 0),
            "open_over_30_weeks": open_counts[30][index],
            "open_over_52_weeks": open_counts[52][index],
            "plans_ceased": ceased.get(month, {}).get("n", 0),
            "annual_reviews_due": due_from_plans[f"due_{index}"]
            + due_from_reviews[f"due_{index}"]
            - gone_before_due[f"due_{index}"],
            "annual_reviews_completed": completed_row.get("n", 0),
            "annual_reviews_completed_on_time": completed_row.get("on_time", 0),
            "phase_transfers_due": transfers_due[month][0],
            "phase_transfers_completed_on_time": transfers_due[month][1],
        }
        table.append(row)

    within_total = excluding_total = 0
    for index, row in enumerate(table):
        row["percent_within_20_weeks"] = percent(
            row["issued_within_20_weeks"], row["plans_issued_excluding_exceptions"]
        )
        if index > 0:
            within_total += row["issued_within_20_weeks"]
            excluding_total += row["plans_issued_excluding_exceptions"]
            row["cumulative_percent_within_20_weeks"] = percent(within_total, excluding_total)
        else:
            # The month before the range only gives the changes; the cumulative starts after it.
            row["cumulative_percent_within_20_weeks"] = None
        row["percent_annual_reviews_on_time"] = percent(
            row["annual_reviews_completed_on_time"], row["annual_reviews_completed"]
        )
        row["percent_phase_transfers_on_time"] = percent(
            row["phase_transfers_completed_on_time"], row["phase_transfers_due"]
        )

    result = []
    for previous, row in zip(table, table[1:], strict=False):
        ordered = {key: row[key] for key in KEYS}
        for key in KEYS[1:]:
            before, now = previous[key], row[key]
            if before is None or now is None:
                ordered[f"{key}_change"] = None
            elif key in PERCENT_KEYS:
                ordered[f"{key}_change"] = float(Decimal(str(now)) - Decimal(str(before)))
            else:
                ordered[f"{key}_change"] = now - before
        result.append(ordered)
    return result


LABELS = {
    "month": "Month",
    "requests_received": "Requests received",
    "plans_issued": "Plans issued",
    "plans_issued_excluding_exceptions": "Plans issued excluding exceptions",
    "issued_within_20_weeks": "Issued within 20 weeks (excluding exceptions)",
    "percent_within_20_weeks": "% within 20 weeks",
    "cumulative_percent_within_20_weeks": "Cumulative % within 20 weeks",
    "open_over_30_weeks": "Requests open beyond 30 weeks",
    "open_over_52_weeks": "Requests open beyond 52 weeks",
    "plans_ceased": "Plans ceased",
    "annual_reviews_due": "Annual reviews due",
    "annual_reviews_completed": "Annual reviews completed",
    "annual_reviews_completed_on_time": "Annual reviews completed on time",
    "percent_annual_reviews_on_time": "% annual reviews on time",
    "phase_transfers_due": "Phase transfers due",
    "phase_transfers_completed_on_time": "Phase transfers amended by the statutory date",
    "percent_phase_transfers_on_time": "% phase transfers on time",
}
