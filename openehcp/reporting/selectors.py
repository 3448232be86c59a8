"""The dashboards' breakdowns, each one grouped query; and the cases behind any figure.

Every figure on a dashboard is a count of one of the querysets below, so the list of cases a
figure links to (``cases_behind``) applies exactly the same conditions as the figure itself.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Case, CharField, Count, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear

from openehcp.accounts.models import Role, User
from openehcp.assessments.models import Decision, RequestSource
from openehcp.establishments.models import SettingType
from openehcp.people.codes import SENNeed

from . import scorecard as sc
from .filters import AGE_GROUP_LABELS, AGE_GROUPS, ReportFilters
from .models import BoardReportCommentary
from .months import Month

NOT_RECORDED = "none"

# Open requests by how long they have been open (weeks since the request, at the day shown).
OPEN_BANDS = [
    # (code, label, more than this many days, at most this many days)
    ("0-6", "Up to 6 weeks", -1, 42),
    ("6-16", "6 to 16 weeks", 42, 112),
    ("16-20", "16 to 20 weeks", 112, 140),
    ("20-30", "20 to 30 weeks", 140, 210),
    ("30-52", "30 to 52 weeks", 210, 364),
    ("over-52", "Beyond 52 weeks", 364, None),
]
OPEN_STAGES = [
    ("decision", "Deciding whether to assess (reg 5)"),
    ("assessment", "Assessing: gathering advice (regs 6-8)"),
    ("drafting", "Writing the draft plan"),
    ("draft", "Draft plan with the family and settings (reg 13)"),
]


@dataclass
class Breakdown:
    """A one-way table: rows of (code, label, count), with a total."""

    title: str
    dimension: str
    rows: list[tuple[str, str, int]]

    @property
    def total(self) -> int:
        return sum(count for _, _, count in self.rows)


# --- Annotations shared by the figures and the lists behind them


def with_age_at_request(requests: QuerySet) -> QuerySet:
    """Annotate ``age_group``: the child's SEN2 age band on the day the request was received
    (a 29 February birthday counts from 1 March in a common year)."""
    birthday_to_come = Q(r_month__lt=F("b_month")) | Q(r_month=F("b_month"), r_day__lt=F("b_day"))
    requests = requests.annotate(
        r_month=ExtractMonth("received_on"),
        r_day=ExtractDay("received_on"),
        b_month=ExtractMonth("child__date_of_birth"),
        b_day=ExtractDay("child__date_of_birth"),
    ).annotate(
        age=ExtractYear("received_on")
        - ExtractYear("child__date_of_birth")
        - Case(When(birthday_to_come, then=Value(1)), default=Value(0), output_field=IntegerField())
    )
    return requests.annotate(
        age_group=Case(
            *[
                When(age__gte=youngest, age__lte=oldest, then=Value(code))
                for code, _label, youngest, oldest in AGE_GROUPS
            ],
            default=Value(NOT_RECORDED),
            output_field=CharField(),
        )
    )


def open_requests(filters: ReportFilters, *, on: date) -> QuerySet:
    """Requests received by ``on`` with no outcome on or before it."""
    return (
        sc.requests_base(filters, on=on)
        .annotate(outcome_on=sc.outcome_on())
        .filter(received_on__lte=on, outcome_on__gt=on)
    )


def with_stage_and_band(requests: QuerySet, *, on: date) -> QuerySet:
    """Annotate ``stage`` (from the steps recorded so far) and ``band`` (time open at ``on``)."""
    bands = []
    for code, _label, above, at_most in OPEN_BANDS:
        condition = Q(received_on__lt=on - timedelta(days=above))
        if at_most is not None:
            condition &= Q(received_on__gte=on - timedelta(days=at_most))
        bands.append(When(condition, then=Value(code)))
    return requests.annotate(
        stage=Case(
            When(draft_served_on__isnull=False, then=Value("draft")),
            When(decision_to_issue=Decision.YES, then=Value("drafting")),
            When(decision_to_assess=Decision.YES, then=Value("assessment")),
            default=Value("decision"),
            output_field=CharField(),
        ),
        band=Case(*bands, default=Value(OPEN_BANDS[0][0]), output_field=CharField()),
    )


def maintained_plans(filters: ReportFilters, *, on: date) -> QuerySet:
    """Plans made on or before ``on`` and not ceased by then."""
    return (
        sc.plans_base(filters, on=on)
        .filter(made_on__lte=on)
        .filter(Q(ceased_on__isnull=True) | Q(ceased_on__gt=on))
    )


def requests_received(filters: ReportFilters, first: Month, last: Month) -> QuerySet:
    return sc.requests_base(filters, on=last.last).filter(
        received_on__range=(first.first, last.last)
    )


# --- The dashboards


def _labelled(counts: dict, choices) -> list[tuple[str, str, int]]:
    rows = [(code, label, counts.get(code, 0)) for code, label in choices]
    if counts.get(NOT_RECORDED):
        rows.append((NOT_RECORDED, "Not recorded", counts[NOT_RECORDED]))
    return rows


def requests_breakdowns(filters: ReportFilters, first: Month, last: Month) -> list[Breakdown]:
    """Requests received in the months, by who made them, age group and primary need."""
    received = requests_received(filters, first, last)
    by_source = dict(received.values_list("source").annotate(n=Count("pk")).order_by())
    by_age = dict(
        with_age_at_request(received).values_list("age_group").annotate(n=Count("pk")).order_by()
    )
    by_need = {
        (code or NOT_RECORDED): n
        for code, n in received.values_list("child__primary_need")
        .annotate(n=Count("pk"))
        .order_by()
    }
    return [
        Breakdown(
            "Requests by who made them", "source", _labelled(by_source, RequestSource.choices)
        ),
        Breakdown(
            "Requests by age group (age on the day of the request)",
            "age_group",
            _labelled(by_age, [(code, label) for code, label in AGE_GROUP_LABELS.items()]),
        ),
        Breakdown("Requests by primary need", "need", _labelled(by_need, SENNeed.choices)),
    ]


def plans_by_setting_type(filters: ReportFilters, *, on: date) -> Breakdown:
    counts = {
        (code or NOT_RECORDED): n
        for code, n in maintained_plans(filters, on=on)
        .values_list("named_establishment__setting_type")
        .annotate(n=Count("pk"))
        .order_by()
    }
    return Breakdown(
        "Plans by type of setting named", "setting_type", _labelled(counts, SettingType.choices)
    )


def plans_by_setting(filters: ReportFilters, *, on: date) -> list[dict]:
    """Maintained plans per named setting, the largest first, marking out-of-area and
    independent settings (for sufficiency and high-needs budget planning)."""
    rows = (
        maintained_plans(filters, on=on)
        .values(
            "named_establishment",
            "named_establishment__name",
            "named_establishment__urn",
            "named_establishment__setting_type",
        )
        .annotate(n=Count("pk"))
        .order_by("-n", "named_establishment__name")
    )
    labels = dict(SettingType.choices)
    result = []
    for row in rows:
        setting_type = row["named_establishment__setting_type"] or ""
        result.append(
            {
                "id": row["named_establishment"],
                "name": row["named_establishment__name"] or "No setting named",
                "urn": row["named_establishment__urn"] or "",
                "setting_type": labels.get(setting_type, "Not recorded"),
                "out_of_area": setting_type == SettingType.OUT_OF_AREA,
                "independent": setting_type == SettingType.INDEPENDENT_SPECIAL,
                "count": row["n"],
            }
        )
    return result


def open_work(filters: ReportFilters, *, on: date) -> dict:
    """Open requests by stage (rows) and time open (columns), with totals."""
    counts = {
        (stage, band): n
        for stage, band, n in with_stage_and_band(open_requests(filters, on=on), on=on)
        .values_list("stage", "band")
        .annotate(n=Count("pk"))
        .order_by()
    }
    rows = []
    for stage, label in OPEN_STAGES:
        cells = [(band, counts.get((stage, band), 0)) for band, *_ in OPEN_BANDS]
        rows.append(
            {"code": stage, "label": label, "cells": cells, "total": sum(n for _, n in cells)}
        )
    band_totals = [
        (band, sum(counts.get((stage, band), 0) for stage, _ in OPEN_STAGES))
        for band, *_ in OPEN_BANDS
    ]
    return {
        "bands": [(code, label) for code, label, *_ in OPEN_BANDS],
        "rows": rows,
        "band_totals": band_totals,
        "total": sum(counts.values()),
    }


def caseloads(filters: ReportFilters, *, on: date) -> dict:
    """Each caseworker's maintained plans and open requests against the council's target."""
    plans = dict(
        maintained_plans(filters, on=on)
        .values_list("child__caseworker")
        .annotate(n=Count("pk"))
        .order_by()
    )
    requests = dict(
        open_requests(filters, on=on)
        .values_list("child__caseworker")
        .annotate(n=Count("pk"))
        .order_by()
    )
    workers = User.objects.filter(
        Q(role=Role.CASEWORKER, is_active=True) | Q(pk__in=list(plans) + list(requests))
    ).select_related("team")
    if filters.team:
        workers = workers.filter(team_id=filters.team)
    if filters.caseworker:
        workers = workers.filter(pk=filters.caseworker)
    target = settings.OPENEHCP_CASELOAD_TARGET
    rows = []
    for worker in workers.order_by("last_name", "first_name", "username"):
        total = plans.get(worker.pk, 0) + requests.get(worker.pk, 0)
        rows.append(
            {
                "id": worker.pk,
                "name": worker.get_full_name() or worker.username,
                "team": worker.team.name if worker.team else "",
                "plans": plans.get(worker.pk, 0),
                "open_requests": requests.get(worker.pk, 0),
                "total": total,
                "percent_of_target": sc.percent(total, target),
                "over_target": total > target,
            }
        )
    return {"target": target, "rows": rows}


def commentary_for(month: Month) -> dict[str, BoardReportCommentary]:
    """The board report's commentary for ``month``, by section."""
    return {c.section: c for c in BoardReportCommentary.objects.filter(month=month.first)}


