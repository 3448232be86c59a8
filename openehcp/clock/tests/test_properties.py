"""Invariants of the clock, checked on generated cases (hypothesis)."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from openehcp import clock
from openehcp.clock import (
    AdviceRequest,
    CaseFacts,
    ClockRules,
    ExceptionPeriod,
    ExceptionReason,
    Phase,
    Status,
)

days = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31))
gaps = st.integers(min_value=0, max_value=400)
maybe_gap = st.none() | gaps

settings.register_profile("clock", max_examples=100, deadline=None)
settings.load_profile("clock")


@st.composite
def exception_periods(draw, near: date):
    reason = draw(st.sampled_from(list(ExceptionReason)))
    start = near + timedelta(days=draw(st.integers(-60, 200)))
    end = start + timedelta(days=draw(st.integers(0, 70)))
    asked = None
    if reason in (ExceptionReason.SCHOOL_CLOSURE, ExceptionReason.EARLY_YEARS_CLOSURE):
        asked = draw(st.none() | st.just(start + timedelta(days=draw(st.integers(-10, 60)))))
    return ExceptionPeriod(reason, start, end, asked)


@st.composite
def cases(draw):
    received = draw(days)

    def after(gap):
        return None if gap is None else received + timedelta(days=gap)

    plan_issued = after(draw(maybe_gap))
    meeting = None
    if plan_issued is not None and draw(st.booleans()):
        meeting = plan_issued + timedelta(days=draw(st.integers(1, 400)))
    notice = None
    if meeting is not None and draw(st.booleans()):
        notice = meeting + timedelta(days=draw(st.integers(0, 120)))
    decision = after(draw(maybe_gap))
    return CaseFacts(
        received_on=received,
        decision_on=decision,
        advice_requests=tuple(
            AdviceRequest(received + timedelta(days=g))
            for g in draw(st.lists(st.integers(0, 120), max_size=3))
        ),
        draft_served_on=after(draw(maybe_gap)),
        plan_issued_on=plan_issued,
        date_of_birth=received - timedelta(days=draw(st.integers(365, 365 * 20))),
        review_meeting_on=meeting,
        amendment_notice_on=notice,
        transfer_year=draw(st.none() | st.integers(2016, 2035)),
        transfer_to=draw(st.sampled_from(list(Phase))),
        appealable_decision_on=decision,
        mediation_certificate_on=after(draw(maybe_gap)) if decision else None,
    )


def fix_certificate(facts: CaseFacts) -> CaseFacts:
    """A mediation certificate cannot predate the decision."""
    cert, decision = facts.mediation_certificate_on, facts.appealable_decision_on
    if cert is not None and decision is not None and cert < decision:
        return CaseFacts(**{**_fields(facts), "mediation_certificate_on": decision})
    return facts


def _fields(facts: CaseFacts) -> dict:
    return {name: getattr(facts, name) for name in facts.__dataclass_fields__}


@given(cases(), st.none() | days)
def test_no_deadline_falls_before_its_trigger(facts, as_of):
    for deadline in clock.timeline(fix_certificate(facts), as_of=as_of):
        assert deadline.due >= deadline.trigger, deadline.key


@given(cases())
def test_act_by_is_the_last_working_day_on_or_before_the_due_date(facts):
    for deadline in clock.timeline(fix_certificate(facts)):
        assert deadline.act_by <= deadline.due
        assert clock.is_working_day(deadline.act_by)
        day = deadline.act_by + timedelta(days=1)
        while day <= deadline.due:
            assert not clock.is_working_day(day)
            day += timedelta(days=1)


@given(days)
def test_the_20_week_date_is_the_6_week_date_plus_14_weeks(received):
    deadlines = {d.key: d for d in clock.assessment_deadlines(CaseFacts(received_on=received))}
    assert deadlines["final_plan_due"].due == deadlines["decision_to_assess_due"].due + timedelta(
        weeks=14
    )
    assert deadlines["notice_not_to_issue_due"].due == received + clock.NOT_TO_ISSUE


@given(cases(), st.data(), st.none() | days)
def test_an_exception_never_makes_a_limit_stricter(facts, data, as_of):
    facts = fix_certificate(facts)
    extra = tuple(data.draw(st.lists(exception_periods(facts.received_on), max_size=3)))
    before = clock.timeline(facts, as_of=as_of)
    after = clock.timeline(CaseFacts(**{**_fields(facts), "exceptions": extra}), as_of=as_of)
    assert [(d.key, d.due, d.act_by) for d in before] == [(d.key, d.due, d.act_by) for d in after]
    for old, new in zip(before, after, strict=True):
        assert new.time_limit_applies <= old.time_limit_applies
        if old.status is not Status.MISSED:
            assert new.status is old.status
        if not new.time_limit_applies:
            assert new.status is not Status.MISSED
            assert new.lifted_by


@given(days, st.none() | gaps)
def test_appeal_deadline_moves_only_as_hesc_rule_12_says(decision, gap):
    certificate = None if gap is None else decision + timedelta(days=gap)
    due = clock.appeal_deadline(decision, certificate).due
    limit = clock.add_months(decision, 2)
    if certificate is not None:
        limit = max(limit, clock.add_months(certificate, 1))
        assert due >= clock.appeal_deadline(decision).due
    assert clock.is_working_day(due)
    if limit.month == 8:
        assert due == clock.next_working_day(date(limit.year, 9, 1))
    elif (limit.month, limit.day) >= (12, 25) or (limit.month, limit.day) == (1, 1):
        assert due == clock.next_working_day(date(limit.year + (limit.month == 12), 1, 2))
    else:
        assert due == clock.next_working_day(limit)


@given(days, st.integers(-36, 36))
def test_month_arithmetic_keeps_the_day_or_clamps_to_the_month_end(day, months):
    result = clock.add_months(day, months)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    assert result.day == day.day or (result.day < day.day and (result + timedelta(1)).day == 1)


@given(days, st.none() | days)
def test_the_strict_review_reading_is_the_day_before_the_inclusive_one(plan, last):
    if last is not None and last < plan:
        plan, last = last, plan
    strict = clock.review_deadlines(plan, last_review_on=last)[-1].due
    inclusive = clock.review_deadlines(
        plan, last_review_on=last, rules=ClockRules(review_reading="inclusive")
    )[-1].due
    assert strict == inclusive - timedelta(days=1)
    assert strict > (last or plan)


@given(st.integers(2016, 2040), st.sampled_from(list(Phase)))
def test_the_strict_phase_transfer_reading_is_the_day_before_the_inclusive_one(year, phase):
    strict = clock.phase_transfer_deadline(year, phase).due
    inclusive = clock.phase_transfer_deadline(
        year, phase, ClockRules(phase_transfer_reading="inclusive")
    ).due
    assert strict == inclusive - timedelta(days=1)
    assert (inclusive.month, inclusive.day) == ((3, 31) if phase is Phase.POST16 else (2, 15))


@given(days, st.integers(0, 120), st.none() | st.integers(0, 200))
def test_the_amended_plan_is_never_later_than_8_weeks_or_the_devon_cap(meeting, gap, served):
    notice = meeting + timedelta(days=gap)
    served_on = None if served is None else notice + timedelta(days=served)
    deadlines = {
        d.key: d for d in clock.amendment_deadlines(notice, served_on=served_on, meeting_on=meeting)
    }
    plan = deadlines["amended_plan_due"].due
    assert plan <= notice + clock.AMENDED_PLAN
    assert plan <= meeting + clock.AMENDED_PLAN_AFTER_MEETING
    assert deadlines["representations_due"].due == (served_on or notice) + timedelta(days=14)


@given(days, days)
def test_ncy_rises_by_one_each_september(date_of_birth, on_date):
    ncy = clock.national_curriculum_year(date_of_birth, on_date)
    next_september = date(clock.school_year_start(on_date) + 1, 9, 1)
    assert clock.national_curriculum_year(date_of_birth, next_september) == ncy + 1


births = st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31))


@given(births, st.sampled_from(list(Phase)))
def test_a_child_is_in_exactly_the_cohort_of_their_transfer_year(date_of_birth, phase):
    year = clock.transfer_year(date_of_birth, phase)
    assert clock.in_transfer_cohort(date_of_birth, year, phase)
    assert not clock.in_transfer_cohort(date_of_birth, year + 1, phase)
    entry = clock.entry_year(phase)
    assert clock.national_curriculum_year(date_of_birth, date(year, 9, 1)) == entry


@given(days, st.none() | days, st.booleans(), days)
def test_status_follows_its_definition(due, met_on, applies, as_of):
    status = clock.status_of(due, met_on, applies, as_of)
    done = met_on is not None and met_on <= as_of
    if done:
        expected = Status.MET if (met_on <= due or not applies) else Status.MISSED
    else:
        expected = Status.MISSED if (applies and as_of > due) else Status.PENDING
    assert status is expected


@given(days, st.integers(1, 20), st.booleans())
def test_working_day_counting(start, count, beginning_with):
    end = clock.add_working_days(start, count, beginning_with=beginning_with)
    assert clock.is_working_day(end)
    first = start if beginning_with else start + timedelta(days=1)
    counted = sum(
        clock.is_working_day(first + timedelta(days=i)) for i in range((end - first).days + 1)
    )
    assert counted == count


@given(days, st.none() | days, st.none() | days, days)
def test_a_window_is_missed_only_when_cut_short_or_acted_on_late(due, acted, cut, as_of):
    status = clock.window_status_of(due, acted, cut, as_of)
    if cut is not None and cut <= due and cut <= as_of:
        assert status is Status.MISSED
    elif acted is not None and acted <= as_of:
        assert status is (Status.MET if acted <= due else Status.MISSED)
    else:
        assert status is (Status.MET if as_of > due else Status.PENDING)
