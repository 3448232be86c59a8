"""Worked examples, each computed by hand from the regulation it names.

Every row: the rule, the facts, the key, the due date and the act-by date (last England working day
on or before the due date). Weekday and bank-holiday facts used: 2024-03-29 Good Friday; 2024-12-25
Christmas (Wed); 2025-04-18 Good Friday, 2025-04-21 Easter Monday; 2025-05-05 early May; 2025-05-26
spring; 2025-08-25 late summer; 2026-04-03 Good Friday, 2026-04-06 Easter Monday; 2026-05-04 early
May; 2026-12-25 Christmas (Fri), 2026-12-28 Boxing Day (substitute, Mon).
"""

from datetime import date

import pytest

from openehcp import clock
from openehcp.clock import (
    AdviceRequest,
    CaseFacts,
    ClockRules,
    ExceptionPeriod,
    ExceptionReason,
    Status,
)

D = date.fromisoformat
INCLUSIVE = ClockRules(review_reading="inclusive", phase_transfer_reading="inclusive")
R = ExceptionReason


def only(deadlines, key):
    (found,) = [d for d in deadlines if d.key == key]
    return found


def assessment(key, **facts):
    return lambda: only(clock.assessment_deadlines(CaseFacts(**facts)), key)


def review(key, plan, rules=clock.DEFAULT_RULES, **kw):
    return lambda: only(clock.review_deadlines(D(plan), rules=rules, **kw), key)


def amendment(key, notice, **kw):
    return lambda: only(clock.amendment_deadlines(D(notice), **kw), key)


def transfer(key, moved, **kw):
    return lambda: only(clock.council_transfer_deadlines(D(moved), **kw), key)


def order(key, on, kind, **kw):
    return lambda: only(clock.tribunal_order_deadlines(D(on), kind, **kw), key)


