"""The clock's functions: from the facts of a case to its deadlines.

Counting conventions (see the package docstring for the reasons):

* "within N weeks of" an event: the event day is day 0; the last day is the event + 7 x N days.
* "at least 15 days, beginning with the day on which it was served": the day of service is day 1, so
  the last day of the period is the day of service + 14.
* "within N months": the same day-number N months later, clamped to the month's last day.
* "the period of 12 months starting/beginning with" a date: the last day is the day before the
  anniversary (strict reading; ``ClockRules(review_reading="inclusive")`` uses the anniversary).

When an exception applies: the limit is *lifted* (``time_limit_applies=False``); the due date is not
moved, and an exception never makes a limit stricter. How an exception's period must relate to the
deadline's period - the days counted, from the day after the trigger to the due date - is set out in
:func:`lifting_exceptions`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta

from . import periods as P
from .calendar import (
    ACT_BY_CACHE,
    ONE_DAY,
    act_by,
    add_months,
    add_working_days,
    period_end,
    tribunal_time_limit,
    working_days_between,
)
from .model import (
    CLOSURE_REASONS,
    DEFAULT_RULES,
    CaseFacts,
    ClockRules,
    Deadline,
    ExceptionPeriod,
    ExceptionReason,
    Phase,
    Rule,
    Status,
    TribunalOrder,
)
from .rules import ORDER_RULES, RULES

_MET = Status.MET
_MISSED = Status.MISSED
_PENDING = Status.PENDING
_ABSENCE = ExceptionReason.ABSENCE_FROM_AREA


def status_of(due: date, met_on: date | None, applies: bool, as_of: date | None) -> Status | None:
    """Met, missed or pending as of ``as_of``.

    Done on or before the due date: met. Done after it: missed, unless an exception lifted the limit
    (then met - the step was done "as soon as practicable" and no limit was broken). Not done:
    missed once ``as_of`` is after the due date, unless the limit is lifted (then pending). A step
    recorded as done after ``as_of`` counts as not done yet. ``None`` when there is no ``as_of`` and
    nothing is recorded as done.
    """
    if met_on is not None and (as_of is None or met_on <= as_of):
        return _MET if (met_on <= due or not applies) else _MISSED
    if as_of is None:
        return None
    if applies and as_of > due:
        return _MISSED
    return _PENDING


def window_status_of(
    due: date, acted_on: date | None, cut_short_on: date | None, as_of: date | None
) -> Status | None:
    """Status of a window the family has (to comment on a draft, to appeal).

    Missed when the council cut it short (e.g. finalised the plan on or before the last day of the
    15 days). If the family acted (``acted_on``): met when on or before the last day, missed after.
    Otherwise pending while the window is open and met once it has run its course: a family that
    chooses not to comment or appeal has missed nothing.
    """
    cut = cut_short_on
    if cut is not None and cut <= due and (as_of is None or cut <= as_of):
        return _MISSED
    if acted_on is not None and (as_of is None or acted_on <= as_of):
        return _MET if acted_on <= due else _MISSED
    if as_of is None:
        return None
    return _MET if as_of > due else _PENDING


def lifting_exceptions(
    rule: Rule,
    trigger: date,
    due: date,
    exceptions: Iterable[ExceptionPeriod],
    advice_dates: Iterable[date] = (),
) -> tuple[ExceptionPeriod, ...]:
    """The recorded exceptions that lift ``rule``'s time limit for the period ``trigger``..``due``.

    The regulations release the council from a limit only for a reason they list for that limit
    (``rule.exceptions``) and only if the circumstance fell in "that time period" - here the days
    counted, from the day after the trigger to the due date inclusive:

    * closure of a school/post-16 institution or early years provider (regs 5(4)(a), 10(4)(a)-(b),
      13(3), 27(3)(a)-(b)): the setting closed for a continuous period of at least 4 weeks
      (``end - start >= 28`` days, ``end`` being the re-opening day) and the council asked it for
      advice in the window from 7 days before it closed to 7 days before it re-opened, on a day from
      the trigger to the due date (advice asked after the due date cannot have made it impractical).
      The advice date is the exception's ``advice_requested_on``, else the case's advice requests;
      when neither is known, the officer's record stands for it and the window need only overlap
      the period;
    * absence from the area: a continuous absence of at least 4 weeks (2 weeks for Tribunal orders,
      reg 44(3)) *during* the period, i.e. at least that many of its days fall within the period;
    * exceptional personal circumstances, a missed appointment (reg 8(2)(c) only): on at least one
      day of the period.

    The engine checks the dates; whether the circumstance really made the limit impractical is the
    judgement of the officer who records it.
    """
    allowed = rule.exceptions
    if not allowed:
        return ()
    first = trigger + ONE_DAY
    found = []
    for exc in exceptions:
        reason = exc.reason
        if reason not in allowed:
            continue
        if reason in CLOSURE_REASONS:
            if (exc.end - exc.start).days < 28:
                continue
            window_start = exc.start - P.CLOSURE_LEAD
            window_end = exc.end - P.CLOSURE_LEAD
            asked = (exc.advice_requested_on,) if exc.advice_requested_on else advice_dates
            if asked:
                if any(window_start <= d <= window_end and trigger <= d <= due for d in asked):
                    found.append(exc)
            elif window_start <= due and window_end >= trigger:
                found.append(exc)
        elif reason is _ABSENCE:
            overlap = (min(exc.end, due) - max(exc.start, first)).days + 1
            if overlap >= rule.absence_min_days:
                found.append(exc)
        elif exc.start <= due and exc.end >= first:
            found.append(exc)
    return tuple(found)


_new = object.__new__
_set = object.__setattr__


def _deadline(
    key: str,
    rule: Rule,
    trigger: date,
    due: date,
    met_on: date | None,
    as_of: date | None,
    exceptions: tuple[ExceptionPeriod, ...] = (),
    advice_dates: tuple[date, ...] = (),
    ref: str = "",
    notes: tuple[str, ...] = (),
    cut_short_on: date | None = None,
) -> Deadline:
    """Build one deadline: the engine's hot path (status_of and act_by inlined)."""
    if exceptions and rule.exceptions:
        lifted = lifting_exceptions(rule, trigger, due, exceptions, advice_dates)
        applies = not lifted
    else:
        lifted = ()
        applies = True
    if rule.window:
        status = window_status_of(due, met_on, cut_short_on, as_of)
    elif met_on is not None and (as_of is None or met_on <= as_of):
        status = _MET if (met_on <= due or not applies) else _MISSED
    elif as_of is None:
        status = None
    elif applies and as_of > due:
        status = _MISSED
    else:
        status = _PENDING
    deadline = _new(Deadline)
    _set(
        deadline,
        "__dict__",
        {
            "key": key,
            "due": due,
            "act_by": ACT_BY_CACHE.get(due) or act_by(due),
            "trigger": trigger,
            "rule": rule,
            "time_limit_applies": applies,
            "lifted_by": lifted,
            "met_on": met_on,
            "status": status,
            "ref": ref,
            "notes": notes,
        },
    )
    return deadline