# --- The cases behind a figure

MEASURE_TITLES = {
    "requests_received": "Requests received",
    "plans_issued": "Plans issued",
    "plans_issued_excluding_exceptions": "Plans issued excluding exceptions",
    "issued_within_20_weeks": "Plans issued within 20 weeks (excluding exceptions)",
    "open_over_30_weeks": "Requests open beyond 30 weeks at the month's end",
    "open_over_52_weeks": "Requests open beyond 52 weeks at the month's end",
    "plans_ceased": "Plans ceased",
    "annual_reviews_due": "Annual reviews due",
    "annual_reviews_completed": "Annual reviews completed",
    "annual_reviews_completed_on_time": "Annual reviews completed on time",
    "phase_transfers_due": "Phase transfers due",
    "phase_transfers_completed_on_time": "Phase transfers amended by the statutory date",
    "open_requests": "Open requests",
    "plans_maintained": "Plans maintained",
}
KINDS = {
    "requests_received": "request",
    "plans_issued": "request",
    "plans_issued_excluding_exceptions": "request",
    "issued_within_20_weeks": "request",
    "open_over_30_weeks": "request",
    "open_over_52_weeks": "request",
    "open_requests": "request",
    "plans_ceased": "plan",
    "plans_maintained": "plan",
    "annual_reviews_due": "due",
    "annual_reviews_completed": "review",
    "annual_reviews_completed_on_time": "review",
    "phase_transfers_due": "transfer",
    "phase_transfers_completed_on_time": "transfer",
}
BREAKDOWNS = {
    "requests_received": {"source", "age_group", "need"},
    "open_requests": {"stage", "band", "stage_band"},
    "plans_maintained": {"setting_type", "setting"},
}


