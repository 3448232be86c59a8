"""When a plan's reviews fall due, as SQL over its dates, for whole lists at once.

The review team's lists (``selectors``) and the caseworkers' work lists (``openehcp.workqueues``)
take their review dates from here. The expressions mirror the statutory clock
(``openehcp.clock.review_deadlines`` and ``phase_transfer_deadline``), under the council's
reading of the rules (``clock.ClockRules``); the tests check the two agree.

- CFA s44(1): the annual review, within the 12 months beginning with the plan being made or the
  last review meeting; after a transfer in, reg 15(5): no earlier than the end of the 3 months
  beginning with the transfer, until the first review after it.
- Code of Practice 9.178: a child under 5 reviewed every ``rules.under_five_review_months``.
- reg 18(1): on a phase transfer, the plan amended before 15 February (school phases) or
  31 March (secondary to post-16) of the year of transfer.
"""

from __future__ import annotations

from django.db.models import Case, DateField, F, OuterRef, Q, QuerySet, Subquery, When
from django.db.models.functions import Coalesce, Greatest
from django.db.models.lookups import IsNull, LessThan, LessThanOrEqual

from openehcp import clock
from openehcp.clock.periods import (
    PHASE_TRANSFER_POST16,
    PHASE_TRANSFER_SCHOOL,
    TRANSFER_REVIEW_MONTHS,
)
from openehcp.workqueues.dates import AddDays, AddMonths, DayNumber, MakeDate

from .models import AnnualReview, TransferPhase


def last_review_meeting():
    """The plan's (``OuterRef("pk")``) last review meeting held, or NULL: with the plan being
    made, where the 12 months of CFA s44(1) begin."""
    return Subquery(
        AnnualReview.objects.filter(plan_id=OuterRef("pk"), meeting_on__isnull=False)
        .order_by("-meeting_on")
        .values("meeting_on")[:1],
        output_field=DateField(),
    )


def period_end(start, months: int, rules: clock.ClockRules):
    """``clock.calendar.period_end``: strict reading ends the day before the corresponding date."""
    end = AddMonths(start, months)
    return AddDays(end, -1) if rules.review_reading == "strict" else end


def review_due_expressions(
    *, made_on, last_meeting, transferred_in_on, date_of_birth, rules: clock.ClockRules
) -> dict:
    """The review dates of a plan as SQL expressions of its dates (columns, or subqueries):

    - ``anchor``: the day the current 12-month period began - the plan being made or the last
      review meeting (``last_review_meeting``), whichever is later;
    - ``review_trigger`` / ``review_due``: the review due, CFA s44(1) - the end of the 12 months
      beginning with the anchor; after a transfer in, until a review meeting after it, reg 15(5):
      the later of that and the end of the 3 months beginning with the transfer;
    - ``early_review_due`` (only when the rules have an under-5 interval): Code of Practice
      9.178, the end of ``rules.under_five_review_months`` from the anchor, for a child under 5
      on the anchor date, else NULL.
    """
    anchor = Coalesce(Greatest(made_on, last_meeting), made_on)
    annual = period_end(anchor, clock.REVIEW_MONTHS, rules)
    after_transfer = Greatest(annual, period_end(transferred_in_on, TRANSFER_REVIEW_MONTHS, rules))
    first_since_transfer = Q(IsNull(transferred_in_on, False)) & (
        Q(IsNull(last_meeting, True)) | Q(LessThan(last_meeting, transferred_in_on))
    )
    out = {
        "anchor": anchor,
        "review_due": Case(
            When(first_since_transfer, then=after_transfer),
            default=annual,
            output_field=DateField(),
        ),
        "review_trigger": Case(
            When(first_since_transfer, then=transferred_in_on),
            default=anchor,
            output_field=DateField(),
        ),
    }
    months = rules.under_five_review_months
    if months and months < clock.REVIEW_MONTHS:
        # Under 5 on the anchor date: fewer than 5 whole years from birth to that day.
        under_five = Q(LessThanOrEqual(DayNumber(anchor) - DayNumber(date_of_birth), 49999))
        out["early_review_due"] = Case(
            When(under_five, then=period_end(anchor, months, rules)),
            default=None,
            output_field=DateField(),
        )
    return out


def plans_with_review_due(plans: QuerySet, *, rules: clock.ClockRules) -> QuerySet:
    """``plans`` (EHC plans) with the review dates of ``review_due_expressions`` as aliases,
    computed in SQL for all at once: ``w_last_meeting`` (the last review meeting held, if any),
    ``w_anchor``, ``w_review_trigger``, ``w_review_due`` and, when the rules have an under-5
    interval, ``w_early_review_due``.

    Annotate the ones a page shows (``.annotate(due=F("w_review_due"))``).
    """
    plans = plans.alias(w_last_meeting=last_review_meeting())
    dates = review_due_expressions(
        made_on=F("made_on"),
        last_meeting=F("w_last_meeting"),
        transferred_in_on=F("transferred_in_on"),
        date_of_birth=F("child__date_of_birth"),
        rules=rules,
    )
    plans = plans.alias(w_anchor=dates.pop("anchor"))
    return plans.alias(**{f"w_{name}": expression for name, expression in dates.items()})


def phase_transfer_due(rules: clock.ClockRules):
    """reg 18(1), over a phase transfer's columns: the amended plan is due before 15 February
    (school phases) or 31 March (to post-16) of the year of transfer - the last day before it
    under the strict reading, the day itself under the inclusive one
    (``clock.phase_transfer_deadline``)."""
    strict = rules.phase_transfer_reading == "strict"

    def before(month_day):
        day = MakeDate(F("transfer_year"), *month_day)
        return AddDays(day, -1) if strict else day

    return Case(
        When(to_phase=TransferPhase.POST16, then=before(PHASE_TRANSFER_POST16)),
        default=before(PHASE_TRANSFER_SCHOOL),
        output_field=DateField(),
    )
