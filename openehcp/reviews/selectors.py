"""Reads for the review team and settings: which plans are due a review, late, or done.

The review dates come from ``schedule.plans_with_review_due``, the same SQL the caseworkers'
work lists use, and it mirrors ``openehcp.clock.review_deadlines`` (the tests check the two
agree). Every list is one query over the plans it may show plus, for the rows of one page, one
query for their open reviews: never a query per plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import connection
from django.db.models import (
    BooleanField,
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
from django.db.models.expressions import RawSQL
from django.db.models.sql import Query

from openehcp import clock
from openehcp.accounts.policy import visible_plans
from openehcp.plans.models import EHCPlan
from openehcp.workqueues.dates import AddDays
from openehcp.workqueues.prepared import Prepared, Slot

from .models import AnnualReview
from .schedule import last_review_meeting, plans_with_review_due, review_due_expressions
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


#: A setting's list: every plan due by the end of the term, late ones included.
BY_TERM_END = "by_term_end"


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


#: Days of safety in ``could_be_due``: months clamp at their ends, and the strict reading ends a
#: period a day early; a wider margin only lets a few more plans through to the full test.
_MARGIN_DAYS = 5


def could_be_due(*, meetings_from, born_after, decision_cutoff) -> Q:
    """A cheap, set-based filter that keeps every maintained plan whose review could be due by a
    date ``until`` (or late), so the full review dates need only be worked out for those:

    - no review meeting on or after ``meetings_from`` (``until`` less 12 months, plus a margin):
      after such a meeting the 12 months (CFA s44(1), and reg 15(5) which only adds time) end
      after ``until``;
    - or a child born after ``born_after`` (today less 6 years), whose early review (Code of
      Practice 9.178) may fall due sooner;
    - or a decision overdue: a meeting before ``decision_cutoff`` with no decision sent.

    The arguments are dates, or ``Slot`` values of a compiled query (``could_be_due_values``).
    """
    recent = AnnualReview.objects.filter(plan_id=OuterRef("pk"), meeting_on__gte=meetings_from)
    overdue = AnnualReview.objects.filter(
        plan_id=OuterRef("pk"), decision_on__isnull=True, meeting_on__lt=decision_cutoff
    )
    return ~Q(Exists(recent)) | Q(child__date_of_birth__gt=born_after) | Q(Exists(overdue))


def could_be_due_values(until: date, today: date) -> dict:
    """The values of ``could_be_due`` for plans due by ``until`` (seen from ``today``)."""
    return {
        "meetings_from": clock.add_months(until, -clock.REVIEW_MONTHS)
        + timedelta(days=_MARGIN_DAYS),
        "born_after": clock.add_months(today, -12 * 6),
        "decision_cutoff": today - clock.REVIEW_DECISION,
    }


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


@dataclass
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

    # Worked out once, when the row is made: a page reads each of them several times.
    is_late: bool = field(init=False)
    act_by: date = field(init=False)
    year_group_name: str = field(init=False)
    status: str = field(init=False)
    tags: list = field(init=False)

    def __post_init__(self) -> None:
        review = self.open_review
        self.is_late = self.review_due < self.today or self.decision_overdue
        self.act_by = clock.act_by(self.next_due)
        self.year_group_name = year_group_name(self.year_group)
        if self.decision_overdue:
            self.status = "Decision overdue"
        elif review and review.meeting_on:
            self.status = "Meeting held, decision due"
        elif review and review.planned_meeting_on:
            self.status = "Meeting arranged"
        elif self.review_due < self.today:
            self.status = "Review overdue"
        else:
            self.status = "Not yet arranged"
        # The tags every list shows: (text, GOV.UK tag colour).
        self.tags = []
        if self.decision_overdue:
            self.tags.append(("Decision late", "red"))
        elif self.is_late:
            self.tags.append(("Late", "red"))
        elif review:
            self.tags.append((self.status, "blue"))
        if self.key_year is not None:
            self.tags.append((f"Year {self.key_year}: officer expected", "purple"))

    @property
    def officer_expected(self) -> bool:
        """A key review (Year 5, 9 or 11 at the meeting): a council officer should attend."""
        return self.key_year is not None


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
_PREPARED: dict[tuple, Prepared] = {}
_PREPARED_MAX = 512

#: The plan's own columns the work list reads, and the names its rows carry.
BASE_FIELDS = ("ceased_on", "made_on", "transferred_in_on", *ROW_FIELDS[1:13])


def _compile(expression) -> tuple[str, list]:
    """SQL for an expression over the columns of the statement's ``b`` layer (``RawSQL``)."""
    query = Query(EHCPlan)
    compiler = query.get_compiler(connection=connection)
    sql, params = compiler.compile(expression.resolve_expression(query, allow_joins=False))
    return sql, list(params)


