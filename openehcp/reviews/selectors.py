"""Reads for the review team and settings: which plans are due a review, late, or done.

The review dates come from ``openehcp.workqueues.selectors.plans_with_review_due``, the same SQL
the caseworkers' work lists use, and it mirrors ``openehcp.clock.review_deadlines`` (the tests
check the two agree). Every list is one query over the plans it may show plus, for the rows of
one page, one query for their open reviews: never a query per plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)

from openehcp import clock
from openehcp.accounts.policy import visible_plans
from openehcp.plans.models import EHCPlan
from openehcp.workqueues.dates import AddDays
from openehcp.workqueues.selectors import plans_with_review_due

from .models import AnnualReview
from .terms import Term

#: Year groups whose review a council officer should attend: Year 5 (planning the move to
#: secondary school), Year 9 (preparing for adulthood, reg 20(6); Code of Practice 8.9) and
#: Year 11 (the move to post-16). Council practice, not a statutory rule.
KEY_REVIEW_YEARS = frozenset({5, 9, 11})

ROW_FIELDS = (
    "pk",
    "child_id",
    "child__forename",
    "child__preferred_name",
    "child__surname",
    "child__date_of_birth",
    "child__ncy_offset",
    "child__upn",
    "child__establishment_id",
    "child__establishment__name",
    "child__caseworker__first_name",
    "child__caseworker__last_name",
    "child__caseworker__username",
    "review_due",
    "early_review_due",
    "next_due",
    "decision_overdue",
)


class Show:
    DUE = "due"
    LATE = "late"
    DONE = "done"
    ALL = "all"

    CHOICES = (
        (DUE, "Due this term"),
        (LATE, "Late"),
        (DONE, "Done this term"),
        (ALL, "All maintained plans"),
    )


def review_schedule(
    plans: QuerySet | None = None, *, today: date, rules: clock.ClockRules = clock.DEFAULT_RULES
) -> QuerySet:
    """The maintained plans among ``plans`` with their review dates annotated, in SQL:

    - ``review_due``: CFA s44(1) (and reg 15(5) after a transfer in);
    - ``early_review_due``: Code of Practice 9.178, under 5s only (else NULL);
    - ``next_due``: the earlier of the two;
    - ``decision_overdue``: a review meeting was held more than 4 weeks ago and the council has
      not yet sent its decision (reg 20(10));
    - ``is_late``: the review is overdue, or its decision is.
    """
    if plans is None:
        plans = EHCPlan.objects.all()
    qs = plans_with_review_due(plans.filter(ceased_on__isnull=True), rules=rules)
    has_early = rules.under_five_review_months and rules.under_five_review_months < 12
    early = F("w_early_review_due") if has_early else Value(None, output_field=DateField())
    decision_cutoff = today - clock.REVIEW_DECISION
    qs = qs.annotate(
        review_due=F("w_review_due"),
        early_review_due=early,
    ).annotate(
        next_due=Case(
            When(early_review_due__lt=F("review_due"), then=F("early_review_due")),
            default=F("review_due"),
            output_field=DateField(),
        ),
        decision_overdue=Exists(
            AnnualReview.objects.filter(
                plan_id=OuterRef("pk"),
                decision_on__isnull=True,
                meeting_on__lt=decision_cutoff,
            )
        ),
    )
    return qs.annotate(
        is_late=Case(
            When(Q(review_due__lt=today) | Q(decision_overdue=True), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def late_condition(today: date) -> Q:
    return Q(review_due__lt=today) | Q(decision_overdue=True)


def due_condition(today: date, term: Term) -> Q:
    """Not late, and due by the end of the term."""
    return Q(next_due__lte=term.end) & ~late_condition(today)


def schedule_counts(schedule: QuerySet, *, today: date, term: Term) -> dict[str, int]:
    """How many plans are due this term, late, and maintained: one aggregate query."""
    return schedule.aggregate(
        due=Count("pk", filter=due_condition(today, term)),
        late=Count("pk", filter=late_condition(today)),
        all=Count("pk"),
    )


def reviews_done(plans: QuerySet, *, term: Term) -> QuerySet:
    """Reviews whose decision letter was sent in ``term``, with the plan's child (SEN2
    ``LastReview`` is that letter's date)."""
    return (
        AnnualReview.objects.filter(
            plan__in=plans, decision_on__gte=term.start, decision_on__lte=term.end
        )
        .select_related("plan__child__establishment", "plan__child__caseworker")
        .annotate(
            decided_in_time=ExpressionWrapper(
                Q(decision_on__lte=AddDays(F("meeting_on"), clock.REVIEW_DECISION.days)),
                output_field=BooleanField(),
            )
        )
        .order_by("-decision_on", "pk")
    )


@dataclass(frozen=True)
class OpenReview:
    pk: int
    planned_meeting_on: date | None
    meeting_on: date | None
    is_interim: bool


