"""The review schedule in SQL agrees with the statutory clock, in a handful of queries."""

import random
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openehcp import clock
from openehcp.accounts.models import Role
from openehcp.establishments.models import Phase
from openehcp.reviews import cohorts, selectors
from openehcp.reviews.models import AnnualReview, TransferPhase
from openehcp.reviews.services import create_transfer_cohort
from openehcp.reviews.terms import term_from_key, term_of
from tests.factories import ChildFactory, EHCPlanFactory, EstablishmentFactory, UserFactory

from .factories import today

pytestmark = pytest.mark.django_db


def _expected(plan, meetings, as_of):
    last = max(meetings) if meetings else None
    if plan.transferred_in_on and (last is None or last < plan.transferred_in_on):
        due = next(
            d.due
            for d in clock.council_transfer_deadlines(
                plan.transferred_in_on,
                transferred_on=plan.transferred_in_on,
                plan_made_on=plan.made_on,
                last_review_on=last,
            )
            if d.key == "transfer_review_due"
        )
        deadlines = clock.review_deadlines(
            plan.made_on, last_review_on=last, date_of_birth=plan.child.date_of_birth
        )
        early = next((d.due for d in deadlines if d.key == "early_review_due"), None)
        return due, early
    deadlines = {
        d.key: d.due
        for d in clock.review_deadlines(
            plan.made_on, last_review_on=last, date_of_birth=plan.child.date_of_birth
        )
    }
    return deadlines["review_due"], deadlines.get("early_review_due")


def test_review_schedule_agrees_with_the_clock_on_generated_plans():
    rng = random.Random(6)
    caseworker = UserFactory(role=Role.CASEWORKER)
    expected = {}
    for n in range(60):
        born = date(2005, 1, 1) + timedelta(days=rng.randint(0, 7000))
        made = max(born + timedelta(days=200), today() - timedelta(days=rng.randint(10, 1500)))
        transferred = made + timedelta(days=rng.randint(1, 300)) if rng.random() < 0.25 else None
        if transferred and transferred > today():
            transferred = None
        plan = EHCPlanFactory(
            child=ChildFactory(caseworker=caseworker, date_of_birth=born, surname=f"S{n}"),
            made_on=made,
            transferred_in_on=transferred,
            transferred_from_la="305" if transferred else "",
        )
        meetings = []
        day = made
        for _ in range(rng.randint(0, 3)):
            day = day + timedelta(days=rng.randint(100, 400))
            if day >= today():
                break
            meetings.append(day)
            AnnualReview.objects.create(plan=plan, meeting_on=day, decision_on=None)
        # Month ends and leap days: the SQL and the clock clamp alike.
        if n == 0:
            plan.made_on = date(2024, 2, 29)
            plan.save()
        expected[plan.pk] = _expected(plan, meetings, today())
    with CaptureQueriesContext(connection) as queries:
        rows = list(
            selectors.review_schedule(today=today()).values("pk", "review_due", "early_review_due")
        )
    assert len(queries) == 1
    for row in rows:
        assert (row["review_due"], row["early_review_due"]) == expected[row["pk"]], row["pk"]
    # The cheap prefilter keeps every plan due by a date, whatever the date.
    schedule = selectors.review_schedule(today=today())
    for days in (0, 10, 40, 95, 200):
        until = today() + timedelta(days=days)
        due = set(schedule.filter(next_due__lte=until).values_list("pk", flat=True))
        kept = set(
            schedule.filter(
                selectors.could_be_due(**selectors.could_be_due_values(until, today()))
            ).values_list("pk", flat=True)
        )
        assert due <= kept, until


def test_the_prefilter_leaves_out_plans_reviewed_this_year():
    child = ChildFactory(date_of_birth=today() - timedelta(days=3650))
    recent = EHCPlanFactory(child=child, made_on=today() - timedelta(days=500))
    AnnualReview.objects.create(
        plan=recent, meeting_on=today() - timedelta(days=30), decision_on=today()
    )
    late = EHCPlanFactory(made_on=today() - timedelta(days=500))
    kept = set(
        selectors.review_schedule(today=today())
        .filter(
            selectors.could_be_due(
                **selectors.could_be_due_values(today() + timedelta(days=30), today())
            )
        )
        .values_list("pk", flat=True)
    )
    assert kept == {late.pk}