def _column(name: str):
    return RawSQL(connection.ops.quote_name(name), (), output_field=DateField())


def _dates_sql(rules: clock.ClockRules) -> tuple[str, list]:
    """``review_due`` and ``early_review_due`` of the layer below, from the review schedule
    (``review_due_expressions``) over its columns: each plan's last meeting is read once."""
    dates = review_due_expressions(
        made_on=_column("made_on"),
        last_meeting=_column("last_meeting"),
        transferred_in_on=_column("transferred_in_on"),
        date_of_birth=_column("child__date_of_birth"),
        rules=rules,
    )
    due_sql, due_params = _compile(dates["review_due"])
    if "early_review_due" in dates:
        early_sql, early_params = _compile(dates["early_review_due"])
    else:
        early_sql, early_params = "NULL", []
    return (
        f"{due_sql} AS review_due, {early_sql} AS early_review_due",
        due_params + early_params,
    )


def _prepared(user, show: str, *, caseworker: bool, team: bool, establishment: bool) -> Prepared:
    """The work list as one statement, compiled once per shape and kept (compiling costs the ORM
    more than the database takes to run it). A shape is the user's visibility (role, team,
    setting: what ``visible_plans`` filters on), the tab and which filters are set; dates, ids
    and the page are slots bound on each run.

    The statement works in layers, so each plan's dates are worked out once: ``b`` the plans the
    user may see with their last review meeting and whether a decision is overdue (reg 20(10));
    ``d`` the review dates of the maintained ones (``review_due_expressions``, CFA s44(1), reg
    15(5), Code of Practice 9.178); ``n`` the next date due and whether the review is late. The
    result is one row per plan on the page, each carrying the counts for every tab (a single row
    of counts when the page is empty).
    """
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
    plans = _plans_for(user, caseworker=caseworker, team=team, establishment=establishment)
    base = (
        plans.annotate(
            last_meeting=last_review_meeting(),
            decision_overdue=Exists(
                AnnualReview.objects.filter(
                    plan_id=OuterRef("pk"),
                    decision_on__isnull=True,
                    meeting_on__lt=Slot("decision_cutoff", DateField()),
                )
            ),
        )
        .values("pk", *BASE_FIELDS, "last_meeting", "decision_overdue")
        .order_by()
    )
    base_sql, base_params = base.query.sql_with_params()
    dates_sql, dates_params = _dates_sql(clock.DEFAULT_RULES)
    q = connection.ops.quote_name
    late = "n.is_late = 1"
    due = "n.is_late = 0 AND n.next_due <= WQSLOT(term_end)"
    where, first = {
        Show.LATE: (late, ["next_due"]),
        Show.DUE: (due, ["next_due"]),
        BY_TERM_END: ("n.next_due <= WQSLOT(term_end)", ["next_due"]),
    }.get(show, ("1 = 1", []))
    order = [*first, "child__surname", "child__forename", "pk"]
    sql = (
        f"WITH b AS MATERIALIZED ({base_sql}), "
        f"d AS MATERIALIZED (SELECT b.*, {dates_sql} FROM b WHERE b.ceased_on IS NULL), "
        "n AS MATERIALIZED (SELECT d.*, "
        "CASE WHEN d.early_review_due < d.review_due THEN d.early_review_due "
        "ELSE d.review_due END AS next_due, "
        "CASE WHEN d.review_due < WQSLOT(today) OR d.decision_overdue THEN 1 ELSE 0 END "
        "AS is_late FROM d) "
        "SELECT c.late, c.due, c.maintained, c.done, "
        + ", ".join(f"p.{q(name)}" for name in ROW_FIELDS)
        + f" FROM (SELECT SUM(CASE WHEN {late} THEN 1 ELSE 0 END) AS late, "
        f"SUM(CASE WHEN {due} THEN 1 ELSE 0 END) AS due, COUNT(*) AS maintained, "
        "(SELECT COUNT(*) FROM reviews_annualreview r JOIN b ON r.plan_id = b.pk "
        "WHERE r.decision_on >= WQSLOT(term_start) AND r.decision_on <= WQSLOT(term_end)) "
        f"AS done FROM n) c LEFT JOIN (SELECT n.* FROM n WHERE {where} "
        f"ORDER BY {', '.join(q(name) for name in order)} "
        "LIMIT WQSLOT(limit) OFFSET WQSLOT(offset)) p ON 1 = 1 "
        f"ORDER BY {', '.join('p.' + q(name) for name in order)}"
    )
    found = Prepared.from_sql(sql, [*base_params, *dates_params])
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
    """One page of a work list, and the count for each tab."""

    counts: dict[str, int]
    rows: list[dict]