def _months_q(first: Month, last: Month, make) -> Q:
    condition = Q(pk__in=[])
    month = first
    while month <= last:
        condition |= make(month)
        month = month.plus(1)
    return condition


def cases_behind(
    measure: str,
    *,
    first: Month,
    last: Month,
    filters: ReportFilters,
    by: str = "",
    value: str = "",
    on: date | None = None,
) -> tuple[str, QuerySet | tuple[QuerySet, QuerySet]]:
    """The records a figure counts: ``(kind, queryset)``; for annual reviews due, the plans
    and reviews that anchor the due dates (``kind`` "due", a pair of querysets).

    Monthly measures cover ``first`` to ``last``; stocks (open beyond 30/52 weeks) are taken at
    the end of ``last``; open requests and maintained plans at ``on``.
    """
    if measure not in KINDS:
        raise ValueError(f"unknown measure {measure!r}")
    if by and by not in BREAKDOWNS.get(measure, set()):
        raise ValueError(f"{measure!r} has no breakdown by {by!r}")
    ref = last.last
    if measure == "requests_received":
        qs = requests_received(filters, first, last)
        if by == "source":
            qs = qs.filter(source=value)
        elif by == "need":
            qs = qs.filter(child__primary_need="" if value == NOT_RECORDED else value)
        elif by == "age_group":
            qs = with_age_at_request(qs).filter(age_group=value)
        return "request", qs
    if measure in {"plans_issued", "plans_issued_excluding_exceptions", "issued_within_20_weeks"}:
        qs = sc.with_timeliness(sc.requests_base(filters, on=ref)).filter(
            final_issued_on__range=(first.first, last.last)
        )
        if measure == "plans_issued_excluding_exceptions":
            qs = qs.filter(has_exception=False)
        elif measure == "issued_within_20_weeks":
            qs = qs.filter(sc.within_20_weeks_q())
        return "request", qs
    if measure in {"open_over_30_weeks", "open_over_52_weeks"}:
        weeks = 30 if measure == "open_over_30_weeks" else 52
        qs = (
            sc.requests_base(filters, on=ref)
            .annotate(outcome_on=sc.outcome_on())
            .filter(sc.open_beyond_q(last, weeks))
        )
        return "request", qs
    if measure == "open_requests":
        on = on or ref
        qs = with_stage_and_band(open_requests(filters, on=on), on=on)
        if by == "stage":
            qs = qs.filter(stage=value)
        elif by == "band":
            qs = qs.filter(band=value)
        elif by == "stage_band":
            stage, _, band = value.partition(":")
            qs = qs.filter(stage=stage, band=band)
        return "request", qs
    if measure == "plans_ceased":
        return "plan", sc.plans_base(filters, on=ref).filter(
            ceased_on__range=(first.first, last.last)
        )
    if measure == "plans_maintained":
        on = on or ref
        qs = maintained_plans(filters, on=on)
        if by == "setting_type":
            qs = qs.filter(
                named_establishment__setting_type=value if value != NOT_RECORDED else None
            )
        elif by == "setting":
            qs = qs.filter(named_establishment_id=value or None)
        return "plan", qs
    if measure == "annual_reviews_due":
        plans = sc.plans_base(filters, on=ref).filter(
            _months_q(
                first, last, lambda m: sc.review_due_q(m, anchor="made_on", ceased="ceased_on")
            )
        )
        reviews = (
            sc.reviews_base(filters, on=ref)
            .filter(is_interim=False)
            .filter(
                _months_q(
                    first,
                    last,
                    lambda m: sc.review_due_q(m, anchor="meeting_on", ceased="plan__ceased_on"),
                )
            )
        )
        return "due", (plans, reviews)
    if measure in {"annual_reviews_completed", "annual_reviews_completed_on_time"}:
        qs = sc.with_review_times(sc.reviews_base(filters, on=ref)).filter(
            decision_on__range=(first.first, last.last)
        )
        if measure == "annual_reviews_completed_on_time":
            qs = qs.filter(sc.review_on_time_q())
        return "review", qs
    make = (
        sc.phase_transfers_due_q
        if measure == "phase_transfers_due"
        else sc.phase_transfer_on_time_q
    )
    return "transfer", sc.transfers_base(filters, on=ref).filter(_months_q(first, last, make))
