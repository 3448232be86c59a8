"""Amending a plan (SEND Regulations 2014 reg 22; R (L) v Devon CC [2022] EWHC 493 (Admin)).

The council sends the family the current plan with a notice of the proposed amendments (reg
22(2)); they have at least 15 days, beginning with the day it is served, to comment, ask for a
meeting or ask for a setting to be named. The final amended plan follows as soon as practicable
and within 8 weeks of sending the notice (reg 22(3)) - after a review, at most 12 weeks after the
meeting (Devon) - or the council tells the family, within the same 8 weeks, that it will not amend
after all (reg 22(4)). The clock (``amendment_deadlines``) computes every date.

The amended plan itself is a new ``PlanVersion`` (``openehcp.plans``): sending the notice starts
it as a copy of the current version (or takes the version already being drafted), so the
proposed changes are written and compared against the current plan there; issuing the amended
plan issues that version, which freezes it and names the setting in its section I.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction

from openehcp import clock
from openehcp.establishments.models import Establishment
from openehcp.plans import services as plan_services
from openehcp.plans.models import EHCPlan, PlanVersion, VersionStatus
from openehcp.web.locking import stamp

from ..models import AmendmentNotice, PhaseTransfer
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


def open_amendment(plan: EHCPlan) -> AmendmentNotice | None:
    return next((a for a in plan.amendment_notices.order_by("-pk") if a.is_open), None)


def draft_for(plan: EHCPlan, *, user) -> PlanVersion:
    """The amended plan to write: the version of the plan already being drafted, or a new one
    copied from the current version (``plans.services.create_draft``)."""
    working = PlanVersion.objects.filter(plan=plan, status=VersionStatus.DRAFT).first()
    return working or plan_services.create_draft(plan=plan, user=user)


def deadlines(notice: AmendmentNotice, *, today: date | None = None) -> dict[str, clock.Deadline]:
    """The clock's deadlines for the notice, by key (``representations_due``,
    ``amended_plan_due`` and, after a review, ``amendment_notice_due``)."""
    meeting_on = notice.review.meeting_on if notice.review_id else None
    return {
        d.key: d
        for d in clock.amendment_deadlines(
            notice.sent_on,
            served_on=notice.served_on,
            meeting_on=meeting_on,
            representations_on=notice.representations_on,
            amended_plan_on=notice.amended_plan_issued_on or notice.not_amending_on,
            as_of=today,
        )
    }


@transaction.atomic
def send_amendment_notice(
    *,
    plan: EHCPlan,
    version: int,
    user,
    sent_on: date | None,
    served_on: date | None = None,
    proposed_changes: str,
    phase_transfer: PhaseTransfer | None = None,
) -> AmendmentNotice:
    """Send the notice of proposed amendments with the current plan (reg 22(2)), outside a
    review's decision - for instance to name the setting for a phase transfer (reg 18)."""
    plan = lock(
        EHCPlan, plan.pk, version, user, related=("child__establishment", "child__caseworker")
    )
    require_maintained(plan)
    if open_amendment(plan) is not None:
        raise WorkflowError(
            "An amendment of this plan is already in progress: finish it before starting another"
        )
    proposed_changes = required_text(
        proposed_changes, "Enter the amendments the council proposes", "proposed_changes"
    )
    sent_on = check_date(
        sent_on,
        noun="the date the notice was sent",
        field="sent_on",
        not_before=((plan.made_on, "the day the plan was made"),),
    )
    served_on = check_date(
        served_on or sent_on,
        noun="the date the notice was served",
        field="served_on",
        not_before=((sent_on, "the day it was sent"),),
    )
    notice = AmendmentNotice.objects.create(
        plan=plan,
        phase_transfer=phase_transfer,
        proposed_changes=proposed_changes,
        draft_version=draft_for(plan, user=user),
        sent_on=sent_on,
        served_on=served_on,
        created_by=user,
    )
    activity = log_activity(
        plan,
        kind="amendment_notice",
        on=sent_on,
        user=user,
        description=f"Sent the amendment notice.\nProposed: {proposed_changes}",
        phase_transfer=phase_transfer,
    )
    write_letter(
        "amendment_notice", plan=plan, activity=activity, user=user, on=sent_on, amendment=notice
    )
    return notice


def _lock(notice: AmendmentNotice, version: int, user) -> AmendmentNotice:
    notice = lock(
        AmendmentNotice,
        notice.pk,
        version,
        user,
        related=("plan__child", "review", "phase_transfer"),
    )
    require_maintained(notice.plan)
    if notice.amended_plan_issued_on:
        raise WorkflowError(
            f"The amended plan was issued on {long_date(notice.amended_plan_issued_on)}"
        )
    if notice.not_amending_on:
        raise WorkflowError(
            f"The council decided not to amend the plan on {long_date(notice.not_amending_on)}"
        )
    return notice