# (regulation, description, compute, due, act_by)
EXAMPLES = [
    # --- reg 5(1): decision whether to assess, request + 42 days
    (
        "reg 5(1)",
        "Monday request, Monday six weeks later",
        assessment("decision_to_assess_due", received_on=D("2025-01-06")),
        "2025-02-17",
        "2025-02-17",
    ),
    (
        "reg 5(1)",
        "request e-mailed on a Saturday; due Saturday, Good Friday before it",
        assessment("decision_to_assess_due", received_on=D("2025-03-08")),
        "2025-04-19",
        "2025-04-17",
    ),
    (
        "reg 5(1)",
        "counting through 29 February 2024",
        assessment("decision_to_assess_due", received_on=D("2024-01-19")),
        "2024-03-01",
        "2024-03-01",
    ),
    (
        "reg 5(1)",
        "the same request date in a non-leap year",
        assessment("decision_to_assess_due", received_on=D("2023-01-19")),
        "2023-03-02",
        "2023-03-02",
    ),
    (
        "reg 5(1)",
        "across the year end",
        assessment("decision_to_assess_due", received_on=D("2024-11-25")),
        "2025-01-06",
        "2025-01-06",
    ),
    # --- reg 10(1): notice not to issue, request + 112 days
    (
        "reg 10(1)",
        "16 weeks from a Monday request",
        assessment("notice_not_to_issue_due", received_on=D("2025-01-06")),
        "2025-04-28",
        "2025-04-28",
    ),
    (
        "reg 10(1)",
        "request on the early May bank holiday; due on the late summer bank holiday",
        assessment("notice_not_to_issue_due", received_on=D("2025-05-05")),
        "2025-08-25",
        "2025-08-22",
    ),
    # --- reg 13(2): final plan, request + 140 days
    (
        "reg 13(2)",
        "due on the spring bank holiday",
        assessment("final_plan_due", received_on=D("2025-01-06")),
        "2025-05-26",
        "2025-05-23",
    ),
    (
        "reg 13(2)",
        "due on Christmas Day 2024",
        assessment("final_plan_due", received_on=D("2024-08-07")),
        "2024-12-25",
        "2024-12-24",
    ),
    (
        "reg 13(2)",
        "due on Boxing Day 2026, a Saturday after a Friday Christmas",
        assessment("final_plan_due", received_on=D("2026-08-08")),
        "2026-12-26",
        "2026-12-24",
    ),
    (
        "reg 13(2)",
        "due on the substitute Boxing Day holiday",
        assessment("final_plan_due", received_on=D("2026-08-10")),
        "2026-12-28",
        "2026-12-24",
    ),
    (
        "reg 13(2)",
        "20 weeks spanning 29 February 2024",
        assessment("final_plan_due", received_on=D("2023-10-13")),
        "2024-03-01",
        "2024-03-01",
    ),
    (
        "reg 13(2)",
        "due on Easter Monday 2026: back past Good Friday",
        assessment("final_plan_due", received_on=D("2025-11-17")),
        "2026-04-06",
        "2026-04-02",
    ),
    (
        "reg 13(2)(b)",
        "family moved in: 20 weeks from the council becoming responsible",
        assessment(
            "final_plan_due", received_on=D("2025-01-06"), became_responsible_on=D("2025-03-03")
        ),
        "2025-07-21",
        "2025-07-21",
    ),
    # --- reg 8(1): advice, request for advice + 42 days
    (
        "reg 8(1)",
        "advice due on the early May bank holiday 2026",
        lambda: clock.advice_due(D("2026-03-23")),
        "2026-05-04",
        "2026-05-01",
    ),
    # --- reg 13(1), 22(2)(c): at least 15 days beginning with service = served + 14
    (
        "reg 13(1)",
        "draft served on a Monday",
        lambda: clock.representations_due(D("2025-03-03")),
        "2025-03-17",
        "2025-03-17",
    ),
    (
        "reg 13(1)",
        "draft served before Christmas; period ends in the new year",
        lambda: clock.representations_due(D("2025-12-19")),
        "2026-01-02",
        "2026-01-02",
    ),
    (
        "reg 22(2)(c)",
        "amendment notice served across 29 February",
        amendment("representations_due", "2024-02-21"),
        "2024-03-06",
        "2024-03-06",
    ),
    # --- CFA s39 and the Code: a consulted setting replies in 15 days
    (
        "CFA s39(2)",
        "consultation reply due on a Saturday",
        assessment(
            "consultation_reply_due",
            received_on=D("2025-05-01"),
            consultations=(clock.Consultation(D("2025-06-20")),),
        ),
        "2025-07-05",
        "2025-07-04",
    ),
    # --- reassessment
    (
        "reg 25(1)",
        "decision whether to reassess: 15 days, ending on a Sunday",
        lambda: clock.reassessment_deadlines(D("2025-12-20"))[0],
        "2026-01-04",
        "2026-01-02",
    ),
    (
        "reg 27(2)",
        "amended plan 14 weeks after the decision to reassess",
        lambda: clock.reassessment_deadlines(decision_on=D("2025-02-03"))[0],
        "2025-05-12",
        "2025-05-12",
    ),
    # --- annual review, CFA s44(1)
    (
        "CFA s44(1)",
        "plan made 29 Feb 2024 (strict): day before the clamped anniversary",
        review("review_due", "2024-02-29"),
        "2025-02-27",
        "2025-02-27",
    ),
    (
        "CFA s44(1)",
        "plan made 29 Feb 2024 (inclusive reading)",
        review("review_due", "2024-02-29", INCLUSIVE),
        "2025-02-28",
        "2025-02-28",
    ),
    (
        "CFA s44(1)",
        "strict reading ends on a Saturday",
        review("review_due", "2025-03-15"),
        "2026-03-14",
        "2026-03-13",
    ),
    (
        "CFA s44(1)",
        "inclusive reading ends on a Sunday",
        review("review_due", "2025-03-15", INCLUSIVE),
        "2026-03-15",
        "2026-03-13",
    ),
    (
        "CFA s44(1)",
        "12 months run from the last review meeting, not the plan",
        review("review_due", "2023-06-10", last_review_on=D("2024-05-20")),
        "2025-05-19",
        "2025-05-19",
    ),
    (
        "CoP 9.178",
        "child of 2: extra review within 6 months",
        review("early_review_due", "2025-01-10", date_of_birth=D("2022-06-01")),
        "2025-07-09",
        "2025-07-09",
    ),
    (
        "reg 20(7)-(8)",
        "review report 2 weeks after the meeting",
        review("report_due", "2024-06-10", meeting_on=D("2025-06-02")),
        "2025-06-16",
        "2025-06-16",
    ),
    (
        "reg 20(10)",
        "decision 4 weeks after the meeting",
        review("decision_due", "2024-06-10", meeting_on=D("2025-06-02")),
        "2025-06-30",
        "2025-06-30",
    ),
    # --- amendment, reg 22(3) and Devon
    (
        "reg 22(3)",
        "amended plan 8 weeks after the notice",
        amendment("amended_plan_due", "2025-03-03"),
        "2025-04-28",
        "2025-04-28",
    ),
    (
        "reg 22(3); Devon",
        "notice sent 2 weeks after the meeting: 8 weeks from the notice binds",
        amendment("amended_plan_due", "2025-01-20", meeting_on=D("2025-01-06")),
        "2025-03-17",
        "2025-03-17",
    ),
    (
        "reg 22(3); Devon",
        "late notice: capped at meeting + 12 weeks",
        amendment("amended_plan_due", "2025-03-03", meeting_on=D("2025-01-06")),
        "2025-03-31",
        "2025-03-31",
    ),
    (
        "reg 20(10); Devon",
        "amendment notice due 4 weeks after the meeting",
        amendment("amendment_notice_due", "2025-03-03", meeting_on=D("2025-01-06")),
        "2025-02-03",
        "2025-02-03",
    ),
    # --- phase transfer, reg 18
    (
        "reg 18(1)(b)",
        "secondary transfer 2027, before 15 February = 14 February (Sunday)",
        lambda: clock.phase_transfer_deadline(2027, "secondary"),
        "2027-02-14",
        "2027-02-12",
    ),
    (
        "reg 18(1)(b)",
        "inclusive reading: 15 February 2027 (Monday)",
        lambda: clock.phase_transfer_deadline(2027, "secondary", INCLUSIVE),
        "2027-02-15",
        "2027-02-15",
    ),
    (
        "reg 18(1)(a)",
        "post-16 transfer 2026, before 31 March = 30 March",
        lambda: clock.phase_transfer_deadline(2026, "post16"),
        "2026-03-30",
        "2026-03-30",
    ),
    (
        "reg 18(1)(a)",
        "post-16 2024: 30 March a Saturday, Good Friday before it",
        lambda: clock.phase_transfer_deadline(2024, "post16"),
        "2024-03-30",
        "2024-03-28",
    ),
    (
        "reg 18(1)(a)",
        "post-16 2026 inclusive reading",
        lambda: clock.phase_transfer_deadline(2026, "post16", INCLUSIVE),
        "2026-03-31",
        "2026-03-31",
    ),
    (
        "reg 18(2)",
        "post-16 to post-16 move on 31 July: 5 months before, clamped to 28 Feb",
        lambda: clock.post16_move_deadline(D("2025-07-31")),
        "2025-02-28",
        "2025-02-28",
    ),
    # --- transfer between councils, reg 15
    (
        "reg 15(2)",
        "told 4 working days before the move: 15 working days from learning of it",
        transfer("plan_transfer_due", "2025-05-01", aware_on=D("2025-04-25")),
        "2025-05-16",
        "2025-05-16",
    ),
    (
        "reg 15(2)",
        "told well before: the day of the move",
        transfer("plan_transfer_due", "2025-05-01", aware_on=D("2025-03-03")),
        "2025-05-01",
        "2025-05-01",
    ),
    (
        "reg 15(4)",
        "family told within 6 weeks of the transfer",
        transfer("transfer_notice_due", "2025-05-01", transferred_on=D("2025-05-09")),
        "2025-06-20",
        "2025-06-20",
    ),
    (
        "reg 15(5)",
        "review: 12 months from the plan is later than 3 months from the transfer",
        transfer(
            "transfer_review_due",
            "2025-05-01",
            transferred_on=D("2025-05-09"),
            plan_made_on=D("2024-09-01"),
        ),
        "2025-08-31",
        "2025-08-29",
    ),
    (
        "reg 15(5)",
        "review: 3 months from the transfer is later",
        transfer(
            "transfer_review_due",
            "2025-05-20",
            transferred_on=D("2025-05-20"),
            last_review_on=D("2024-06-10"),
        ),
        "2025-08-19",
        "2025-08-19",
    ),
    # --- mediation
    (
        "regs 33-35",
        "certificate 3 working days after contact, over Easter 2025",
        lambda: only(
            clock.mediation_deadlines(
                D("2025-03-01"), adviser_contacted_on=D("2025-04-17"), mediation_wanted=False
            ),
            "certificate_due",
        ),
        "2025-04-24",
        "2025-04-24",
    ),
    (
        "regs 36-37",
        "mediation within 30 days, ending on a Sunday",
        lambda: only(
            clock.mediation_deadlines(D("2025-01-02"), council_told_on=D("2025-01-10")),
            "mediation_due",
        ),
        "2025-02-09",
        "2025-02-07",
    ),
    # --- appeal, HESC r.20(1)(c) and r.12
    (
        "HESC r.20, r.12(2)",
        "2 months end on a Saturday: next working day",
        lambda: clock.appeal_deadline(D("2025-03-10")),
        "2025-05-12",
        "2025-05-12",
    ),
    (
        "HESC r.20(1)(c)",
        "31 December + 2 months clamps to 28 February",
        lambda: clock.appeal_deadline(D("2024-12-31")),
        "2025-02-28",
        "2025-02-28",
    ),
    (
        "HESC r.20(1)(c)",
        "31 December 2023 + 2 months = 29 February 2024",
        lambda: clock.appeal_deadline(D("2023-12-31")),
        "2024-02-29",
        "2024-02-29",
    ),
    (
        "HESC r.12(3)(a)",
        "ends in August: first working day after 31 August",
        lambda: clock.appeal_deadline(D("2025-06-15")),
        "2025-09-01",
        "2025-09-01",
    ),
    (
        "HESC r.12(3)(a)",
        "ends 30 August 2026: 31 August is a bank holiday, so 1 September",
        lambda: clock.appeal_deadline(D("2026-06-30")),
        "2026-09-01",
        "2026-09-01",
    ),
    (
        "HESC r.12(3)(a)",
        "ends on Christmas Day: first working day after 1 January",
        lambda: clock.appeal_deadline(D("2024-10-25")),
        "2025-01-02",
        "2025-01-02",
    ),
    (
        "HESC r.20(1)(c), r.12(3)(a)",
        "certificate 29 November: 1 month is later, in Christmas week",
        lambda: clock.appeal_deadline(D("2025-10-01"), D("2025-11-29")),
        "2026-01-02",
        "2026-01-02",
    ),
    (
        "HESC r.20(1)(c), r.12(2)",
        "certificate month ends Easter Sunday: past Easter Monday",
        lambda: clock.appeal_deadline(D("2025-01-15"), D("2025-03-20")),
        "2025-04-22",
        "2025-04-22",
    ),
    (
        "HESC r.12(3)(a)",
        "24 December is outside the Christmas window",
        lambda: clock.appeal_deadline(D("2025-10-24")),
        "2025-12-24",
        "2025-12-24",
    ),
    # --- Tribunal orders, reg 44 and 45
    (
        "reg 44(2)(b)",
        "ordered assessment: family told within 2 weeks",
        order("order_notify_due", "2025-05-01", "assess"),
        "2025-05-15",
        "2025-05-15",
    ),
    (
        "reg 44(2)(b)(ii)",
        "ordered assessment: plan within 14 weeks",
        order("order_plan_due", "2025-05-01", "assess"),
        "2025-08-07",
        "2025-08-07",
    ),
    (
        "reg 44(2)(c)",
        "order to make a plan: draft in 5 weeks lands on Christmas Day",
        order("order_draft_due", "2025-11-20", "make_plan"),
        "2025-12-25",
        "2025-12-24",
    ),
    (
        "reg 44(2)(c)",
        "order to make a plan: final in 11 weeks",
        order("order_final_plan_due", "2025-11-20", "make_plan"),
        "2026-02-05",
        "2026-02-05",
    ),
    (
        "reg 45",
        "unopposed appeal about the school named: 2 weeks",
        order("order_amended_plan_due", "2025-07-28", "amend_placement", unopposed=True),
        "2025-08-11",
        "2025-08-11",
    ),
]


