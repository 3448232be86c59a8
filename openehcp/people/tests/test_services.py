"""Writes to children's records: identifiers checked again, optimistic locking, contacts and
merging a duplicate."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from openehcp.assessments.models import Activity, Document
from openehcp.people.models import Child, Contact
from openehcp.people.services import (
    child_create,
    child_merge,
    child_update,
    contact_add,
    contact_remove,
    contact_update,
)
from openehcp.web.locking import EditConflict
from tests.factories import (
    AssessmentRequestFactory,
    ChildFactory,
    ContactFactory,
    DocumentFactory,
    EHCPlanFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

BORN = datetime.date(2016, 3, 27)


def new_child(**extra):
    caseworker = extra.pop("caseworker", None) or UserFactory()
    fields = {"forename": "Ada", "surname": "Lovelace", "date_of_birth": BORN} | extra
    return child_create(caseworker=caseworker, created_by=caseworker, **fields)


def test_child_create_normalises_identifiers():
    child = new_child(
        upn="h801200001001", uln="1234567899", nhs_number="943 476 5919", postcode="sw1a1aa"
    )
    child.refresh_from_db()
    assert (child.upn, child.uln, child.nhs_number, child.postcode) == (
        "H801200001001",
        "1234567899",
        "9434765919",
        "SW1A 1AA",
    )
    assert child.version == 1
    assert child.history.first().history_user == child.caseworker


def test_child_create_refuses_every_bad_identifier_at_once():
    with pytest.raises(ValidationError) as caught:
        new_child(upn="X123456789875", uln="1234567890", nhs_number="1234567890", postcode="ZZ1")
    assert set(caught.value.message_dict) == {"upn", "uln", "nhs_number", "postcode"}
    assert Child.objects.count() == 0


def test_child_create_refuses_a_second_record_with_the_same_upn():
    new_child(upn="H801200001001")
    with pytest.raises(ValidationError) as caught:
        new_child(upn="H801200001001", forename="Other")
    assert caught.value.message_dict["upn"] == ["Another child's record already has this UPN"]


def test_child_create_refuses_a_birth_date_in_the_future_or_over_25_years_ago():
    with pytest.raises(ValidationError):
        new_child(date_of_birth=datetime.date.today() + datetime.timedelta(days=1))
    with pytest.raises(ValidationError):
        new_child(date_of_birth=datetime.date(1990, 1, 1))


def test_child_update_saves_and_bumps_the_version():
    child = ChildFactory()
    child_update(
        child=child, version=1, updated_by=child.caseworker, surname="Byron", upn="h801200001001"
    )
    child.refresh_from_db()
    assert (child.surname, child.upn, child.version) == ("Byron", "H801200001001", 2)


def test_second_save_with_a_stale_version_is_refused_and_changes_nothing():
    child = ChildFactory(surname="First", forename="Ada")
    first_user = UserFactory(first_name="Kim", last_name="Colleague")
    second_user = UserFactory()
    stale = Child.objects.get(pk=child.pk)
    child_update(child=child, version=1, updated_by=first_user, surname="Saved")
    with pytest.raises(EditConflict) as caught:
        child_update(child=stale, version=1, updated_by=second_user, surname="Overwritten")
    assert caught.value.by == first_user and caught.value.current_version == 2
    assert caught.value.message.startswith("Ada First’s record was changed by Kim Colleague at ")
    child.refresh_from_db()
    assert (child.surname, child.version, child.changed_by) == ("Saved", 2, first_user)


def test_child_update_that_fails_validation_leaves_the_version_alone():
    child = ChildFactory()
    with pytest.raises(ValidationError):
        child_update(child=child, version=1, updated_by=child.caseworker, nhs_number="1234567890")
    child.refresh_from_db()
    assert child.version == 1 and child.nhs_number == ""


def test_child_update_refuses_fields_it_does_not_own():
    child = ChildFactory()
    with pytest.raises(TypeError):
        child_update(child=child, version=1, updated_by=child.caseworker, version_hack=3)


def test_only_one_main_contact_per_child():
    child = ChildFactory()
    first = ContactFactory(child=child, is_main_contact=True)
    second = contact_add(
        child=child,
        added_by=child.caseworker,
        name="Grace Parent",
        relationship=Contact.Relationship.MOTHER,
        email="grace@family.example",
        preferred_method=Contact.Method.EMAIL,
        is_main_contact=True,
        interpreter_language="POL",
        accessible_format=Contact.Format.LARGE_PRINT,
        postcode="se154qn",
    )
    first.refresh_from_db()
    assert not first.is_main_contact and second.is_main_contact
    assert second.postcode == "SE15 4QN"


def test_contact_needs_the_details_for_its_preferred_method():
    child = ChildFactory()
    with pytest.raises(ValidationError) as caught:
        contact_add(
            child=child,
            added_by=child.caseworker,
            name="Grace Parent",
            relationship=Contact.Relationship.MOTHER,
            preferred_method=Contact.Method.POST,
        )
    assert "address" in caught.value.message_dict


def test_contact_update_and_remove():
    contact = ContactFactory()
    contact_update(
        contact=contact,
        version=contact.version,
        updated_by=contact.child.caseworker,
        phone="07700 900123",
        preferred_method=Contact.Method.TEXT,
    )
    contact.refresh_from_db()
    assert contact.preferred_method == "text"
    contact_remove(contact=contact, removed_by=contact.child.caseworker)
    assert not Contact.objects.filter(pk=contact.pk).exists()


def test_merging_moves_requests_documents_contacts_and_plans_and_marks_the_duplicate():
    existing = ChildFactory()
    duplicate = ChildFactory(possible_duplicate=True)
    request = AssessmentRequestFactory(child=duplicate)
    document = DocumentFactory(child=duplicate, request=request)
    contact = ContactFactory(child=duplicate)
    plan = EHCPlanFactory(child=duplicate)
    child_merge(
        duplicate=duplicate, version=duplicate.version, into=existing, merged_by=existing.caseworker
    )
    for record in (request, document, contact, plan):
        record.refresh_from_db()
        assert record.child_id == existing.pk
    duplicate.refresh_from_db()
    assert duplicate.merged_into == existing and not duplicate.possible_duplicate
    assert Activity.objects.get(request=request).kind == "record_merged"
    assert Document.objects.filter(child=existing).count() == 1


def test_a_record_cannot_be_merged_into_itself_or_twice():
    child, other = ChildFactory(), ChildFactory()
    with pytest.raises(ValidationError):
        child_merge(duplicate=child, version=1, into=child, merged_by=child.caseworker)
    child_merge(duplicate=child, version=1, into=other, merged_by=child.caseworker)
    # The merge button pressed twice: the page's version is out of date.
    with pytest.raises(EditConflict) as caught:
        child_merge(duplicate=child, version=1, into=other, merged_by=child.caseworker)
    assert caught.value.mine
    with pytest.raises(ValidationError):
        child_merge(duplicate=child, version=2, into=other, merged_by=child.caseworker)


# --- two people at once, and nothing half-saved --------------------------------------------------


def test_a_contact_saved_by_someone_else_meanwhile_is_not_overwritten():
    contact = ContactFactory(phone="")
    first, second = UserFactory(), UserFactory()
    loaded = contact.version
    contact_update(contact=contact, version=loaded, updated_by=first, phone="07700 900001")
    with pytest.raises(EditConflict) as caught:
        contact_update(contact=contact, version=loaded, updated_by=second, phone="07700 900002")
    assert caught.value.by == first
    contact.refresh_from_db()
    assert (contact.phone, contact.version) == ("07700 900001", loaded + 1)


def test_a_removed_contact_cannot_be_saved():
    contact = ContactFactory()
    contact_remove(contact=contact, removed_by=contact.child.caseworker)
    with pytest.raises(EditConflict) as caught:
        contact_update(contact=contact, version=1, updated_by=UserFactory(), phone="07700 900001")
    assert caught.value.removed and "was removed" in caught.value.message


def test_the_same_contact_added_twice_is_added_once():
    child = ChildFactory()
    details = {
        "name": "Grace Parent",
        "relationship": Contact.Relationship.MOTHER,
        "email": "grace@family.example",
        "preferred_method": Contact.Method.EMAIL,
    }
    contact_add(child=child, added_by=child.caseworker, **details)
    with pytest.raises(ValidationError) as caught:
        contact_add(child=child, added_by=child.caseworker, **details | {"name": "grace parent"})
    assert caught.value.message_dict["name"] == [
        "grace parent is already one of this child’s contacts"
    ]
    assert child.contacts.count() == 1


def test_a_merge_that_fails_part_way_leaves_both_records_as_they_were(monkeypatch):
    existing, duplicate = ChildFactory(), ChildFactory(possible_duplicate=True)
    request = AssessmentRequestFactory(child=duplicate)
    contact = ContactFactory(child=duplicate)

    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(Activity.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError):
        child_merge(duplicate=duplicate, version=1, into=existing, merged_by=existing.caseworker)
    for record in (request, contact):
        record.refresh_from_db()
        assert record.child_id == duplicate.pk
    duplicate.refresh_from_db()
    existing.refresh_from_db()
    assert duplicate.merged_into is None and duplicate.version == 1 and existing.version == 1


def test_a_contact_removed_meanwhile_is_not_removed_twice():
    contact = ContactFactory(child=ChildFactory())
    stale = Contact.objects.get(pk=contact.pk)
    assert contact_remove(contact=contact, removed_by=contact.child.caseworker)
    assert not contact_remove(contact=stale, removed_by=contact.child.caseworker)
    assert contact.history.filter(history_type="-").count() == 1
