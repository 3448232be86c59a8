"""Families for the portal's tests: a parent with their own login, a young person, a draft plan
in its 15 days."""

from datetime import date, timedelta

from django.utils import timezone

from openehcp.accounts.models import Role
from openehcp.plans.models import PlanKind
from openehcp.plans.tests.factories import PlanVersionFactory, request_deciding_to_issue
from tests.factories import ChildFactory, ContactFactory, UserFactory


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
