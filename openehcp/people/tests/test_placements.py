"""The placement history: moves, dual registration, validation, the edit lock, and the page."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from openehcp.audit.models import AccessLog
from openehcp.establishments.models import SettingType
from openehcp.people.models import Child, Placement
from openehcp.people.placements import NewPlacement, end_placement, record_placement
from openehcp.people.services import child_update
from openehcp.web.locking import EditConflict
from tests.factories import ChildFactory, EstablishmentFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 27)
D = datetime.date


def _record(child, user, today=TODAY, **fields):
    child.refresh_from_db()
    return record_placement(
        child=child,
        version=child.version,
        recorded_by=user,
        new=NewPlacement(**fields),
        today=today,
    )


@pytest.fixture
def child():
    return ChildFactory(date_of_birth=D(2015, 5, 4), establishment=None)


@pytest.fixture
def user():
    return UserFactory()


def test_a_move_ends_the_old_main_placement_the_day_before_and_updates_the_record(child, user):
    old, new = EstablishmentFactory(), EstablishmentFactory()
    first = _record(child, user, starts_on=D(2022, 9, 1), establishment=old)
    child.refresh_from_db()
    assert child.establishment == old
    _record(child, user, starts_on=D(2026, 11, 1), establishment=new)
    first.refresh_from_db()
    child.refresh_from_db()
    assert first.ends_on == D(2026, 10, 31)  # the last day of the month before
    assert child.establishment == new
    assert first.history.count() == 2  # created, then ended


def test_a_future_move_leaves_the_record_at_the_current_setting(child, user):
    old, new = EstablishmentFactory(), EstablishmentFactory()
    _record(child, user, starts_on=D(2022, 9, 1), establishment=old)
    _record(child, user, starts_on=D(2027, 1, 4), establishment=new)
    child.refresh_from_db()
    assert child.establishment == old


def test_overlapping_main_placements_are_refused_and_nothing_is_saved(child, user):
    _record(
        child,
        user,
        starts_on=D(2022, 9, 1),
        ends_on=D(2024, 7, 31),
        establishment=EstablishmentFactory(),
    )
    with pytest.raises(ValidationError) as error:
        _record(
            child,
            user,
            starts_on=D(2024, 1, 1),
            ends_on=D(2024, 12, 31),
            setting_type=SettingType.SPECIAL,
        )
    assert "overlaps the main placement" in str(error.value)
    assert Placement.objects.filter(child=child).count() == 1


def test_a_move_into_the_middle_of_an_earlier_ended_placement_is_refused(child, user):
    _record(
        child,
        user,
        starts_on=D(2020, 9, 1),
        ends_on=D(2023, 7, 31),
        setting_type=SettingType.MAINSTREAM,
    )
    _record(child, user, starts_on=D(2023, 9, 1), establishment=EstablishmentFactory())
    with pytest.raises(ValidationError):
        _record(child, user, starts_on=D(2021, 1, 1), setting_type=SettingType.SPECIAL)
    assert Placement.objects.filter(child=child, ends_on__isnull=True).count() == 1


def test_dual_placement_runs_beside_the_main_one_but_not_beside_another_dual(child, user):
    main = EstablishmentFactory()
    _record(child, user, starts_on=D(2022, 9, 1), establishment=main)
    _record(
        child,
        user,
        starts_on=D(2026, 9, 1),
        is_main=False,
        setting_type=SettingType.ALTERNATIVE_PROVISION,
    )
    child.refresh_from_db()
    assert child.establishment == main  # a dual placement is not the setting on the record
    with pytest.raises(ValidationError):
        _record(
            child,
            user,
            starts_on=D(2026, 8, 1),
            ends_on=D(2026, 9, 15),
            is_main=False,
            setting_type=SettingType.SPECIAL,
        )


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"starts_on": D(2026, 9, 1)}, "establishment"),
        ({"starts_on": D(2014, 1, 1), "setting_type": "special"}, "starts_on"),
        (
            {"starts_on": D(2026, 9, 1), "ends_on": D(2026, 8, 31), "setting_type": "special"},
            "ends_on",
        ),
        ({"starts_on": D(2026, 9, 1), "setting_type": "castle"}, "setting_type"),
    ],
)
def test_invalid_placements_say_what_is_wrong(child, user, fields, field):
    with pytest.raises(ValidationError) as error:
        _record(child, user, **fields)
    assert field in error.value.message_dict
    assert not Placement.objects.filter(child=child).exists()


def test_a_stale_version_is_a_conflict_and_saves_nothing(child, user):
    with pytest.raises(EditConflict):
        record_placement(
            child=child,
            version=child.version - 1,
            recorded_by=user,
            new=NewPlacement(starts_on=D(2026, 9, 1), setting_type=SettingType.SPECIAL),
        )
    assert not Placement.objects.filter(child=child).exists()


def test_ending_the_current_main_placement_clears_the_record(child, user):
    setting = EstablishmentFactory()
    placement = _record(child, user, starts_on=D(2022, 9, 1), establishment=setting)
    child.refresh_from_db()
    end_placement(
        child=child,
        version=child.version,
        placement_id=placement.pk,
        ends_on=D(2026, 7, 31),
        ended_by=user,
        today=TODAY,
    )
    child.refresh_from_db()
    assert child.establishment is None


def test_changing_the_setting_on_the_record_records_a_move(child, user):
    old, new = EstablishmentFactory(), EstablishmentFactory()
    _record(child, user, starts_on=D(2022, 9, 1), establishment=old)
    child.refresh_from_db()
    child_update(child=child, version=child.version, updated_by=user, establishment=new)
    rows = list(Placement.objects.filter(child=child).order_by("starts_on"))
    assert [p.establishment for p in rows] == [old, new]
    assert rows[0].ends_on == rows[1].starts_on - datetime.timedelta(days=1)
    assert rows[1].ends_on is None


# -- the page -----------------------------------------------------------------------------------


def _form(child, **extra):
    child.refresh_from_db()
    data = {
        "version": child.version,
        "setting_urn": "",
        "setting_type": "",
        "kind": "main",
        "starts_on-day": "1",
        "starts_on-month": "9",
        "starts_on-year": "2026",
        "residential": "",
        "work_based": "",
    }
    return data | extra


def test_the_page_shows_the_history_and_logs_the_view(client, child):
    setting = EstablishmentFactory(name="Heron Academy")
    Placement.objects.create(
        child=child, establishment=setting, starts_on=D(2022, 9, 1), residential="A"
    )
    client.force_login(child.caseworker)
    response = client.get(reverse("people:placements", args=[child.pk]))
    assert response.status_code == 200
    assert (
        "Heron Academy" in response.text and "Residential, 38 to 51 weeks a year" in response.text
    )
    assert AccessLog.objects.filter(child_id=child.pk, user=child.caseworker).exists()


def test_the_caseworker_records_a_move_from_the_page(client, child):
    setting = EstablishmentFactory()
    client.force_login(child.caseworker)
    response = client.post(
        reverse("people:placements", args=[child.pk]), _form(child, setting_urn=setting.urn)
    )
    assert response.status_code == 302
    assert Child.objects.get(pk=child.pk).establishment == setting


def test_the_page_shows_errors_and_keeps_nothing(client, child):
    client.force_login(child.caseworker)
    response = client.post(reverse("people:placements", args=[child.pk]), _form(child))
    assert response.status_code == 200
    assert "Enter the URN of the setting, or choose a type of setting" in response.text
    assert response.text.count("<title>Error:") == 1
    assert not Placement.objects.filter(child=child).exists()


def test_someone_who_may_not_change_the_child_cannot_record(client, child):
    from openehcp.accounts.models import Role

    panel = UserFactory(role=Role.PANEL_MEMBER)
    client.force_login(panel)
    response = client.post(
        reverse("people:placements", args=[child.pk]), _form(child, setting_type="special")
    )
    assert response.status_code == 403
    assert not Placement.objects.filter(child=child).exists()


def test_a_past_placement_on_a_record_from_before_the_history_keeps_its_setting(user):
    setting = EstablishmentFactory()
    child = ChildFactory(date_of_birth=D(2015, 5, 4), establishment=setting)
    _record(child, user, starts_on=D(2019, 9, 1), ends_on=D(2021, 7, 31), setting_type="mainstream")
    child.refresh_from_db()
    assert child.establishment == setting
