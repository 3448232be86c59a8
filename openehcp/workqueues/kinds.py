"""What a work list can be filtered by: the kinds of step, the children's age groups, the window.

Kinds of step (the clock's keys):

- ``decision_to_assess_due`` - reg 5(1): decide whether to assess, 6 weeks from the request.
- ``advice_due`` - reg 8(1): each advisor's advice, 6 weeks from asking for it.
- ``notice_not_to_issue_due`` - reg 10(1): a decision not to issue a plan, 16 weeks from the
  request. A decision *to* issue also closes this step here (the clock, which has no date for a
  decision to issue, keeps it until a draft is served).
- ``representations_due`` - reg 13(1): the family's 15 days on the draft plan (served + 14),
  shown only while the period runs: the family's time ending is not work that can be overdue.
- ``consultation_reply_due`` - CFA s39(2) and Code of Practice chapter 9: a consulted setting's
  reply, 15 days (guidance, not a legal limit).
- ``final_plan_due`` - reg 13(2): the final plan, 20 weeks from the request.
- ``review_due`` - CFA s44(1): the annual review, in the 12 months beginning with the plan being
  made or the last review meeting (after a transfer in, reg 15(5): no earlier than the end of the
  3 months beginning with the transfer, until the first review after it).
- ``early_review_due`` - Code of Practice 9.178: a child under 5 on that date, after 6 months.
- ``report_due`` - reg 20(7)-(8): the review report, 2 weeks from the meeting.
- ``decision_due`` - reg 20(10): the decision after a review, 4 weeks from the meeting.
- ``phase_transfer_due`` - reg 18(1): the plan amended before 15 February (school phases) or
  31 March (secondary to post-16) of the year of transfer (the clock's ``amended_plan_due``).
- ``mediation_due`` - reg 37: mediation the family asked for, arranged within 30 days of the
  council being told (``openehcp.disagreements``).
- ``order_due`` - regs 44-45: the Tribunal's order (or an appeal the council did not oppose)
  carried out, by the last of its steps' dates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

#: "Coming up": the default list shows what is overdue and what falls due in the next 2 weeks.
SOON = timedelta(weeks=2)


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    citation: str
    statutory: bool = True


KINDS: dict[str, Kind] = {
    kind.key: kind
    for kind in (
        Kind("decision_to_assess_due", "Decide whether to assess", "reg 5(1)"),
        Kind("advice_due", "Advice due", "reg 8(1)"),
        Kind("notice_not_to_issue_due", "Decide whether to issue a plan", "reg 10(1)"),
        Kind("representations_due", "Draft plan comments period ends", "reg 13(1)"),
        Kind(
            "consultation_reply_due",
            "Setting's consultation reply due",
            "CFA s39; Code of Practice",
            statutory=False,
        ),
        Kind("final_plan_due", "Final plan due", "reg 13(2)"),
        Kind("review_due", "Annual review due", "CFA s44(1)"),
        Kind("early_review_due", "Early review due (under 5)", "Code of Practice 9.178", False),
        Kind("report_due", "Review report due", "reg 20(7)"),
        Kind("decision_due", "Review decision due", "reg 20(10)"),
        Kind("phase_transfer_due", "Phase transfer: amended plan due", "reg 18(1)"),
        Kind("mediation_due", "Mediation to arrange", "reg 37"),
        Kind("order_due", "Tribunal order to carry out", "regs 44-45"),
    )
}

#: Kinds whose step is a disagreement (``step_id``): their rows link to its page.
DISAGREEMENT_KINDS = frozenset({"mediation_due", "order_due"})


@dataclass(frozen=True)
class AgeGroup:
    key: str
    label: str
    youngest: int
    oldest: int


#: The DfE's age bands for children and young people with EHC plans.
AGE_GROUPS: dict[str, AgeGroup] = {
    group.key: group
    for group in (
        AgeGroup("under5", "Under 5", 0, 4),
        AgeGroup("5to10", "5 to 10", 5, 10),
        AgeGroup("11to15", "11 to 15", 11, 15),
        AgeGroup("16to19", "16 to 19", 16, 19),
        AgeGroup("20to25", "20 to 25", 20, 25),
    )
}


class Window:
    SOON = "soon"  # overdue, and due in the next 2 weeks (the default)
    OVERDUE = "overdue"  # overdue only
    ALL = "all"  # every open step, however far off

    CHOICES = (
        (SOON, "Overdue and due in the next 2 weeks"),
        (OVERDUE, "Overdue only"),
        (ALL, "Everything open"),
    )


@dataclass(frozen=True)
class WorkFilters:
    """``kinds`` / ``age_groups`` empty means all of them."""

    kinds: frozenset[str] = field(default_factory=frozenset)
    age_groups: frozenset[str] = field(default_factory=frozenset)
    window: str = Window.SOON
