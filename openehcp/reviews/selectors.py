"""Reads for the review team and settings: which plans are due a review, late, or done.

The review dates come from ``openehcp.workqueues.selectors.plans_with_review_due``, the same SQL
the caseworkers' work lists use, and it mirrors ``openehcp.clock.review_deadlines`` (the tests
check the two agree). Every list is one query over the plans it may show plus, for the rows of
one page, one query for their open reviews: never a query per plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    CharField,
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

from openehcp import clock
from openehcp.accounts.policy import visible_plans
from openehcp.plans.models import EHCPlan
from openehcp.workqueues.dates import AddDays
from openehcp.workqueues.prepared import Prepared, Slot
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
    plans: QuerySet | None = None,
    *,
    today,
    rules: clock.ClockRules = clock.DEFAULT_RULES,
    decision_cutoff=None,
) -> QuerySet:
    """The maintained plans among ``plans`` with their review dates annotated, in SQL:

    - ``review_due``: CFA s44(1) (and reg 15(5) after a transfer in);
    - ``early_review_due``: Code of Practice 9.178, under 5s only (else NULL);
    - ``next_due``: the earlier of the two;
    - ``decision_overdue``: a review meeting was held more than 4 weeks ago and the council has
      not yet sent its decision (reg 20(10));
    - ``is_late``: the review is overdue, or its decision is.

    ``today`` and ``decision_cutoff`` (today less 4 weeks) may be ``Slot`` values of a query
    compiled once and run many times (``schedule_for``).
    """
    if plans is None:
        plans = EHCPlan.objects.all()
    qs = plans_with_review_due(plans.filter(ceased_on__isnull=True), rules=rules)
    has_early = rules.under_five_review_months and rules.under_five_review_months < 12
    early = F("w_early_review_due") if has_early else Value(None, output_field=DateField())
    if decision_cutoff is None:
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


def due_condition(today, term_end) -> Q:
    """Not late, and due by the end of the term."""
    return Q(next_due__lte=term_end) & ~late_condition(today)


def _decided_between(plans: QuerySet, start, end) -> QuerySet:
    return AnnualReview.objects.filter(plan__in=plans, decision_on__gte=start, decision_on__lte=end)


def reviews_done(plans: QuerySet, *, term: Term) -> QuerySet:
    """Reviews whose decision letter was sent in ``term``, with the plan's child (SEN2
    ``LastReview`` is that letter's date)."""
    return (
        _decided_between(plans, term.start, term.end)
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


def _plans_for(user, *, caseworker: bool, team: bool, establishment: bool) -> QuerySet:
    plans = visible_plans(user, EHCPlan.objects.all())
    if caseworker:
        plans = plans.filter(child__caseworker_id=Slot("caseworker", IntegerField()))
    if team:
        plans = plans.filter(child__caseworker__team_id=Slot("team", IntegerField()))
    if establishment:
        plans = plans.filter(child__establishment_id=Slot("establishment", IntegerField()))
    return plans


#: Compiled work lists, by the user's visibility and the shape of the filters (``schedule_for``).
_PREPARED: dict[tuple, tuple[Prepared, Prepared, Prepared]] = {}
_PREPARED_MAX = 512


def _prepared(user, show: str, *, caseworker: bool, team: bool, establishment: bool):
    """The three statements of one work list - the counts per tab, the reviews decided in the
    term, one page of plans - compiled once per shape and kept: compiling the schedule costs the
    ORM more than the database takes to run it. A shape is the user's visibility (role, team,
    setting: what ``visible_plans`` filters on), the tab and which filters are set; dates and
    ids are slots bound on each run."""
    key = (
        connection.vendor,
        user.pk,
        user.role,
        user.team_id,
        user.establishment_id,
        user.is_active,
        show,
        caseworker,
        team,
        establishment,
    )
    found = _PREPARED.get(key)
    if found is not None:
        return found
    today = Slot("today", DateField())
    term_end = Slot("term_end", DateField())
    plans = _plans_for(user, caseworker=caseworker, team=team, establishment=establishment)
    schedule = review_schedule(
        plans, today=today, decision_cutoff=Slot("decision_cutoff", DateField())
    )
    counts = (
        schedule.annotate(
            tab=Case(
                When(late_condition(today), then=Value(Show.LATE)),
                When(next_due__lte=term_end, then=Value(Show.DUE)),
                default=Value(Show.ALL),
                output_field=CharField(),
            )
        )
        .values("tab")
        .annotate(n=Count("pk"))
        .order_by()
    )
    done = _decided_between(plans, Slot("term_start", DateField()), term_end).values("pk")
    if show == Show.LATE:
        schedule = schedule.filter(late_condition(today))
    elif show == Show.DUE:
        schedule = schedule.filter(due_condition(today, term_end))
    page = schedule.values(*ROW_FIELDS).order_by(
        "-is_late", "next_due", "child__surname", "child__forename", "pk"
    )
    found = (
        Prepared.from_sql(*counts.query.sql_with_params()),
        Prepared.from_sql(*done.query.sql_with_params()).wrap("SELECT COUNT(*) FROM (", ") d"),
        Prepared.from_sql(*page.query.sql_with_params()).wrap(
            "", " LIMIT WQSLOT(limit) OFFSET WQSLOT(offset)"
        ),
    )
    if len(_PREPARED) >= _PREPARED_MAX:
        _PREPARED.clear()
    _PREPARED[key] = found
    return found


DATE_FIELDS = ("child__date_of_birth", "review_due", "early_review_due", "next_due")


def _row(names, values) -> dict:
    row = dict(zip(names, values, strict=True))
    for name in DATE_FIELDS:
        value = row[name]
        if value is not None and not isinstance(value, date):
            row[name] = date.fromisoformat(str(value)[:10])  # SQLite gives computed dates as text
    return row


@dataclass
class SchedulePage:
    """One work list: the counts for each tab, and a way to fetch a slice of the rows."""

    counts: dict[str, int]
    prepared: Prepared
    slots: dict

    def rows(self, offset: int, limit: int) -> list[dict]:
        names, values = self.prepared.fetch(**self.slots, offset=offset, limit=limit)
        return [_row(names, row) for row in values]


def schedule_for(
    user,
    *,
    today: date,
    term: Term,
    show: str = Show.DUE,
    caseworker_id: int | None = None,
    team_id: int | None = None,
    establishment_id: int | None = None,
) -> SchedulePage:
    """The review team's work list: the plans ``user`` may see (``visible_plans``), filtered,
    most urgent first (late, then by the next date due), with the count for each tab - three
    statements, each compiled once per shape of list."""
    counts_sql, done_sql, page_sql = _prepared(
        user,
        show,
        caseworker=bool(caseworker_id),
        team=bool(team_id),
        establishment=bool(establishment_id),
    )
    slots = {
        "today": today,
        "term_start": term.start,
        "term_end": term.end,
        "decision_cutoff": today - clock.REVIEW_DECISION,
        "caseworker": caseworker_id,
        "team": team_id,
        "establishment": establishment_id,
    }
    by_tab = dict(counts_sql.fetch(**slots)[1])
    counts = {
        Show.LATE: by_tab.get(Show.LATE, 0),
        Show.DUE: by_tab.get(Show.DUE, 0),
        Show.ALL: sum(by_tab.values()),
        Show.DONE: done_sql.fetch(**slots)[1][0][0],
    }
    return SchedulePage(counts=counts, prepared=page_sql, slots=slots)


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
