"""What the demo's outside logins have to send, made sure of after a load: the ``psychologist``
has advice to give (one request overdue, one due within 2 weeks) and advice already given; the
``senco`` has advice asked of the demo school to give, where a child on its roll is at the advice
stage, and review meetings held there whose report is still to send (one late, one due). Where
the generated history already holds such a case it is used; otherwise one open case is given the
missing piece, with the activity the council's step writes. Idempotent."""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef, Q

from openehcp import clock
from openehcp.accounts.models import User
from openehcp.assessments.models import (
    Activity,
    AdviceRequest,
    AdvisorType,
    AssessmentRequest,
    Decision,
)
from openehcp.establishments.models import Establishment
from openehcp.plans.models import EHCPlan
from openehcp.reviews.models import AnnualReview, PlanActivity
from openehcp.workqueues.kinds import SOON

from .users import DEMO_SCHOOL_URN

PSYCHOLOGIST_USERNAME = "psychologist"
SENCO_USERNAME = "senco"

#: Requests at the advice stage: decided to assess, no decision whether to issue yet, open.
_AT_ADVICE_STAGE = Q(
    decision_to_assess=Decision.YES,
    decision_to_issue="",
    withdrawn_on__isnull=True,
    final_issued_on__isnull=True,
)


def _advice_windows(today: date) -> tuple[tuple[date, date], tuple[date, date]]:
    """(overdue, due soon) as ranges of the day advice was asked for: the clock's 6 weeks
    (reg 8(1)) ended before today, or end within the next 2 weeks."""
    weeks = clock.ADVICE
    overdue = (today - weeks - timedelta(days=30), today - weeks - timedelta(days=1))
    soon = (today - weeks, today - weeks + SOON)
    return overdue, soon


def _give_advice_request(psychologist: User, *, asked_from: date, asked_to: date) -> None:
    """An outstanding request for psychological advice asked between the two days, addressed to
    the psychologist: one already there, else another psychologist's, else a new one."""
    mine = AdviceRequest.objects.filter(
        advisor_user=psychologist,
        received_on__isnull=True,
        requested_on__range=(asked_from, asked_to),
        request__in=AssessmentRequest.objects.filter(_AT_ADVICE_STAGE),
    )
    if mine.exists():
        return
    other = (
        AdviceRequest.objects.filter(
            advisor_type=AdvisorType.EDUCATIONAL_PSYCHOLOGY,
            received_on__isnull=True,
            requested_on__range=(asked_from, asked_to),
            request__in=AssessmentRequest.objects.filter(_AT_ADVICE_STAGE),
        )
        .order_by("pk")
        .first()
    )
    if other is not None:
        AdviceRequest.objects.filter(pk=other.pk).update(
            advisor_user=psychologist,
            advisor_name=psychologist.get_full_name(),
            advisor_email=psychologist.email,
        )
        return
    asked_on = asked_from + (asked_to - asked_from) / 2
    case = (
        AssessmentRequest.objects.filter(_AT_ADVICE_STAGE, decision_on__lte=asked_on)
        .select_related("child__caseworker")
        .order_by("-decision_on", "pk")
        .first()
    )
    if case is None:
        return
    advice = AdviceRequest.objects.create(
        request=case,
        advisor_type=AdvisorType.EDUCATIONAL_PSYCHOLOGY,
        advisor_name=psychologist.get_full_name(),
        advisor_email=psychologist.email,
        advisor_user=psychologist,
        requested_on=asked_on,
    )
    Activity.objects.create(
        request=case,
        occurred_on=advice.requested_on,
        kind="advice_requested",
        description=f"Asked {advice.advisor_name} for psychological advice.",
        author=case.child.caseworker,
    )


def _advice_given(psychologist: User) -> None:
    """At least one piece of advice the psychologist has already given."""
    if AdviceRequest.objects.filter(advisor_user=psychologist, received_on__isnull=False).exists():
        return
    given = (
        AdviceRequest.objects.filter(
            advisor_type=AdvisorType.EDUCATIONAL_PSYCHOLOGY, received_on__isnull=False
        )
        .order_by("-received_on", "pk")
        .first()
    )
    if given is not None:
        AdviceRequest.objects.filter(pk=given.pk).update(
            advisor_user=psychologist, advisor_name=psychologist.get_full_name()
        )