def schedule_for(
    user,
    *,
    today: date,
    term: Term,
    show: str = Show.DUE,
    caseworker_id: int | None = None,
    team_id: int | None = None,
    establishment_id: int | None = None,
    offset: int = 0,
    limit: int = 50,
) -> SchedulePage:
    """The review team's work list: the plans ``user`` may see (``visible_plans``), filtered,
    late or due soonest first, one page of them (``offset``, ``limit``) as rows with the keys
    ``ROW_FIELDS``, and the count for each tab - one statement, compiled once per shape."""
    prepared = _prepared(
        user,
        show,
        caseworker=bool(caseworker_id),
        team=bool(team_id),
        establishment=bool(establishment_id),
    )
    names, values = prepared.fetch(
        today=today,
        term_start=term.start,
        term_end=term.end,
        decision_cutoff=today - clock.REVIEW_DECISION,
        caseworker=caseworker_id,
        team=team_id,
        establishment=establishment_id,
        offset=offset,
        limit=limit,
    )
    first = dict(zip(names, values[0], strict=True))
    counts = {
        Show.LATE: int(first["late"] or 0),
        Show.DUE: int(first["due"] or 0),
        Show.ALL: int(first["maintained"] or 0),
        Show.DONE: int(first["done"] or 0),
    }
    rows = [_row(names[4:], row[4:]) for row in values if row[4] is not None]
    return SchedulePage(counts=counts, rows=rows)


def setting_list(user, establishment, *, today: date, term: Term) -> list[dict]:
    """The children at ``establishment`` (their current setting) that ``user`` may see whose
    plan is due a review by the end of ``term``, late ones included, soonest first - the list a
    setting plans its review meetings from (rows with the keys ``ROW_FIELDS``)."""
    return schedule_for(
        user,
        today=today,
        term=term,
        show=BY_TERM_END,
        establishment_id=establishment.pk,
        limit=10_000,
    ).rows


def setting_counts(*, today: date, term: Term, establishment_ids=None) -> list[dict]:
    """For each setting with children due a review by the end of ``term``: its id, name, how many
    are due and how many of those are late - one grouped query."""
    plans = EHCPlan.objects.filter(child__establishment__isnull=False)
    if establishment_ids is not None:
        plans = plans.filter(child__establishment_id__in=establishment_ids)
    schedule = (
        review_schedule(plans, today=today)
        .filter(could_be_due(**could_be_due_values(term.end, today)))
        .filter(next_due__lte=term.end)
    )
    return list(
        schedule.values("child__establishment_id", "child__establishment__name")
        .annotate(due=Count("pk"), late=Count("pk", filter=late_condition(today)))
        .order_by("child__establishment__name", "child__establishment_id")
    )


# --- review reports the setting sends (reg 20(7)-(8)) ---------------------------------------------


@dataclass(frozen=True)
class AwaitedReport:
    """A review whose meeting was held and whose report the council has not received, with the
    clock's date for the report (2 weeks after the meeting)."""

    review: AnnualReview
    deadline: clock.Deadline
    today: date

    @property
    def days_left(self) -> int:
        return (self.deadline.due - self.today).days

    @property
    def child_name(self) -> str:
        return self.review.plan.child.full_name

    @property
    def tag(self) -> tuple[str, str]:
        """(GOV.UK tag colour class, text)."""
        if self.days_left < 0:
            return "govuk-tag--red", "Report overdue"
        return "govuk-tag--orange", "Report due"


def report_deadline(review: AnnualReview, *, today: date) -> clock.Deadline:
    """reg 20(7)-(8): the report of the meeting within 2 weeks of it, as the clock gives it."""
    return next(
        d
        for d in clock.review_deadlines(
            review.plan.made_on,
            meeting_on=review.meeting_on,
            report_on=review.report_received_on,
            as_of=today,
        )
        if d.key == "report_due"
    )


def reports_awaited(user, establishment, *, today: date) -> list[AwaitedReport]:
    """The reviews of children at ``establishment`` (that ``user`` may see) whose meeting was
    held and whose report is still to come, before the council's decision: soonest due first."""
    reviews = (
        AnnualReview.objects.filter(
            plan__in=visible_plans(user, EHCPlan.objects.filter(ceased_on__isnull=True)),
            plan__child__establishment=establishment,
            meeting_on__isnull=False,
            report_received_on__isnull=True,
            decision_on__isnull=True,
        )
        .select_related("plan__child")
        .order_by("meeting_on", "pk")
    )
    return [
        AwaitedReport(review=review, deadline=report_deadline(review, today=today), today=today)
        for review in reviews
    ]
