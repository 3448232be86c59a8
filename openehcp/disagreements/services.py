"""Recording a disagreement and each of its steps: one transaction each, all or nothing.

A new disagreement is checked and saved; a change takes the shared edit lock first
(``openehcp.web.locking``), so a form loaded before someone else saved the record raises
``EditConflict`` and nothing is saved. Every rule in ``rules.problems`` is checked on the whole
record as it would be saved; any broken rule raises ``ValidationError`` (by field) and the
transaction rolls back. No due date is stored: the clock works them out.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from openehcp.web.locking import EditConflict, stamp, take_lock

from .ceasing import cessation_to_link, mirror, unlink
from .models import Disagreement
from .rules import problems

__all__ = ["EditConflict", "record_disagreement", "update_disagreement"]

NOUN = "This disagreement"

#: What a person may set through the services (the child, who and when are the service's).
FIELDS = frozenset(
    {
        "decision",
        "request",
        "plan",
        "decision_on",
        "adviser_contacted_on",
        "mediation_wanted",
        "council_told_on",
        "mediation_on",
        "mediation_outcome",
        "certificate_on",
        "appeal_lodged_on",
        "tribunal_reference",
        "response_due_on",
        "hearing_on",
        "appeal_outcome",
        "order",
        "order_on",
        "order_complied_on",
        "notes",
    }
)


def _apply(disagreement: Disagreement, changes: dict) -> None:
    unknown = set(changes) - FIELDS
    if unknown:
        raise TypeError(f"Not a field a person sets: {', '.join(sorted(unknown))}")
    for field, value in changes.items():
        if isinstance(value, str):
            value = value.strip()
        setattr(disagreement, field, value)


def _check(disagreement: Disagreement) -> None:
    found = problems(disagreement, today=timezone.localdate())
    if found:
        raise ValidationError({field: [message] for field, message in found.items()})


@transaction.atomic
def record_disagreement(*, child, user, **fields) -> Disagreement:
    """A family disagrees with an appealable decision (CFA 2014 s51(2)): record it from the
    decision notice on."""
    disagreement = Disagreement(child=child, created_by=user)
    _apply(disagreement, fields)
    disagreement.cessation = cessation_to_link(disagreement)
    _check(disagreement)
    stamp(disagreement, user=user)
    disagreement.save()
    mirror(disagreement, user=user)
    return disagreement


@transaction.atomic
def update_disagreement(*, disagreement: Disagreement, version, user, **changes) -> Disagreement:
    """Record a step (or correct one): ``changes`` are the fields the step's form sets."""
    current = take_lock(
        Disagreement,
        disagreement.pk,
        version,
        user=user,
        noun=NOUN,
        related=("child", "request", "plan", "cessation"),
    )
    linked_before = current.cessation_id
    _apply(current, changes)
    if current.decision != "cease" or (
        current.cessation is not None and current.cessation.plan_id != current.plan_id
    ):
        current.cessation = None  # the decision or the plan was corrected: not that ceasing
    current.cessation = cessation_to_link(current)
    _check(current)
    current.save()
    if linked_before and linked_before != current.cessation_id:
        unlink(linked_before, user=user)
    mirror(current, user=user)
    return current
