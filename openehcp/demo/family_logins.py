"""The demo's family logins, linked to demo children after a load: ``parent`` to a parent with
parental responsibility of a child whose draft plan is in its 15 days for comments (reg 13(1)),
and ``youngperson`` to a young person of 17 or more with an EHC plan. Idempotent."""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef

from openehcp.accounts.models import User
from openehcp.assessments.models import Activity, AssessmentRequest, Decision
from openehcp.clock import add_months, representations_due
from openehcp.people.ages import still_of_compulsory_school_age_if_born_from
from openehcp.people.models import Child, Contact
from openehcp.plans import services as plan_services
from openehcp.plans.models import EHCPlan, PlanKind
from openehcp.plans.selectors import working_version

PARENT_USERNAME = "parent"
YOUNG_PERSON_USERNAME = "youngperson"


def _in_comment_window(today: date, candidates):
    """Open requests whose draft plan was served and whose 15 days still run on ``today``."""
    earliest = today - timedelta(days=31)
    return [
        case
        for case in candidates.filter(
            draft_served_on__gte=earliest,
            draft_served_on__lte=today,
            final_issued_on__isnull=True,
            withdrawn_on__isnull=True,
        ).order_by("representations_received_on", "pk")
        if representations_due(case.draft_served_on).due >= today
    ]


def _serve_a_draft(today: date, candidates) -> AssessmentRequest | None:
    """When no draft plan is in its 15 days, one that is being drafted is sent (with the activity
    the caseworker's step writes)."""
    case = (
        candidates.filter(
            decision_to_issue=Decision.YES,
            draft_served_on__isnull=True,
            final_issued_on__isnull=True,
            withdrawn_on__isnull=True,
            issue_decision_on__lte=today,
        )
        .order_by("pk")
        .first()
    )
    if case is None:
        return None
    case.draft_served_on = max(case.issue_decision_on, today - timedelta(days=2))
    case.save(update_fields=["draft_served_on"])
    Activity.objects.create(
        request=case,
        occurred_on=case.draft_served_on,
        kind="draft_served",
        description="Draft plan served; 15 days for comments and a preferred setting.",
        author=case.child.caseworker,
    )
    return case


@transaction.atomic
def link_family_logins(*, today: date) -> dict[str, int | None]:
    """Link the demo family logins; returns the child each one sees (None if the demo has
    no child that fits)."""
    parent = User.objects.get(username=PARENT_USERNAME)
    young = User.objects.get(username=YOUNG_PERSON_USERNAME)
    Contact.objects.filter(user=parent).update(user=None)
    Child.objects.filter(young_person_user=young).update(young_person_user=None)

    under_age = Child.objects.filter(
        Exists(Contact.objects.filter(child_id=OuterRef("pk"), parental_responsibility=True)),
        date_of_birth__gte=still_of_compulsory_school_age_if_born_from(today),
        merged_into__isnull=True,
    )
    candidates = AssessmentRequest.objects.filter(child__in=under_age)
    case = next(iter(_in_comment_window(today, candidates)), None)
    if case is None:
        case = _serve_a_draft(today, candidates)
    parent_child = None
    if case is not None:
        if working_version(request=case) is None:
            plan_services.create_draft(
                request=case, user=case.child.caseworker, kind=PlanKind.FINAL
            )
        contact = (
            Contact.objects.filter(child_id=case.child_id, parental_responsibility=True)
            .order_by("-is_main_contact", "pk")
            .first()
        )
        contact.user = parent
        contact.save(update_fields=["user"])
        parent_child = case.child_id

    young_child = (
        EHCPlan.objects.filter(
            ceased_on__isnull=True,
            child__date_of_birth__lte=add_months(today, -17 * 12),
            child__date_of_birth__gt=add_months(today, -25 * 12),
            child__merged_into__isnull=True,
        )
        .order_by("child__date_of_birth", "pk")
        .values_list("child_id", flat=True)
        .last()
    )
    if young_child is not None:
        Child.objects.filter(pk=young_child).update(young_person_user=young)
    return {PARENT_USERNAME: parent_child, YOUNG_PERSON_USERNAME: young_child}