# --- single deadlines -------------------------------------------------------------------------


def advice_due(
    requested_on: date,
    *,
    received_on: date | None = None,
    advisor: str = "",
    exceptions: tuple[ExceptionPeriod, ...] = (),
    as_of: date | None = None,
) -> Deadline:
    """reg 8(1): advice within 6 weeks of the request for it (exceptions reg 8(2))."""
    return _deadline(
        "advice_due",
        RULES["advice"],
        requested_on,
        requested_on + P.ADVICE,
        received_on,
        as_of,
        tuple(exceptions),
        ref=advisor,
    )


def representations_due(
    served_on: date,
    *,
    received_on: date | None = None,
    plan_issued_on: date | None = None,
    as_of: date | None = None,
) -> Deadline:
    """reg 13(1)(a): at least 15 days beginning with the day the draft is served (served + 14).

    A window: missed only if the final plan was issued on or before its last day.
    """
    return _deadline(
        "representations_due",
        RULES["representations"],
        served_on,
        served_on + P.REPRESENTATIONS,
        received_on,
        as_of,
        cut_short_on=plan_issued_on,
    )


def appeal_deadline(
    decision_on: date,
    certificate_on: date | None = None,
    *,
    lodged_on: date | None = None,
    as_of: date | None = None,
) -> Deadline:
    """HESC Rules r.20(1)(c): the later of decision + 2 months and certificate + 1 month, then r.12.

    ``decision_on`` is the day written notice of the decision was sent; ``certificate_on`` the day
    the mediation certificate was issued. Months clamp to the month's end (31 Dec + 2 months =
    28/29 Feb). The resulting day is moved by r.12(3)(a) (25 Dec-1 Jan and August: to the first
    working day after 1 Jan / 31 Aug) and r.12(2) (any other non-working day: the next working day),
    so ``due`` is the last day on which the Tribunal may receive the appeal and is a working day.
    """
    if certificate_on is not None and certificate_on < decision_on:
        raise ValueError("the mediation certificate is dated before the decision")
    limit = add_months(decision_on, P.APPEAL_MONTHS)
    notes: tuple[str, ...] = ()
    if certificate_on is not None:
        after_certificate = add_months(certificate_on, P.APPEAL_AFTER_CERTIFICATE_MONTHS)
        if after_certificate > limit:
            limit = after_certificate
            notes = ("counted from the mediation certificate",)
    due = tribunal_time_limit(limit)
    if due != limit:
        notes += (f"moved from {limit.isoformat()} by HESC Rules r.12",)
    return _deadline("appeal_due", RULES["appeal"], decision_on, due, lodged_on, as_of, notes=notes)


