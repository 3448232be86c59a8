"""Turn the dates a visitor knows into the public timeline: sections of deadlines, each with its
date, the last working day before it, its rule in plain English and what to do if it is missed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from openehcp import clock
from openehcp.clock import CaseFacts, Deadline, Phase, Status

# (label, GOV.UK tag colour) for each situation a deadline can be in, as of today.
_DUE = ("Not due yet", "govuk-tag--blue")
# The visitor may simply not have entered the date it happened, so a passed date is not "late".
_PASSED = ("Date passed", "govuk-tag--orange")
_LATE = ("Done late", "govuk-tag--red")
_ON_TIME = ("Done on time", "govuk-tag--green")
_OPEN = ("Open", "govuk-tag--blue")
_ENDED = ("Period ended", "govuk-tag--grey")
_CUT_SHORT = ("Cut short", "govuk-tag--red")

PHASE_NAMES = {
    Phase.PRIMARY: "starting school (Reception)",
    Phase.SECONDARY: "moving to secondary school",
    Phase.POST16: "moving from school to a college or other post-16 place",
}


@dataclass(frozen=True)
class Row:
    name: str
    due: date
    act_by: date
    status_label: str
    status_class: str
    summary: str
    citation: str
    if_missed: str
    statutory: bool
    notes: tuple[str, ...]


@dataclass(frozen=True)
class Section:
    title: str
    rows: tuple[Row, ...]


def _status(deadline: Deadline) -> tuple[str, str]:
    if deadline.rule.window:
        if deadline.status is Status.MISSED and deadline.met_on is None:
            return _CUT_SHORT
        return _ENDED if deadline.status is Status.MET else _OPEN
    if deadline.status is Status.MET:
        return _ON_TIME
    if deadline.status is Status.MISSED:
        return _LATE if deadline.met_on is not None else _PASSED
    return _DUE


def _row(deadline: Deadline) -> Row:
    label, css = _status(deadline)
    return Row(
        name=deadline.rule.title,
        due=deadline.due,
        act_by=deadline.act_by,
        status_label=label,
        status_class=css,
        summary=deadline.rule.summary,
        citation=deadline.rule.citation,
        if_missed=deadline.rule.if_missed,
        statutory=deadline.rule.statutory,
        notes=deadline.notes,
    )


def next_phase_transfer(date_of_birth: date, today: date) -> Deadline | None:
    """The next of Reception, secondary and post-16 moves still ahead of the child."""
    for phase in (Phase.PRIMARY, Phase.SECONDARY, Phase.POST16):
        year = clock.transfer_year(date_of_birth, phase)
        if date(year, 9, 1) > today:
            return clock.phase_transfer_deadline(year, phase, as_of=today)
    return None


def public_timeline(data: dict, today: date) -> list[Section]:
    """The sections that the visitor's dates support, each deadline's status as of ``today``."""
    sections: list[Section] = []
    received = data.get("received")
    if received:
        facts = CaseFacts(
            received_on=received,
            decision_on=data.get("decision"),
            draft_served_on=data.get("draft_served"),
            plan_issued_on=data.get("plan_issued"),
        )
        deadlines = clock.assessment_deadlines(facts, as_of=today)
        sections.append(Section("EHC needs assessment", tuple(_row(d) for d in deadlines)))
    elif data.get("draft_served"):
        deadline = clock.representations_due(
            data["draft_served"], plan_issued_on=data.get("plan_issued"), as_of=today
        )
        sections.append(Section("Draft EHC plan", (_row(deadline),)))
    anchor_plan = data.get("plan_issued") or data.get("last_review")
    born = data.get("date_of_birth")
    if anchor_plan:
        deadlines = clock.review_deadlines(
            anchor_plan,
            last_review_on=data.get("last_review"),
            meeting_on=data.get("review_meeting"),
            date_of_birth=born,
            as_of=today,
        )
        sections.append(Section("Annual review", tuple(_row(d) for d in deadlines)))
    notice = data.get("amendment_notice")
    if notice:
        meeting = data.get("review_meeting")
        deadlines = clock.amendment_deadlines(
            notice, meeting_on=meeting if meeting and meeting <= notice else None, as_of=today
        )
        sections.append(Section("Amending the plan", tuple(_row(d) for d in deadlines)))
    if born:
        transfer = next_phase_transfer(born, today)
        if transfer is not None:
            title = f"Changing school: {PHASE_NAMES[Phase(transfer.ref)]} in {transfer.due.year}"
            sections.append(Section(title, (_row(transfer),)))
    letter = data.get("decision_letter")
    if letter:
        certificate = data.get("certificate")
        contact = clock.mediation_deadlines(letter, as_of=today)[0]
        deadlines = (contact, clock.appeal_deadline(letter, certificate, as_of=today))
        sections.append(Section("Mediation and appeal", tuple(_row(d) for d in deadlines)))
    return sections
