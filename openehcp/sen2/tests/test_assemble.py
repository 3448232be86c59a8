"""Each module of the 2027 return from hand-built histories: who is in scope, outcomes and their
dates, Week20, named and active plans, transfers in, ceased plans, reviews and placements."""

from datetime import date

import pytest

from openehcp.sen2.assemble import build_return
from openehcp.sen2.census import Period, reference_date

from . import histories

pytestmark = pytest.mark.django_db


@pytest.fixture
def sen2(h):
    return build_return(histories.YEAR)


def person(sen2, child):
    found = [p for p in sen2.persons if p.child_id == child.pk]
    assert len(found) == 1, f"{child} is not in the return once"
    return found[0]


def only_row(sen2, child):
    (row,) = person(sen2, child).requests
    return row


@pytest.mark.parametrize(
    "year, day",
    [
        (2015, date(2015, 1, 15)),
        (2020, date(2020, 1, 16)),
        (2023, date(2023, 1, 19)),
        (2024, date(2024, 1, 18)),
        (2025, date(2025, 1, 16)),
        (2026, date(2026, 1, 15)),
        (2027, date(2027, 1, 21)),
    ],
)
def test_census_day_is_the_third_thursday_of_january(year, day):
    assert reference_date(year) == day


def test_period_runs_from_january_of_the_year_before_to_the_census_day():
    period = Period.for_year(2027)
    assert (period.starts, period.reference) == (date(2026, 1, 1), date(2027, 1, 21))
    assert date(2027, 1, 21) in period and date(2027, 1, 22) not in period
    with pytest.raises(ValueError):
        Period.for_year(1999)


def test_counts_per_module(h, sen2):
    assert sen2.counts() == {
        # not in scope: refused in 2024, ceased in 2025
        "persons": len(h) - 2,
        # one row per person
        "requests": len(h) - 2,
        # module 3 only where the council decided to assess (Y) or the plan is older (H)
        "assessments": 7,
        "named_plans": 7,
        "active_plans": 6,
    }


def test_request_received_with_no_outcome_yet(h, sen2):
    row = only_row(sen2, h["pending"])
    assert (row.received_date, row.outcome, row.outcome_date) == (date(2026, 11, 2), "A", None)
    assert row.assessment is None and row.active_plan is None
    assert row.rya == "0"


def test_refused_request(h, sen2):
    row = only_row(sen2, h["refused"])
    assert (row.outcome, row.outcome_date) == ("N", date(2026, 4, 10))
    assert row.assessment is None
    assert person(sen2, h["refused"]).sex == "U"  # sex not recorded


def test_withdrawn_and_decided_after_the_census_day(h, sen2):
    assert only_row(sen2, h["withdrawn"]).outcome == "W"
    later = only_row(sen2, h["decided_after_census"])
    assert (later.outcome, later.outcome_date, later.assessment) == ("A", None, None)


def test_finished_before_the_period_is_left_out(h, sen2):
    ids = {p.child_id for p in sen2.persons}
    assert h["refused_long_ago"].pk not in ids
    assert h["ceased_before_period"].pk not in ids


def test_plan_issued_out_of_time_with_an_exception(h, sen2):
    row = only_row(sen2, h["late_with_exception"])
    assert (row.outcome, row.outcome_date) == ("Y", date(2026, 2, 10))
    assessment = row.assessment
    assert (assessment.outcome, assessment.outcome_date) == ("Y", date(2026, 7, 20))
    assert assessment.week20 == "1"
    plan = assessment.named_plan
    assert plan.start_date == date(2026, 7, 20)
    (detail,) = plan.details
    child = h["late_with_exception"]
    assert (detail.urn, detail.rank, detail.sen_unit, detail.resourced_provision) == (
        child.establishment.urn,
        1,
        "0",
        "0",
    )
    assert plan.pb == "" and plan.cease_date is None
    active = row.active_plan
    assert [(n.type, n.rank) for n in active.needs] == [("SLCN", 1), ("ASD", 2)]
    (placement,) = active.placements
    assert (placement.urn, placement.entry_date) == (child.establishment.urn, date(2026, 7, 20))
    assert active.transfer_la == ""


def test_plan_issued_out_of_time_without_an_exception(h, sen2):
    assessment = only_row(sen2, h["late_without_exception"]).assessment
    assert (assessment.outcome, assessment.week20) == ("Y", "0")


def test_transfer_in(h, sen2):
    row = only_row(sen2, h["transfer_in"])
    assert (row.request_id, row.received_date, row.outcome) == (None, None, "H")
    assert row.assessment.outcome == "H" and row.assessment.outcome_date is None
    assert row.assessment.named_plan.start_date == date(2023, 6, 1)
    assert row.active_plan.transfer_la == "302"


def test_ceased_plan(h, sen2):
    row = only_row(sen2, h["ceased"])
    assert (row.outcome, row.outcome_date, row.assessment.outcome) == ("H", None, "H")
    plan = row.assessment.named_plan
    assert (plan.start_date, plan.cease_date, plan.cease_reason) == (
        date(2020, 7, 15),
        date(2026, 6, 30),
        "2",
    )
    assert row.active_plan is None


def test_review_placement_and_upn_unknown(h, sen2):
    child = h["reviewed"]
    found = person(sen2, child)
    assert (found.upn, found.uln, found.upn_unknown) == ("", "", "UN8")
    (row,) = found.requests
    active = row.active_plan
    assert (active.review_meeting, active.review_outcome, active.last_review) == (
        date(2026, 10, 1),
        "M",
        date(2026, 10, 20),
    )
    (placement,) = active.placements
    # The amended plan named the resourced provision on 1 September 2026.
    assert (placement.urn, placement.ukprn, placement.entry_date) == (
        child.establishment.urn,
        "10012345",
        date(2026, 9, 1),
    )
    assert (placement.sen_unit, placement.resourced_provision) == ("0", "1")
    (detail,) = row.assessment.named_plan.details
    assert detail.urn == child.establishment.urn  # section I as the census day found it


def test_person_details(h, sen2):
    child = h["pending"]
    found = person(sen2, child)
    assert (found.surname, found.forename, found.birth_date) == (
        child.surname,
        child.forename,
        child.date_of_birth,
    )
    assert (found.sex, found.ethnicity, found.upn, found.upn_unknown) == (
        "F",
        "NOBT",
        "A210200000001",
        "",
    )


def test_header(settings, h):
    settings.OPENEHCP_LA_NUMBER = "999"
    sen2 = build_return(2027, serial="007")
    header = sen2.header
    assert (header.year, header.reference_date, header.lea, header.serial) == (
        2027,
        date(2027, 1, 21),
        "999",
        "007",
    )
    assert (header.software_code, header.dmo, header.dco) == ("OpenEHCP", "Y", "Y")


def test_read_in_a_fixed_number_of_queries_whatever_the_number_of_children(
    h, django_assert_max_num_queries
):
    # Requests, plans, versions, reviews, placements, children, settings, exceptions, origin
    # requests of plans with no request in the return, disputes: a query per child would break
    # this at once.
    with django_assert_max_num_queries(9):
        build_return(histories.YEAR)
