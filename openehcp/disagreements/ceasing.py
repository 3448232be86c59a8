"""A disagreement about ceasing a plan is the one record of the appeal against ceasing.

The reviews app's ceasing record (``reviews.Cessation``) keeps the council's side: the notice, the
consultation, the decision (reg 31(1)-(2)) and the day the plan ended. The family's side - the
mediation adviser, the certificate, the appeal and how it ended (CFA s51(2)(f), s55) - is recorded
only here, on the ``Disagreement`` linked to it. The ceasing record's own appeal fields
(``appeal_lodged_on``, ``appeal_ended_on``, ``appeal_outcome``) are a copy that only ``mirror``
writes, inside the same transaction as the disagreement, so the readers of a ceasing record (the
day the plan may end under reg 31(3), SEN2, the family portal) never see the two disagree.

An appeal against ceasing ends either with the plan continuing (the appeal upheld or conceded: the
order "continue", reg 44(2)(b)/45) or with the plan ceasing (dismissed, or withdrawn by the
family: the order "cease", reg 44(2)(a)); the order's date is the day the appeal ended.
"""

from __future__ import annotations

from openehcp.reviews.models import AppealOutcome as CeasingAppeal
from openehcp.reviews.models import CeaseDecision, Cessation
from openehcp.web.locking import stamp

from .models import AppealableDecision, Disagreement, OrderKind

PLAN_CONTINUES = CeasingAppeal.UPHELD
PLAN_CAN_CEASE = CeasingAppeal.DISMISSED

_CONTINUES = frozenset({OrderKind.CONTINUE, OrderKind.CONTINUE_AND_AMEND})


def cessation_to_link(d: Disagreement):
    """The ceasing record a new disagreement about ceasing is about: the plan's latest decision
    to cease with no disagreement linked yet (None for any other decision)."""
    if d.cessation_id or d.decision != AppealableDecision.CEASE or d.plan_id is None:
        return d.cessation
    return (
        Cessation.objects.filter(
            plan_id=d.plan_id, decision=CeaseDecision.CEASE, disagreement__isnull=True
        )
        .order_by("-decision_on", "-pk")
        .first()
    )


def appeal_state(d: Disagreement) -> tuple:
    """``(lodged_on, ended_on, outcome)`` of the ceasing record, read from the disagreement."""
    outcome, ended_on = "", None
    if d.order in _CONTINUES:
        outcome, ended_on = PLAN_CONTINUES, d.order_on
    elif d.order == OrderKind.CEASE:
        outcome, ended_on = PLAN_CAN_CEASE, d.order_on
    return d.appeal_lodged_on, ended_on, outcome


def _write(cessation, lodged_on, ended_on, outcome, *, user) -> None:
    if (cessation.appeal_lodged_on, cessation.appeal_ended_on, cessation.appeal_outcome) == (
        lodged_on,
        ended_on,
        outcome,
    ):
        return
    cessation.appeal_lodged_on = lodged_on
    cessation.appeal_ended_on = ended_on
    cessation.appeal_outcome = outcome
    cessation.version += 1  # the row is locked (select_for_update)
    stamp(cessation, user=user)
    cessation.save()


def _cessations():
    return Cessation.objects.select_for_update()


def unlink(cessation_pk: int, *, user) -> None:
    """A disagreement corrected to be about something else: its ceasing record has no appeal."""
    _write(_cessations().get(pk=cessation_pk), None, None, "", user=user)


def mirror(d: Disagreement, *, user) -> None:
    """Copy the appeal onto the linked ceasing record (inside the caller's transaction), moving
    its version on so that a form opened on it before is refused; its history keeps the change."""
    if d.cessation_id is None:
        return
    _write(_cessations().get(pk=d.cessation_id), *appeal_state(d), user=user)