def phase_transfer_deadline(
    year: int,
    to_phase: Phase | str,
    rules: ClockRules = DEFAULT_RULES,
    *,
    amended_on: date | None = None,
    as_of: date | None = None,
) -> Deadline:
    """reg 18(1): review and amend "before 15 February" (school phases) or "before 31 March"
    (secondary school to post-16) of the calendar year of the transfer.

    Strict reading (default): the last day is 14 February / 30 March; ``rules.phase_transfer_reading
    = "inclusive"`` gives 15 February / 31 March. The trigger is 1 September of the year before (the
    start of the 12 months before the transfer in which reg 18 applies).
    """
    phase = Phase(to_phase)
    if phase is Phase.POST16:
        month, day = P.PHASE_TRANSFER_POST16
        rule = RULES["phase_transfer_post16"]
    else:
        month, day = P.PHASE_TRANSFER_SCHOOL
        rule = RULES["phase_transfer_school"]
    due = date(year, month, day)
    if rules.phase_transfer_reading == "strict":
        due -= ONE_DAY
    return _deadline(
        "amended_plan_due", rule, date(year - 1, 9, 1), due, amended_on, as_of, ref=str(phase)
    )


def post16_move_deadline(
    move_on: date, *, amended_on: date | None = None, as_of: date | None = None
) -> Deadline:
    """reg 18(2): between two post-16 institutions at another time, amend at least 5 months before
    the move (the last day is the move date less 5 months, clamped to the month's end)."""
    due = add_months(move_on, -P.POST16_MOVE_MONTHS)
    return _deadline(
        "amended_plan_due",
        RULES["post16_move"],
        add_months(move_on, -12),
        due,
        amended_on,
        as_of,
        ref="post16-move",
    )


# --- groups of deadlines ----------------------------------------------------------------------


