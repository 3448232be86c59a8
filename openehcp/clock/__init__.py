"""The statutory clock: every SEND deadline of an English council, computed exactly.

A pure-Python package (no Django): import it anywhere - views, services, commands, SQL builders,
benchmarks. Everything is a frozen dataclass or a plain function of dates; nothing reads "today".

Public API (names are stable; import from ``openehcp.clock``)
------------------------------------------------------------

Value types (``openehcp.clock.model``)

* ``CaseFacts`` - the known dates of a case (request received, decision, advice requests, draft
  served, plan issued, reviews, amendment notice, phase transfer year/phase, appealable decision,
  mediation certificate, recorded exceptions). Every field is optional.
* ``AdviceRequest(requested_on, advisor="", received_on=None)``,
  ``Consultation(sent_on, setting="", replied_on=None)``.
* ``ExceptionPeriod(reason, start, end, advice_requested_on=None)`` with ``ExceptionReason``:
  ``school_closure``, ``early_years_closure``, ``personal_circumstances``, ``absence_from_area``,
  ``missed_appointment``. For closures ``start`` = first day closed, ``end`` = day it re-opens.
* ``Deadline`` - ``key`` (e.g. ``"final_plan_due"``), ``name`` (plain English), ``due``,
  ``act_by`` (last England working day on or before ``due``), ``trigger`` (the date counted from),
  ``rule`` (a ``Rule``: ``citation``, ``summary``, ``if_missed``, ``responsible``, ``statutory``),
  ``time_limit_applies``, ``lifted_by`` (the exceptions that lifted it), ``met_on``, ``status``
  (``Status.MET`` / ``MISSED`` / ``PENDING``, or ``None`` without ``as_of`` and nothing done),
  ``ref`` (which advisor, setting, phase or order), ``notes``; ``as_dict()`` gives JSON-ready data.
* ``ClockRules`` / ``DEFAULT_RULES`` - the configurable readings: ``review_reading`` and
  ``phase_transfer_reading`` ("strict" default | "inclusive"), ``under_five_review_months`` (6;
  ``None`` = off), ``middle_school_entry_year`` (5), ``secondary_entry_year`` (7).
* ``Phase`` (``primary``, ``junior``, ``middle``, ``secondary``, ``post16``) and ``TribunalOrder``
  (``cease``, ``assess``, ``make_plan``, ``amend``, ``amend_placement``, ``continue``,
  ``continue_and_amend``).

Functions (each takes keyword ``as_of=None``; with a date, every deadline carries a status)

* ``timeline(facts, *, as_of=None, rules=DEFAULT_RULES)`` - all deadlines the facts support.
* ``assessment_deadlines(facts, *, as_of=None, rules=DEFAULT_RULES)`` -
  ``decision_to_assess_due`` (reg 5), ``advice_due`` per advice request (reg 8),
  ``notice_not_to_issue_due`` (reg 10), ``representations_due`` (reg 13(1)),
  ``consultation_reply_due`` per setting (CFA s39, Code), ``final_plan_due`` (reg 13(2)).
* ``advice_due(requested_on, *, received_on=None, advisor="", exceptions=(), as_of=None)``
* ``representations_due(served_on, *, received_on=None, plan_issued_on=None, as_of=None)``
* ``reassessment_deadlines(requested_on=None, *, decision_on=None, decided_to_reassess=True,
  plan_on=None, exceptions=(), advice_dates=(), as_of=None)`` - ``reassessment_decision_due``,
  ``reassessment_plan_due``.
* ``review_deadlines(plan_made_on, *, last_review_on=None, meeting_on=None, date_of_birth=None,
  report_on=None, decision_on=None, as_of=None, rules=DEFAULT_RULES)`` - ``review_due``,
  ``early_review_due`` (under 5), ``report_due``, ``decision_due``.
* ``amendment_deadlines(notice_sent_on, *, served_on=None, meeting_on=None,
  representations_on=None, amended_plan_on=None, as_of=None)`` - ``representations_due``,
  ``amended_plan_due`` and, with a meeting, ``amendment_notice_due``.
* ``phase_transfer_deadline(year, to_phase, rules=DEFAULT_RULES, *, amended_on=None,
  as_of=None)`` and ``post16_move_deadline(move_on, *, amended_on=None, as_of=None)`` - key
  ``amended_plan_due``.
* ``council_transfer_deadlines(moved_on, *, aware_on=None, transferred_on=None,
  plan_made_on=None, last_review_on=None, family_told_on=None, reviewed_on=None, as_of=None,
  rules=DEFAULT_RULES)`` - ``plan_transfer_due``, ``transfer_notice_due``, ``transfer_review_due``.
* ``mediation_deadlines(decision_on, *, adviser_contacted_on=None, mediation_wanted=None,
  council_told_on=None, mediation_on=None, certificate_on=None, as_of=None)``.
* ``appeal_deadline(decision_on, certificate_on=None, *, lodged_on=None, as_of=None)`` - key
  ``appeal_due``.
* ``ceasing_deadlines(decision_on, *, certificate_on=None, review_meeting_on=None,
  appeal_lodged_on=None, as_of=None)`` and ``earliest_cease_date(decision_on,
  certificate_on=None)``.
* ``tribunal_order_deadlines(order_on, order, *, unopposed=False, done=None, exceptions=(),
  as_of=None)``.
* ``lifting_exceptions(rule, trigger, due, exceptions, advice_dates=())``,
  ``status_of(due, met_on, applies, as_of)`` and ``window_status_of(due, acted_on, cut_short_on,
  as_of)`` - the building blocks, for reuse. A *window* (``rule.window``: the family's 15 days to
  comment, the appeal period) is met when it runs its course and missed only when the council cuts
  it short (a final plan issued inside the 15 days).
* Cohorts: ``national_curriculum_year(date_of_birth, on_date)``, ``school_year_start(on_date)``,
  ``transfer_year(date_of_birth, to_phase, rules=DEFAULT_RULES)``, ``transfer_cohort(year,
  to_phase, rules=DEFAULT_RULES) -> (first_dob, last_dob)``, ``in_transfer_cohort(...)``.
* Calendar: ``act_by(day)``, ``is_working_day(day)``, ``next_working_day(day)``,
  ``add_working_days(start, n, *, beginning_with=False)``, ``add_months(day, n)``,
  ``bank_holidays(year)``, ``tribunal_time_limit(day)``.
* ``RULES`` (dict of ``Rule`` by key) and the period constants of ``openehcp.clock.periods``
  (``DECISION_TO_ASSESS``, ``ADVICE``, ``NOT_TO_ISSUE``, ``FINAL_PLAN``, ``REPRESENTATIONS_DAYS``,
  ``REPRESENTATIONS``, ``CONSULTATION``, ``REASSESSMENT_DECISION``, ``REASSESSMENT_PLAN``,
  ``REVIEW_MONTHS``, ``UNDER_FIVE_REVIEW_MONTHS``, ``REVIEW_REPORT``, ``REVIEW_DECISION``,
  ``AMENDED_PLAN``, ``AMENDMENT_NOTICE``, ``AMENDED_PLAN_AFTER_MEETING``, ``APPEAL_MONTHS`` ...)
  so that SQL and reports use the same numbers, e.g. ``received_on + FINAL_PLAN.days``.

Example::

    from datetime import date
    from openehcp.clock import CaseFacts, assessment_deadlines

    for d in assessment_deadlines(CaseFacts(received_on=date(2025, 1, 6)), as_of=date(2025, 3, 1)):
        print(d.key, d.due, d.act_by, d.status)  # decision_to_assess_due 2025-02-17 ... pending

Readings chosen (law first; where ``shared/domain`` and the regulations differ, the regulations win)
-----------------------------------------------------------------------------------------------

* "Within N weeks of" an event excludes the event day: request + 42 / 112 / 140 days. Some advice
  services count the day of receipt as day 1 (+139); the regulations' wording does not support it.
* "At least 15 days, beginning with the day on which [it] was served" (regs 13(1), 22(2)): the day
  of service is day 1, so the last day is served + 14 and the council may finalise from served + 15.
* Due dates never move for weekends or bank holidays; ``act_by`` is the last working day on or
  before. Only Tribunal appeal limits move (forwards), under HESC r.12.
* Exceptions lift a limit (``time_limit_applies=False``) and never move or tighten it; see
  ``lifting_exceptions`` for how the exception's period must fall in the deadline's period.
  reg 5(4) (decision to assess) is read as having no early-years-closure limb (unlike regs 10(4),
  13(3), 27(3)); reg 8(2) (advice) has no closure limb but adds the missed appointment.
* Reassessment decision: 15 days from the request under reg 25(1) - the domain notes say reg 24;
  reg 27(2)'s "notification under regulation 25(1)" shows the decision is reg 25.
* Annual review (CFA s44(1), "the period of 12 months starting with"): strict = the day before the
  anniversary (default), inclusive = the anniversary (configurable). The period starts on the later
  of the plan being made and the last review *meeting*. Under 5: an extra review after 6 months
  (Code of Practice 9.178; guidance, configurable).
* Amendment: 8 weeks from sending the notice (reg 22(3)); with a known review meeting, capped at
  meeting + 12 weeks and the notice due meeting + 4 weeks (R (L) v Devon CC [2022] EWHC 493).
* Phase transfer "before 15 February / 31 March" (reg 18(1)): strict = 14 February / 30 March
  (default), inclusive = 15 February / 31 March (configurable). Post-16 to post-16: move - 5 months.
* Months: the same day-number, clamped to the month's end (31 Dec + 2 months = 28/29 Feb).
* Appeal (HESC r.20(1)(c)): the later of decision + 2 months and certificate + 1 month; then r.12:
  a last day from 25 Dec to 1 Jan, or in August, becomes the first working day after 1 Jan / 31 Aug;
  any other non-working day the next working day.
* Tribunal orders (reg 44 as amended by SI 2015/359) and unopposed appeals (reg 45 as substituted):
  the domain summary's "start an assessment within 4 weeks" and "issue a plan within 5 weeks" are
  the pre-2015 / shorthand readings; the regulations now give: notify 2 weeks, not-to-issue 10
  weeks, plan 14 weeks after an ordered assessment; draft 5 weeks and final 11 weeks after an order
  to make a plan; amended plan 5 weeks (2 weeks if only the school named changes).
"""

