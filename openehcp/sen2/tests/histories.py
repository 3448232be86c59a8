"""Small hand-built case histories for the 2027 return (census day 21 January 2027; events from
1 January 2026), each named for what it checks."""

from datetime import date

from openehcp.assessments.models import Decision
from openehcp.establishments.models import SettingType
from openehcp.people.models import Child
from openehcp.plans.models import CeaseReason, PlanKind, PlanVersion, VersionStatus
from openehcp.reviews.models import ReviewOutcome
from tests.factories import (
    AnnualReviewFactory,
    AssessmentRequestFactory,
    ChildFactory,
    EHCPlanFactory,
    EstablishmentFactory,
    TimescaleExceptionFactory,
)

YEAR = 2027
CENSUS_DAY = date(2027, 1, 21)


def _issued(**request_fields):
    """A request that led to a plan issued on ``final_issued_on``, with the plan."""
    request = AssessmentRequestFactory(
        decision_to_assess=Decision.YES,
        decision_to_issue=Decision.YES,
        **request_fields,
    )
    request.issue_decision_on = request.decision_on
    request.save()
    plan = EHCPlanFactory(
        child=request.child, origin_request=request, made_on=request.final_issued_on
    )
    return request, plan


def _ceased(year: int, ceased_on: date, reason: str):
    """A plan issued in July ``year`` that ended on ``ceased_on``: its child."""
    _, plan = _issued(
        received_on=date(year, 3, 2),
        decision_on=date(year, 4, 10),
        final_issued_on=date(year, 7, 15),
    )
    plan.ceased_on, plan.cease_reason = ceased_on, reason
    plan.save()
    return plan.child


def build() -> dict:
    """Every history, by name: each value is the child (and what the test needs of it)."""
    h = {}
    h["pending"] = AssessmentRequestFactory(
        received_on=date(2026, 11, 2), child=ChildFactory(upn="A210200000001")
    ).child
    refused = AssessmentRequestFactory(
        received_on=date(2026, 3, 2),
        decision_to_assess=Decision.NO,
        decision_on=date(2026, 4, 10),
        child=ChildFactory(sex=""),
    )
    h["refused"] = refused.child
    h["withdrawn"] = AssessmentRequestFactory(
        received_on=date(2026, 5, 4), withdrawn_on=date(2026, 5, 20)
    ).child
    h["decided_after_census"] = AssessmentRequestFactory(
        received_on=date(2026, 12, 1),
        decision_to_assess=Decision.YES,
        decision_on=date(2027, 2, 1),
    ).child
    h["refused_long_ago"] = AssessmentRequestFactory(
        received_on=date(2024, 3, 1),
        decision_to_assess=Decision.NO,
        decision_on=date(2024, 4, 1),
    ).child

    # Plans issued out of time (196 days: more than 20 weeks), with and without an exception.
    late, _ = _issued(
        received_on=date(2026, 1, 5),
        decision_on=date(2026, 2, 10),
        final_issued_on=date(2026, 7, 20),
        child=ChildFactory(primary_need="SLCN", secondary_need="ASD"),
    )
    TimescaleExceptionFactory(request=late)
    h["late_with_exception"] = late.child
    h["late_without_exception"] = _issued(
        received_on=date(2026, 1, 6),
        decision_on=date(2026, 2, 11),
        final_issued_on=date(2026, 7, 21),
    )[0].child

    # A plan transferred in from council 302 during the year.
    h["transfer_in"] = EHCPlanFactory(
        made_on=date(2023, 6, 1), transferred_from_la="302", transferred_in_on=date(2026, 5, 1)
    ).child

    # A plan made in 2020 and ceased in 2026; and one ceased in 2025, before the period.
    h["ceased"] = _ceased(2020, date(2026, 6, 30), CeaseReason.NEEDS_MET_WITHOUT_PLAN)
    h["ceased_before_period"] = _ceased(2019, date(2025, 6, 30), CeaseReason.EMPLOYMENT)

    # A maintained plan with an annual review, and a new setting named by an amended plan.
    request, reviewed = _issued(
        received_on=date(2021, 3, 2),
        decision_on=date(2021, 4, 10),
        final_issued_on=date(2021, 7, 15),
        child=ChildFactory(upn="", upn_unknown_reason="UN8"),
    )
    AnnualReviewFactory(
        plan=reviewed,
        meeting_on=date(2026, 10, 1),
        outcome=ReviewOutcome.MAINTAIN,
        decision_on=date(2026, 10, 20),
    )
    unit = EstablishmentFactory(setting_type=SettingType.RESOURCED_PROVISION, ukprn="10012345")
    PlanVersion.objects.create(
        child=reviewed.child,
        plan=reviewed,
        number=2,
        kind=PlanKind.AMENDED,
        status=VersionStatus.ISSUED,
        issued_on=date(2026, 9, 1),
        placement=unit,
    )
    reviewed.child.establishment = unit
    reviewed.child.save()
    h["reviewed"] = reviewed.child

    # Age on the census day: 25 (26 the next day: no problem), and 26 that day.
    for name, born in (("aged_25", date(2001, 1, 22)), ("aged_26", date(2001, 1, 21))):
        h[name] = _issued(
            received_on=date(2022, 1, 5),
            decision_on=date(2022, 2, 10),
            final_issued_on=date(2022, 5, 20),
            child=ChildFactory(date_of_birth=born),
        )[0].child
    Child.objects.update(postcode="SE15 7PN")
    for child in h.values():
        child.refresh_from_db()
    return h