def assessment_deadlines(
    facts: CaseFacts, *, as_of: date | None = None, rules: ClockRules = DEFAULT_RULES
) -> tuple[Deadline, ...]:
    """The EHC needs assessment deadlines (regs 5, 8, 10, 13; CFA s39) that apply to ``facts``.

    The 6-, 16- and 20-week limits run from ``became_responsible_on`` when set (CFA s24 - the family
    moved in during an assessment, regs 5(1)(b), 10(1)(b), 13(2)(b)), else from ``received_on``.
    Not-to-issue is left out once a draft or final plan exists; the final plan once the council has
    refused to assess or decided not to issue.
    """
    trigger = facts.became_responsible_on or facts.received_on
    exceptions = facts.exceptions
    advice_dates = tuple(a.requested_on for a in facts.advice_requests) if exceptions else ()
    out: list[Deadline] = []
    if trigger is not None:
        out.append(
            _deadline(
                "decision_to_assess_due",
                RULES["decision_to_assess"],
                trigger,
                trigger + P.DECISION_TO_ASSESS,
                facts.decision_on,
                as_of,
                exceptions,
                advice_dates,
            )
        )
    for request in facts.advice_requests:
        out.append(
            _deadline(
                "advice_due",
                RULES["advice"],
                request.requested_on,
                request.requested_on + P.ADVICE,
                request.received_on,
                as_of,
                exceptions,
                ref=request.advisor,
            )
        )
    refused = facts.decided_to_assess is False
    if trigger is not None and not refused:
        if facts.draft_served_on is None and facts.plan_issued_on is None:
            out.append(
                _deadline(
                    "notice_not_to_issue_due",
                    RULES["not_to_issue"],
                    trigger,
                    trigger + P.NOT_TO_ISSUE,
                    facts.not_to_issue_on,
                    as_of,
                    exceptions,
                    advice_dates,
                )
            )
    if facts.draft_served_on is not None:
        out.append(
            representations_due(
                facts.draft_served_on,
                received_on=facts.representations_on,
                plan_issued_on=facts.plan_issued_on,
                as_of=as_of,
            )
        )
    for consultation in facts.consultations:
        out.append(
            _deadline(
                "consultation_reply_due",
                RULES["consultation_reply"],
                consultation.sent_on,
                consultation.sent_on + P.CONSULTATION,
                consultation.replied_on,
                as_of,
                ref=consultation.setting,
            )
        )
    if trigger is not None and not refused and facts.not_to_issue_on is None:
        out.append(
            _deadline(
                "final_plan_due",
                RULES["final_plan"],
                trigger,
                trigger + P.FINAL_PLAN,
                facts.plan_issued_on,
                as_of,
                exceptions,
                advice_dates,
            )
        )
    return tuple(out)


def reassessment_deadlines(
    requested_on: date | None = None,
    *,
    decision_on: date | None = None,
    decided_to_reassess: bool = True,
    plan_on: date | None = None,
    exceptions: tuple[ExceptionPeriod, ...] = (),
    advice_dates: tuple[date, ...] = (),
    as_of: date | None = None,
) -> tuple[Deadline, ...]:
    """reg 25(1): decision within 15 days of a request; reg 27(2): the amended or replaced plan
    within 14 weeks of the notification of the decision to reassess (exceptions reg 27(3)).

    The 14 weeks run from ``decision_on`` (the notification under reg 25(1), or the council's own
    decision to reassess under CFA s44(3) when there was no request).
    """
    out: list[Deadline] = []
    if requested_on is not None:
        out.append(
            _deadline(
                "reassessment_decision_due",
                RULES["reassessment_decision"],
                requested_on,
                requested_on + P.REASSESSMENT_DECISION,
                decision_on,
                as_of,
            )
        )
    if decision_on is not None and decided_to_reassess:
        out.append(
            _deadline(
                "reassessment_plan_due",
                RULES["reassessment_plan"],
                decision_on,
                decision_on + P.REASSESSMENT_PLAN,
                plan_on,
                as_of,
                tuple(exceptions),
                tuple(advice_dates),
            )
        )
    return tuple(out)


