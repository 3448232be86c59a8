"""A caseworker gives a parent, carer or young person online access from the child's record."""

import pytest
from django.core import mail
from django.urls import reverse

from openehcp.accounts.models import Role, User
from openehcp.accounts.policy import family_children
from openehcp.audit.models import AccessLog
from openehcp.people.models import Contact
from tests.factories import ChildFactory, ContactFactory, UserFactory

from .factories import born_years_ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def caseworker(client):
    user = UserFactory(role=Role.CASEWORKER)
    client.force_login(user)
    return user


@pytest.fixture
def contact(caseworker):
    child = ChildFactory(caseworker=caseworker, forename="Robin")
    return ContactFactory(child=child, name="Jo Parent", email="jo@family.example")


def access_url(contact):
    return reverse("people:contact_online_access", args=[contact.child_id, contact.pk])


def give(client, contact, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(access_url(contact))


def test_parent_gets_an_account_and_an_email_to_choose_a_password(
    client, caseworker, contact, django_capture_on_commit_callbacks
):
    page = client.get(access_url(contact)).content.decode()
    assert "Give Jo Parent online access" in page
    response = give(client, contact, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    contact.refresh_from_db()
    user = contact.user
    assert user.role == Role.PARENT and user.email == "jo@family.example"
    assert user.must_change_password and user.has_usable_password()
    assert list(family_children(user)) == [contact.child]
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["jo@family.example"]
    assert "opened an account for you" in email.body and "/account/password-reset/" in email.body
    history = contact.history.first()
    assert history.history_user == caseworker and history.history_change_reason
    assert AccessLog.objects.filter(user=caseworker, object_id=str(contact.pk)).exists()
    record = client.get(reverse("people:detail", args=[contact.child_id])).content.decode()
    assert "Yes, as jo@family.example" in record


def test_young_person_gets_their_own_account(
    client, caseworker, django_capture_on_commit_callbacks
):
    child = ChildFactory(caseworker=caseworker, date_of_birth=born_years_ago(17))
    contact = ContactFactory(
        child=child,
        name="Kit Young",
        relationship=Contact.Relationship.YOUNG_PERSON,
        parental_responsibility=False,
        email="kit@example.com",
    )
    give(client, contact, django_capture_on_commit_callbacks)
    child.refresh_from_db()
    assert child.young_person_user.role == Role.YOUNG_PERSON
    assert list(family_children(child.young_person_user)) == [child]
    assert len(mail.outbox) == 1


def test_an_existing_parent_account_is_linked_for_a_second_child(
    client, caseworker, contact, django_capture_on_commit_callbacks
):
    existing = UserFactory(role=Role.PARENT, email="JO@family.example")
    give(client, contact, django_capture_on_commit_callbacks)
    contact.refresh_from_db()
    assert contact.user == existing
    assert not mail.outbox
    assert User.objects.filter(role=Role.PARENT).count() == 1


def test_refused_without_an_email_address(client, caseworker, contact):
    Contact.objects.filter(pk=contact.pk).update(email="", preferred_method="post")
    response = client.post(access_url(contact))
    assert response.status_code == 400
    assert "Add Jo Parent’s email address" in response.content.decode()
    assert not User.objects.filter(role=Role.PARENT).exists()


def test_refused_twice(client, caseworker, contact, django_capture_on_commit_callbacks):
    give(client, contact, django_capture_on_commit_callbacks)
    response = give(client, contact, django_capture_on_commit_callbacks)
    assert response.status_code == 400
    assert "already has online access" in response.content.decode()
    assert User.objects.filter(role=Role.PARENT).count() == 1
    assert len(mail.outbox) == 1


def test_refused_when_the_address_is_someone_elses_account(client, caseworker, contact):
    UserFactory(role=Role.CASEWORKER, email="jo@family.example")
    response = client.post(access_url(contact))
    assert response.status_code == 400
    assert "Another account already uses" in response.content.decode()
    contact.refresh_from_db()
    assert contact.user is None


def test_refused_without_parental_responsibility(client, caseworker, contact):
    Contact.objects.filter(pk=contact.pk).update(parental_responsibility=False)
    response = client.post(access_url(contact))
    assert response.status_code == 400 and "parental responsibility" in response.content.decode()


def test_only_staff_who_may_change_the_contact(client, contact):
    for role in (Role.CASEWORKER, Role.QA_OFFICER, Role.PARENT):
        client.force_login(UserFactory(role=role))
        assert client.post(access_url(contact)).status_code == 403
    contact.refresh_from_db()
    assert contact.user is None


def test_caseworker_records_the_young_persons_agreement_on_the_contact_form(
    client, caseworker, contact
):
    form = client.get(
        reverse("people:contact_edit", args=[contact.child_id, contact.pk])
    ).content.decode()
    assert "The young person agrees this person may see their case online" in form