def _setting_advice(school: Establishment, today: date) -> None:
    """Advice asked of the demo school, still to give, for a child on its roll whose request is
    at the advice stage: the setting's outstanding request if there is one, else the request for
    educational advice asked of the child's previous setting, else a new one asked this week."""
    at_school = AssessmentRequest.objects.filter(_AT_ADVICE_STAGE, child__establishment=school)
    outstanding = AdviceRequest.objects.filter(
        advisor_type=AdvisorType.SETTING, received_on__isnull=True, request__in=at_school
    )
    if outstanding.filter(establishment=school).exists():
        return
    other = outstanding.order_by("pk").first()
    if other is not None:
        AdviceRequest.objects.filter(pk=other.pk).update(
            establishment=school, advisor_name=f"SENCO, {school.name}"
        )
        return
    case = (
        at_school.exclude(advice_requests__advisor_type=AdvisorType.SETTING)
        .select_related("child__caseworker")
        .order_by("-decision_on", "pk")
        .first()
    )
    if case is None:
        return
    advice = AdviceRequest.objects.create(
        request=case,
        advisor_type=AdvisorType.SETTING,
        advisor_name=f"SENCO, {school.name}",
        establishment=school,
        requested_on=max(case.decision_on, today - timedelta(days=5)),
    )
    Activity.objects.create(
        request=case,
        occurred_on=advice.requested_on,
        kind="advice_requested",
        description=f"Asked {advice.advisor_name} for educational advice.",
        author=case.child.caseworker,
    )


def _reports_to_send(school_id: int, today: date) -> None:
    """Two review meetings held at the demo school with the report still to send: one held 17
    days ago (the report's 2 weeks, reg 20(8), are over) and one held 4 days ago."""
    awaited = AnnualReview.objects.filter(
        plan__child__establishment_id=school_id,
        plan__ceased_on__isnull=True,
        meeting_on__isnull=False,
        report_received_on__isnull=True,
        decision_on__isnull=True,
    )
    report_days = clock.REVIEW_REPORT.days
    wanted = []
    if not awaited.filter(meeting_on__lt=today - clock.REVIEW_REPORT).exists():
        wanted.append(report_days + 3)
    if not awaited.filter(meeting_on__gte=today - clock.REVIEW_REPORT).exists():
        wanted.append(4)
    if not wanted:
        return
    open_review = AnnualReview.objects.filter(plan_id=OuterRef("pk"), decision_on__isnull=True)
    recent_meeting = AnnualReview.objects.filter(
        plan_id=OuterRef("pk"), meeting_on__gte=today - timedelta(days=120)
    )
    plans = list(
        EHCPlan.objects.select_related("child__caseworker")
        .filter(
            child__establishment_id=school_id,
            ceased_on__isnull=True,
            made_on__lt=today - timedelta(days=120),
        )
        .exclude(Exists(open_review))
        .exclude(Exists(recent_meeting))
        .order_by("pk")[: len(wanted)]
    )
    for plan, days in zip(plans, wanted, strict=False):
        held_on = today - timedelta(days=days)
        review = AnnualReview.objects.create(
            plan=plan,
            planned_meeting_on=held_on,
            invitations_sent_on=held_on - timedelta(weeks=3),
            meeting_on=held_on,
        )
        PlanActivity.objects.create(
            plan=plan,
            review=review,
            occurred_on=held_on,
            kind="review_meeting",
            description="Held the review meeting at the school.",
            author=plan.child.caseworker,
        )


@transaction.atomic
def prepare_submissions(*, today: date) -> None:
    psychologist = User.objects.filter(username=PSYCHOLOGIST_USERNAME).first()
    if psychologist is not None:
        for asked_from, asked_to in _advice_windows(today):
            _give_advice_request(psychologist, asked_from=asked_from, asked_to=asked_to)
        _advice_given(psychologist)
    senco = User.objects.filter(username=SENCO_USERNAME).select_related("establishment").first()
    if senco is not None and senco.establishment and senco.establishment.urn == DEMO_SCHOOL_URN:
        _setting_advice(senco.establishment, today)
        _reports_to_send(senco.establishment_id, today)