@pytest.mark.parametrize(
    ("regulation", "description", "compute", "due", "act_by"),
    EXAMPLES,
    ids=[f"{e[0]}: {e[1]}" for e in EXAMPLES],
)
def test_worked_example(regulation, description, compute, due, act_by):
    deadline = compute()
    assert (deadline.due.isoformat(), deadline.act_by.isoformat()) == (due, act_by)


def test_there_are_at_least_forty_worked_examples():
    assert len(EXAMPLES) >= 40


# --- Exceptions: each lifts a limit (time_limit_applies=False) and never moves the due date.
# Summer 2025: the school's last open day is Tuesday 22 July, so it is closed from Wednesday 23 July
# and re-opens Wednesday 3 September (42 days). The window is 16 July to 27 August inclusive.
SUMMER = ("2025-07-23", "2025-09-03")
RECEIVED = D("2025-06-02")  # decision due 2025-07-14, not-to-issue 2025-09-22, final 2025-10-20


def applies(key, *exceptions, received=RECEIVED, advice=()):
    facts = CaseFacts(
        received_on=received,
        exceptions=tuple(exceptions),
        advice_requests=tuple(AdviceRequest(D(a)) for a in advice),
    )
    deadline = only(clock.assessment_deadlines(facts), key)
    return deadline.time_limit_applies, deadline.due.isoformat()


