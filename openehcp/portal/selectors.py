"""What the family portal shows: a child's request as a list of steps, the plan, the documents.

Nothing here computes a due date: the steps are the rows of ``assessments.timeline.case_timeline``
(the statutory clock the caseworkers use), put in the words a family uses. Who may see what is
``openehcp.accounts.policy`` (``family_children``, ``family_documents``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from openehcp.accounts.policy import family_documents
from openehcp.assessments.models import AssessmentRequest, Decision
from openehcp.assessments.timeline import CASE_PREFETCH, TimelineRow, case_timeline, deadline_for
from openehcp.plans.models import EHCPlan, PlanComment, PlanVersion
from openehcp.plans.selectors import working_version
from openehcp.reviews import selectors as review_selectors


@dataclass(frozen=True)
class FamilyStep:
    """One step of the EHC needs assessment as the family sees it."""

    title: str
    explanation: str
    due: date | None
    done_on: date | None
    state: str  # done, next, late, upcoming, not_needed

    @property
    def tag(self) -> tuple[str, str]:
        """(text, GOV.UK tag class)."""
        return {
            "done": ("Done", "govuk-tag--green"),
            "next": ("Happening now", "govuk-tag--blue"),
            "late": ("Late", "govuk-tag--red"),
            "upcoming": ("Not started", "govuk-tag--grey"),
            "not_needed": ("Not needed", "govuk-tag--grey"),
        }[self.state]


def current_request(child) -> AssessmentRequest | None:
    """The request the family most needs to see: the open one, else the latest."""
    requests = list(
        AssessmentRequest.objects.filter(child=child)
        .select_related("child__caseworker", "preferred_establishment", "named_establishment")
        .prefetch_related(*CASE_PREFETCH)
        .order_by("-received_on", "-pk")
    )
    return next((r for r in requests if r.is_open), requests[0] if requests else None)


def _rows(timeline: list[TimelineRow], key: str) -> list[TimelineRow]:
    return [row for row in timeline if row.deadline.key == key]


def _state(done_on, rows: list[TimelineRow]) -> str:
    if done_on is not None:
        return "done"
    if any(row.status == "missed" for row in rows):
        return "late"
    return "upcoming"


def family_steps(case: AssessmentRequest, *, today: date) -> list[FamilyStep]:
    """The statutory steps of the request with their dates from the clock, each done, happening
    now, late or not started (regs 5, 8, 10, 13; CFA s38-s39)."""
    timeline = case_timeline(case, today=today)
    refused = case.decision_to_assess == Decision.NO
    not_issuing = case.decision_to_issue == Decision.NO
    steps: list[tuple[str, str, list[TimelineRow], date | None, bool]] = []

    decision = _rows(timeline, "decision_to_assess_due")
    steps.append(
        (
            "Decision whether to carry out an assessment",
            "The council decides within 6 weeks of the request whether to carry out an EHC needs "
            "assessment (regulation 5).",
            decision,
            case.decision_on,
            False,
        )
    )
    advice = _rows(timeline, "advice_due")
    advice_done = None
    if advice and all(row.deadline.met_on for row in advice):
        advice_done = max(row.deadline.met_on for row in advice)
    elif case.decision_to_issue:
        advice_done = case.issue_decision_on
    steps.append(
        (
            "Advice gathered",
            "The council asks for advice about needs and support, including your views. Each "
            "person asked has 6 weeks to reply (regulation 8).",
            advice,
            advice_done,
            refused,
        )
    )
    steps.append(
        (
            "Decision whether to issue an EHC plan",
            "The council decides within 16 weeks of the request whether to write an EHC plan "
            "(regulation 10).",
            _rows(timeline, "notice_not_to_issue_due"),
            case.issue_decision_on,
            refused,
        )
    )
    window = _rows(timeline, "representations_due")
    window_done = None
    if window and (window[0].deadline.due < today or case.final_issued_on):
        window_done = min(window[0].deadline.due, case.final_issued_on or window[0].deadline.due)
    steps.append(
        (
            "Draft plan sent, and 15 days to comment",
            "You get a draft of the plan and at least 15 days to comment on it, ask for a meeting "
            "and say which school or college you would like (regulation 13(1)).",
            window,
            window_done,
            refused or not_issuing,
        )
    )
    steps.append(
        (
            "Final EHC plan",
            "The final plan is issued within 20 weeks of the request (regulation 13(2)).",
            _rows(timeline, "final_plan_due"),
            case.final_issued_on,
            refused or not_issuing,
        )
    )

    out: list[FamilyStep] = []
    current_found = bool(case.withdrawn_on or refused or not_issuing or case.final_issued_on)
    for title, explanation, rows, done_on, not_needed in steps:
        due = max((row.deadline.due for row in rows), default=None)
        if not_needed and done_on is None:
            state = "not_needed"
        else:
            state = _state(done_on, rows)
        if state in ("upcoming", "late") and not current_found:
            current_found = True
            if state == "upcoming":
                state = "next"
        out.append(FamilyStep(title, explanation, due, done_on, state))
    return out


@dataclass(frozen=True)
class DraftWindow:
    """The family's time to comment on the draft plan (reg 13(1)): open until ``closes_on``."""

    served_on: date
    closes_on: date
    is_open: bool
    version: PlanVersion | None


def draft_window(case: AssessmentRequest | None, *, today: date) -> DraftWindow | None:
    """The draft plan's comment window for the request, or None when no draft was served. Open
    while the 15 days last (the clock's ``representations_due``) and no final plan was issued."""
    if case is None or not case.draft_served_on:
        return None
    deadline = deadline_for(case, "representations_due")
    is_open = deadline.due >= today and not case.final_issued_on and not case.withdrawn_on
    return DraftWindow(
        served_on=case.draft_served_on,
        closes_on=deadline.due,
        is_open=is_open,
        version=working_version(request=case) if is_open else None,
    )


def comments_sent(case: AssessmentRequest) -> list[PlanComment]:
    """Comments from the family (parent or young person) on the request's plan versions."""
    return list(
        PlanComment.objects.filter(
            plan_version__request=case,
            source__in=(PlanComment.Source.PARENT, PlanComment.Source.YOUNG_PERSON),
        ).order_by("received_on", "pk")
    )


@dataclass(frozen=True)
class PlanSummary:
    plan: EHCPlan
    next_review_due: date | None
    review_late: bool


def current_plan(child, *, today: date) -> PlanSummary | None:
    """The child's maintained EHC plan with its next annual review date, from the reviews app's
    schedule (CFA s44; reg 15(5); Code of Practice 9.178), or None."""
    plan = (
        EHCPlan.objects.filter(child=child, ceased_on__isnull=True)
        .select_related("named_establishment")
        .first()
    )
    if plan is None:
        return None
    row = (
        review_selectors.review_schedule(EHCPlan.objects.filter(pk=plan.pk), today=today)
        .values(*review_selectors.ROW_FIELDS)
        .first()
    )
    schedule = review_selectors.schedule_rows([row], today=today)[0] if row else None
    return PlanSummary(
        plan=plan,
        next_review_due=schedule.next_due if schedule else None,
        review_late=schedule.is_late if schedule else False,
    )


def documents_for(user, child):
    """The letters and plan documents sent to the family, newest first (policy decides which)."""
    return family_documents(user, child).select_related("created_by").order_by("-created_at")
