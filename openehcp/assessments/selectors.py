"""Reads of requests for assessment."""

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from openehcp import clock
from openehcp.accounts.policy import advice_asked_of, visible_requests
from openehcp.workqueues.kinds import SOON

from .models import AdviceRequest, AssessmentRequest, Decision
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


# --- advice asked of a professional or a setting (regs 6-8) --------------------------------------

#: The request for assessment is still open: advice can still be given.
_CASE_OPEN = (
    Q(request__withdrawn_on__isnull=True, request__final_issued_on__isnull=True)
    & ~Q(request__decision_to_assess=Decision.NO)
    & ~Q(request__decision_to_issue=Decision.NO)
)


class AdviceShow:
    OUTSTANDING = "outstanding"
    SUBMITTED = "submitted"

    CHOICES = ((OUTSTANDING, "Outstanding"), (SUBMITTED, "Submitted"))


def advice_for_advisor(user, *, show: str) -> QuerySet[AdviceRequest]:
    """The advice asked of ``user`` (the policy's ``advice_asked_of``): outstanding (not yet
    given, on a request still open) soonest due first - the due date is the clock's fixed period
    after ``requested_on``, so ordering by it orders by due date - or submitted, the latest first.
    """
    asked = advice_asked_of(user).select_related(
        "request__child", "request__child__establishment", "establishment"
    )
    if show == AdviceShow.SUBMITTED:
        return asked.filter(received_on__isnull=False).order_by("-received_on", "-pk")
    return asked.filter(_CASE_OPEN, received_on__isnull=True).order_by("requested_on", "pk")


@dataclass(frozen=True)
class AdviceRow:
    """One request for advice as its advisor sees it, with the clock's deadline (reg 8(1))."""

    advice: AdviceRequest
    deadline: clock.Deadline
    today: datetime.date

    @property
    def days_left(self) -> int:
        """Days until the due date; negative once it has passed."""
        return (self.deadline.due - self.today).days

    @property
    def submitted(self) -> bool:
        return self.advice.received_on is not None

    @property
    def when(self) -> str:
        if self.submitted:
            sent = self.advice.received_on
            return f"Sent {sent.day} {sent:%b %Y}"
        days = self.days_left
        if days < 0:
            return f"{_days(-days)} overdue"
        return "Due today" if days == 0 else f"{_days(days)} left"

    @property
    def tag(self) -> tuple[str, str]:
        """(GOV.UK tag colour class, text)."""
        if self.submitted:
            if self.deadline.status == clock.Status.MISSED:
                return "govuk-tag--grey", "Sent late"
            return "govuk-tag--green", "Sent"
        if self.days_left < 0:
            return "govuk-tag--red", "Overdue"
        if self.days_left <= SOON.days:
            return "govuk-tag--orange", "Due soon"
        return "govuk-tag--blue", "Outstanding"


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def advice_row(advice: AdviceRequest, *, today: datetime.date) -> AdviceRow:
    """The advice with its deadline as the clock gives it for the request letter the advisor
    received (``clock.advice_due``): 6 weeks from the day it was asked for."""
    deadline = clock.advice_due(
        advice.requested_on, received_on=advice.received_on, advisor=str(advice.pk), as_of=today
    )
    return AdviceRow(advice=advice, deadline=deadline, today=today)
