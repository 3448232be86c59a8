"""The open statutory steps of a caseload, each with its due date, worked out in SQL.

Every step is computed in the database, for the whole page at once: one ``UNION ALL`` query of
one branch per kind of step, each branch a set-based query over its own table with the due date
and the exceptions worked out in SQL. The periods are the statutory clock's constants
(``openehcp.clock``) and the SQL mirrors the clock's functions exactly; the tests check the two
agree on many generated cases, so there is one source of truth for every date.

The 6-, 16- and 20-week limits run from the day the council became responsible for a transferred
case (CFA s24), else from the day the request was received. A time limit is *lifted* when a
recorded exception meets the clock's test for it (``lifted``); a lifted step is never overdue,
but stays on the list until it is done.
"""

from __future__ import annotations

from datetime import date

from django.db.models import (
    BooleanField,
    CharField,
    DateField,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Cast, Coalesce

from openehcp import clock
from openehcp.assessments.models import AdviceRequest, AssessmentRequest, Consultation
from openehcp.disagreements import schedule as disputes
from openehcp.plans.models import EHCPlan
from openehcp.reviews.models import AnnualReview, PhaseTransfer
from openehcp.reviews.schedule import period_end, phase_transfer_due, plans_with_review_due

from .caseload import CASELOAD, OPEN_REQUESTS, age_slots, ids_in
from .dates import AddDays, MakeDate
from .kinds import KINDS, SOON, Window, WorkFilters
from .lifted import limit_lifted
from .prepared import Slot

#: What each branch of the union yields; the child's own columns are joined once, outside it.
COLUMNS = (
    "w_kind",
    "w_child_id",
    "w_request_id",
    "w_reference",
    "w_plan_id",
    "w_detail",
    "w_step_id",
    "w_trigger",
    "w_due",
    "w_lifted",
)

_NO_TEXT = Value("", output_field=CharField())


def _no_id():
    return Cast(Value(None), output_field=IntegerField())


def _no_text():
    return Cast(Value(None), output_field=CharField())


def _responsible_from(prefix: str = ""):
    """CFA s24: the clock runs from becoming responsible for a transferred case, else receipt."""
    return Coalesce(F(f"{prefix}transferred_in_on"), F(f"{prefix}received_on"))


def _branch(
    qs: QuerySet,
    *,
    kind: str,
    child: str,
    trigger,
    due,
    rule: clock.Rule | None,
    request: str | None = None,
    plan: str | None = None,
    detail=None,
    step: bool = False,
    within: Q | None = None,
    filters: WorkFilters,
):
    """One kind of step as rows of the common shape ``COLUMNS``, cut to the window chosen, for the
    children of the caseload (``CASELOAD``) or the rows ``within`` says. ``child`` is the path to
    the child's id."""
    if within is None:
        within = Q(**{f"{child}__in": ids_in(CASELOAD)})
    qs = qs.filter(within).annotate(
        w_kind=Value(kind, output_field=CharField()),
        w_child_id=F(child),
        w_request_id=F(f"{request}id") if request is not None else _no_id(),
        w_reference=F(f"{request}reference") if request is not None else _no_text(),
        w_plan_id=F(f"{plan}id") if plan is not None else _no_id(),
        w_detail=detail if detail is not None else _NO_TEXT,
        w_step_id=F("id") if step else _no_id(),
        w_trigger=ExpressionWrapper(trigger, output_field=DateField()),
        w_due=ExpressionWrapper(due, output_field=DateField()),
    )
    if rule is not None and request is not None:
        qs = qs.annotate(w_lifted=limit_lifted(rule, f"{request}id"))
    else:
        qs = qs.annotate(w_lifted=Value(False, output_field=BooleanField()))
    if filters.window == Window.SOON:
        qs = qs.filter(w_due__lte=Slot("soon_until", DateField()))
    elif filters.window == Window.OVERDUE:
        qs = qs.filter(w_due__lt=Slot("today", DateField()))
    return qs.values(*COLUMNS).order_by()


def _rule(key: str) -> clock.Rule:
    return clock.RULES[key]


def _request_branches(common) -> dict:
    # Every request-based branch starts from the caseload's running requests (``OPEN_REQUESTS``).
    requests = AssessmentRequest.objects.filter(pk__in=ids_in(OPEN_REQUESTS))
    in_open_request = Q(request_id__in=ids_in(OPEN_REQUESTS))
    start = _responsible_from()
    return {
        "decision_to_assess_due": lambda: _branch(
            requests.filter(decision_on__isnull=True),
            kind="decision_to_assess_due",
            child="child_id",
            request="",
            within=Q(),
            trigger=start,
            due=AddDays(start, clock.DECISION_TO_ASSESS.days),
            rule=_rule("decision_to_assess"),
            **common,
        ),
        "notice_not_to_issue_due": lambda: _branch(
            requests.filter(
                decision_to_issue="", draft_served_on__isnull=True, final_issued_on__isnull=True
            ),
            kind="notice_not_to_issue_due",
            child="child_id",
            request="",
            within=Q(),
            trigger=start,
            due=AddDays(start, clock.NOT_TO_ISSUE.days),
            rule=_rule("not_to_issue"),
            **common,
        ),
        "representations_due": lambda: _branch(
            requests.filter(
                draft_served_on__isnull=False,
                representations_received_on__isnull=True,
                draft_served_on__gte=Slot("representations_from", DateField()),
            ),
            kind="representations_due",
            child="child_id",
            request="",
            within=Q(),
            trigger=F("draft_served_on"),
            due=AddDays(F("draft_served_on"), clock.REPRESENTATIONS.days),
            rule=None,
            **common,
        ),
        "final_plan_due": lambda: _branch(
            requests,
            kind="final_plan_due",
            child="child_id",
            request="",
            within=Q(),
            trigger=start,
            due=AddDays(start, clock.FINAL_PLAN.days),
            rule=_rule("final_plan"),
            **common,
        ),
        "advice_due": lambda: _branch(
            AdviceRequest.objects.filter(received_on__isnull=True),
            kind="advice_due",
            step=True,
            child="request__child_id",
            request="request__",
            within=in_open_request,
            trigger=F("requested_on"),
            due=AddDays(F("requested_on"), clock.ADVICE.days),
            rule=_rule("advice"),
            detail=F("advisor_name"),
            **common,
        ),
        "consultation_reply_due": lambda: _branch(
            Consultation.objects.filter(replied_on__isnull=True),
            kind="consultation_reply_due",
            step=True,
            child="request__child_id",
            request="request__",
            within=in_open_request,
            trigger=F("sent_on"),
            due=AddDays(F("sent_on"), clock.CONSULTATION.days),
            rule=None,
            detail=F("establishment__name"),
            **common,
        ),
    }


def _plan_branches(common, rules: clock.ClockRules) -> dict:
    plans = plans_with_review_due(EHCPlan.objects.filter(ceased_on__isnull=True), rules=rules)
    branches = {
        "review_due": lambda: _branch(
            plans,
            kind="review_due",
            child="child_id",
            plan="",
            trigger=F("w_review_trigger"),
            due=F("w_review_due"),
            rule=None,
            **common,
        ),
    }
    months = rules.under_five_review_months
    if months and months < clock.REVIEW_MONTHS:
        # The child's age on the anchor date is checked outside the union (``_outer_filters``),
        # where the caseload already carries the date of birth.
        branches["early_review_due"] = lambda: _branch(
            plans,
            kind="early_review_due",
            child="child_id",
            plan="",
            trigger=F("w_anchor"),
            due=period_end(F("w_anchor"), months, rules),
            rule=None,
            **common,
        )
    reviews = AnnualReview.objects.filter(plan__ceased_on__isnull=True, meeting_on__isnull=False)
    branches["report_due"] = lambda: _branch(
        reviews.filter(report_received_on__isnull=True),
        kind="report_due",
        step=True,
        child="plan__child_id",
        plan="plan__",
        trigger=F("meeting_on"),
        due=AddDays(F("meeting_on"), clock.REVIEW_REPORT.days),
        rule=None,
        **common,
    )
    branches["decision_due"] = lambda: _branch(
        reviews.filter(decision_on__isnull=True),
        kind="decision_due",
        step=True,
        child="plan__child_id",
        plan="plan__",
        trigger=F("meeting_on"),
        due=AddDays(F("meeting_on"), clock.REVIEW_DECISION.days),
        rule=None,
        **common,
    )
    branches["phase_transfer_due"] = lambda: _branch(
        PhaseTransfer.objects.filter(
            plan__ceased_on__isnull=True, amended_plan_issued_on__isnull=True
        ),
        kind="phase_transfer_due",
        step=True,
        child="plan__child_id",
        plan="plan__",
        trigger=MakeDate(F("transfer_year") - 1, 9, 1),
        due=phase_transfer_due(rules),
        rule=None,
        **common,
    )
    return branches


def _disagreement_branches(common) -> dict:
    return {
        "mediation_due": lambda: _branch(
            disputes.mediation_to_arrange(),
            kind="mediation_due",
            step=True,
            child="child_id",
            trigger=F("council_told_on"),
            due=disputes.mediation_due(),
            rule=None,
            detail=disputes.decision_label(),
            **common,
        ),
        "order_due": lambda: _branch(
            disputes.orders_to_carry_out(),
            kind="order_due",
            step=True,
            child="child_id",
            trigger=F("order_on"),
            due=disputes.order_due(),
            rule=None,
            detail=disputes.order_label(),
            **common,
        ),
    }


def work_union(
    *,
    filters: WorkFilters | None = None,
    rules: clock.ClockRules = clock.DEFAULT_RULES,
) -> QuerySet:
    """The open steps of the children in ``CASELOAD`` that ``filters`` keep, in no order: one SQL
    ``UNION ALL`` of dicts with the keys ``COLUMNS``, to run after ``caseload_cte``. Today's date
    and the window are ``Slot``s, bound by ``work_slots`` when the query runs."""
    filters = filters or WorkFilters()
    common = {"filters": filters}
    branches = {
        **_request_branches(common),
        **_plan_branches(common, rules),
        **_disagreement_branches(common),
    }
    chosen = filters.kinds or frozenset(KINDS)
    wanted = [key for key in KINDS if key in branches and key in chosen]
    if not wanted:
        return AssessmentRequest.objects.none().values(*COLUMNS)
    first, *rest = (branches[key]() for key in wanted)
    return first.union(*rest, all=True) if rest else first


def work_slots(today: date, **caseload) -> dict:
    """The values of the slots of ``work_union`` for a run on ``today``."""
    return {
        "today": today,
        "soon_until": today + SOON,
        "representations_from": today - clock.REPRESENTATIONS,
        **age_slots(today),
        **caseload,
    }