def _age_on(date_of_birth: date, day: date) -> int:
    years = day.year - date_of_birth.year
    if (day.month, day.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years


def review_deadlines(
    plan_made_on: date,
    *,
    last_review_on: date | None = None,
    meeting_on: date | None = None,
    date_of_birth: date | None = None,
    report_on: date | None = None,
    decision_on: date | None = None,
    as_of: date | None = None,
    rules: ClockRules = DEFAULT_RULES,
) -> tuple[Deadline, ...]:
    """Annual review: CFA s44(1), regs 20(7)-(8) and 20(10), Code of Practice 9.178.

    ``review_due``: the review must take place within "the period of 12 months starting with" the
    date the plan was made or, after the first review, the date of the last review. The anchor is
    the later of ``plan_made_on`` and ``last_review_on``, where a review's date is its *meeting*
    (the review is held at the meeting; the earlier of meeting and decision date is also the safer
    reading). Strict reading: the day before the anniversary; inclusive: the anniversary.
    ``meeting_on`` is the meeting of this review: it meets ``review_due`` and starts
    ``report_due`` (meeting + 2 weeks) and ``decision_due`` (meeting + 4 weeks).
    ``early_review_due``: for a child under 5 on the anchor date, an extra review after
    ``rules.under_five_review_months`` months (guidance; not a statutory limit).
    """
    anchor = plan_made_on
    if last_review_on is not None:
        if last_review_on < plan_made_on:
            raise ValueError("the last review is before the plan was made")
        anchor = last_review_on
    if meeting_on is not None and meeting_on <= anchor:
        raise ValueError("the review meeting is not after the plan was made or last reviewed")
    strict = rules.review_reading == "strict"
    review_due = period_end(anchor, P.REVIEW_MONTHS, beginning_with=strict)
    out: list[Deadline] = []
    months = rules.under_five_review_months
    if date_of_birth is not None and months and _age_on(date_of_birth, anchor) < 5:
        early = period_end(anchor, months, beginning_with=strict)
        if early < review_due:
            out.append(
                _deadline(
                    "early_review_due", RULES["early_review"], anchor, early, meeting_on, as_of
                )
            )
    out.append(_deadline("review_due", RULES["review"], anchor, review_due, meeting_on, as_of))
    if meeting_on is not None:
        out.append(
            _deadline(
                "report_due",
                RULES["review_report"],
                meeting_on,
                meeting_on + P.REVIEW_REPORT,
                report_on,
                as_of,
            )
        )
        out.append(
            _deadline(
                "decision_due",
                RULES["review_decision"],
                meeting_on,
                meeting_on + P.REVIEW_DECISION,
                decision_on,
                as_of,
            )
        )
    return tuple(out)


def amendment_deadlines(
    notice_sent_on: date,
    *,
    served_on: date | None = None,
    meeting_on: date | None = None,
    representations_on: date | None = None,
    amended_plan_on: date | None = None,
    as_of: date | None = None,
) -> tuple[Deadline, ...]:
    """Amending a plan: reg 22(2)(c), 22(3) and R (L) v Devon CC [2022] EWHC 493 (Admin).

    ``representations_due``: served + 14 (``served_on`` defaults to the day the notice was sent -
    e-mail; a posted notice's deemed day of service can be given). ``amended_plan_due``: 8 weeks
    from sending the notice; when the review ``meeting_on`` is known, no later than meeting + 12
    weeks (Devon: the notice belongs in the 4-week decision, so the plan follows within 8 weeks of
    that). With a meeting, ``amendment_notice_due`` (meeting + 4 weeks) is also returned, met by the
    notice; a notice later than that is flagged in its notes.
    """
    served = served_on or notice_sent_on
    if served < notice_sent_on:
        raise ValueError("the notice was served before it was sent")
    out: list[Deadline] = []
    due = notice_sent_on + P.AMENDED_PLAN
    trigger = notice_sent_on
    plan_notes: tuple[str, ...] = ()
    if meeting_on is not None:
        if notice_sent_on < meeting_on:
            raise ValueError("the amendment notice is before the review meeting")
        notice_due = meeting_on + P.AMENDMENT_NOTICE
        late = notice_sent_on > notice_due
        out.append(
            _deadline(
                "amendment_notice_due",
                RULES["amendment_notice"],
                meeting_on,
                notice_due,
                notice_sent_on,
                as_of,
                notes=("notice sent later than 4 weeks after the review meeting",) if late else (),
            )
        )
        cap = meeting_on + P.AMENDED_PLAN_AFTER_MEETING
        if cap < due:
            due = cap
            trigger = meeting_on
            plan_notes = ("capped at 12 weeks after the review meeting (Devon)",)
    out.append(
        _deadline(
            "representations_due",
            RULES["amendment_representations"],
            served,
            served + P.REPRESENTATIONS,
            representations_on,
            as_of,
            cut_short_on=amended_plan_on,
        )
    )
    out.append(
        _deadline(
            "amended_plan_due",
            RULES["amended_plan"],
            trigger,
            due,
            amended_plan_on,
            as_of,
            notes=plan_notes,
        )
    )
    return tuple(out)


def council_transfer_deadlines(
    moved_on: date,
    *,
    aware_on: date | None = None,
    transferred_on: date | None = None,
    plan_made_on: date | None = None,
    last_review_on: date | None = None,
    family_told_on: date | None = None,
    reviewed_on: date | None = None,
    as_of: date | None = None,
    rules: ClockRules = DEFAULT_RULES,
) -> tuple[Deadline, ...]:
    """Transfer of a plan between councils (reg 15).

    ``plan_transfer_due`` (old council, reg 15(2)): the day of the move if it knew at least 15
    working days before (15 or more working days from ``aware_on`` up to the day before the move),
    else the 15th working day beginning with the day it became aware. Once ``transferred_on`` is
    known: ``transfer_notice_due`` (+6 weeks, reg 15(4)) and ``transfer_review_due`` (reg 15(5):
    the later of the end of the 12-month period beginning with the plan being made or last reviewed
    and the end of the 3-month period beginning with the transfer; "beginning with" is read as for
    CFA s44 - strict by default).
    """
    out: list[Deadline] = []
    trigger = aware_on or moved_on
    if aware_on is None or working_days_between(aware_on, moved_on) >= 15:
        due = moved_on
    else:
        due = add_working_days(aware_on, P.TRANSFER_OLD_LA_WORKING_DAYS, beginning_with=True)
    out.append(
        _deadline(
            "plan_transfer_due",
            RULES["plan_transfer"],
            min(trigger, due),
            due,
            transferred_on,
            as_of,
        )
    )
    if transferred_on is not None:
        out.append(
            _deadline(
                "transfer_notice_due",
                RULES["transfer_notice"],
                transferred_on,
                transferred_on + P.TRANSFER_NOTICE,
                family_told_on,
                as_of,
            )
        )
        strict = rules.review_reading == "strict"
        review = period_end(transferred_on, P.TRANSFER_REVIEW_MONTHS, beginning_with=strict)
        anchor = last_review_on or plan_made_on
        if anchor is not None:
            review = max(review, period_end(anchor, P.REVIEW_MONTHS, beginning_with=strict))
        out.append(
            _deadline(
                "transfer_review_due",
                RULES["transfer_review"],
                transferred_on,
                review,
                reviewed_on,
                as_of,
            )
        )
    return tuple(out)


def mediation_deadlines(
    decision_on: date,
    *,
    adviser_contacted_on: date | None = None,
    mediation_wanted: bool | None = None,
    council_told_on: date | None = None,
    mediation_on: date | None = None,
    certificate_on: date | None = None,
    as_of: date | None = None,
) -> tuple[Deadline, ...]:
    """Mediation (CFA s53-s55; regs 32-42).

    ``mediation_contact_due``: decision + 2 months (the family). ``certificate_due``: when the
    family tells the adviser it does not want mediation, 3 working days from that contact.
    ``mediation_due``: 30 days from the council being told mediation is wanted.
    ``certificate_after_mediation_due``: 3 working days from the mediation.
    """
    out = [
        _deadline(
            "mediation_contact_due",
            RULES["mediation_contact"],
            decision_on,
            add_months(decision_on, P.MEDIATION_CONTACT_MONTHS),
            adviser_contacted_on,
            as_of,
        )
    ]
    if adviser_contacted_on is not None and mediation_wanted is False:
        out.append(
            _deadline(
                "certificate_due",
                RULES["mediation_certificate"],
                adviser_contacted_on,
                add_working_days(adviser_contacted_on, P.MEDIATION_CERTIFICATE_WORKING_DAYS),
                certificate_on,
                as_of,
            )
        )
    if council_told_on is not None:
        out.append(
            _deadline(
                "mediation_due",
                RULES["mediation"],
                council_told_on,
                council_told_on + P.MEDIATION,
                mediation_on,
                as_of,
            )
        )
    if mediation_on is not None:
        out.append(
            _deadline(
                "certificate_after_mediation_due",
                RULES["mediation_certificate_after"],
                mediation_on,
                add_working_days(mediation_on, P.MEDIATION_CERTIFICATE_WORKING_DAYS),
                certificate_on,
                as_of,
            )
        )
    return tuple(out)


def ceasing_deadlines(
    decision_on: date,
    *,
    certificate_on: date | None = None,
    review_meeting_on: date | None = None,
    appeal_lodged_on: date | None = None,
    as_of: date | None = None,
) -> tuple[Deadline, ...]:
    """Ceasing a plan (CFA s45; regs 29-31).

    No period is set for the steps before the decision. After a review meeting, a decision to cease
    is due within 4 weeks of the meeting (reg 20(10): ``cease_decision_due``). The family's appeal
    window follows (``mediation_contact_due``, ``appeal_due``); the plan must be maintained until
    that window has passed or any appeal has ended - see :func:`earliest_cease_date`.
    """
    out: list[Deadline] = []
    if review_meeting_on is not None:
        if decision_on < review_meeting_on:
            raise ValueError("the decision to cease is before the review meeting")
        out.append(
            _deadline(
                "cease_decision_due",
                RULES["review_decision_cease"],
                review_meeting_on,
                review_meeting_on + P.REVIEW_DECISION,
                decision_on,
                as_of,
            )
        )
    out.append(
        _deadline(
            "mediation_contact_due",
            RULES["mediation_contact"],
            decision_on,
            add_months(decision_on, P.MEDIATION_CONTACT_MONTHS),
            None,
            as_of,
        )
    )
    out.append(
        appeal_deadline(decision_on, certificate_on, lodged_on=appeal_lodged_on, as_of=as_of)
    )
    return tuple(out)


def earliest_cease_date(decision_on: date, certificate_on: date | None = None) -> date:
    """The first day a ceased plan may end if no appeal is brought: the day after the appeal window
    closes (CFA s45, reg 31: the plan is maintained until the time for appealing has passed)."""
    return appeal_deadline(decision_on, certificate_on).due + ONE_DAY


_ORDER_STEPS: dict[TribunalOrder, tuple[tuple[str, str, timedelta], ...]] = {
    TribunalOrder.CEASE: (("order_cease_due", "order_cease", timedelta(0)),),
    TribunalOrder.ASSESS: (
        ("order_notify_due", "order_notify", P.ORDER_NOTIFY_ASSESSMENT),
        ("order_not_to_issue_due", "order_not_to_issue", P.ORDER_NOT_TO_ISSUE),
        ("order_plan_due", "order_plan", P.ORDER_PLAN_AFTER_ASSESSMENT),
    ),
    TribunalOrder.MAKE_PLAN: (
        ("order_draft_due", "order_draft", P.ORDER_DRAFT_PLAN),
        ("order_final_plan_due", "order_final_plan", P.ORDER_FINAL_PLAN),
    ),
    TribunalOrder.AMEND: (("order_amended_plan_due", "order_amended_plan", P.ORDER_AMEND),),
    TribunalOrder.AMEND_PLACEMENT: (
        ("order_amended_plan_due", "order_amended_placement", P.ORDER_AMEND_PLACEMENT),
    ),
    TribunalOrder.CONTINUE: (("order_continue_due", "order_continue", timedelta(0)),),
    TribunalOrder.CONTINUE_AND_AMEND: (
        ("order_continue_due", "order_continue", timedelta(0)),
        ("order_amended_plan_due", "order_amended_plan", P.ORDER_AMEND),
    ),
}


def tribunal_order_deadlines(
    order_on: date,
    order: TribunalOrder | str,
    *,
    unopposed: bool = False,
    done: Mapping[str, date] | None = None,
    exceptions: tuple[ExceptionPeriod, ...] = (),
    as_of: date | None = None,
) -> tuple[Deadline, ...]:
    """Deadlines to carry out a Tribunal order (reg 44(2)) or an unopposed appeal (reg 45).

    ``order_on`` is the date of the order, or for ``unopposed=True`` the date the council told the
    Tribunal it would not oppose. ``done`` maps a returned key (e.g. ``"order_final_plan_due"``) to
    the day that step was done. Exceptions (reg 44(3)): exceptional personal circumstances, or an
    absence from the area of at least 2 weeks during the period; "immediately" steps have none.
    An unopposed appeal against ceasing means the plan continues (``CONTINUE``), so ``CEASE`` is
    only valid for an order.
    """
    kind = TribunalOrder(order)
    if unopposed and kind is TribunalOrder.CEASE:
        raise ValueError("an unopposed appeal against ceasing continues the plan; use 'continue'")
    done = done or {}
    exceptions = tuple(exceptions)
    return tuple(
        _deadline(
            key,
            ORDER_RULES[(rule_key, unopposed)],
            order_on,
            order_on + period,
            done.get(key),
            as_of,
            exceptions,
            ref=str(kind),
        )
        for key, rule_key, period in _ORDER_STEPS[kind]
    )


def timeline(
    facts: CaseFacts, *, as_of: date | None = None, rules: ClockRules = DEFAULT_RULES
) -> tuple[Deadline, ...]:
    """Every deadline the facts support: assessment, reassessment, review, amendment, phase
    transfer and appeal, in that order."""
    out = list(assessment_deadlines(facts, as_of=as_of, rules=rules))
    if facts.reassessment_requested_on is not None or facts.reassessment_decision_on is not None:
        out.extend(
            reassessment_deadlines(
                facts.reassessment_requested_on,
                decision_on=facts.reassessment_decision_on,
                plan_on=facts.reassessment_plan_on,
                exceptions=facts.exceptions,
                as_of=as_of,
            )
        )
    plan_made_on = facts.plan_made_on or facts.plan_issued_on
    if plan_made_on is not None:
        out.extend(
            review_deadlines(
                plan_made_on,
                last_review_on=facts.last_review_on,
                meeting_on=facts.review_meeting_on,
                date_of_birth=facts.date_of_birth,
                report_on=facts.review_report_on,
                decision_on=facts.review_decision_on,
                as_of=as_of,
                rules=rules,
            )
        )
    notice = facts.amendment_notice_on
    if notice is not None:
        meeting = facts.review_meeting_on
        out.extend(
            amendment_deadlines(
                notice,
                served_on=facts.amendment_served_on,
                # A meeting after the notice belongs to a later review, not to this amendment.
                meeting_on=meeting if meeting is not None and meeting <= notice else None,
                amended_plan_on=facts.amended_plan_on,
                as_of=as_of,
            )
        )
    if facts.transfer_year is not None and facts.transfer_to is not None:
        out.append(
            phase_transfer_deadline(
                facts.transfer_year,
                facts.transfer_to,
                rules,
                amended_on=facts.phase_transfer_amended_on,
                as_of=as_of,
            )
        )
    if facts.appealable_decision_on is not None:
        out.append(
            appeal_deadline(
                facts.appealable_decision_on,
                facts.mediation_certificate_on,
                lodged_on=facts.appeal_lodged_on,
                as_of=as_of,
            )
        )
    return tuple(out)