from .calendar import (
    act_by,
    add_months,
    add_working_days,
    bank_holidays,
    is_working_day,
    next_working_day,
    tribunal_time_limit,
)
from .cohorts import (
    entry_year,
    in_transfer_cohort,
    national_curriculum_year,
    school_year_start,
    transfer_cohort,
    transfer_year,
)
from .engine import (
    advice_due,
    amendment_deadlines,
    appeal_deadline,
    assessment_deadlines,
    ceasing_deadlines,
    council_transfer_deadlines,
    earliest_cease_date,
    lifting_exceptions,
    mediation_deadlines,
    phase_transfer_deadline,
    post16_move_deadline,
    reassessment_deadlines,
    representations_due,
    review_deadlines,
    status_of,
    timeline,
    tribunal_order_deadlines,
    window_status_of,
)
from .model import (
    DEFAULT_RULES,
    AdviceRequest,
    CaseFacts,
    ClockRules,
    Consultation,
    Deadline,
    ExceptionPeriod,
    ExceptionReason,
    Phase,
    Rule,
    Status,
    TribunalOrder,
)
from .periods import (
    ADVICE,
    AMENDED_PLAN,
    AMENDED_PLAN_AFTER_MEETING,
    AMENDMENT_NOTICE,
    APPEAL_AFTER_CERTIFICATE_MONTHS,
    APPEAL_MONTHS,
    CONSULTATION,
    CONSULTATION_DAYS,
    DECISION_TO_ASSESS,
    FINAL_PLAN,
    NOT_TO_ISSUE,
    REASSESSMENT_DECISION,
    REASSESSMENT_DECISION_DAYS,
    REASSESSMENT_PLAN,
    REPRESENTATIONS,
    REPRESENTATIONS_DAYS,
    REVIEW_DECISION,
    REVIEW_MONTHS,
    REVIEW_REPORT,
    UNDER_FIVE_REVIEW_MONTHS,
)
from .rules import ORDER_RULES, RULES