def closure(asked, start=SUMMER[0], end=SUMMER[1], reason=R.SCHOOL_CLOSURE):
    return ExceptionPeriod(reason, D(start), D(end), D(asked) if asked else None)


@pytest.mark.parametrize(
    ("asked", "lifted"),
    [
        ("2025-07-15", False),  # a day before the window opens
        ("2025-07-16", True),  # the window's first day: a week before closing
        ("2025-08-27", True),  # its last day: a week before re-opening
        ("2025-08-28", False),  # the day after
    ],
)
def test_reg_13_3_summer_closure_window_edges(asked, lifted):
    assert applies("final_plan_due", closure(asked)) == (not lifted, "2025-10-20")


def test_reg_10_4_a_closure_lifts_the_16_week_notice():
    assert applies("notice_not_to_issue_due", closure("2025-07-18")) == (False, "2025-09-22")


def test_reg_5_4_advice_asked_after_the_decision_was_due_does_not_lift_it():
    assert applies("decision_to_assess_due", closure("2025-07-18")) == (True, "2025-07-14")


def test_reg_5_4_a_closure_lifts_the_decision_when_advice_was_asked_in_time():
    # Request 2025-06-23: decision due 2025-08-04; advice asked of the school 2025-07-17.
    result = applies("decision_to_assess_due", closure("2025-07-17"), received=D("2025-06-23"))
    assert result == (False, "2025-08-04")


