"""My work: the open statutory steps on a caseload, computed in SQL, agreeing with the clock."""

import random
from datetime import date, timedelta

import pytest
from django.db.models import DateField, Value

from openehcp import clock
from openehcp.accounts.models import Role, Team
from openehcp.assessments.models import (
    AssessmentRequest,
    Decision,
    ExceptionReason,
)
from openehcp.assessments.timeline import case_facts
from openehcp.plans.models import EHCPlan
from openehcp.reviews.models import PhaseTransfer, TransferPhase
from openehcp.workqueues.dates import AddDays, AddMonths, DayNumber, MakeDate
from openehcp.workqueues.kinds import AGE_GROUPS, DISAGREEMENT_KINDS, KINDS, Window, WorkFilters
from openehcp.workqueues.selectors import WorkItem, work_items
from tests.factories import (
    AdviceRequestFactory,
    AnnualReviewFactory,
    AssessmentRequestFactory,
    ChildFactory,
    ConsultationFactory,
    EHCPlanFactory,
    EstablishmentFactory,
    TimescaleExceptionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TODAY = date(2025, 3, 12)
EVERYTHING = WorkFilters(window=Window.ALL)


@pytest.fixture
def caseworker():
    return UserFactory(role=Role.CASEWORKER)


def items(caseworker, filters=EVERYTHING, today=TODAY):
    return [
        WorkItem.from_row(row, today=today)
        for row in work_items(caseworker=caseworker, today=today, filters=filters)
    ]


def keys(caseworker, **kwargs):
    return [(item.kind.key, item.due) for item in items(caseworker, **kwargs)]


# --- date arithmetic in SQL ---------------------------------------------------------------------


def _evaluate(expressions: dict) -> dict:
    return Team.objects.annotate(**expressions).values(*expressions).get()


@pytest.mark.parametrize("months", [-12, -5, 1, 3, 6, 12, 14])
def test_sql_months_match_the_clock_on_every_day_of_four_years(months):
    Team.objects.create(name="Dates", function=Team.Function.ASSESSMENT)
    days = [date(2023, 1, 1) + timedelta(days=n) for n in range(4 * 366)]
    for start in range(0, len(days), 200):
        batch = days[start : start + 200]
        got = _evaluate(
            {
                f"d{i}": AddMonths(Value(day, output_field=DateField()), months)
                for i, day in enumerate(batch)
            }
        )
        for i, day in enumerate(batch):
            assert str(got[f"d{i}"])[:10] == clock.add_months(day, months).isoformat(), day


def test_sql_days_dates_and_day_numbers():
    Team.objects.create(name="Dates", function=Team.Function.ASSESSMENT)
    day = Value(date(2024, 2, 29), output_field=DateField())
    got = _evaluate(
        {
            "plus": AddDays(day, clock.FINAL_PLAN.days),
            "minus": AddDays(day, -1),
            "made": MakeDate(Value(2026), 2, 15),
            "number": DayNumber(day),
        }
    )
    assert str(got["plus"])[:10] == (date(2024, 2, 29) + clock.FINAL_PLAN).isoformat()
    assert str(got["minus"])[:10] == "2024-02-28"
    assert str(got["made"])[:10] == "2026-02-15"
    assert got["number"] == 20240229


# --- agreement with the clock on generated cases -------------------------------------------------


def _maybe(rng, value, p=0.5):
    return value if rng.random() < p else None


def _exception_dates(rng, trigger: date) -> tuple[date, date]:
    """Periods that straddle the boundaries the clock tests: the trigger, 6/16/20 weeks, 28 days."""
    anchor = trigger + timedelta(days=rng.choice([-30, -8, -7, -1, 0, 1, 14, 41, 42, 43, 100, 139]))
    start = anchor + timedelta(days=rng.randint(-3, 3))
    length = rng.choice([0, 1, 26, 27, 28, 29, 35, 60])
    return start, start + timedelta(days=length)


def _generate_requests(rng, caseworker, establishment, n):
    for i in range(n):
        child = ChildFactory(caseworker=caseworker, establishment=establishment)
        received = TODAY - timedelta(days=rng.randint(0, 200))
        fields = {"received_on": received}
        if rng.random() < 0.15:
            fields["transferred_in_on"] = received + timedelta(days=rng.randint(0, 60))
        trigger = fields.get("transferred_in_on", received)
        if rng.random() < 0.6:
            fields["decision_on"] = trigger + timedelta(days=rng.randint(10, 60))
            fields["decision_to_assess"] = Decision.YES if rng.random() < 0.85 else Decision.NO
        if fields.get("decision_to_assess") == Decision.YES and rng.random() < 0.7:
            fields["decision_to_issue"] = Decision.YES if rng.random() < 0.8 else Decision.NO
            fields["issue_decision_on"] = trigger + timedelta(days=rng.randint(70, 120))
            if fields["decision_to_issue"] == Decision.YES and rng.random() < 0.6:
                fields["draft_served_on"] = TODAY - timedelta(days=rng.randint(0, 25))
                if rng.random() < 0.4:
                    fields["representations_received_on"] = fields["draft_served_on"] + timedelta(
                        days=rng.randint(1, 20)
                    )
                if rng.random() < 0.2:
                    fields["final_issued_on"] = trigger + timedelta(days=rng.randint(100, 200))
        if rng.random() < 0.05:
            fields["withdrawn_on"] = TODAY - timedelta(days=1)
        request = AssessmentRequestFactory(child=child, reference=f"GEN-{i:04d}", **fields)
        advice = []
        if fields.get("decision_to_assess") == Decision.YES or rng.random() < 0.3:
            for _ in range(rng.randint(0, 3)):
                asked = trigger + timedelta(days=rng.randint(0, 80))
                advice.append(
                    AdviceRequestFactory(
                        request=request,
                        requested_on=asked,
                        received_on=_maybe(rng, asked + timedelta(days=rng.randint(5, 60))),
                    )
                )
        for _ in range(rng.randint(0, 2) if rng.random() < 0.3 else 0):
            sent = TODAY - timedelta(days=rng.randint(0, 30))
            ConsultationFactory(
                request=request,
                establishment=establishment,
                sent_on=sent,
                replied_on=_maybe(rng, sent + timedelta(days=rng.randint(1, 20)), 0.3),
            )
        for _ in range(rng.randint(0, 3) if rng.random() < 0.5 else 0):
            start, end = _exception_dates(rng, trigger)
            reason = rng.choice(list(ExceptionReason))
            TimescaleExceptionFactory(
                request=request,
                reason=reason,
                starts_on=start,
                ends_on=end,
                advice_request=(
                    rng.choice(advice)
                    if advice
                    and reason in {"school_closure", "early_years_closure"}
                    and rng.random() < 0.5
                    else None
                ),
            )


def _generate_plans(rng, caseworker, establishment, n):
    for _ in range(n):
        dob = TODAY - timedelta(days=rng.randint(2 * 365, 20 * 365))
        child = ChildFactory(caseworker=caseworker, establishment=establishment, date_of_birth=dob)
        made = TODAY - timedelta(days=rng.randint(30, 4 * 365))
        if rng.random() < 0.2:
            made = date(2024, 2, 29) if rng.random() < 0.5 else date(2023, 8, 31)
        plan = EHCPlanFactory(
            child=child,
            made_on=made,
            transferred_in_on=_maybe(rng, made + timedelta(days=rng.randint(1, 400)), 0.2),
        )
        meeting = made
        for _ in range(rng.randint(0, 3)):
            meeting = meeting + timedelta(days=rng.randint(100, 400))
            if meeting >= TODAY:
                break
            AnnualReviewFactory(
                plan=plan,
                meeting_on=meeting,
                report_received_on=_maybe(rng, meeting + timedelta(days=rng.randint(1, 20))),
                decision_on=_maybe(rng, meeting + timedelta(days=rng.randint(1, 40))),
            )
        if rng.random() < 0.3:
            PhaseTransfer.objects.create(
                plan=plan,
                transfer_year=rng.choice([2025, 2026]),
                to_phase=rng.choice(list(TransferPhase)),
                amended_plan_issued_on=_maybe(rng, date(2025, 1, 20), 0.3),
            )


def _expected_request_steps(request: AssessmentRequest) -> set:
    """The clock's open deadlines for a running request, by the rules the module docstring lists."""
    if not request.is_open:
        return set()
    expected = set()
    for d in clock.assessment_deadlines(case_facts(request), as_of=TODAY):
        if d.met_on is not None:
            continue
        if d.key == "notice_not_to_issue_due" and request.decision_to_issue == Decision.YES:
            continue
        if d.key == "representations_due" and d.due < TODAY:
            continue
        step = int(d.ref) if d.ref else None
        expected.add((d.key, request.pk, step, d.due, not d.time_limit_applies))
    return expected


def _expected_plan_steps(plan: EHCPlan) -> set:
    if plan.ceased_on is not None:
        return set()
    expected = set()
    meetings = sorted(r.meeting_on for r in plan.reviews.all() if r.meeting_on)
    last = meetings[-1] if meetings else None
    for d in clock.review_deadlines(
        plan.made_on,
        last_review_on=last,
        date_of_birth=plan.child.date_of_birth,
        as_of=TODAY,
    ):
        expected.add((d.key, plan.pk, None, d.due))
    if plan.transferred_in_on and (last is None or last < plan.transferred_in_on):
        transfer = clock.council_transfer_deadlines(
            plan.transferred_in_on,
            transferred_on=plan.transferred_in_on,
            plan_made_on=plan.made_on,
            last_review_on=last,
        )
        review = next(d for d in transfer if d.key == "transfer_review_due")
        expected = {e for e in expected if e[0] != "review_due"}
        expected.add(("review_due", plan.pk, None, review.due))
    for review in plan.reviews.all():
        earlier = [m for m in meetings if m < review.meeting_on]
        for d in clock.review_deadlines(
            plan.made_on,
            last_review_on=earlier[-1] if earlier else None,
            meeting_on=review.meeting_on,
            report_on=review.report_received_on,
            decision_on=review.decision_on,
            as_of=TODAY,
        ):
            if d.key in {"report_due", "decision_due"} and d.met_on is None:
                expected.add((d.key, plan.pk, review.pk, d.due))
    for transfer in plan.phase_transfers.all():
        if transfer.amended_plan_issued_on is None:
            d = clock.phase_transfer_deadline(transfer.transfer_year, transfer.to_phase)
            expected.add(("phase_transfer_due", plan.pk, transfer.pk, d.due))
    return expected


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_open_step_and_its_due_date_agree_with_the_clock(seed, caseworker):
    rng = random.Random(seed)
    establishment = EstablishmentFactory()
    _generate_requests(rng, caseworker, establishment, 70)
    _generate_plans(rng, caseworker, establishment, 40)

    got = items(caseworker)
    request_rows = {
        (i.kind.key, i.request_id, i.step_id, i.due, i.lifted) for i in got if i.request_id
    }
    plan_rows = {(i.kind.key, i.plan_id, i.step_id, i.due) for i in got if i.plan_id}
    assert len(request_rows) + len(plan_rows) == len(got)

    expected_requests = set()
    for request in AssessmentRequest.objects.prefetch_related(
        "advice_requests", "consultations", "timescale_exceptions__advice_request"
    ):
        expected_requests |= _expected_request_steps(request)
    expected_plans = set()
    for plan in EHCPlan.objects.select_related("child").prefetch_related(
        "reviews", "phase_transfers"
    ):
        expected_plans |= _expected_plan_steps(plan)

    assert request_rows == expected_requests
    assert plan_rows == expected_plans
    # The generator reaches the interesting cases.
    assert any(lifted for *_, lifted in request_rows)
    # Disagreements' kinds are checked against the clock in openehcp/disagreements/tests.
    assert {key for key, *_ in request_rows | plan_rows} == set(KINDS) - DISAGREEMENT_KINDS


def test_overdue_matches_the_clocks_missed_status(caseworker):
    rng = random.Random(7)
    _generate_requests(rng, caseworker, EstablishmentFactory(), 60)
    by_case = {}
    for request in AssessmentRequest.objects.prefetch_related(
        "advice_requests", "consultations", "timescale_exceptions__advice_request"
    ):
        for d in clock.assessment_deadlines(case_facts(request), as_of=TODAY):
            by_case[(d.key, request.pk, int(d.ref) if d.ref else None)] = d.status
    for item in items(caseworker):
        status = by_case[(item.kind.key, item.request_id, item.step_id)]
        assert item.overdue == (status == clock.Status.MISSED)


# --- urgency, filters, exceptions ------------------------------------------------------------


def test_overdue_first_then_soonest(caseworker):
    child = ChildFactory(caseworker=caseworker)
    AssessmentRequestFactory(child=child, received_on=TODAY - timedelta(days=50))  # 8 days late
    AssessmentRequestFactory(child=child, received_on=TODAY - timedelta(days=43))  # 1 day late
    AssessmentRequestFactory(child=child, received_on=TODAY - timedelta(days=40))  # due in 2 days
    kinds = [(i.kind.key, i.days_left) for i in items(caseworker, filters=WorkFilters())]
    assert kinds == [
        ("decision_to_assess_due", -8),
        ("decision_to_assess_due", -1),
        ("decision_to_assess_due", 2),
    ]


def test_a_lifted_limit_is_not_overdue_and_comes_after_the_overdue(caseworker):
    child = ChildFactory(caseworker=caseworker)
    lifted = AssessmentRequestFactory(child=child, received_on=TODAY - timedelta(days=60))
    TimescaleExceptionFactory(
        request=lifted,
        reason=ExceptionReason.PERSONAL_CIRCUMSTANCES,
        starts_on=lifted.received_on + timedelta(days=10),
        ends_on=lifted.received_on + timedelta(days=20),
    )
    late = AssessmentRequestFactory(child=child, received_on=TODAY - timedelta(days=45))
    rows = items(caseworker, filters=WorkFilters(kinds=frozenset({"decision_to_assess_due"})))
    assert [(i.request_id, i.overdue, i.lifted) for i in rows] == [
        (late.pk, True, False),
        (lifted.pk, False, True),
    ]


def test_default_shows_overdue_and_the_next_two_weeks_only(caseworker):
    child = ChildFactory(caseworker=caseworker)
    for days_ago in (50, 42 - 14, 42 - 15):  # overdue; due in 14 days; due in 15 days
        AssessmentRequestFactory(child=child, received_on=TODAY - timedelta(days=days_ago))
    due = keys(caseworker, filters=WorkFilters(kinds=frozenset({"decision_to_assess_due"})))
    assert [d for _, d in due] == [TODAY - timedelta(days=8), TODAY + timedelta(days=14)]


def test_overdue_only(caseworker):
    child = ChildFactory(caseworker=caseworker)
    AssessmentRequestFactory(child=child, received_on=TODAY - timedelta(days=50))
    AssessmentRequestFactory(child=child, received_on=TODAY - timedelta(days=30))
    rows = items(caseworker, filters=WorkFilters(window=Window.OVERDUE))
    assert [(i.kind.key, i.days_left) for i in rows] == [("decision_to_assess_due", -8)]


def test_filter_by_kind(caseworker):
    request = AssessmentRequestFactory(
        child=ChildFactory(caseworker=caseworker),
        decision_to_assess=Decision.YES,
        decision_on=TODAY - timedelta(days=60),
        received_on=TODAY - timedelta(days=90),
    )
    AdviceRequestFactory(request=request, requested_on=TODAY - timedelta(days=30))
    only_advice = WorkFilters(kinds=frozenset({"advice_due"}), window=Window.ALL)
    assert keys(caseworker, filters=only_advice) == [("advice_due", TODAY + timedelta(days=12))]


def test_filter_by_age_group(caseworker):
    def child_aged(years, days=0):
        born = clock.add_months(TODAY, -12 * years) - timedelta(days=days)
        child = ChildFactory(caseworker=caseworker, date_of_birth=born)
        AssessmentRequestFactory(child=child, received_on=TODAY - timedelta(days=10))
        return child

    four = child_aged(4, days=364)  # the day before the fifth birthday
    five = child_aged(5)  # fifth birthday today
    sixteen = child_aged(16)
    only = WorkFilters(kinds=frozenset({"decision_to_assess_due"}), window=Window.ALL)

    def ages(groups):
        filters = WorkFilters(kinds=only.kinds, window=Window.ALL, age_groups=frozenset(groups))
        return {item.child_id for item in items(caseworker, filters=filters)}

    assert ages({"under5"}) == {four.pk}
    assert ages({"5to10"}) == {five.pk}
    assert ages({"under5", "16to19"}) == {four.pk, sixteen.pk}
    assert {i.age_group.key for i in items(caseworker, filters=only)} == {
        "under5",
        "5to10",
        "16to19",
    }
    assert set(AGE_GROUPS) == {"under5", "5to10", "11to15", "16to19", "20to25"}


def test_a_school_closure_lifts_the_final_plan_limit_only_with_advice_asked_in_its_window(
    caseworker,
):
    received = date(2024, 6, 3)
    request = AssessmentRequestFactory(
        child=ChildFactory(caseworker=caseworker),
        received_on=received,
        decision_to_assess=Decision.YES,
        decision_on=received + timedelta(days=30),
    )
    summer = {"starts_on": date(2024, 7, 24), "ends_on": date(2024, 9, 4)}  # 6 weeks closed
    TimescaleExceptionFactory(request=request, reason=ExceptionReason.SCHOOL_CLOSURE, **summer)
    final = WorkFilters(kinds=frozenset({"final_plan_due"}), window=Window.ALL)
    # No advice asked yet: the officer's record stands, the window overlaps the 20 weeks.
    assert [i.lifted for i in items(caseworker, filters=final)] == [True]
    advice = AdviceRequestFactory(request=request, requested_on=date(2024, 7, 16))
    assert [i.lifted for i in items(caseworker, filters=final)] == [False]  # a day too early
    advice.requested_on = date(2024, 7, 17)  # the window opens a week before the closure
    advice.save()
    assert [i.lifted for i in items(caseworker, filters=final)] == [True]


def test_absence_lifts_a_limit_only_for_four_weeks_within_the_period(caseworker):
    received = TODAY - timedelta(days=60)
    request = AssessmentRequestFactory(
        child=ChildFactory(caseworker=caseworker), received_on=received
    )
    absence = TimescaleExceptionFactory(
        request=request,
        reason=ExceptionReason.ABSENCE_FROM_AREA,
        starts_on=received + timedelta(days=16),
        ends_on=received + timedelta(days=42),  # 27 days inside the 6 weeks
    )
    decision = WorkFilters(kinds=frozenset({"decision_to_assess_due"}), window=Window.ALL)
    assert [i.lifted for i in items(caseworker, filters=decision)] == [False]
    absence.starts_on -= timedelta(days=1)  # 28 days
    absence.save()
    assert [i.lifted for i in items(caseworker, filters=decision)] == [True]


def test_a_missed_appointment_lifts_the_advice_limit_but_not_the_decision(caseworker):
    received = TODAY - timedelta(days=60)
    request = AssessmentRequestFactory(
        child=ChildFactory(caseworker=caseworker), received_on=received
    )
    advice = AdviceRequestFactory(request=request, requested_on=received + timedelta(days=5))
    TimescaleExceptionFactory(
        request=request,
        reason=ExceptionReason.MISSED_APPOINTMENT,
        starts_on=received + timedelta(days=20),
        ends_on=received + timedelta(days=20),
        advice_request=advice,
    )
    lifted = {i.kind.key: i.lifted for i in items(caseworker)}
    assert lifted["advice_due"] is True
    assert lifted["decision_to_assess_due"] is False


def test_closed_requests_and_other_caseloads_are_left_out(caseworker):
    child = ChildFactory(caseworker=caseworker)
    open_request = AssessmentRequestFactory(child=child)
    AssessmentRequestFactory(child=child, withdrawn_on=TODAY - timedelta(days=1))
    AssessmentRequestFactory(
        child=child, decision_to_assess=Decision.NO, decision_on=TODAY - timedelta(days=1)
    )
    AssessmentRequestFactory(child=ChildFactory())  # another caseworker's
    merged = ChildFactory(caseworker=caseworker, merged_into=child)
    AssessmentRequestFactory(child=merged)
    assert {i.request_id for i in items(caseworker)} == {open_request.pk}


def test_a_ceased_plan_has_no_review_due(caseworker):
    child = ChildFactory(caseworker=caseworker)
    EHCPlanFactory(child=child, ceased_on=TODAY - timedelta(days=5), cease_reason="2")
    assert items(caseworker) == []


def test_next_review_is_due_the_day_before_the_anniversary_of_the_last_meeting(caseworker):
    plan = EHCPlanFactory(
        child=ChildFactory(caseworker=caseworker, date_of_birth=date(2012, 5, 1)),
        made_on=date(2022, 3, 1),
    )
    AnnualReviewFactory(
        plan=plan,
        meeting_on=date(2024, 2, 29),
        report_received_on=date(2024, 3, 5),
        decision_on=date(2024, 3, 20),
    )
    assert keys(caseworker) == [("review_due", date(2025, 2, 27))]


def test_work_item_links_to_the_case_or_the_childs_record(caseworker):
    child = ChildFactory(caseworker=caseworker)
    AssessmentRequestFactory(child=child, reference="EHC-LINK-1")
    EHCPlanFactory(child=child, made_on=TODAY - timedelta(days=360))
    urls = {i.kind.key: i.url for i in items(caseworker)}
    assert urls["final_plan_due"] == "/assessments/EHC-LINK-1/"
    assert urls["review_due"] == f"/children/{child.pk}/"