__all__ = [
    "ADVICE",
    "AMENDED_PLAN",
    "AMENDED_PLAN_AFTER_MEETING",
    "AMENDMENT_NOTICE",
    "APPEAL_AFTER_CERTIFICATE_MONTHS",
    "APPEAL_MONTHS",
    "CONSULTATION",
    "CONSULTATION_DAYS",
    "DECISION_TO_ASSESS",
    "DEFAULT_RULES",
    "FINAL_PLAN",
    "NOT_TO_ISSUE",
    "ORDER_RULES",
    "REASSESSMENT_DECISION",
    "REASSESSMENT_DECISION_DAYS",
    "REASSESSMENT_PLAN",
    "REPRESENTATIONS",
    "REPRESENTATIONS_DAYS",
    "REVIEW_DECISION",
    "REVIEW_MONTHS",
    "REVIEW_REPORT",
    "RULES",
    "UNDER_FIVE_REVIEW_MONTHS",
    "AdviceRequest",
    "CaseFacts",
    "ClockRules",
    "Consultation",
    "Deadline",
    "ExceptionPeriod",
    "ExceptionReason",
    "Phase",
    "Rule",
    "Status",
    "TribunalOrder",
    "act_by",
    "add_months",
    "add_working_days",
    "advice_due",
    "amendment_deadlines",
    "appeal_deadline",
    "assessment_deadlines",
    "bank_holidays",
    "ceasing_deadlines",
    "council_transfer_deadlines",
    "earliest_cease_date",
    "entry_year",
    "in_transfer_cohort",
    "is_working_day",
    "lifting_exceptions",
    "mediation_deadlines",
    "national_curriculum_year",
    "next_working_day",
    "phase_transfer_deadline",
    "post16_move_deadline",
    "reassessment_deadlines",
    "representations_due",
    "review_deadlines",
    "school_year_start",
    "status_of",
    "timeline",
    "transfer_cohort",
    "transfer_year",
    "tribunal_order_deadlines",
    "tribunal_time_limit",
    "window_status_of",
]
