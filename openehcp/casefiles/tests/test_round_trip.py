"""An export imported into an empty database reproduces the scorecard (the import issue)."""

import random
from datetime import date, timedelta

import pytest

from openehcp.assessments.models import AssessmentRequest, ExceptionReason
from openehcp.casefiles.exporter import export_cases
from openehcp.casefiles.importer import import_cases
from openehcp.people.models import Child
from openehcp.plans.models import EHCPlan
from openehcp.reporting.months import Month
from openehcp.reporting.scorecard import monthly_scorecard
from tests.factories import (
    AssessmentRequestFactory,
    ChildFactory,
    EHCPlanFactory,
    EstablishmentFactory,
    TimescaleExceptionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

# The keys the scorecard issue names; review and phase-transfer measures need meeting dates and
# transfer records that the case-history format does not carry.
KEYS = (
    "requests_received",
    "plans_issued",
    "plans_issued_excluding_exceptions",
    "issued_within_20_weeks",
    "percent_within_20_weeks",
    "cumulative_percent_within_20_weeks",
    "open_over_30_weeks",
    "open_over_52_weeks",
    "plans_ceased",
)


def build_history(seed: int = 7) -> None:
    """Sixty requests over three years, recorded as the workflow would record them."""
    rng = random.Random(seed)
    school = EstablishmentFactory(linked_caseworker=UserFactory())
    for number in range(60):
        child = ChildFactory(
            establishment=school, date_of_birth=date(2014, 1, 1) + timedelta(number)
        )
        received = date(2023, 1, 2) + timedelta(days=rng.randrange(0, 3 * 365))
        request = AssessmentRequestFactory(child=child, received_on=received)
        fate = rng.random()
        if fate < 0.2:
            continue  # still open
        request.decision_on = received + timedelta(days=rng.randrange(20, 60))
        if fate < 0.35:
            request.decision_to_assess = "no"
        else:
            request.decision_to_assess = "yes"
            request.decision_to_issue = "yes"
            request.final_issued_on = received + timedelta(days=rng.randrange(100, 200))
            request.named_establishment = school
        request.save()
        if rng.random() < 0.15:
            TimescaleExceptionFactory(request=request, reason=ExceptionReason.ABSENCE_FROM_AREA)
        if request.final_issued_on:
            ceases = EHCPlan.objects.count() < 5
            EHCPlanFactory(
                child=child,
                origin_request=request,
                made_on=request.final_issued_on,
                ceased_on=request.final_issued_on + timedelta(days=300) if ceases else None,
                cease_reason="2" if ceases else "",
            )


def scorecard() -> list[dict]:
    rows = monthly_scorecard(Month(2023, 1), Month(2026, 10))
    return [{key: row[key] for key in ("month", *KEYS)} for row in rows]


def test_export_then_import_into_an_empty_database_reproduces_the_scorecard(tmp_path):
    build_history()
    before = scorecard()
    assert sum(month["plans_issued"] for month in before) > 20
    assert sum(month["plans_ceased"] for month in before) == 5
    exported = tmp_path / "history.csv"
    export_cases(exported)

    EHCPlan.objects.all().delete()
    AssessmentRequest.objects.all().delete()
    Child.objects.all().delete()
    assert sum(month["requests_received"] for month in scorecard()) == 0

    summary = import_cases(exported, today=date(2026, 11, 27))
    assert summary.imported, summary.problems
    assert scorecard() == before