def test_a_late_review_and_an_overdue_decision_are_late():
    overdue = EHCPlanFactory(made_on=today() - timedelta(days=400))
    waiting = EHCPlanFactory(made_on=today() - timedelta(days=300))
    AnnualReview.objects.create(plan=waiting, meeting_on=today() - timedelta(days=29))
    fine = EHCPlanFactory(made_on=today() - timedelta(days=100))
    late = {
        row["pk"]: row["is_late"]
        for row in selectors.review_schedule(today=today()).values("pk", "is_late")
    }
    assert late == {overdue.pk: True, waiting.pk: True, fine.pk: False}


def test_the_list_is_a_fixed_number_of_queries_whatever_its_length():
    caseworker = UserFactory(role=Role.CASEWORKER)
    for n in range(30):
        plan = EHCPlanFactory(
            child=ChildFactory(caseworker=caseworker, surname=f"P{n}"),
            made_on=today() - timedelta(days=300 + n),
        )
        AnnualReview.objects.create(plan=plan, planned_meeting_on=today() + timedelta(days=9))
    term = term_of(today())
    with CaptureQueriesContext(connection) as queries:
        schedule = selectors.schedule_for(
            caseworker, today=today(), term=term, show=selectors.Show.ALL
        )
        page = selectors.schedule_rows(schedule.rows, today=today())
    assert len(page) == 30 and schedule.counts["all"] == 30
    # The compiled statements count as the ORM would.
    direct = selectors.review_schedule(today=today())
    assert schedule.counts["late"] == direct.filter(selectors.late_condition(today())).count()
    assert (
        schedule.counts["due"] == direct.filter(selectors.due_condition(today(), term.end)).count()
    )
    # A second run reuses the compiled statements with other values.
    again = selectors.schedule_for(
        caseworker, today=today() + timedelta(days=400), term=term, show=selectors.Show.LATE
    )
    assert again.counts["late"] == 30 and len(again.rows) == 30
    assert all(row.open_review is not None for row in page)
    assert len(queries) == 2


def test_terms_cover_every_day_once():
    assert term_of(date(2026, 9, 1)).key == "2026-autumn"
    assert term_of(date(2026, 12, 31)).next().key == "2027-spring"
    assert term_of(date(2027, 4, 1)).previous().key == "2027-spring"
    assert term_from_key("2027-summer", default=term_of(date(2026, 1, 1))).end == date(2027, 8, 31)
    assert term_from_key("nonsense", default=term_of(date(2026, 1, 1))).key == "2026-spring"


# --- phase transfer cohorts -----------------------------------------------------------------------


def test_cohort_uses_the_clock_s_year_groups_and_the_years_taught_out_of_age_group():
    year = cohorts.next_transfer_year(today())
    first, last = clock.transfer_cohort(year, "secondary")
    primary = EstablishmentFactory(phase=Phase.PRIMARY)
    in_cohort = EHCPlanFactory(child=ChildFactory(date_of_birth=first, establishment=primary))
    too_young = EHCPlanFactory(
        child=ChildFactory(date_of_birth=last + timedelta(days=1), establishment=primary)
    )
    # Born a year later but taught a year ahead: moves with the older year group.
    ahead = EHCPlanFactory(
        child=ChildFactory(
            date_of_birth=last + timedelta(days=10), ncy_offset=1, establishment=primary
        )
    )
    ceased = EHCPlanFactory(
        child=ChildFactory(date_of_birth=first, establishment=primary),
        ceased_on=today(),
        cease_reason="2",
    )
    plans = set(cohorts.cohort_plans(year, TransferPhase.SECONDARY))
    assert in_cohort in plans and ahead in plans
    assert too_young not in plans and ceased not in plans


def test_finding_the_cohort_twice_adds_each_child_once():
    year = cohorts.next_transfer_year(today())
    first, _ = clock.transfer_cohort(year, "post16")
    secondary = EstablishmentFactory(phase=Phase.SECONDARY)
    EHCPlanFactory(child=ChildFactory(date_of_birth=first, establishment=secondary))
    added = create_transfer_cohort(year=year, user=UserFactory())
    assert added[TransferPhase.POST16] == 1
    assert sum(create_transfer_cohort(year=year, user=UserFactory()).values()) == 0
