"""A disagreement's deadlines, stage and next step, all from the statutory clock.

Nothing is computed here that the clock computes: the mediation steps (regs 33-39), the last day
to appeal (HESC r.20, r.12) and the council's time to carry out the Tribunal's order (reg 44) or
an appeal it did not oppose (reg 45) come from ``openehcp.clock``, with its rule, its citation and
what to do if a deadline is missed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from openehcp import clock

from .models import Disagreement, MediationOutcome


class Stage:
    MEDIATION = "mediation"
    APPEAL_WINDOW = "appeal_window"
    APPEAL = "appeal"
    ORDER = "order"
    CLOSED = "closed"

    CHOICES = (
        (MEDIATION, "Mediation"),
        (APPEAL_WINDOW, "Time to appeal"),
        (APPEAL, "Appeal with the Tribunal"),
        (ORDER, "Order to carry out"),
        (CLOSED, "Closed"),
    )
    LABELS = dict(CHOICES)
    OPEN = (MEDIATION, APPEAL_WINDOW, APPEAL, ORDER)


def mediation_deadlines(d: Disagreement, *, as_of: date | None) -> tuple[clock.Deadline, ...]:
    return clock.mediation_deadlines(
        d.decision_on,
        adviser_contacted_on=d.adviser_contacted_on,
        mediation_wanted=d.mediation_wanted,
        council_told_on=d.council_told_on,
        mediation_on=d.mediation_on,
        certificate_on=d.certificate_on,
        as_of=as_of,
    )


def appeal_deadline(d: Disagreement, *, as_of: date | None) -> clock.Deadline:
    return clock.appeal_deadline(
        d.decision_on, d.certificate_on, lodged_on=d.appeal_lodged_on, as_of=as_of
    )


def order_deadlines(d: Disagreement, *, as_of: date | None) -> tuple[clock.Deadline, ...]:
    """The council's steps after the order (reg 44) or after conceding (reg 45). The record keeps
    one date, the day the order was fully carried out, so every step is met by it."""
    if not d.order or d.order_on is None:
        return ()
    steps = clock.tribunal_order_deadlines(d.order_on, d.order, unopposed=d.unopposed)
    done = dict.fromkeys((step.key for step in steps), d.order_complied_on)
    if d.order_complied_on is None:
        done = {}
    return clock.tribunal_order_deadlines(
        d.order_on, d.order, unopposed=d.unopposed, done=done, as_of=as_of
    )


def comply_by(d: Disagreement) -> date | None:
    """The last day for the council to have carried out the whole order: the latest of its
    steps' due dates (for an ordered assessment, the final plan's 14 weeks)."""
    steps = order_deadlines(d, as_of=None)
    return max(step.due for step in steps) if steps else None


def all_deadlines(d: Disagreement, *, as_of: date | None) -> tuple[clock.Deadline, ...]:
    return (
        *mediation_deadlines(d, as_of=as_of),
        appeal_deadline(d, as_of=as_of),
        *order_deadlines(d, as_of=as_of),
    )


def stage(d: Disagreement, *, as_of: date) -> str:
    """Where the disagreement stands on ``as_of``."""
    if d.order and d.order_on is not None:
        return Stage.CLOSED if d.order_complied_on else Stage.ORDER
    if d.appeal_lodged_on is not None:
        return Stage.CLOSED if d.appeal_outcome else Stage.APPEAL
    if d.mediation_outcome == MediationOutcome.AGREED:
        return Stage.CLOSED
    if in_mediation(d):
        # Until the certificate, the time to appeal can still run on (1 month from it).
        return Stage.MEDIATION
    if appeal_deadline(d, as_of=None).due < as_of:
        return Stage.CLOSED  # the family's time to appeal has passed with no appeal
    return Stage.APPEAL_WINDOW


def in_mediation(d: Disagreement) -> bool:
    """Mediation wanted and not ended, or the adviser contacted and no certificate yet."""
    mediating = d.mediation_wanted is True and not d.mediation_outcome
    return mediating or (d.adviser_contacted_on is not None and d.certificate_on is None)


@dataclass(frozen=True)
class Overview:
    """What a list shows of one disagreement."""

    disagreement: Disagreement
    stage: str
    next_deadline: clock.Deadline | None
    as_of: date

    @property
    def stage_label(self) -> str:
        return Stage.LABELS[self.stage]

    @property
    def overdue(self) -> bool:
        return self.next_deadline is not None and self.next_deadline.due < self.as_of


def _still_to_do(deadline: clock.Deadline) -> bool:
    return deadline.met_on is None and deadline.status in (
        clock.Status.PENDING,
        clock.Status.MISSED,
    )


def overview(d: Disagreement, *, as_of: date) -> Overview:
    """The stage and the next deadline not yet met (the earliest; an overdue one first)."""
    current = stage(d, as_of=as_of)
    pending = []
    if current != Stage.CLOSED:
        if current == Stage.ORDER:
            candidates = order_deadlines(d, as_of=as_of)
        elif current == Stage.APPEAL:
            candidates = ()
        else:
            candidates = (*mediation_deadlines(d, as_of=as_of), appeal_deadline(d, as_of=as_of))
        pending = [deadline for deadline in candidates if _still_to_do(deadline)]
    upcoming = min(pending, key=lambda deadline: deadline.due) if pending else None
    return Overview(disagreement=d, stage=current, next_deadline=upcoming, as_of=as_of)