@transaction.atomic
def record_amendment_representations(
    *,
    notice: AmendmentNotice,
    version: int,
    user,
    received_on: date | None,
    representations: str,
    requested_establishment: Establishment | None = None,
) -> AmendmentNotice:
    """The family's comments on the proposed amendments and the setting they ask for (reg
    22(2))."""
    notice = _lock(notice, version, user)
    notice.representations_on = check_date(
        received_on,
        noun="the date the family's comments were received",
        field="received_on",
        not_before=((notice.served_on, "the day the notice was served"),),
    )
    notice.representations = required_text(
        representations, "Enter what the family said", "representations"
    )
    notice.requested_establishment = requested_establishment
    notice.save()
    description = (
        f"Received the family's comments on the proposed amendments.\n{notice.representations}"
    )
    if requested_establishment:
        description += f"\nThey asked for {requested_establishment.name} to be named."
    log_activity(
        notice.plan,
        kind="amendment_representations",
        on=notice.representations_on,
        user=user,
        description=description,
        phase_transfer=notice.phase_transfer,
    )
    return notice


@transaction.atomic
def issue_amended_plan(
    *, notice: AmendmentNotice, version: int, user, issued_on: date | None
) -> AmendmentNotice:
    """Issue the final amended plan to the family, the named setting and the health commissioner
    (reg 22(3)), once the family's 15 days to comment have run (reg 22(2)(c)): the notice's new
    plan version is issued (``plans.services.issue_version``: frozen, its PDF and Word kept, its
    section I naming the setting). For a phase transfer section I must name the new setting (reg
    18)."""
    notice = _lock(notice, version, user)
    plan = notice.plan
    due = deadlines(notice)
    comments_end = due["representations_due"].due
    issued_on = check_date(
        issued_on,
        noun="the date the amended plan was issued",
        field="issued_on",
        not_before=((notice.sent_on, "the day the notice was sent"),),
    )
    if issued_on <= comments_end:
        raise WorkflowError(
            f"The family have until {long_date(comments_end)} to comment on the proposed "
            "amendments (at least 15 days, regulation 22(2)): issue the amended plan from "
            f"{long_date(comments_end + timedelta(days=1))}",
            field="issued_on",
        )
    draft = notice.draft_version
    if draft is None:
        raise WorkflowError("This notice has no amended plan to issue")
    draft = PlanVersion.objects.get(pk=draft.pk)
    transfer = notice.phase_transfer
    if transfer is not None and draft.placement_id is None:
        raise WorkflowError(
            "Name the setting the child or young person moves to in section I of the amended "
            "plan: a phase transfer plan must name it (regulation 18)",
            field="issued_on",
        )
    if draft.is_issued:
        # Issued from the plan's own pages already: the notice takes that version and its date.
        issued, issued_on = draft, draft.issued_on
    else:
        try:
            issued = plan_services.issue_version(
                version=draft, lock=draft.version, user=user, issued_on=issued_on
            )
        except plan_services.CannotIssue as refused:
            raise WorkflowError(
                "The amended plan cannot be issued yet: " + "; ".join(refused.reasons),
                field="issued_on",
            ) from None
    named = issued.placement
    notice.amended_plan_issued_on = issued_on
    notice.named_establishment = named
    notice.save()
    plan = EHCPlan.objects.select_related("child__caseworker", "named_establishment").get(
        pk=plan.pk
    )
    if transfer is not None:
        transfer = PhaseTransfer.objects.get(pk=transfer.pk)
        transfer.amended_plan_issued_on = issued_on
        transfer.named_establishment = named
        transfer.version += 1
        stamp(transfer, user=user)
        transfer.save()
    plan_due = due["amended_plan_due"].due
    late = (
        f"\nLate: the amended plan was due by {long_date(plan_due)} (regulation 22(3))."
        if issued_on > plan_due
        else ""
    )
    naming = f" naming {named.name}" if named else ""
    activity = log_activity(
        plan,
        kind="amended_plan_issued",
        on=issued_on,
        user=user,
        description=f"Issued the amended plan (version {issued.number}){naming}.{late}",
        review=notice.review,
        phase_transfer=transfer,
        documents=[d for d in (issued.pdf_document, issued.word_document) if d is not None],
    )
    write_letter(
        "amended_plan_covering",
        plan=plan,
        activity=activity,
        user=user,
        on=issued_on,
        amendment=notice,
    )
    return notice


@transaction.atomic
def decide_not_to_amend(
    *, notice: AmendmentNotice, version: int, user, decided_on: date | None, reasons: str
) -> AmendmentNotice:
    """reg 22(4): having considered the family's comments, the council will not amend the plan
    after all; it tells them why within the 8 weeks."""
    notice = _lock(notice, version, user)
    notice.not_amending_on = check_date(
        decided_on,
        noun="the date the family were told",
        field="decided_on",
        not_before=((notice.sent_on, "the day the notice was sent"),),
    )
    notice.not_amending_reasons = required_text(
        reasons, "Enter the reasons for not amending the plan", "reasons"
    )
    notice.save()
    log_activity(
        notice.plan,
        kind="not_amending",
        on=notice.not_amending_on,
        user=user,
        description=f"Decided not to amend the plan after all.\n{notice.not_amending_reasons}",
        review=notice.review,
        phase_transfer=notice.phase_transfer,
    )
    return notice