def test_reg_5_4_has_no_early_years_limb_but_reg_13_3_does():
    early_years = closure("2025-07-17", reason=R.EARLY_YEARS_CLOSURE)
    assert applies("decision_to_assess_due", early_years, received=D("2025-06-23")) == (
        True,
        "2025-08-04",
    )
    assert applies("final_plan_due", early_years, received=D("2025-06-23")) == (
        False,
        "2025-11-10",
    )


def test_reg_13_3_a_half_term_is_too_short_a_closure():
    half_term = closure("2025-10-22", "2025-10-27", "2025-11-03")
    assert applies("final_plan_due", half_term) == (True, "2025-10-20")


@pytest.mark.parametrize(("reopens", "lifted"), [("2025-08-20", True), ("2025-08-19", False)])
def test_reg_13_3_closure_of_exactly_four_weeks_qualifies(reopens, lifted):
    # Closed 23 July; re-opening 20 August is 28 days closed, 19 August only 27.
    assert applies("final_plan_due", closure("2025-07-18", end=reopens))[0] is not lifted


def test_reg_13_3_closure_uses_the_cases_advice_requests_when_none_is_given():
    assert applies("final_plan_due", closure(None), advice=["2025-07-18"]) == (False, "2025-10-20")
    assert applies("final_plan_due", closure(None), advice=["2025-06-20"]) == (True, "2025-10-20")


