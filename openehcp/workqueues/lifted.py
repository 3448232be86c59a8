"""Whether a recorded exception lifts a step's time limit, tested in SQL for a whole work list.

``openehcp.clock.lifting_exceptions`` in SQL: reg 5(4), 8(2), 10(4) and 13(3) lift the 6-, 16- and
20-week limits (and the 6 weeks for advice) when it is impractical to meet them because of a
closure, absence from the area, exceptional personal circumstances or a missed appointment. A
lifted step is never overdue, but stays on the list until it is done.
"""

from django.db.models import BooleanField, Exists, F, OuterRef, Q, Value
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual

from openehcp import clock
from openehcp.assessments.models import AdviceRequest, TimescaleException
from openehcp.clock.model import CLOSURE_REASONS
from openehcp.clock.periods import CLOSURE_LEAD, CLOSURE_MIN

from .dates import AddDays


def limit_lifted(rule: clock.Rule, request_id: str):
    """Whether a recorded exception lifts ``rule``'s time limit for the step whose trigger and due
    date are the outer query's ``w_trigger`` and ``w_due`` - ``clock.lifting_exceptions`` in SQL:

    - a closure (school/post-16, early years) of at least 4 weeks, and advice asked of the setting
      (the advice request the exception names, or else any of the case's) in the window from 1 week
      before it closed to 1 week before it re-opened, on a day from the trigger to the due date;
      when the case has no advice request at all, the window need only overlap the period;
    - absence from the area for at least ``rule.absence_min_days`` days within the period (the day
      after the trigger to the due date);
    - exceptional personal circumstances or a missed appointment on at least one day of it.
    """
    allowed = rule.exceptions
    if not allowed:
        return Value(False, output_field=BooleanField())
    trigger, due = OuterRef("w_trigger"), OuterRef("w_due")
    matches = Q(pk__in=[])
    closures = sorted(allowed & CLOSURE_REASONS)
    if closures:
        window_start = AddDays(F("starts_on"), -CLOSURE_LEAD.days)
        window_end = AddDays(F("ends_on"), -CLOSURE_LEAD.days)
        named = (
            Q(advice_request__isnull=False)
            & Q(GreaterThanOrEqual(F("advice_request__requested_on"), window_start))
            & Q(LessThanOrEqual(F("advice_request__requested_on"), window_end))
            & Q(GreaterThanOrEqual(F("advice_request__requested_on"), trigger))
            & Q(LessThanOrEqual(F("advice_request__requested_on"), due))
        )
        case_advice = AdviceRequest.objects.filter(request_id=OuterRef("request_id")).order_by()
        asked_in_window = Exists(
            case_advice.filter(
                requested_on__gte=OuterRef("e_window_start"),
                requested_on__lte=OuterRef("e_window_end"),
            ).filter(
                requested_on__gte=OuterRef(OuterRef("w_trigger")),
                requested_on__lte=OuterRef(OuterRef("w_due")),
            )
        )
        # No advice date known at all: the officer's record stands for it, and the window need
        # only overlap the period.
        window_overlaps = (
            ~Q(Exists(case_advice))
            & Q(LessThanOrEqual(window_start, due))
            & Q(GreaterThanOrEqual(window_end, trigger))
        )
        any_advice = Q(advice_request__isnull=True) & (Q(asked_in_window) | window_overlaps)
        matches |= (
            Q(reason__in=closures)
            & Q(GreaterThanOrEqual(F("ends_on"), AddDays(F("starts_on"), CLOSURE_MIN.days)))
            & (named | any_advice)
        )
    if clock.ExceptionReason.ABSENCE_FROM_AREA in allowed:
        n = rule.absence_min_days
        matches |= (
            Q(reason=clock.ExceptionReason.ABSENCE_FROM_AREA)
            & Q(GreaterThanOrEqual(F("ends_on"), AddDays(F("starts_on"), n - 1)))
            & Q(GreaterThanOrEqual(F("ends_on"), AddDays(trigger, n)))
            & Q(LessThanOrEqual(F("starts_on"), AddDays(due, -(n - 1))))
            & Q(GreaterThanOrEqual(due, AddDays(trigger, n)))
        )
    on_a_day = sorted(allowed - CLOSURE_REASONS - {clock.ExceptionReason.ABSENCE_FROM_AREA})
    if on_a_day:
        matches |= (
            Q(reason__in=on_a_day)
            & Q(LessThanOrEqual(F("starts_on"), due))
            & Q(GreaterThanOrEqual(F("ends_on"), AddDays(trigger, 1)))
        )
    exceptions = (
        TimescaleException.objects.filter(request_id=OuterRef(request_id))
        .alias(
            e_window_start=AddDays(F("starts_on"), -CLOSURE_LEAD.days),
            e_window_end=AddDays(F("ends_on"), -CLOSURE_LEAD.days),
        )
        .filter(matches)
        .order_by()
    )
    return Exists(exceptions)
