"""A disagreement's council deadlines as SQL, for lists worked out in the database (the work
queues): the periods are read from the clock, never written here.

- ``mediation_due``: reg 37, mediation within 30 days of the council being told it is wanted.
- ``order_due``: regs 44-45, the last day to have carried out the whole of the Tribunal's order
  (or of an appeal the council did not oppose): the latest step of that kind of order, as
  ``openehcp.clock.tribunal_order_deadlines`` gives it.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Case, CharField, DateField, F, Q, QuerySet, Value, When

from openehcp import clock
from openehcp.clock import periods
from openehcp.workqueues.dates import AddDays

from .models import AppealableDecision, Disagreement, OrderKind

_ANY_DAY = date(2001, 1, 1)


def order_days(order: str) -> int:
    """Days from the order to the last of its steps (the same for an unopposed appeal)."""
    steps = clock.tribunal_order_deadlines(_ANY_DAY, order)
    return (max(step.due for step in steps) - _ANY_DAY).days


def mediation_to_arrange() -> QuerySet:
    """Mediation the family wants that has not been held, or ended, yet."""
    return Disagreement.objects.filter(
        mediation_wanted=True,
        council_told_on__isnull=False,
        mediation_on__isnull=True,
        mediation_outcome="",
    )


def mediation_due():
    return AddDays(F("council_told_on"), periods.MEDIATION.days)


def orders_to_carry_out() -> QuerySet:
    return Disagreement.objects.filter(
        ~Q(order=""), order_on__isnull=False, order_complied_on__isnull=True
    )


def order_due():
    return Case(
        *(
            When(order=kind, then=AddDays(F("order_on"), order_days(kind)))
            for kind in OrderKind.values
        ),
        output_field=DateField(),
    )


def decision_label():
    return Case(
        *(When(decision=key, then=Value(label)) for key, label in AppealableDecision.choices),
        default=Value(""),
        output_field=CharField(),
    )


def order_label():
    return Case(
        *(When(order=key, then=Value(label)) for key, label in OrderKind.choices),
        default=Value(""),
        output_field=CharField(),
    )