def test_reg_10_4_c_personal_circumstances_lift_every_assessment_limit():
    illness = ExceptionPeriod(R.PERSONAL_CIRCUMSTANCES, D("2025-02-10"), D("2025-02-20"))
    received = D("2025-01-06")
    for key in ("decision_to_assess_due", "notice_not_to_issue_due", "final_plan_due"):
        assert applies(key, illness, received=received)[0] is False


def test_reg_13_3_circumstances_after_the_due_date_lift_nothing():
    later = ExceptionPeriod(R.PERSONAL_CIRCUMSTANCES, D("2025-06-01"), D("2025-06-10"))
    assert applies("final_plan_due", later, received=D("2025-01-06")) == (True, "2025-05-26")


@pytest.mark.parametrize(("last_day", "lifted"), [("2025-03-28", True), ("2025-03-27", False)])
def test_reg_10_4_d_absence_of_four_weeks_within_the_period(last_day, lifted):
    away = ExceptionPeriod(R.ABSENCE_FROM_AREA, D("2025-03-01"), D(last_day))
    assert applies("final_plan_due", away, received=D("2025-01-06"))[0] is not lifted


def test_reg_5_4_absence_must_fall_four_weeks_inside_the_six_week_period():
    # Away 1 February to 31 March; only 1-17 February is inside the decision period.
    away = ExceptionPeriod(R.ABSENCE_FROM_AREA, D("2025-02-01"), D("2025-03-31"))
    received = D("2025-01-06")
    assert applies("decision_to_assess_due", away, received=received) == (True, "2025-02-17")
    assert applies("final_plan_due", away, received=received) == (False, "2025-05-26")


def test_reg_8_2_c_a_missed_appointment_lifts_the_advice_limit_only():
    missed = ExceptionPeriod(R.MISSED_APPOINTMENT, D("2025-02-20"), D("2025-02-20"))
    advice = clock.advice_due(D("2025-02-03"), exceptions=(missed,))
    assert (advice.due, advice.time_limit_applies) == (D("2025-03-17"), False)
    assert applies("final_plan_due", missed, received=D("2025-01-06"))[0] is True


def test_reg_8_2_a_school_closure_is_not_an_advice_exception():
    advice = clock.advice_due(D("2025-07-18"), exceptions=(closure("2025-07-18"),))
    assert advice.time_limit_applies is True


def test_reg_44_3_absence_of_two_weeks_lifts_a_tribunal_order_limit():
    away = ExceptionPeriod(R.ABSENCE_FROM_AREA, D("2025-05-05"), D("2025-05-18"))
    (amended,) = clock.tribunal_order_deadlines(D("2025-05-01"), "amend", exceptions=(away,))
    assert (amended.due, amended.time_limit_applies) == (D("2025-06-05"), False)


def test_a_late_plan_is_missed_without_an_exception_and_met_with_one():
    illness = ExceptionPeriod(R.PERSONAL_CIRCUMSTANCES, D("2025-04-01"), D("2025-04-30"))
    late = {"received_on": D("2025-01-06"), "plan_issued_on": D("2025-06-10")}
    without = only(clock.assessment_deadlines(CaseFacts(**late)), "final_plan_due")
    with_exception = only(
        clock.assessment_deadlines(CaseFacts(**late, exceptions=(illness,))), "final_plan_due"
    )
    assert (without.status, with_exception.status) == (Status.MISSED, Status.MET)
    assert with_exception.lifted_by == (illness,)


