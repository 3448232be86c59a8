"""Ceasing a plan (CFA 2014 s45; SEND Regulations 2014 regs 29-31).

The council tells the family it is considering ceasing the plan and consults them and the head or
principal of the setting (reg 31(1)); it then decides, and a decision to cease carries the right
to appeal (reg 31(2); CFA s51(2)(f)). The plan is maintained until the time for appealing has
passed or any appeal has ended (reg 31(3)): the day it ends is no earlier than the clock's
``earliest_cease_date``. Mediation and the appeal are recorded as a disagreement about ceasing
(``openehcp.disagreements``), the one record of them; the ceasing record's appeal fields are its
copy. A move to another council ends the plan differently, by transfer (reg 15:
``council_transfers``).

Which reasons the law allows (reference.md §3.4): under 18, only that the plan is no longer
necessary (reg 29), unless the council is no longer responsible for the child (moved to another
council or outside England, or died); from 18, also higher education, paid employment and - after
a review that found the young person does not wish to return - no longer engaging (reg 30); the
maximum age is the end of the academic year in which the young person turns 25.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction

from openehcp import clock
from openehcp.disagreements import services as disagreements
from openehcp.disagreements.deadlines import in_mediation
from openehcp.people.ages import age_on
from openehcp.plans.models import CeaseReason, EHCPlan
from openehcp.web.locking import mark_changed

from ..models import AnnualReview, AppealOutcome, CeaseDecision, Cessation
from .common import (
    WorkflowError,
    check_date,
    lock,
    log_activity,
    long_date,
    require_maintained,
    required_text,
    write_letter,
)

#: reg 29: for a child under 18, no longer necessary - or no longer the council's responsibility.
UNDER_18_REASONS = frozenset(
    {
        CeaseReason.NEEDS_MET_WITHOUT_PLAN,
        CeaseReason.MOVED_OUTSIDE_ENGLAND,
        CeaseReason.DECEASED,
    }
)


def check_cease_reason(plan: EHCPlan, reason: str, detail: str, *, on: date) -> str:
    """The reason must be one the law allows for this child or young person on ``on``."""
    field = "cease_reason"
    if not reason or reason not in CeaseReason.values:
        raise WorkflowError("Select why the plan would cease", field=field)
    if reason == CeaseReason.TRANSFERRED_TO_LA:
        raise WorkflowError(
            "A plan that moves to another council is transferred, not ceased by decision: "
            "record the transfer out (regulation 15)",
            field=field,
        )
    age = age_on(plan.child.date_of_birth, on)
    if age < 18 and reason not in UNDER_18_REASONS:
        raise WorkflowError(
            "For a child under 18, a plan can only cease because it is no longer necessary "
            "(regulation 29), or because the council is no longer responsible for them",
            field=field,
        )
    if reason == CeaseReason.MAXIMUM_AGE and age < 24:
        raise WorkflowError(
            "A plan reaches its maximum age at the end of the academic year in which the young "
            "person turns 25",
            field=field,
        )
    if reason == CeaseReason.NO_LONGER_ENGAGING:
        eighteenth = clock.add_months(plan.child.date_of_birth, 18 * 12)
        reviewed = AnnualReview.objects.filter(
            plan=plan, meeting_on__gte=eighteenth, meeting_on__lte=on
        ).exists()
        if not reviewed:
            raise WorkflowError(
                "A plan can cease because the young person no longer wishes to engage only after "
                "a review held since they turned 18 (regulation 30)",
                field=field,
            )
    if reason == CeaseReason.OTHER and not (detail or "").strip():
        raise WorkflowError("Enter the reason", field="cease_detail")
    return reason


def cease_plan(plan: EHCPlan, *, ceased_on: date, reason: str, user) -> EHCPlan:
    """Set the plan's end (inside the caller's transaction), moving its version on so that any
    form opened on it before is refused."""
    mark_changed(
        EHCPlan.objects.filter(pk=plan.pk), user=user, ceased_on=ceased_on, cease_reason=reason
    )
    return EHCPlan.objects.get(pk=plan.pk)


def open_cessation(plan: EHCPlan) -> Cessation | None:
    return next((c for c in plan.cessations.order_by("-pk") if c.is_open), None)


@transaction.atomic
def propose_ceasing(
    *,
    plan: EHCPlan,
    version: int,
    user,
    reason: str,
    detail: str = "",
    intention_sent_on: date | None,
) -> Cessation:
    """Tell the family the council is considering ceasing the plan, and why (reg 31(1)(a))."""
    plan = lock(EHCPlan, plan.pk, version, user, related=("child",))
    require_maintained(plan)
    if open_cessation(plan) is not None:
        raise WorkflowError("The council is already considering ceasing this plan")
    intention_sent_on = check_date(
        intention_sent_on,
        noun="the date the notice was sent",
        field="intention_sent_on",
        not_before=((plan.made_on, "the day the plan was made"),),
    )
    reason = check_cease_reason(plan, reason, detail, on=intention_sent_on)
    cessation = Cessation.objects.create(
        plan=plan,
        reason=reason,
        reason_detail=(detail or "").strip(),
        intention_sent_on=intention_sent_on,
        created_by=user,
    )
    activity = log_activity(
        plan,
        kind="cease_intention",
        on=intention_sent_on,
        user=user,
        description=f"Told the family the council is considering ceasing the plan: "
        f"{CeaseReason(reason).label}.",
    )
    write_letter(
        "cease_intention",
        plan=plan,
        activity=activity,
        user=user,
        on=intention_sent_on,
        cessation=cessation,
    )
    return cessation


def _lock(cessation: Cessation, version: int, user) -> Cessation:
    cessation = lock(Cessation, cessation.pk, version, user, related=("plan__child",))
    require_maintained(cessation.plan)
    if not cessation.is_open:
        raise WorkflowError("This proposal to cease the plan is closed: the plan continues")
    return cessation


@transaction.atomic
def record_cease_consultation(
    *,
    cessation: Cessation,
    version: int,
    user,
    family_consulted_on: date | None,
    family_views: str,
    setting_consulted_on: date | None,
    setting_views: str,
) -> Cessation:
    """The views of the family and of the head or principal of the setting (reg 31(1)(b))."""
    cessation = _lock(cessation, version, user)
    if cessation.decision:
        raise WorkflowError("The decision has been made: the consultation is over")
    after = ((cessation.intention_sent_on, "the day the notice was sent"),)
    cessation.family_consulted_on = check_date(
        family_consulted_on,
        noun="the date the family gave their views",
        field="family_consulted_on",
        not_before=after,
    )
    cessation.setting_consulted_on = check_date(
        setting_consulted_on,
        noun="the date the setting gave its views",
        field="setting_consulted_on",
        not_before=after,
    )
    cessation.family_views = (family_views or "").strip()
    cessation.setting_views = (setting_views or "").strip()
    cessation.save()
    log_activity(
        cessation.plan,
        kind="cease_consultation",
        on=max(cessation.family_consulted_on, cessation.setting_consulted_on),
        user=user,
        description="Consulted the family and the setting about ceasing the plan.",
    )
    return cessation


@transaction.atomic
def decide_ceasing(
    *,
    cessation: Cessation,
    version: int,
    user,
    decision: str,
    decided_on: date | None,
    reasons: str,
) -> Cessation:
    """Decide, after consulting, whether to cease the plan. A decision to cease is sent with the
    right to appeal and its deadline (reg 31(2); HESC Rules r.20)."""
    cessation = _lock(cessation, version, user)
    if cessation.decision:
        raise WorkflowError("The decision has already been recorded")
    if cessation.family_consulted_on is None or cessation.setting_consulted_on is None:
        raise WorkflowError(
            "Consult the family and the setting before deciding (regulation 31(1))",
            field="decision",
        )
    if decision not in CeaseDecision.values:
        raise WorkflowError("Select whether the council will cease the plan", field="decision")
    decided_on = check_date(
        decided_on,
        noun="the date the decision was sent",
        field="decided_on",
        not_before=(
            (cessation.family_consulted_on, "the day the family gave their views"),
            (cessation.setting_consulted_on, "the day the setting gave its views"),
        ),
    )
    reasons = required_text(reasons, "Enter the reasons for the decision", "reasons")
    cessation.decision = decision
    cessation.decision_on = decided_on
    cessation.decision_reasons = reasons
    cessation.save()
    if decision == CeaseDecision.CONTINUE:
        log_activity(
            cessation.plan,
            kind="cease_not_going_ahead",
            on=decided_on,
            user=user,
            description=f"Decided to keep maintaining the plan.\n{reasons}",
        )
        return cessation
    appeal_by = clock.appeal_deadline(decided_on).due
    activity = log_activity(
        cessation.plan,
        kind="cease_decision",
        on=decided_on,
        user=user,
        description=f"Decided to cease the plan. The family can appeal until "
        f"{long_date(appeal_by)}.\n{reasons}",
    )
    write_letter(
        "cease_decision",
        plan=cessation.plan,
        activity=activity,
        user=user,
        on=decided_on,
        cessation=cessation,
        decision_reasons=reasons,
    )
    return cessation


def appeal_of(cessation: Cessation):
    """The disagreement about this decision to cease (mediation and the appeal), if the family
    has one: the one record of the appeal, which ``disagreements.ceasing`` copies onto the ceasing
    record's appeal fields (CFA s51(2)(f), s55)."""
    try:
        return cessation.disagreement
    except ObjectDoesNotExist:
        return None


