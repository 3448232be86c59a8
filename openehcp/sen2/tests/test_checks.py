"""Pre-submission checks: each rule a data team fixes before sending, with the child's record."""

from datetime import date

import pytest

from openehcp.sen2.assemble import build_return
from openehcp.sen2.checks import problems
from tests.factories import EstablishmentFactory

from . import histories

pytestmark = pytest.mark.django_db


def found(child=None, item=None):
    sen2 = build_return(histories.YEAR)
    return [
        p
        for p in problems(sen2)
        if (child is None or p.child_id == child.pk) and (item is None or p.item == item)
    ]


def test_missing_upn_without_a_reason(h):
    (problem,) = found(h["refused"], "UPNunknown")
    assert problem.as_line() == (
        f"child {h['refused'].pk}, UPNunknown: no UPN or ULN and no reason recorded why it is "
        "not known"
    )
    assert problem.url == f"/children/{h['refused'].pk}/"
    assert found(h["reviewed"], "UPNunknown") == []  # UN8 recorded
    assert found(h["pending"], "UPNunknown") == []  # has a UPN


def test_postcode_not_recorded_is_a_problem_and_an_empty_element(h):
    child = h["pending"]
    child.postcode = ""
    child.save()
    (problem,) = found(child, "PostCode")
    assert problem.message == "no postcode recorded"


def test_sex_not_recorded(h):
    assert [p.item for p in found(h["refused"], "Sex")] == ["Sex"]


def test_over_25_on_the_census_day(h):
    assert found(h["aged_25"], "PersonBirthDate") == []
    (problem,) = found(h["aged_26"], "PersonBirthDate")
    assert problem.message == "aged 26 on the census day with a plan still maintained"


def test_plan_without_a_named_setting(h):
    child = h["late_without_exception"]
    plan = child.plans.get()
    plan.named_establishment = None
    plan.save()
    child.establishment = None
    child.save()
    items = {p.item for p in found(child)}
    assert {"PlanDetail", "PlacementDetail"} <= items


def test_attending_a_setting_the_plan_never_named(h):
    child = h["late_without_exception"]
    child.establishment = EstablishmentFactory(name="Hilltop Academy")
    child.save()
    (problem,) = found(child, "EntryDate")
    assert problem.message == (
        "the record says the child attends Hilltop Academy, which the plan has never named: "
        "correct the record or amend the plan"
    )


def test_active_plan_with_no_need_type(h):
    child = h["late_without_exception"]
    child.primary_need = "NSA"  # school census only
    child.save()
    (problem,) = found(child, "SENneed")
    assert problem.reference.startswith(f"child {child.pk} (")
    assert problem.message == "no primary type of need recorded for a maintained plan"


def test_secondary_need_without_a_primary_need(h):
    child = h["late_with_exception"]  # SLCN and ASD
    child.primary_need = ""
    child.save()
    (problem,) = found(child, "SENneed")
    row = [p for p in build_return(histories.YEAR).persons if p.child_id == child.pk][0]
    assert [(n.type, n.rank) for n in row.requests[0].active_plan.needs] == [("ASD", 2)]


def test_dates_out_of_order(h):
    request = h["refused"].assessment_requests.get()
    request.decision_on = date(2026, 2, 1)  # before it was received
    request.save()
    (problem,) = found(h["refused"], "RequestOutcomeDate")
    assert problem.message == "decision whether to assess is before the request"


def test_duplicates_by_name_and_date_of_birth(h):
    first, second = h["pending"], h["refused"]
    second.forename, second.surname, second.date_of_birth = (
        first.forename,
        first.surname,
        first.date_of_birth,
    )
    second.save()
    duplicates = found(item="Person")
    assert {p.child_id for p in duplicates} == {first.pk, second.pk}


def test_header_settings(h, settings):
    settings.OPENEHCP_LA_NUMBER = ""
    settings.OPENEHCP_SEN2_DMO = "maybe"
    header = [p for p in found() if p.reference == "return"]
    assert [(p.item, p.url) for p in header] == [("LEA", ""), ("DMO", "")]


def test_a_clean_history_has_no_problems_but_missing_identifiers(h):
    items = {p.item for p in found()}
    assert items == {"UPNunknown", "Sex", "PersonBirthDate"}