def test_hesc_r12_a_july_weekend_moves_into_august_but_not_to_september():
    # 30 May 2016 + 2 months = Saturday 30 July 2016: the time ends in July, so only r.12(2)
    # applies and the appeal is in time on Monday 1 August.
    assert clock.appeal_deadline(D("2016-05-30")).due == D("2016-08-01")


def test_reg_13_1_a_plan_finalised_inside_the_15_days_cuts_the_window_short():
    served = D("2025-03-03")  # the 15 days run to 17 March
    after = D("2025-04-01")
    early = clock.representations_due(served, plan_issued_on=D("2025-03-17"), as_of=after)
    lawful = clock.representations_due(served, plan_issued_on=D("2025-03-18"), as_of=after)
    quiet = clock.representations_due(served, as_of=D("2025-03-18"))
    assert (early.status, lawful.status, quiet.status) == (Status.MISSED, Status.MET, Status.MET)


def test_reg_13_3_a_closure_with_no_advice_date_on_record_needs_only_an_overlapping_window():
    # Nothing says when advice was asked: the officer's record stands for it.
    assert applies("final_plan_due", closure(None)) == (False, "2025-10-20")
    # Request 2025-09-01: the window (16 July - 27 August) ended before the period began.
    assert applies("final_plan_due", closure(None), received=D("2025-09-01")) == (
        True,
        "2026-01-19",
    )


def test_cfa_s45_a_ceased_plan_is_kept_until_the_appeal_window_closes():
    # Review meeting 2 June 2025; decision to cease 20 June: due by 30 June (reg 20(10)).
    deadlines = clock.ceasing_deadlines(D("2025-06-20"), review_meeting_on=D("2025-06-02"))
    assert [(d.key, d.due) for d in deadlines] == [
        ("cease_decision_due", D("2025-06-30")),
        ("mediation_contact_due", D("2025-08-20")),
        ("appeal_due", D("2025-09-01")),  # 20 August is in August: HESC r.12(3)(a)
    ]
    assert clock.earliest_cease_date(D("2025-06-20")) == D("2025-09-02")


def test_reg_45_an_unopposed_appeal_against_ceasing_continues_the_plan():
    with pytest.raises(ValueError, match="continue"):
        clock.tribunal_order_deadlines(D("2025-05-01"), "cease", unopposed=True)
    (cont,) = clock.tribunal_order_deadlines(D("2025-05-01"), "continue", unopposed=True)
    assert (cont.key, cont.due) == ("order_continue_due", D("2025-05-01"))


@pytest.mark.parametrize(
    ("born", "on", "year"),
    [
        ("2016-08-31", "2027-09-01", 7),  # youngest of the year group
        ("2016-09-01", "2027-09-01", 6),  # oldest of the next
        ("2020-02-29", "2024-09-02", 0),  # leap-day birthday, Reception
        ("2009-12-25", "2026-01-15", 11),  # Year 11 in the spring term
    ],
)
def test_national_curriculum_year(born, on, year):
    assert clock.national_curriculum_year(D(born), D(on)) == year


def test_reg_18_who_transfers_to_secondary_in_2027():
    assert clock.transfer_cohort(2027, "secondary") == (D("2015-09-01"), D("2016-08-31"))
    three_tier = ClockRules(secondary_entry_year=9)
    assert clock.transfer_cohort(2027, "secondary", three_tier) == (
        D("2013-09-01"),
        D("2014-08-31"),
    )
    assert clock.transfer_year(D("2016-08-31"), "post16") == 2032


def test_review_dates_out_of_order_are_refused():
    with pytest.raises(ValueError):
        clock.review_deadlines(D("2025-01-06"), meeting_on=D("2025-01-06"))
    with pytest.raises(ValueError):
        clock.review_deadlines(D("2025-01-06"), last_review_on=D("2024-01-06"))
