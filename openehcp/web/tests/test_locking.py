"""The shared edit lock: taking it, the conflict it reports, and the form that shows it."""

import datetime

import pytest
from django import forms
from django.db import transaction
from django.utils import timezone

from openehcp.people.models import Child
from openehcp.web.locking import EditConflict, LockedForm, conflict, mark_changed, take_lock
from tests.factories import ChildFactory, UserFactory

pytestmark = pytest.mark.django_db


def lock(child, version, user):
    return take_lock(Child, child.pk, version, user=user, noun="Ada’s record")


def test_taking_the_lock_moves_the_version_on_and_records_who_and_when():
    child = ChildFactory()
    user = UserFactory()
    locked = lock(child, 1, user)
    assert (locked.version, locked.changed_by) == (2, user)
    assert abs(locked.changed_at - timezone.now()) < datetime.timedelta(seconds=5)


def test_a_stale_version_is_refused_naming_who_changed_the_record_and_when():
    child = ChildFactory()
    first = UserFactory(first_name="Kim", last_name="Colleague")
    lock(child, 1, first)
    with pytest.raises(EditConflict) as caught:
        lock(child, 1, UserFactory())
    clash = caught.value
    assert (clash.model, clash.by, clash.current_version, clash.mine) == (Child, first, 2, False)
    assert clash.message.startswith("Ada’s record was changed by Kim Colleague at ")
    assert " today while you were editing. Your changes have not been saved." in clash.message
    assert Child.objects.get(pk=child.pk).version == 2


def test_the_same_person_saving_twice_is_told_it_was_them():
    child = ChildFactory()
    user = UserFactory()
    lock(child, 1, user)
    with pytest.raises(EditConflict) as caught:
        lock(child, 1, user)
    assert caught.value.mine
    assert caught.value.message.startswith("Ada’s record was changed by you at ")


def test_an_earlier_day_is_named_and_an_unknown_editor_is_someone_else():
    child = ChildFactory()
    Child.objects.filter(pk=child.pk).update(
        version=5, changed_at=timezone.make_aware(datetime.datetime(2026, 3, 3, 14, 5))
    )
    clash = conflict(Child, child.pk, user=UserFactory(), noun="Ada’s record")
    assert clash.message.startswith(
        "Ada’s record was changed by someone else at 2:05pm on 3 March 2026 while you were editing"
    )


def test_a_removed_record_is_a_conflict_too():
    clash = conflict(Child, 0, user=None, noun="The contact")
    assert clash.removed and clash.current_version is None
    assert clash.message == (
        "The contact was removed while you were editing it. Your changes have not been saved."
    )


def test_a_refused_save_gives_the_version_back():
    child = ChildFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        lock(child, 1, UserFactory())
        raise RuntimeError("a later step failed")
    assert Child.objects.get(pk=child.pk).version == 1


def test_changes_made_without_a_form_move_the_version_on():
    child = ChildFactory(surname="Old")
    user = UserFactory()
    assert mark_changed(Child.objects.filter(pk=child.pk), user=user, surname="New") == 1
    child.refresh_from_db()
    assert (child.surname, child.version, child.changed_by) == ("New", 2, user)


class NameForm(LockedForm):
    name = forms.CharField()


def test_the_form_keeps_what_was_typed_and_carries_the_new_version():
    form = NameForm({"name": "Typed here", "version": "1"})
    assert form.is_valid()
    assert list(form.fields) == ["name", "version"]
    form.show_conflict(EditConflict(noun="The record", current_version=3))
    assert form.non_field_errors() == [
        "The record was changed by someone else while you were editing. Your changes have not "
        "been saved. Check what was changed, then save again to replace it with yours."
    ]
    assert form["name"].value() == "Typed here" and form["version"].value() == "3"


def test_a_form_with_no_version_says_the_page_is_out_of_date():
    form = NameForm({"name": "Typed here"})
    assert not form.is_valid()
    assert form.errors["version"] == [
        "This page is out of date: go back, open it again and make your changes"
    ]
