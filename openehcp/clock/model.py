"""The clock's value types: the facts of a case, the rules it applies and the deadlines it returns.

All are frozen dataclasses with slots (cheap to build, safe to share between threads and cache).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Literal


class Status(StrEnum):
    """Where a deadline stands as of a date."""

    MET = "met"  #: done on or before the due date (or done at all, when the limit is lifted)
    MISSED = "missed"  #: done after the due date, or not done and the due date has passed
    PENDING = "pending"  #: not done and not yet overdue (or overdue but the limit is lifted)


class ExceptionReason(StrEnum):
    """The circumstances the SEND Regulations 2014 accept as making a time limit impractical."""

    #: regs 5(4)(a), 10(4)(a), 13(3), 27(3)(a): advice asked of a school or post-16 institution
    #: from a week before it closes for 4+ weeks until a week before it re-opens.
    SCHOOL_CLOSURE = "school_closure"
    #: regs 10(4)(b), 13(3), 27(3)(b): the same for an early years provider.
    EARLY_YEARS_CLOSURE = "early_years_closure"
    #: regs 5(4), 8(2)(a), 10(4)(c), 13(3), 27(3)(c), 44(3): exceptional personal circumstances.
    PERSONAL_CIRCUMSTANCES = "personal_circumstances"
    #: regs 5(4), 8(2)(b), 10(4)(d), 13(3), 27(3)(d), 44(3): away from the area for 4+ weeks.
    ABSENCE_FROM_AREA = "absence_from_area"
    #: reg 8(2)(c): the child or young person missed an appointment for an examination or test.
    MISSED_APPOINTMENT = "missed_appointment"


CLOSURE_REASONS = frozenset({ExceptionReason.SCHOOL_CLOSURE, ExceptionReason.EARLY_YEARS_CLOSURE})


@dataclass(frozen=True, slots=True)
class ExceptionPeriod:
    """A recorded exception: its reason and its period.

    For the closure reasons, ``start`` is the first day the setting is closed and ``end`` the day it
    re-opens (the two dates the regulations name); ``advice_requested_on`` is the day the council
    asked that setting for advice (when ``None`` the case's advice request dates are used, and
    when there are none the closure window need only overlap the limit's period). For the
    other reasons ``start`` and ``end`` are the first and last days affected (inclusive); for a
    missed appointment both are the appointment day.
    """

    reason: ExceptionReason
    start: date
    end: date
    advice_requested_on: date | None = None

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("an exception's end is before its start")
        if not isinstance(self.reason, ExceptionReason):
            object.__setattr__(self, "reason", ExceptionReason(self.reason))


@dataclass(frozen=True, slots=True)
class AdviceRequest:
    """A request for advice (reg 6) and, once it arrived, the day it was received."""

    requested_on: date
    advisor: str = ""
    received_on: date | None = None


@dataclass(frozen=True, slots=True)
class Consultation:
    """A setting consulted about being named in a plan (CFA s39(2)) and the day it replied."""

    sent_on: date
    setting: str = ""
    replied_on: date | None = None


class Phase(StrEnum):
    """The phase a child moves into (reg 2 "transfer between phases of education")."""

    PRIMARY = "primary"  #: relevant early years education -> school (Reception)
    JUNIOR = "junior"  #: infant school -> junior school (Year 3)
    MIDDLE = "middle"  #: primary -> middle school (entry year varies by area; default Year 5)
    SECONDARY = "secondary"  #: primary or middle -> secondary school (default Year 7)
    POST16 = "post16"  #: secondary school -> a post-16 institution (Year 12); reg 18(1)(a)


class TribunalOrder(StrEnum):
    """What a First-tier Tribunal order (reg 44) or an unopposed appeal (reg 45) requires."""

    CEASE = "cease"  #: appeal against ceasing dismissed: cease immediately (reg 44(2)(a))
    ASSESS = "assess"  #: carry out an assessment or reassessment (reg 44(2)(b), 45(3)-(3A))
    MAKE_PLAN = "make_plan"  #: make and maintain a plan (reg 44(2)(c); unopposed 51(2)(b))
    AMEND = "amend"  #: amend needs/provision (sections B, F) (reg 44(2); 45(4))
    AMEND_PLACEMENT = "amend_placement"  #: change only the school/institution named (45(5))
    CONTINUE = "continue"  #: continue to maintain the plan, immediately
    CONTINUE_AND_AMEND = "continue_and_amend"  #: continue immediately and amend within 5 weeks


@dataclass(frozen=True, slots=True)
class Rule:
    """Where a deadline comes from and what it means, in plain English.

    ``responsible`` says who must act (the council, an advisor, a setting, the family).
    """

    key: str
    title: str
    citation: str
    summary: str
    if_missed: str
    responsible: str = "council"
    exceptions: frozenset[ExceptionReason] = frozenset()
    absence_min_days: int = 28
    statutory: bool = True
    #: A window is a period the family has (to comment, to appeal) rather than a step someone must
    #: take: it is met when it runs its course, and missed only when the council cuts it short.
    window: bool = False


Reading = Literal["strict", "inclusive"]


@dataclass(frozen=True, slots=True)
class ClockRules:
    """The readings a council may configure where councils genuinely differ.

    ``review_reading`` - CFA s44(1) "within the period of 12 months starting with" a date: "strict"
    (default) ends the day before the anniversary; "inclusive" ends on the anniversary.
    ``phase_transfer_reading`` - reg 18(1) "before 15 February / 31 March": "strict" (default) gives
    14 February / 30 March; "inclusive" gives 15 February / 31 March.
    ``under_five_review_months`` - Code of Practice 9.178 interval for an extra review of a child
    under 5 (guidance, not statute); ``None`` turns it off.
    ``middle_school_entry_year`` / ``secondary_entry_year`` - national curriculum year in which
    children start middle / secondary school in the council's area (5 and 7 by default; a three-tier
    area might use 5 and 9).
    """

    review_reading: Reading = "strict"
    phase_transfer_reading: Reading = "strict"
    under_five_review_months: int | None = 6
    middle_school_entry_year: int = 5
    secondary_entry_year: int = 7

    def __post_init__(self) -> None:
        for name in ("review_reading", "phase_transfer_reading"):
            if getattr(self, name) not in ("strict", "inclusive"):
                raise ValueError(f"{name} must be 'strict' or 'inclusive'")


DEFAULT_RULES = ClockRules()


@dataclass(frozen=True)
class Deadline:
    """One statutory (or Code of Practice) deadline of a case.

    ``due`` is the last day allowed by law; ``act_by`` the last working day on or before it.
    ``time_limit_applies`` is False when a recorded exception lifts the limit (``lifted_by`` says
    which); the due date itself never moves. ``status`` is computed as of the ``as_of`` date given
    to the function that built the deadline (``None`` when no date was given and the step is not
    recorded as done). ``ref`` tells apart deadlines of the same kind (e.g. which advisor).

    The engine builds millions of these, so it fills the instance dict directly rather than
    going through the frozen ``__init__`` (about twice as fast); the class has no
    ``__post_init__``, so the result is identical. For that reason it does not use ``slots``.
    """

    key: str
    due: date
    act_by: date
    trigger: date
    rule: Rule
    time_limit_applies: bool = True
    lifted_by: tuple[ExceptionPeriod, ...] = ()
    met_on: date | None = None
    status: Status | None = None
    ref: str = ""
    notes: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """The plain-English name of the step."""
        return self.rule.title

    def as_dict(self) -> dict:
        """A JSON-ready dict (ISO dates)."""
        return {
            "key": self.key,
            "name": self.rule.title,
            "ref": self.ref,
            "due": self.due.isoformat(),
            "act_by": self.act_by.isoformat(),
            "trigger": self.trigger.isoformat(),
            "time_limit_applies": self.time_limit_applies,
            "lifted_by": [
                {"reason": str(e.reason), "start": e.start.isoformat(), "end": e.end.isoformat()}
                for e in self.lifted_by
            ],
            "met_on": self.met_on.isoformat() if self.met_on else None,
            "status": str(self.status) if self.status else None,
            "citation": self.rule.citation,
            "rule": self.rule.summary,
            "if_missed": self.rule.if_missed,
            "statutory": self.rule.statutory,
            "notes": list(self.notes),
        }


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """What is known about a case: every field optional, dates as ``datetime.date``.

    Assessment: ``received_on`` (request received, CFA s36(1)), ``became_responsible_on`` (the
    council became responsible under CFA s24, e.g. a family moved in; it replaces ``received_on`` as
    the start of the 6/16/20-week clock), ``decision_on`` (decision whether to assess notified),
    ``decided_to_assess`` (False = refused), ``advice_requests``, ``not_to_issue_on`` (notice of a
    decision not to issue a plan), ``draft_served_on``, ``representations_on``, ``consultations``,
    ``plan_issued_on`` (final plan sent), ``exceptions``.
    Reassessment: ``reassessment_requested_on``, ``reassessment_decision_on``,
    ``reassessment_plan_on``.
    Review: ``plan_made_on`` (defaults to ``plan_issued_on``), ``date_of_birth``,
    ``last_review_on`` (the previous review meeting), ``review_meeting_on``, ``review_report_on``,
    ``review_decision_on``.
    Amendment: ``amendment_notice_on`` (sent; also taken as served unless
    ``amendment_served_on``), ``amended_plan_on``.
    Phase transfer: ``transfer_year``, ``transfer_to``, ``phase_transfer_amended_on``.
    Appeal: ``appealable_decision_on``, ``mediation_certificate_on``, ``appeal_lodged_on``.
    """

    received_on: date | None = None
    became_responsible_on: date | None = None
    decision_on: date | None = None
    decided_to_assess: bool | None = None
    advice_requests: tuple[AdviceRequest, ...] = ()
    not_to_issue_on: date | None = None
    draft_served_on: date | None = None
    representations_on: date | None = None
    consultations: tuple[Consultation, ...] = ()
    plan_issued_on: date | None = None
    exceptions: tuple[ExceptionPeriod, ...] = ()
    reassessment_requested_on: date | None = None
    reassessment_decision_on: date | None = None
    reassessment_plan_on: date | None = None
    plan_made_on: date | None = None
    date_of_birth: date | None = None
    last_review_on: date | None = None
    review_meeting_on: date | None = None
    review_report_on: date | None = None
    review_decision_on: date | None = None
    amendment_notice_on: date | None = None
    amendment_served_on: date | None = None
    amended_plan_on: date | None = None
    transfer_year: int | None = None
    transfer_to: Phase | None = None
    phase_transfer_amended_on: date | None = None
    appealable_decision_on: date | None = None
    mediation_certificate_on: date | None = None
    appeal_lodged_on: date | None = None
