"""Who sees which child in the family portal (accounts/policy.py: ``family_children``,
``require_family``, ``family_documents``), role by record, with each refusal."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from openehcp.accounts import policy
from openehcp.accounts.models import Role
from openehcp.assessments.models import Activity, Document
from tests.factories import (
    AssessmentRequestFactory,
    ChildFactory,
    ContactFactory,
    DocumentFactory,
    UserFactory,
)

from .factories import born_years_ago, parent_of, young_person

pytestmark = pytest.mark.django_db


def sees(user, child) -> bool:
    visible = child in policy.family_children(user)
    assert visible == policy.can_family_see(user, child)
    if not visible:
        with pytest.raises(PermissionDenied):
            policy.require_family(user, child)
    else:
        policy.require_family(user, child)
    return visible


def test_parent_with_parental_responsibility_sees_their_child_only():
    parent, child = parent_of()
    other = ChildFactory()
    ContactFactory(child=other)
    assert sees(parent, child)
    assert not sees(parent, other)
    assert list(policy.family_children(parent)) == [child]


def test_parent_cannot_see_another_familys_child():
    parent, _ = parent_of()
    _, other_child = parent_of()
    assert not sees(parent, other_child)


def test_parent_without_parental_responsibility_sees_nothing():
    user = UserFactory(role=Role.PARENT)
    child = ChildFactory()
    ContactFactory(child=child, user=user, parental_responsibility=False)
    assert not sees(user, child)


def test_after_compulsory_school_age_a_parent_needs_the_young_persons_agreement():
    """CFA 2014 s83(2): from the day after the school leaving date the rights are the young
    person's own."""
    parent, child = parent_of(ChildFactory(date_of_birth=born_years_ago(17)))
    assert policy.rights_are_the_young_persons(child)
    assert not sees(parent, child)
    child.contacts.filter(user=parent).update(young_person_agreed_access=True)
    assert sees(parent, child)


def test_a_parent_still_sees_a_sixteen_year_old_before_the_school_leaving_date():
    today = timezone.localdate()
    # Born 1 September sixteen years before the next 1 September: still in Year 11 or younger.
    born = policy.still_of_compulsory_school_age_if_born_from(today)
    parent, child = parent_of(ChildFactory(date_of_birth=born))
    assert not policy.rights_are_the_young_persons(child)
    assert sees(parent, child)
    older = ChildFactory(date_of_birth=born - timedelta(days=1))
    ContactFactory(child=older, user=parent, parental_responsibility=True)
    assert not sees(parent, older)


def test_young_person_sees_their_own_record_only():
    user, child = young_person()
    _, other = young_person()
    assert sees(user, child)
    assert not sees(user, other)


def test_a_young_person_account_on_a_contact_does_not_count_as_a_parent():
    user, child = young_person()
    sibling = ChildFactory()
    ContactFactory(child=sibling, user=user, parental_responsibility=True)
    assert not sees(user, sibling)


def test_inactive_family_accounts_see_nothing():
    parent, child = parent_of()
    parent.is_active = False
    parent.save()
    assert not sees(parent, child)
    user, own = young_person()
    user.is_active = False
    user.save()
    assert not sees(user, own)


@pytest.mark.parametrize(
    "role",
    [r for r, _ in Role.choices if r not in (Role.PARENT, Role.YOUNG_PERSON)],
)
def test_staff_and_other_outsiders_have_no_family_view(role):
    user = UserFactory(role=role)
    child = ChildFactory(caseworker=user) if role == Role.CASEWORKER else ChildFactory()
    ContactFactory(child=child, user=user, parental_responsibility=True)
    assert not sees(user, child)


def test_family_still_sees_nothing_in_the_staff_pages():
    parent, child = parent_of()
    case = AssessmentRequestFactory(child=child)
    for action in ("view", "change", "create", "view_history"):
        assert not policy.can(parent, action, child)
        assert not policy.can(parent, action, case)
    assert not policy.visible_children(parent).exists()
    user, own = young_person()
    assert not policy.can(user, "view", own)


def test_family_documents_are_letters_to_them_and_plans_never_advice_or_internal():
    parent, child = parent_of()
    case = AssessmentRequestFactory(child=child)
    letter = DocumentFactory(child=child, request=case, kind=Document.Kind.LETTER)
    plan = DocumentFactory(child=child, request=case, kind=Document.Kind.PLAN, title="Draft")
    advice = DocumentFactory(child=child, request=case, kind=Document.Kind.ADVICE)
    evidence = DocumentFactory(child=child, request=case, kind=Document.Kind.SUPPORTING)
    to_advisor = DocumentFactory(child=child, request=case, kind=Document.Kind.LETTER)
    activity = Activity.objects.create(
        request=case, occurred_on=case.received_on, kind="advice_requested", description="Asked"
    )
    activity.documents.add(to_advisor)
    own = DocumentFactory(
        child=child, request=case, kind=Document.Kind.SUPPORTING, created_by=parent
    )
    assert set(policy.family_documents(parent, child)) == {letter, plan, own}
    assert advice and evidence
    stranger, _ = parent_of()
    assert not policy.family_documents(stranger, child).exists()
