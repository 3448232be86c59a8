"""A request's statutory timeline, as the clock computes it from the dates recorded on the case.

Nothing here computes a due date: ``case_facts`` hands the recorded dates to ``openehcp.clock``
and ``case_timeline`` turns its deadlines into rows for the case page. Call them on a request
whose ``advice_requests``, ``consultations`` and ``timescale_exceptions`` are prefetched (see
``CASE_PREFETCH``) so the page runs a fixed number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from openehcp import clock

from .models import AssessmentRequest, Decision

CASE_PREFETCH = (
    "advice_requests__establishment",
    "consultations__establishment",
    "timescale_exceptions__advice_request",
    "timescale_exceptions__recorded_by",
)


def case_facts(case: AssessmentRequest) -> clock.CaseFacts:
    """The clock's view of the case. Each advice request and consultation carries its row id as
    its ``advisor``/``setting`` so the deadlines can be matched back to the rows."""
    advice = {a.pk: a for a in case.advice_requests.all()}
    return clock.CaseFacts(
        received_on=case.received_on,
        became_responsible_on=case.transferred_in_on,
        decision_on=case.decision_on,
        decided_to_assess=(
            None if not case.decision_to_assess else case.decision_to_assess == Decision.YES
        ),
        advice_requests=tuple(
            clock.AdviceRequest(
                requested_on=a.requested_on, advisor=str(a.pk), received_on=a.received_on
            )
            for a in advice.values()
        ),
        not_to_issue_on=(case.issue_decision_on if case.decision_to_issue == Decision.NO else None),
        draft_served_on=case.draft_served_on,
        representations_on=case.representations_received_on,
        consultations=tuple(
            clock.Consultation(sent_on=c.sent_on, setting=str(c.pk), replied_on=c.replied_on)
            for c in case.consultations.all()
        ),
        plan_issued_on=case.final_issued_on,
        exceptions=tuple(
            clock.ExceptionPeriod(
                reason=e.reason,
                start=e.starts_on,
                end=e.ends_on,
                advice_requested_on=(
                    e.advice_request.requested_on if e.advice_request_id else None
                ),
            )
            for e in case.timescale_exceptions.all()
        ),
    )


@dataclass(frozen=True)
class TimelineRow:
    """One deadline as the case page shows it."""

    deadline: clock.Deadline
    name: str
    status: str  # met, missed, pending or lifted
    status_label: str
    tag_class: str

    @property
    def rule(self) -> str:
        return self.deadline.rule.summary

    @property
    def citation(self) -> str:
        return self.deadline.rule.citation


def _status(deadline: clock.Deadline) -> tuple[str, str, str]:
    """(status, label, tag class): met, missed (done late, or overdue), pending, or lifted."""
    if not deadline.time_limit_applies and deadline.met_on is None:
        return "lifted", "Time limit lifted", "govuk-tag--yellow"
    if deadline.status == clock.Status.MET:
        return "met", "Met", "govuk-tag--green"
    if deadline.status == clock.Status.MISSED:
        label = "Overdue" if deadline.met_on is None else "Missed"
        return "missed", label, "govuk-tag--red"
    return "pending", "Pending", "govuk-tag--blue"


def case_timeline(case: AssessmentRequest, *, today: date) -> list[TimelineRow]:
    """Every assessment deadline of the case, in statutory order, with where it stands today."""
    advice = {str(a.pk): a for a in case.advice_requests.all()}
    consultations = {str(c.pk): c for c in case.consultations.all()}
    rows = []
    for deadline in clock.assessment_deadlines(case_facts(case), as_of=today):
        name = deadline.name
        if deadline.key == "advice_due" and deadline.ref in advice:
            a = advice[deadline.ref]
            name = f"{name}: {a.get_advisor_type_display()} ({a.advisor_name})"
        elif deadline.key == "consultation_reply_due" and deadline.ref in consultations:
            name = f"{name}: {consultations[deadline.ref].establishment.name}"
        status, label, tag = _status(deadline)
        rows.append(
            TimelineRow(
                deadline=deadline, name=name, status=status, status_label=label, tag_class=tag
            )
        )
    return rows


def deadline_for(case: AssessmentRequest, key: str, *, ref: str = "") -> clock.Deadline | None:
    """One deadline of the case by its clock key (and ref, for advice and consultations)."""
    for deadline in clock.assessment_deadlines(case_facts(case)):
        if deadline.key == key and (not ref or deadline.ref == ref):
            return deadline
    return None
