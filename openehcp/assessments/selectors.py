"""Reads of requests for assessment."""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet

from openehcp import clock
from openehcp.accounts.policy import visible_requests

from .models import AssessmentRequest
from .timeline import CASE_PREFETCH, case_facts


def triage_queue(user) -> QuerySet[AssessmentRequest]:
    """Requests still waiting for the decision whether to assess, that ``user`` may see, the
    longest-waiting first."""
    waiting = AssessmentRequest.objects.filter(
        decision_to_assess="", withdrawn_on__isnull=True, final_issued_on__isnull=True
    )
    return (
        visible_requests(user, waiting)
        .select_related("child", "child__caseworker", "child__establishment")
        .prefetch_related(*CASE_PREFETCH)
        .order_by("received_on", "reference")
    )


@dataclass(frozen=True)
class TriageRow:
    case: AssessmentRequest
    days_waiting: int
    decision_due: clock.Deadline

    @property
    def overdue(self) -> bool:
        return self.decision_due.status == clock.Status.MISSED

    @property
    def lifted(self) -> bool:
        return not self.decision_due.time_limit_applies


def triage_rows(cases, *, today: datetime.date) -> list[TriageRow]:
    """Each case with the days since it was received and the clock's date for the decision
    whether to assess (reg 5(1))."""
    rows = []
    for case in cases:
        due = next(
            d
            for d in clock.assessment_deadlines(case_facts(case), as_of=today)
            if d.key == "decision_to_assess_due"
        )
        rows.append(
            TriageRow(case=case, days_waiting=(today - case.received_on).days, decision_due=due)
        )
    return rows