def earliest_end(cessation: Cessation) -> date | None:
    """The first day the plan may end (reg 31(3)): after the time to appeal - counted from a
    mediation certificate when there is one (HESC Rules r.20) - or after the appeal. None while
    the family is in mediation with no certificate yet, or while an appeal is running."""
    if cessation.decision != CeaseDecision.CEASE:
        return None
    if cessation.appeal_lodged_on is not None:
        if cessation.appeal_outcome == AppealOutcome.DISMISSED:
            return cessation.appeal_ended_on
        return None
    disagreement = appeal_of(cessation)
    if disagreement is not None and in_mediation(disagreement):
        return None
    certificate_on = disagreement.certificate_on if disagreement is not None else None
    return clock.earliest_cease_date(cessation.decision_on, certificate_on)


@transaction.atomic
def record_plan_ceased(
    *, cessation: Cessation, version: int, user, ceased_on: date | None
) -> Cessation:
    """The day the plan actually ended (SEN2 ``CeaseDate``): no earlier than the end of the appeal
    window, or the end of an appeal that was dismissed (reg 31(3); reg 44(2)(a)). From then the
    plan is read only."""
    cessation = _lock(cessation, version, user)
    plan = cessation.plan
    if cessation.decision != CeaseDecision.CEASE:
        raise WorkflowError("Record the decision to cease before the date the plan ended")
    earliest = earliest_end(cessation)
    if earliest is None:
        raise WorkflowError(
            "The family has appealed: record how the appeal ended before the plan can cease"
            if cessation.appeal_lodged_on
            else "The family is in mediation: record the mediation certificate before the plan "
            "can cease",
            field="ceased_on",
        )
    ceased_on = check_date(ceased_on, noun="the date the plan ended", field="ceased_on")
    if ceased_on < earliest:
        raise WorkflowError(
            f"The plan must be maintained while the family can appeal: it can end on "
            f"{long_date(earliest)} at the earliest (regulation 31(3))",
            field="ceased_on",
        )
    cessation.ceased_on = ceased_on
    cessation.save()
    cease_plan(plan, ceased_on=ceased_on, reason=cessation.reason, user=user)
    appeal = appeal_of(cessation)
    if appeal is not None and appeal.order == "cease" and appeal.order_complied_on is None:
        # reg 44(2)(a): ceasing the plan is what the order (or the appeal ending) asked for.
        disagreements.update_disagreement(
            disagreement=appeal, version=appeal.version, user=user, order_complied_on=ceased_on
        )
    log_activity(
        plan,
        kind="plan_ceased",
        on=ceased_on,
        user=user,
        description=f"The plan ceased: {CeaseReason(cessation.reason).label}.",
    )
    return cessation
