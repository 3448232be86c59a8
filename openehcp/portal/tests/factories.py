"""Families for the portal's tests: a parent with their own login, a young person, a draft plan
in its 15 days, an issued plan and a notice of proposed amendments."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from openehcp.accounts.models import Role
from openehcp.plans.models import CeaseReason, EHCPlan, PlanKind, PlanVersion, VersionStatus
from openehcp.plans.tests.factories import (
    PlanVersionFactory,
    complete_plan,
    request_deciding_to_issue,
)
from openehcp.reviews import services as review_services
from openehcp.reviews.models import CeaseDecision, InviteeRole
from tests.factories import (
    AnnualReviewFactory,
    ChildFactory,
    ContactFactory,
    EHCPlanFactory,
    UserFactory,
)


def parent_of(child=None, **contact):
    """A parent or carer with their own login and parental responsibility for ``child``."""
    child = child or ChildFactory()
    user = UserFactory(role=Role.PARENT, first_name="Jo", last_name="Parent")
    ContactFactory(child=child, user=user, parental_responsibility=True, **contact)
    return user, child


def young_person(**child):
    """A young person of 17 (past compulsory school age) with their own login."""
    user = UserFactory(role=Role.YOUNG_PERSON, first_name="Kit", last_name="Young")
    born = timezone.localdate() - timedelta(days=17 * 365 + 100)
    return user, ChildFactory(date_of_birth=born, young_person_user=user, **child)


def draft_served(child, *, days_ago: int = 3, **kwargs):
    """A request whose draft plan was served ``days_ago`` days ago, with the final plan being
    drafted (as ``serve_draft_plan`` leaves it)."""
    served = timezone.localdate() - timedelta(days=days_ago)
    case = request_deciding_to_issue(
        child=child,
        received_on=served - timedelta(days=100),
        decision_on=served - timedelta(days=80),
        issue_decision_on=served - timedelta(days=5),
        draft_served_on=served,
        **kwargs,
    )
    PlanVersionFactory(request=case, child=child, kind=PlanKind.FINAL, number=1)
    return case


def born_years_ago(years: int, extra_days: int = 100) -> date:
    return timezone.localdate() - timedelta(days=years * 365 + extra_days)


def issued_plan(child, *, made_days_ago: int = 200):
    """A maintained plan made ``made_days_ago`` days ago, with its issued version 1 (naming a
    school in section I)."""
    plan = EHCPlanFactory(child=child, made_on=timezone.localdate() - timedelta(days=made_days_ago))
    version = complete_plan(
        PlanVersionFactory(plan=plan, request=None, child=child, kind=PlanKind.FINAL)
    )
    PlanVersion.objects.filter(pk=version.pk).update(
        status=VersionStatus.ISSUED, issued_on=plan.made_on
    )
    return plan


def amendment_sent(plan, *, days_ago: int = 3, **kwargs):
    """A notice of proposed amendments sent and served ``days_ago`` days ago (reg 22(2)), which
    starts the amended plan as version 2."""
    return review_services.send_amendment_notice(
        plan=plan,
        version=EHCPlan.objects.get(pk=plan.pk).version,
        user=UserFactory(role=Role.CASEWORKER),
        sent_on=timezone.localdate() - timedelta(days=days_ago),
        proposed_changes="Add weekly speech and language therapy to section F.",
        **kwargs,
    )


def url(name: str, child, *args) -> str:
    """The portal page ``name`` of ``child``."""
    return reverse(f"portal:{name}", args=[child.pk, *args])


def today():
    return timezone.localdate()


def caseworker_of(child):
    return child.caseworker


def arrange(plan, *, meeting_in: int = 14):
    """Arrange the review as the caseworker does: invitations today, the meeting later."""
    return review_services.arrange_review(
        plan=plan,
        version=plan.version,
        user=caseworker_of(plan.child),
        planned_meeting_on=today() + timedelta(days=meeting_in),
        invitations_sent_on=today(),
        invitees=[
            (InviteeRole.FAMILY, "Jo Parent", ""),
            (InviteeRole.SETTING, "Head teacher, Oakfield Primary", ""),
            (InviteeRole.COUNCIL, "Sam Officer", ""),
            (InviteeRole.HEALTH, "Community paediatrician", ""),
            (InviteeRole.SOCIAL_CARE, "Children's social care", ""),
        ],
    )


def decided_review(plan, outcome, **decision):
    """A review whose meeting was 10 days ago, and the council's decision sent today."""
    review = AnnualReviewFactory(plan=plan, meeting_on=today() - timedelta(days=10))
    return review_services.record_review_decision(
        review=review,
        version=review.version,
        user=caseworker_of(plan.child),
        outcome=outcome,
        decided_on=today(),
        **decision,
    )


def propose_ceasing(plan, *, days_ago: int = 5):
    """The caseworker tells the family, ``days_ago``, the council is considering ceasing the
    plan because it is no longer necessary (reg 31(1))."""
    return review_services.propose_ceasing(
        plan=plan,
        version=plan.version,
        user=caseworker_of(plan.child),
        reason=CeaseReason.NEEDS_MET_WITHOUT_PLAN,
        intention_sent_on=today() - timedelta(days=days_ago),
    )


def decide_ceasing(cessation, decision=CeaseDecision.CEASE):
    """The family and the setting consulted, and the decision sent today (reg 31)."""
    cessation = review_services.record_cease_consultation(
        cessation=cessation,
        version=cessation.version,
        user=caseworker_of(cessation.plan.child),
        family_consulted_on=today(),
        family_views="They disagree.",
        setting_consulted_on=today(),
        setting_views="Doing well.",
    )
    return review_services.decide_ceasing(
        cessation=cessation,
        version=cessation.version,
        user=caseworker_of(cessation.plan.child),
        decision=decision,
        decided_on=today(),
        reasons="Robin's needs are met without a plan.",
    )
