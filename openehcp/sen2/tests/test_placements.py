"""Module 5b (PlacementDetail) and PlanRes/PlanWBP from small hand-built placement histories
around the 2027 census day (21 January 2027; the period from 1 January 2026)."""

from datetime import date

import pytest

from openehcp.establishments.models import SettingType
from openehcp.people.models import Placement
from openehcp.sen2.assemble import build_return
from openehcp.sen2.xml import schema_errors, to_xml
from tests.factories import EstablishmentFactory

from .histories import YEAR, _issued

pytestmark = pytest.mark.django_db


def _plan_child():
    """A child whose plan (made July 2025) is maintained on the census day."""
    _, plan = _issued(
        received_on=date(2025, 3, 2),
        decision_on=date(2025, 4, 10),
        final_issued_on=date(2025, 7, 15),
    )
    return plan


def _place(child, starts_on, ends_on=None, *, setting=None, **fields):
    return Placement.objects.create(
        child=child,
        establishment=setting,
        setting_type="" if setting else fields.pop("setting_type", SettingType.MAINSTREAM),
        starts_on=starts_on,
        ends_on=ends_on,
        **fields,
    )


def _row(child):
    sen2 = build_return(YEAR)
    (person,) = [p for p in sen2.persons if p.child_id == child.pk]
    (row,) = person.requests
    return sen2, row


def test_a_move_in_the_period_reports_the_new_setting_from_the_first_of_the_month():
    plan = _plan_child()
    old, new = EstablishmentFactory(), EstablishmentFactory()
    _place(plan.child, date(2024, 9, 1), date(2026, 12, 31), setting=old)
    _place(plan.child, date(2027, 1, 1), setting=new)
    _, row = _row(plan.child)
    (placement,) = row.active_plan.placements
    assert (placement.urn, placement.rank) == (new.urn, 1)
    assert (placement.entry_date, placement.leaving_date) == (date(2027, 1, 1), None)


def test_a_placement_ending_on_the_census_day_is_attended_and_has_its_leaving_date():
    plan = _plan_child()
    setting = EstablishmentFactory()
    _place(plan.child, date(2025, 9, 1), date(2027, 1, 21), setting=setting)
    _place(plan.child, date(2027, 1, 22), setting=EstablishmentFactory())
    _, row = _row(plan.child)
    (placement,) = row.active_plan.placements
    assert placement.urn == setting.urn
    assert placement.leaving_date == date(2027, 1, 21)


def test_a_leaving_date_after_the_census_day_has_not_happened_yet():
    plan = _plan_child()
    _place(plan.child, date(2025, 9, 1), date(2027, 2, 28), setting=EstablishmentFactory())
    _, row = _row(plan.child)
    assert row.active_plan.placements[0].leaving_date is None


def test_a_child_who_left_in_the_period_reports_the_last_placement_with_its_leaving_date():
    plan = _plan_child()
    _place(plan.child, date(2022, 9, 1), date(2025, 12, 31), setting=EstablishmentFactory())
    last = EstablishmentFactory()
    _place(plan.child, date(2026, 1, 1), date(2026, 7, 31), setting=last)
    _, row = _row(plan.child)
    (placement,) = row.active_plan.placements
    assert (placement.urn, placement.entry_date) == (last.urn, date(2026, 1, 1))
    assert placement.leaving_date == date(2026, 7, 31)


def test_dual_registration_is_rank_2_and_the_xml_passes_the_schema():
    plan = _plan_child()
    main = EstablishmentFactory(setting_type=SettingType.MAINSTREAM)
    _place(plan.child, date(2025, 9, 1), setting=main)
    _place(
        plan.child,
        date(2026, 11, 2),
        date(2027, 3, 31),
        setting_type=SettingType.ALTERNATIVE_PROVISION,
        is_main=False,
    )
    # A dual placement that ended before the census day is not reported.
    _place(
        plan.child,
        date(2026, 1, 5),
        date(2026, 3, 31),
        setting_type=SettingType.ALTERNATIVE_PROVISION,
        is_main=False,
    )
    sen2, row = _row(plan.child)
    first, second = row.active_plan.placements
    assert (first.rank, first.urn) == (1, main.urn)
    assert (second.rank, second.urn, second.entry_date) == (2, "", date(2026, 11, 2))
    assert second.sen_setting == "OTH"
    document = to_xml(sen2)
    assert schema_errors(document) == []
    assert document.count(b"<PlacementRank>2</PlacementRank>") >= 1


def test_residential_and_work_based_learning_are_written_and_named_on_the_plan():
    plan = _plan_child()
    setting = EstablishmentFactory(setting_type=SettingType.INDEPENDENT_SPECIAL)
    plan.named_establishment = setting
    plan.save()
    _place(plan.child, date(2025, 9, 1), setting=setting, residential="B")
    sen2, row = _row(plan.child)
    assert row.active_plan.placements[0].residential == "B"
    assert row.assessment.named_plan.residential == "B"
    document = to_xml(sen2)
    assert b"<Res>B</Res>" in document and b"<PlanRes>B</PlanRes>" in document
    assert schema_errors(document) == []


def test_a_residential_placement_elsewhere_than_section_i_is_not_the_plans():
    plan = _plan_child()
    plan.named_establishment = EstablishmentFactory()
    plan.save()
    _place(plan.child, date(2025, 9, 1), setting=EstablishmentFactory(), work_based="S")
    _, row = _row(plan.child)
    assert row.active_plan.placements[0].work_based == "S"
    assert row.assessment.named_plan.work_based == ""