@dataclass(frozen=True)
class ScheduleRow:
    """One maintained plan on a review list."""

    plan_id: int
    child_id: int
    child_name: str
    date_of_birth: date
    upn: str
    setting_id: int | None
    setting_name: str
    caseworker_name: str
    review_due: date
    early_review_due: date | None
    next_due: date
    decision_overdue: bool
    year_group: int
    key_year: int | None
    open_review: OpenReview | None
    today: date

    @property
    def is_late(self) -> bool:
        return self.review_due < self.today or self.decision_overdue

    @property
    def act_by(self) -> date:
        return clock.act_by(self.next_due)

    @property
    def year_group_name(self) -> str:
        return year_group_name(self.year_group)

    @property
    def officer_expected(self) -> bool:
        """A key review (Year 5, 9 or 11 at the meeting): a council officer should attend."""
        return self.key_year is not None

    @property
    def status(self) -> str:
        review = self.open_review
        if self.decision_overdue:
            return "Decision overdue"
        if review and review.meeting_on:
            return "Meeting held, decision due"
        if review and review.planned_meeting_on:
            return "Meeting arranged"
        if self.review_due < self.today:
            return "Review overdue"
        return "Not yet arranged"


def year_group(date_of_birth: date, ncy_offset: int, on: date) -> int:
    """The year group the child is taught in on ``on`` (the clock's national curriculum year,
    moved by the years taught out of their age group)."""
    return clock.national_curriculum_year(date_of_birth, on) + ncy_offset


def year_group_name(year: int) -> str:
    if year < 0:
        return "Early years"
    return "Reception" if year == 0 else f"Year {year}"


def schedule_rows(rows, *, today: date) -> list[ScheduleRow]:
    """Wrap one page of ``review_schedule(...).values(*ROW_FIELDS)`` rows, with their open
    reviews fetched in one query."""
    rows = list(rows)
    open_reviews = {}
    for review in AnnualReview.objects.filter(
        plan_id__in=[row["pk"] for row in rows], decision_on__isnull=True
    ).order_by("pk"):
        open_reviews[review.plan_id] = OpenReview(
            review.pk, review.planned_meeting_on, review.meeting_on, review.is_interim
        )
    out = []
    for row in rows:
        review = open_reviews.get(row["pk"])
        when = (review and (review.meeting_on or review.planned_meeting_on)) or max(
            row["next_due"], today
        )
        year = year_group(row["child__date_of_birth"], row["child__ncy_offset"], today)
        year_then = year_group(row["child__date_of_birth"], row["child__ncy_offset"], when)
        caseworker = " ".join(
            p for p in (row["child__caseworker__first_name"], row["child__caseworker__last_name"])
        ).strip()
        out.append(
            ScheduleRow(
                plan_id=row["pk"],
                child_id=row["child_id"],
                child_name=f"{row['child__preferred_name'] or row['child__forename']} "
                f"{row['child__surname']}",
                date_of_birth=row["child__date_of_birth"],
                upn=row["child__upn"],
                setting_id=row["child__establishment_id"],
                setting_name=row["child__establishment__name"] or "",
                caseworker_name=caseworker or row["child__caseworker__username"],
                review_due=row["review_due"],
                early_review_due=row["early_review_due"],
                next_due=row["next_due"],
                decision_overdue=bool(row["decision_overdue"]),
                year_group=year,
                key_year=year_then if year_then in KEY_REVIEW_YEARS else None,
                open_review=review,
                today=today,
            )
        )
    return out


def schedule_for(
    user,
    *,
    today: date,
    term: Term,
    show: str = Show.DUE,
    caseworker_id: int | None = None,
    team_id: int | None = None,
    establishment_id: int | None = None,
) -> tuple[QuerySet, dict[str, int]]:
    """The review team's work list: the plans ``user`` may see, filtered, most urgent first,
    as ``values(*ROW_FIELDS)`` rows; and the counts for each tab (one aggregate query)."""
    plans = visible_plans(user, EHCPlan.objects.all())
    if caseworker_id:
        plans = plans.filter(child__caseworker_id=caseworker_id)
    if team_id:
        plans = plans.filter(child__caseworker__team_id=team_id)
    if establishment_id:
        plans = plans.filter(child__establishment_id=establishment_id)
    schedule = review_schedule(plans, today=today)
    counts = schedule_counts(schedule, today=today, term=term)
    counts["done"] = reviews_done(plans, term=term).count()
    if show == Show.LATE:
        schedule = schedule.filter(late_condition(today))
    elif show == Show.DUE:
        schedule = schedule.filter(due_condition(today, term))
    rows = schedule.values(*ROW_FIELDS).order_by(
        "-is_late", "next_due", "child__surname", "child__forename", "pk"
    )
    return rows, counts


def setting_list(establishment, *, today: date, term: Term) -> QuerySet:
    """The children at ``establishment`` (their current setting) whose plan is due a review by
    the end of ``term``, late ones included, soonest first - the list a setting plans its review
    meetings from."""
    plans = EHCPlan.objects.filter(child__establishment=establishment)
    schedule = review_schedule(plans, today=today)
    return (
        schedule.filter(next_due__lte=term.end)
        .values(*ROW_FIELDS)
        .order_by("next_due", "child__surname", "child__forename", "pk")
    )


def setting_counts(*, today: date, term: Term, establishment_ids=None) -> list[dict]:
    """For each setting with children due a review by the end of ``term``: its id, name, how many
    are due and how many of those are late - one grouped query."""
    plans = EHCPlan.objects.filter(child__establishment__isnull=False)
    if establishment_ids is not None:
        plans = plans.filter(child__establishment_id__in=establishment_ids)
    schedule = review_schedule(plans, today=today).filter(next_due__lte=term.end)
    return list(
        schedule.values("child__establishment_id", "child__establishment__name")
        .annotate(due=Count("pk"), late=Count("pk", filter=late_condition(today)))
        .order_by("child__establishment__name", "child__establishment_id")
    )
