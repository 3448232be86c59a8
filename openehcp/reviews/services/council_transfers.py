"""Transfers of a plan between councils in England (SEND Regulations 2014 reg 15).

A plan arriving: from the transfer the plan is treated as if this council had made it on the
original date (reg 15(3)); the family must be told within 6 weeks whether the council will assess
and when it will review (reg 15(4)), and the review is due by the later of the end of the 12
months from the plan being made or last reviewed and the end of the 3 months beginning with the
transfer (reg 15(5)). A plan leaving: it is sent to the new council on the day of the move, or
within 15 working days of learning of it (reg 15(2)); it ends here that day (SEN2 cease reason 5).
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from openehcp import clock
from openehcp.assessments.workflow.common import check_la_code
from openehcp.establishments.models import Establishment
from openehcp.people.models import Child
from openehcp.plans.models import CeaseReason, EHCPlan

from ..models import AnnualReview, CouncilTransfer, TransferDirection
from .ceasing import cease_plan, open_cessation
from .common import (
    WorkflowError,
    check_date,
    lock,
    log_activity,
    long_date,
    require_maintained,
)


@transaction.atomic
def receive_transferred_plan(
    *,
    child: Child,
    version: int,
    user,
    la_code: str,
    made_on: date | None,
    transferred_on: date | None,
    last_review_on: date | None = None,
    named_establishment: Establishment | None = None,
) -> EHCPlan:
    """A plan transferred in from another council (reg 15(3)): kept with the date it was first
    made, the council it came from and the day this council became responsible. The other
    council's last review meeting, if known, starts the review period (reg 15(5))."""
    child = lock(Child, child.pk, version, user)
    if EHCPlan.objects.filter(child=child, ceased_on__isnull=True).exists():
        raise WorkflowError("This child already has a maintained EHC plan here")
    la_code = check_la_code(la_code, field="la_code")
    made_on = check_date(made_on, noun="the date the plan was first made", field="made_on")
    transferred_on = check_date(
        transferred_on,
        noun="the date the plan was transferred",
        field="transferred_on",
        not_before=((made_on, "the day the plan was made"),),
    )
    if last_review_on is not None:
        last_review_on = check_date(
            last_review_on,
            noun="the date of the last review meeting",
            field="last_review_on",
            not_before=((made_on, "the day the plan was made"),),
        )
        if last_review_on == made_on or last_review_on > transferred_on:
            raise WorkflowError(
                "The last review meeting must be after the plan was made and before the transfer",
                field="last_review_on",
            )
    plan = EHCPlan.objects.create(
        child=child,
        made_on=made_on,
        transferred_from_la=la_code,
        transferred_in_on=transferred_on,
        named_establishment=named_establishment,
    )
    CouncilTransfer.objects.create(
        plan=plan,
        direction=TransferDirection.IN,
        la_code=la_code,
        transferred_on=transferred_on,
        created_by=user,
    )
    if last_review_on is not None:
        # The other council held that review and decided on it; its letter's date is not known
        # here, so the meeting's date stands for it (the review is closed, not awaiting us).
        AnnualReview.objects.create(
            plan=plan, meeting_on=last_review_on, decision_on=last_review_on, recorded_by=user
        )
    due = {
        d.key: d
        for d in clock.council_transfer_deadlines(
            transferred_on,
            transferred_on=transferred_on,
            plan_made_on=made_on,
            last_review_on=last_review_on,
        )
    }
    log_activity(
        plan,
        kind="transferred_in",
        on=transferred_on,
        user=user,
        description=f"The plan transferred in from council {la_code}. Tell the family by "
        f"{long_date(due['transfer_notice_due'].due)} whether we will assess and when we will "
        f"review (regulation 15(4)); review by {long_date(due['transfer_review_due'].due)} "
        "(regulation 15(5)).",
    )
    return plan


@transaction.atomic
def record_transfer_notice(
    *, transfer: CouncilTransfer, version: int, user, notified_on: date | None, will_assess: bool
) -> CouncilTransfer:
    """reg 15(4): the family told, within 6 weeks of the transfer, that the plan has transferred,
    whether the council will assess, and when it will review."""
    transfer = lock(CouncilTransfer, transfer.pk, version, user, related=("plan",))
    require_maintained(transfer.plan)
    if transfer.direction != TransferDirection.IN:
        raise WorkflowError("Only a plan transferred in needs this notice")
    if transfer.family_notified_on:
        raise WorkflowError(f"The family were told on {long_date(transfer.family_notified_on)}")
    transfer.family_notified_on = check_date(
        notified_on,
        noun="the date the family were told",
        field="notified_on",
        not_before=((transfer.transferred_on, "the day of the transfer"),),
    )
    transfer.will_assess = will_assess
    transfer.save()
    log_activity(
        transfer.plan,
        kind="transfer_notice",
        on=transfer.family_notified_on,
        user=user,
        description="Told the family the plan has transferred, "
        + ("that we will assess, " if will_assess else "that we will not assess, ")
        + "and when we will review it.",
    )
    return transfer


def transfer_out_due(moved_on: date, aware_on: date | None) -> clock.Deadline:
    """reg 15(2): the day of the move, or the 15th working day beginning with the day the council
    learned of it when that was less than 15 working days before."""
    return next(
        d
        for d in clock.council_transfer_deadlines(moved_on, aware_on=aware_on)
        if d.key == "plan_transfer_due"
    )


@transaction.atomic
def transfer_plan_out(
    *,
    plan: EHCPlan,
    version: int,
    user,
    la_code: str,
    moved_on: date | None,
    aware_on: date | None,
    transferred_on: date | None,
) -> CouncilTransfer:
    """The family moved to another council in England: the plan is sent to it (reg 15(2)) and
    ends here on the day of the transfer, with SEN2 cease reason 5."""
    plan = lock(EHCPlan, plan.pk, version, user, related=("child",))
    require_maintained(plan)
    if open_cessation(plan) is not None:
        raise WorkflowError(
            "The council is considering ceasing this plan: close that first", field="la_code"
        )
    la_code = check_la_code(la_code, field="la_code")
    moved_on = check_date(moved_on, noun="the date the family moved", field="moved_on")
    if aware_on is not None:
        aware_on = check_date(
            aware_on,
            noun="the date the council learned of the move",
            field="aware_on",
        )
    transferred_on = check_date(
        transferred_on,
        noun="the date the plan was sent to the new council",
        field="transferred_on",
        not_before=((plan.made_on, "the day the plan was made"),),
    )
    transfer = CouncilTransfer.objects.create(
        plan=plan,
        direction=TransferDirection.OUT,
        la_code=la_code,
        moved_on=moved_on,
        aware_on=aware_on,
        transferred_on=transferred_on,
        created_by=user,
    )
    cease_plan(plan, ceased_on=transferred_on, reason=CeaseReason.TRANSFERRED_TO_LA, user=user)
    due = transfer_out_due(moved_on, aware_on)
    late = (
        f"\nLate: it was due by {long_date(due.due)} (regulation 15(2))."
        if transferred_on > due.due
        else ""
    )
    log_activity(
        plan,
        kind="transferred_out",
        on=transferred_on,
        user=user,
        description=f"Sent the plan to council {la_code}; it ends here today.{late}",
    )
    return transfer
