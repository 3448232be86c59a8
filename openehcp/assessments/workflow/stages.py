"""Where a request stands and what can be recorded next, for the case page."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import AssessmentRequest, Decision
from .common import closed_reason


@dataclass(frozen=True)
class Step:
    """A step a person can record next on a case, for the "What to do next" list."""

    url_name: str  #: the step's page, in the ``assessments`` URL namespace
    title: str


def next_steps(case: AssessmentRequest) -> list[Step]:
    """The steps open at this stage, most usual first (reads prefetched advice/consultations)."""
    if closed_reason(case):
        return []
    steps: list[Step] = []
    if not case.decision_to_assess:
        steps.append(Step("decision_to_assess", "Record the decision whether to assess"))
    elif not case.decision_to_issue:
        steps.append(Step("request_advice", "Ask for advice"))
        if case.advice_requests.all():
            steps.append(Step("decision_to_issue", "Record the decision whether to issue a plan"))
    elif not case.draft_served_on:
        steps.append(Step("serve_draft", "Send the draft plan"))
        steps.append(Step("consult", "Consult a setting"))
    else:
        if not case.representations_received_on:
            steps.append(Step("representations", "Record the family's comments on the draft"))
        steps.append(Step("consult", "Consult a setting"))
        steps.append(Step("final_plan", "Issue the final plan"))
    steps.append(Step("exception", "Record an exception to the time limits"))
    if not case.transferred_from_la:
        steps.append(Step("transfer_in", "Record a transfer in from another council"))
    steps.append(Step("withdraw", "Withdraw the request"))
    return steps


def stage_name(case: AssessmentRequest) -> str:
    """Where the request stands, in the words a caseworker uses."""
    if case.withdrawn_on:
        return "Withdrawn"
    if case.final_issued_on:
        return "Final plan issued"
    if case.decision_to_assess == Decision.NO:
        return "Decided not to assess"
    if case.decision_to_issue == Decision.NO:
        return "Decided not to issue a plan"
    if case.draft_served_on:
        return "Draft plan sent"
    if case.decision_to_issue == Decision.YES:
        return "Plan being drafted"
    if case.decision_to_assess == Decision.YES:
        return "Assessing"
    return "Awaiting decision whether to assess"
