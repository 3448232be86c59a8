"""The annual review, step by step (CFA 2014 s44; SEND Regulations 2014 regs 18-21).

Each function records one step: keyword-only arguments, one transaction, all or nothing; the
optimistic lock on the plan (arranging a review) or on the review (every later step); a refusal is
a ``WorkflowError`` naming the form field, with a GOV.UK error message. A ceased plan is read only.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from openehcp import clock
from openehcp.assessments.models import Document
from openehcp.plans.models import CeaseReason, EHCPlan

from ..models import (
    REQUIRED_INVITEES,
    AmendmentNotice,
    AnnualReview,
    CeaseDecision,
    Cessation,
    InviteeRole,
    PlanActivity,
    ReviewInvitee,
    ReviewOutcome,
)
from ..selectors import KEY_REVIEW_YEARS, year_group, year_group_name
from .amendments import draft_for, open_amendment
from .ceasing import check_cease_reason
from .common import (
    WorkflowError,
    check_date,
    check_upload,
    lock,
    log_activity,
    long_date,
    require_maintained,
    required_text,
    store_upload,
    write_letter,
)

#: reg 20(3)-(4): the invitations, and the advice gathered, at least 2 weeks before the meeting.
NOTICE = timedelta(weeks=2)


def last_meeting_on(plan: EHCPlan) -> date | None:
    return (
        AnnualReview.objects.filter(plan=plan, meeting_on__isnull=False)
        .order_by("-meeting_on")
        .values_list("meeting_on", flat=True)
        .first()
    )


def open_review(plan: EHCPlan) -> AnnualReview | None:
    """The review in progress: arranged or held, and no decision sent yet."""
    return AnnualReview.objects.filter(plan=plan, decision_on__isnull=True).order_by("-pk").first()


def default_invitees(plan: EHCPlan) -> list[tuple[str, str, str]]:
    """Who reg 20(2) says to invite, filled in from the record where it knows them:
    (role, name, email)."""
    child = plan.child
    contact = child.contacts.order_by("-is_main_contact", "name").first()
    setting = plan.named_establishment or child.establishment
    caseworker = child.caseworker
    return [
        (InviteeRole.FAMILY, contact.name if contact else "", contact.email if contact else ""),
        (InviteeRole.SETTING, f"Head teacher, {setting.name}" if setting else "", ""),
        (InviteeRole.COUNCIL, caseworker.get_full_name() or caseworker.username, caseworker.email),
        (InviteeRole.HEALTH, "", ""),
        (InviteeRole.SOCIAL_CARE, "", ""),
    ]


def key_review_year(plan: EHCPlan, on: date) -> int | None:
    """Year 5, 9 or 11 on the meeting day: a key review a council officer should attend."""
    child = plan.child
    year = year_group(child.date_of_birth, child.ncy_offset, on)
    return year if year in KEY_REVIEW_YEARS else None


@transaction.atomic
def arrange_review(
    *,
    plan: EHCPlan,
    version: int,
    user,
    planned_meeting_on: date | None,
    invitations_sent_on: date | None,
    invitees: list[tuple[str, str, str]],
    interim: bool = False,
    interim_reason: str = "",
) -> AnnualReview:
    """Arrange the review meeting and send the invitations at least 2 weeks before it (reg
        20(3)) to the family, the head or principal of the setting, a council SEN officer, a health
        care professional and a council social care officer (reg 20(2); reg 21 when the child
        attends no setting). An interim review may be held at any time, for a reason. Views the
    family sent online since the last review (the portal's "Give your views") are linked to it."""
    plan = lock(EHCPlan, plan.pk, version, user, related=("child__establishment",))
    require_maintained(plan)
    current = open_review(plan)
    if current is not None:
        when = current.meeting_on or current.planned_meeting_on
        raise WorkflowError(
            "A review of this plan is already in progress"
            + (f" (meeting on {long_date(when)})" if when else "")
            + ": record its decision before arranging another"
        )
    if interim:
        interim_reason = required_text(
            interim_reason, "Enter who asked for the interim review and why", "interim_reason"
        )
    last = last_meeting_on(plan)
    invitations_sent_on = check_date(
        invitations_sent_on,
        noun="the date the invitations were sent",
        field="invitations_sent_on",
        not_before=((plan.made_on, "the day the plan was made"),),
    )
    planned_meeting_on = check_date(
        planned_meeting_on,
        noun="the date of the meeting",
        field="planned_meeting_on",
        allow_future=True,
    )
    if planned_meeting_on < invitations_sent_on + NOTICE:
        raise WorkflowError(
            "The meeting must be at least 2 weeks after the invitations are sent (regulation "
            f"20(3)): on or after {long_date(invitations_sent_on + NOTICE)}",
            field="planned_meeting_on",
        )
    if last is not None and planned_meeting_on <= last:
        raise WorkflowError(
            f"The meeting must be after the last review meeting, {long_date(last)}",
            field="planned_meeting_on",
        )
    people = [(role, (name or "").strip(), (email or "").strip()) for role, name, email in invitees]
    needed = [r for r in REQUIRED_INVITEES if plan.child.establishment_id or r != "setting"]
    for role in needed:
        if not any(r == role and name for r, name, _ in people):
            raise WorkflowError(
                f"Enter the name of {InviteeRole(role).label[:1].lower()}"
                f"{InviteeRole(role).label[1:]} to invite (regulation 20(2))",
                field=f"invitee_{role}",
            )
    review = AnnualReview.objects.create(
        plan=plan,
        is_interim=interim,
        interim_reason=interim_reason,
        planned_meeting_on=planned_meeting_on,
        invitations_sent_on=invitations_sent_on,
        recorded_by=user,
    )
    ReviewInvitee.objects.bulk_create(
        ReviewInvitee(review=review, role=role, name=name, email=email)
        for role, name, email in people
        if name
    )
    # Views the family sent online while no review was in progress are for this one.
    PlanActivity.objects.filter(plan=plan, kind="family_views", review__isnull=True).update(
        review=review
    )
    kind = "interim review" if interim else "annual review"
    description = (
        f"Arranged the {kind} meeting for {long_date(planned_meeting_on)} and sent the "
        f"invitations to {len([p for p in people if p[1]])} people."
    )
    if interim:
        description += f"\nWhy: {interim_reason}"
    key_year = key_review_year(plan, planned_meeting_on)
    if key_year is not None:
        description += (
            f"\nThis is a {year_group_name(key_year)} review: a council officer should attend."
        )
    log_activity(
        plan,
        kind="review_arranged",
        on=invitations_sent_on,
        user=user,
        description=description,
        review=review,
    )
    return review


def _lock_review(review: AnnualReview, version: int, user) -> AnnualReview:
    review = lock(AnnualReview, review.pk, version, user, related=("plan__child",))
    require_maintained(review.plan)
    if review.decision_on is not None:
        raise WorkflowError(
            f"The decision after this review was sent on {long_date(review.decision_on)}, so "
            "the review cannot be changed"
        )
    return review


@transaction.atomic
def add_review_evidence(
    *,
    review: AnnualReview,
    version: int,
    user,
    received_on: date | None,
    title: str,
    upload: UploadedFile | None,
) -> Document:
    """Advice and information gathered for the review, circulated to the invitees at least 2
    weeks before the meeting (reg 20(4)), kept on the child's record."""
    review = _lock_review(review, version, user)
    title = required_text(
        title, "Enter what the document is, like ‘Speech and language therapy report’", "title"
    )
    received_on = check_date(
        received_on,
        noun="the date it was received",
        field="received_on",
        not_before=((review.plan.made_on, "the day the plan was made"),),
    )
    check_upload(upload, field="upload", required=True, noun="the document")
    document = store_upload(
        review.plan, upload=upload, kind=Document.Kind.ADVICE, title=title, user=user
    )
    late = ""
    meeting = review.meeting_on or review.planned_meeting_on
    if meeting and received_on > meeting - NOTICE:
        late = (
            "\nReceived less than 2 weeks before the meeting: regulation 20(4) asks for advice "
            "to be circulated at least 2 weeks before."
        )
    log_activity(
        review.plan,
        kind="review_advice",
        on=received_on,
        user=user,
        description=f"Received for the review: {title}.{late}",
        review=review,
        documents=[document],
    )
    return document


@transaction.atomic
def record_meeting(
    *,
    review: AnnualReview,
    version: int,
    user,
    held_on: date | None,
    attended: set[int],
    officer_attended: bool,
    family_views: str = "",
    young_person_views: str = "",
) -> AnnualReview:
    """The review meeting held (reg 20(5)-(6)): who attended, whether a council officer did,
    and the views of the family and of the child or young person."""
    review = _lock_review(review, version, user)
    plan = review.plan
    if review.meeting_on is not None:
        raise WorkflowError(
            f"The meeting was already recorded as held on {long_date(review.meeting_on)}"
        )
    last = last_meeting_on(plan)
    held_on = check_date(
        held_on,
        noun="the date of the meeting",
        field="held_on",
        not_before=(
            (review.invitations_sent_on, "the day the invitations were sent"),
            (plan.made_on, "the day the plan was made"),
        ),
    )
    if last is not None and held_on <= last:
        raise WorkflowError(
            f"The meeting must be after the last review meeting, {long_date(last)}",
            field="held_on",
        )
    if held_on == plan.made_on:
        raise WorkflowError("The meeting must be after the day the plan was made", field="held_on")
    invitees = list(review.invitees.all())
    for invitee in invitees:
        invitee.attended = invitee.pk in attended
    ReviewInvitee.objects.bulk_update(invitees, ["attended"])
    review.meeting_on = held_on
    review.officer_attended = officer_attended
    review.family_views = (family_views or "").strip()
    review.young_person_views = (young_person_views or "").strip()
    review.recorded_by = user
    review.save()
    present = [i.name for i in invitees if i.attended]
    description = f"Held the review meeting. Attended: {', '.join(present) or 'nobody recorded'}."
    key_year = key_review_year(plan, held_on)
    if key_year is not None and not officer_attended:
        description += (
            f"\nNo council officer attended this {year_group_name(key_year)} review, although "
            "one was expected."
        )
    log_activity(
        plan, kind="review_meeting", on=held_on, user=user, description=description, review=review
    )
    return review


@transaction.atomic
def record_review_report(
    *,
    review: AnnualReview,
    version: int,
    user,
    received_on: date | None,
    recommendations: str,
    upload: UploadedFile | None = None,
) -> AnnualReview:
    """The report of the meeting, with its recommendations, within 2 weeks of it (reg
    20(7)-(8)); the clock marks a later report as late."""
    review = _lock_review(review, version, user)
    if review.meeting_on is None:
        raise WorkflowError("Record the review meeting before its report")
    if review.report_received_on is not None:
        raise WorkflowError(
            f"The report was already received on {long_date(review.report_received_on)}"
        )
    received_on = check_date(
        received_on,
        noun="the date the report was received",
        field="received_on",
        not_before=((review.meeting_on, "the day of the meeting"),),
    )
    recommendations = required_text(
        recommendations, "Enter what the report recommends", "recommendations"
    )
    check_upload(upload, field="upload", required=False, noun="the report")
    documents = []
    if upload is not None:
        documents.append(
            store_upload(
                review.plan,
                upload=upload,
                kind=Document.Kind.ADVICE,
                title="Annual review report",
                user=user,
            )
        )
    review.report_received_on = received_on
    review.recommendations = recommendations
    review.save()
    due = review.meeting_on + clock.REVIEW_REPORT
    late = (
        f"\nLate: it was due by {long_date(due)} (regulation 20(8))." if received_on > due else ""
    )
    log_activity(
        review.plan,
        kind="review_report",
        on=received_on,
        user=user,
        description=f"Received the review report.\nIt recommends: {recommendations}{late}",
        review=review,
        documents=documents,
    )
    return review


@transaction.atomic
def record_review_decision(
    *,
    review: AnnualReview,
    version: int,
    user,
    outcome: str,
    decided_on: date | None,
    reasons: str = "",
    proposed_changes: str = "",
    served_on: date | None = None,
    cease_reason: str = "",
    cease_detail: str = "",
) -> AnnualReview:
    """The council's decision after the review - maintain, amend or cease - sent to the family
    within 4 weeks of the meeting (reg 20(10)), with its letter:

    - maintain: the decision letter, with the right to appeal a refusal to amend (CFA s51(2)(e));
    - amend: the amendment notice with the proposed changes is the decision (reg 22(2); R (L) v
      Devon CC [2022] EWHC 493 (Admin)), and the amended plan follows within 8 weeks;
    - cease: the family and the head or principal, invited to the meeting (reg 20(2)), were
      consulted there (reg 31(1)); the decision letter gives the right to appeal (reg 31(2)).

    A decision needs a meeting that has been held: one arranged for a future date cannot have a
    decision recorded.
    """
    review = _lock_review(review, version, user)
    plan = review.plan
    if review.meeting_on is None:
        if review.planned_meeting_on and review.planned_meeting_on > timezone.localdate():
            raise WorkflowError(
                f"The review meeting is arranged for {long_date(review.planned_meeting_on)}, "
                "which is in the future. Record the meeting once it has been held, then the "
                "decision",
                field="outcome",
            )
        raise WorkflowError("Record the review meeting before the decision", field="outcome")
    if outcome not in ReviewOutcome.values:
        raise WorkflowError(
            "Select whether the council will keep, amend or cease the plan", field="outcome"
        )
    decided_on = check_date(
        decided_on,
        noun="the date the decision was sent",
        field="decided_on",
        not_before=((review.meeting_on, "the day of the meeting"),),
    )
    review.outcome = outcome
    review.decision_on = decided_on
    review.decision_reasons = (reasons or "").strip()
    review.recorded_by = user
    due = review.meeting_on + clock.REVIEW_DECISION
    late = (
        f"\nLate: the decision was due by {long_date(due)} (regulation 20(10))."
        if decided_on > due
        else ""
    )
    if outcome == ReviewOutcome.MAINTAIN:
        activity = log_activity(
            plan,
            kind="review_decision",
            on=decided_on,
            user=user,
            description=f"Decided to keep the plan as it is.{late}",
            review=review,
        )
        review.decision_letter = write_letter(
            "review_decision",
            plan=plan,
            activity=activity,
            user=user,
            on=decided_on,
            review=review,
            decision_reasons=review.decision_reasons,
        )
    elif outcome == ReviewOutcome.AMEND:
        proposed_changes = required_text(
            proposed_changes, "Enter the amendments the council proposes", "proposed_changes"
        )
        served_on = check_date(
            served_on or decided_on,
            noun="the date the notice was served",
            field="served_on",
            not_before=((decided_on, "the day it was sent"),),
        )
        if open_amendment(plan) is not None:
            raise WorkflowError(
                "An amendment of this plan is already in progress: finish it first",
                field="outcome",
            )
        notice = AmendmentNotice.objects.create(
            plan=plan,
            review=review,
            proposed_changes=proposed_changes,
            draft_version=draft_for(plan, user=user),
            sent_on=decided_on,
            served_on=served_on,
            created_by=user,
        )
        activity = log_activity(
            plan,
            kind="amendment_notice",
            on=decided_on,
            user=user,
            description=f"Decided to amend the plan and sent the amendment notice.\n"
            f"Proposed: {proposed_changes}{late}",
            review=review,
        )
        review.decision_letter = write_letter(
            "amendment_notice",
            plan=plan,
            activity=activity,
            user=user,
            on=decided_on,
            review=review,
            amendment=notice,
        )
    else:
        cease_reason = check_cease_reason(plan, cease_reason, cease_detail, on=decided_on)
        cessation = Cessation.objects.create(
            plan=plan,
            review=review,
            reason=cease_reason,
            reason_detail=(cease_detail or "").strip(),
            intention_sent_on=review.meeting_on,
            family_consulted_on=review.meeting_on,
            setting_consulted_on=review.meeting_on,
            decision=CeaseDecision.CEASE,
            decision_on=decided_on,
            decision_reasons=review.decision_reasons,
            created_by=user,
        )
        activity = log_activity(
            plan,
            kind="cease_decision",
            on=decided_on,
            user=user,
            description=f"Decided after the review to cease the plan: "
            f"{CeaseReason(cease_reason).label}.{late}",
            review=review,
        )
        review.decision_letter = write_letter(
            "cease_decision",
            plan=plan,
            activity=activity,
            user=user,
            on=decided_on,
            review=review,
            cessation=cessation,
            decision_reasons=review.decision_reasons,
        )
    review.save()
    return review
