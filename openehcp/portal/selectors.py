"""What the family portal shows: a child's request as a list of steps, the plan, the documents.

Nothing here computes a due date: the steps are the rows of ``assessments.timeline.case_timeline``
(the statutory clock the caseworkers use), put in the words a family uses. Who may see what is
``openehcp.accounts.policy`` (``family_children``, ``family_documents``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from openehcp import clock
from openehcp.accounts.policy import family_disagreements, family_documents
from openehcp.assessments.models import AssessmentRequest, Decision, Document
from openehcp.assessments.timeline import CASE_PREFETCH, TimelineRow, case_timeline, deadline_for
from openehcp.clock import Deadline
from openehcp.disagreements import deadlines
from openehcp.disagreements.deadlines import Stage
from openehcp.disagreements.models import (
    NO_CERTIFICATE_NEEDED,
    AppealableDecision,
    Disagreement,
    MediationOutcome,
)
from openehcp.disagreements.models import AppealOutcome as DisagreementAppealOutcome
from openehcp.plans.models import EHCPlan, PlanComment, PlanVersion
from openehcp.plans.selectors import working_version
from openehcp.reviews import selectors as review_selectors
from openehcp.reviews.models import (
    AmendmentNotice,
    AnnualReview,
    CeaseDecision,
    Cessation,
    PlanActivity,
    ReviewInvitee,
    ReviewOutcome,
)
from openehcp.reviews.services.amendments import deadlines as amendment_deadlines
from openehcp.reviews.services.ceasing import appeal_of, earliest_end
from openehcp.reviews.services.reviews import open_review


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
class CommentWindow:
    """The family's time to comment on a plan being written, open until ``closes_on``: the draft
    plan of an assessment (``kind`` "draft", reg 13(1)) or the proposed amendments to a maintained
    plan (``kind`` "amendment", reg 22(2)(c)). Both give at least 15 days beginning with the day
    of service (the clock's ``representations_due``). ``version`` is the plan version the
    comments go on while the window is open. In both the family may ask for a particular school
    or college to be named (CFA s38(2)(b); reg 22(2))."""

    kind: str
    served_on: date
    closes_on: date
    is_open: bool
    version: PlanVersion | None
    case: AssessmentRequest | None = None
    notice: AmendmentNotice | None = None

    @property
    def subject(self) -> str:
        return "the draft plan" if self.kind == "draft" else "the proposed changes to the plan"

    @property
    def issued_plan(self) -> str:
        return "final plan" if self.kind == "draft" else "amended plan"

    @property
    def law(self) -> str:
        if self.kind == "draft":
            return "Children and Families Act 2014, section 38; regulation 13"
        return "regulation 22 of the Special Educational Needs and Disability Regulations 2014"


def draft_window(case: AssessmentRequest | None, *, today: date) -> CommentWindow | None:
    """The draft plan's comment window for the request, or None when no draft was served. Open
    while the 15 days last (the clock's ``representations_due``) and no final plan was issued."""
    if case is None or not case.draft_served_on:
        return None
    deadline = deadline_for(case, "representations_due")
    is_open = deadline.due >= today and not case.final_issued_on and not case.withdrawn_on
    return CommentWindow(
        kind="draft",
        served_on=case.draft_served_on,
        closes_on=deadline.due,
        is_open=is_open,
        version=working_version(request=case) if is_open else None,
        case=case,
    )


def latest_amendment(plan: EHCPlan | None) -> AmendmentNotice | None:
    """The plan's latest notice of proposed amendments with an amended plan being written."""
    if plan is None:
        return None
    return (
        AmendmentNotice.objects.filter(plan=plan, draft_version__isnull=False)
        .select_related("plan", "draft_version__based_on", "requested_establishment")
        .order_by("-sent_on", "-pk")
        .first()
    )


def amendment_window(notice: AmendmentNotice | None, *, today: date) -> CommentWindow | None:
    """The family's 15 days to comment on the proposed amendments, beginning with the day the
    notice was served (reg 22(2)(c); the clock's ``representations_due``): open while they last,
    the plan is maintained and the council has neither issued the amended plan nor decided not to
    amend (reg 22(3)-(4))."""
    if notice is None:
        return None
    deadline = amendment_deadlines(notice, today=today)["representations_due"]
    draft = notice.draft_version
    is_open = (
        deadline.due >= today
        and notice.is_open
        and notice.plan.ceased_on is None
        and not draft.is_issued
    )
    return CommentWindow(
        kind="amendment",
        served_on=notice.served_on,
        closes_on=deadline.due,
        is_open=is_open,
        version=draft if is_open else None,
        notice=notice,
    )


def maintained_plan(child) -> EHCPlan | None:
    """The child's EHC plan that has not ceased, if any."""
    return EHCPlan.objects.filter(child=child, ceased_on__isnull=True).first()


def comment_window(child, kind: str, *, today: date) -> CommentWindow | None:
    """The child's comment window of ``kind``: "draft" (the current request's draft plan) or
    "amendment" (the maintained plan's latest notice of proposed amendments)."""
    if kind == "draft":
        return draft_window(current_request(child), today=today)
    return amendment_window(latest_amendment(maintained_plan(child)), today=today)


FAMILY_SOURCES = (PlanComment.Source.PARENT, PlanComment.Source.YOUNG_PERSON)


def comments_sent(window: CommentWindow) -> list[PlanComment]:
    """Comments from the family (parent or young person) in the window: on the request's plan
    versions for a draft plan, on the amended plan for an amendment."""
    if window.kind == "draft":
        versions = {"plan_version__request": window.case}
    else:
        versions = {"plan_version": window.notice.draft_version}
    return list(
        PlanComment.objects.filter(**versions, source__in=FAMILY_SOURCES).order_by(
            "received_on", "pk"
        )
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


# --- after the plan is issued: the annual review, and ceasing ------------------------------------


@dataclass(frozen=True)
class FamilyReview:
    """The review the family most needs to see: the one in progress, else the last one decided.
    ``decision_due`` is the clock's date for the council's decision (4 weeks after the meeting,
    reg 20(10)) once the meeting has been held; ``views`` what the family sent online for it."""

    review: AnnualReview
    invitees: list[ReviewInvitee]
    decision_due: Deadline | None
    decision_letter: Document | None
    views: list[PlanActivity]

    @property
    def in_progress(self) -> bool:
        return self.review.decision_on is None

    @property
    def outcome_words(self) -> str:
        """The decision after the meeting (reg 20(10)) in the family's words."""
        return {
            ReviewOutcome.MAINTAIN: "Keep the plan as it is",
            ReviewOutcome.AMEND: "Change (amend) the plan",
            ReviewOutcome.CEASE: "Stop (cease) the plan",
        }.get(self.review.outcome, "Not recorded")

    @property
    def before_meeting(self) -> bool:
        """Arranged and not yet held: the time to give views before the meeting."""
        return self.in_progress and self.review.meeting_on is None


def family_review(user, plan: EHCPlan | None, *, today: date) -> FamilyReview | None:
    """The plan's review in progress (arranged or held, no decision yet), else its last decided
    review; None before the first is arranged. The decision letter only if the family may see
    it (``policy.family_documents``)."""
    if plan is None:
        return None
    review = open_review(plan) or (
        AnnualReview.objects.filter(plan=plan, decision_on__isnull=False)
        .order_by("-decision_on", "-pk")
        .first()
    )
    if review is None:
        return None
    decision_due = None
    if review.meeting_on is not None and review.meeting_on > plan.made_on:
        decision_due = next(
            d
            for d in clock.review_deadlines(
                plan.made_on,
                meeting_on=review.meeting_on,
                decision_on=review.decision_on,
                as_of=today,
            )
            if d.key == "decision_due"
        )
    letter = None
    if review.decision_letter_id:
        letter = family_documents(user, plan.child).filter(pk=review.decision_letter_id).first()
    return FamilyReview(
        review=review,
        invitees=list(review.invitees.order_by("pk")),
        decision_due=decision_due,
        decision_letter=letter,
        views=list(
            PlanActivity.objects.filter(review=review, kind="family_views").order_by(
                "occurred_on", "recorded_at"
            )
        ),
    )


@dataclass(frozen=True)
class FamilyCessation:
    """The council considering or deciding to cease the plan (CFA s45; reg 31), with the clock's
    dates once it decides to cease: by when to contact a mediation adviser (``mediation_due``)
    and to appeal to the Tribunal (``appeal_due``, HESC Rules r.20, counted from a mediation
    certificate when that is later), and the first day the plan may end if nobody appeals
    (``earliest_end``, reg 31(3); None while mediation runs)."""

    cessation: Cessation
    mediation_due: date | None
    appeal_due: date | None
    earliest_end: date | None
    #: The family's disagreement about it is recorded: its dates show under "Mediation and appeal".
    disagreed: bool = False


def family_cessation(child, *, today: date) -> FamilyCessation | None:
    """The latest proposal to cease the child's plan, if the plan is still maintained or ended
    through it; None otherwise."""
    cessation = (
        Cessation.objects.filter(plan__child=child)
        .select_related("plan", "review", "disagreement")
        .order_by("-intention_sent_on", "-pk")
        .first()
    )
    if cessation is None or (cessation.plan.ceased_on and not cessation.ceased_on):
        return None
    mediation_due = appeal_due = earliest = None
    appeal = appeal_of(cessation)
    if cessation.decision == CeaseDecision.CEASE and cessation.decision_on:
        dates = {
            d.key: d.due
            for d in clock.ceasing_deadlines(
                cessation.decision_on,
                certificate_on=appeal.certificate_on if appeal else None,
                appeal_lodged_on=cessation.appeal_lodged_on,
                as_of=today,
            )
        }
        mediation_due, appeal_due = dates["mediation_contact_due"], dates["appeal_due"]
        earliest = earliest_end(cessation)
    return FamilyCessation(cessation, mediation_due, appeal_due, earliest, appeal is not None)


# --- mediation and appeals: the family's own disagreement with a decision -----------------------

#: The decisions a family can appeal (CFA s51(2)), in the words the portal uses.
DECISION_WORDS = {
    AppealableDecision.NOT_TO_ASSESS: "The decision not to carry out an EHC needs assessment",
    AppealableDecision.NOT_TO_ISSUE: "The decision not to write an EHC plan after the assessment",
    AppealableDecision.PLAN_CONTENTS: "What the EHC plan says about needs and support "
    "(sections B and F), and the school or college named",
    AppealableDecision.NAMED_SETTING: "Only the school or college named in the EHC plan "
    "(section I)",
    AppealableDecision.NOT_TO_REASSESS: "The decision not to carry out a reassessment",
    AppealableDecision.NOT_TO_AMEND: "The decision not to change the EHC plan",
    AppealableDecision.CEASE: "The decision to stop (cease) the EHC plan",
}

STAGE_WORDS = {
    Stage.MEDIATION: "Mediation",
    Stage.APPEAL_WINDOW: "Time to appeal",
    Stage.APPEAL: "Appeal with the Tribunal",
    Stage.ORDER: "The council is carrying out the Tribunal’s decision",
    Stage.CLOSED: "Finished",
}

APPEAL_OUTCOME_WORDS = {
    DisagreementAppealOutcome.UPHELD: "The Tribunal agreed with you (appeal upheld)",
    DisagreementAppealOutcome.PARTLY_UPHELD: "The Tribunal agreed with you in part "
    "(appeal partly upheld)",
    DisagreementAppealOutcome.DISMISSED: "The Tribunal did not change the decision "
    "(appeal dismissed)",
    DisagreementAppealOutcome.WITHDRAWN: "You withdrew the appeal",
    DisagreementAppealOutcome.CONCEDED: "The council did not oppose your appeal",
}


@dataclass(frozen=True)
class FamilyDate:
    """One date that matters to the family in a disagreement: ``on`` is the last day for a
    step (or the day of the hearing), ``done_on`` the day it happened. ``help`` is what the
    family can do if the date passes, as the clock's rule says it."""

    what: str
    on: date | None
    done_on: date | None
    explanation: str
    state: str  # done, upcoming, late (the council's step), passed (the family's window)
    help: str = ""
    #: A day something happens (the hearing), not a last day for a step.
    event: bool = False

    @property
    def tag(self) -> tuple[str, str]:
        return {
            "done": ("Done", "govuk-tag--green"),
            "upcoming": ("Coming up", "govuk-tag--blue"),
            "late": ("Late", "govuk-tag--red"),
            "passed": ("Date passed", "govuk-tag--grey"),
        }[self.state]


@dataclass(frozen=True)
class FamilyDisagreement:
    """What a family sees of their disagreement: what it is about, where it stands, and its
    dates from the clock - never the council's notes or its own deadlines with the Tribunal."""

    about: str
    decision_on: date
    stage: str
    tribunal_reference: str
    mediation_outcome: str
    appeal_outcome: str
    order: str
    dates: list[FamilyDate]


def disagreements_of(user, child) -> list[Disagreement]:
    """The child's disagreements the family may see (``policy.family_disagreements``), newest
    decision first."""
    return list(
        family_disagreements(user, child).select_related("plan").order_by("-decision_on", "-pk")
    )


def _family_date(what, deadline, done_on, explanation, *, today, family: bool) -> FamilyDate:
    if done_on is not None:
        state = "done"
    elif deadline.due < today:
        state = "passed" if family else "late"
    else:
        state = "upcoming"
    return FamilyDate(
        what=what,
        on=deadline.due,
        done_on=done_on,
        explanation=explanation,
        state=state,
        help="" if done_on is not None else deadline.rule.if_missed,
    )


def for_family(d: Disagreement, *, today: date) -> FamilyDisagreement:
    """The dates of one disagreement, all from the clock (``disagreements.deadlines``): contact
    the mediation adviser (reg 33), the mediation (reg 37) and its certificate (regs 34-39),
    the last day to appeal - counted from the certificate when that is later (HESC Rules r.20) -
    the hearing, and the day the council must have carried out the Tribunal's order (regs
    44-45)."""
    mediation = {m.key: m for m in deadlines.mediation_deadlines(d, as_of=today)}
    dates = []
    contact = mediation["mediation_contact_due"]
    no_certificate = d.decision in NO_CERTIFICATE_NEEDED
    dates.append(
        _family_date(
            "Contact the mediation adviser",
            contact,
            d.adviser_contacted_on,
            "The decision letter names the mediation adviser. You must contact them before you "
            "appeal, and say whether you want mediation."
            + (
                " You do not need to if your appeal is only about the school or college named."
                if no_certificate
                else ""
            ),
            today=today,
            family=True,
        )
    )
    if "mediation_due" in mediation:
        dates.append(
            _family_date(
                "Mediation meeting",
                mediation["mediation_due"],
                d.mediation_on,
                "The council must arrange mediation within 30 days of being told you want it.",
                today=today,
                family=False,
            )
        )
    certificate = mediation.get("certificate_after_mediation_due") or mediation.get(
        "certificate_due"
    )
    if certificate is not None:
        dates.append(
            _family_date(
                "Mediation certificate",
                certificate,
                d.certificate_on,
                "The mediation adviser sends you a certificate within 3 working days. You need "
                "it to appeal.",
                today=today,
                family=False,
            )
        )
    elif d.certificate_on is not None:
        dates.append(
            FamilyDate(
                "Mediation certificate",
                None,
                d.certificate_on,
                "You need the certificate to appeal.",
                "done",
            )
        )
    if d.mediation_outcome != MediationOutcome.AGREED or d.appeal_lodged_on:
        appeal = deadlines.appeal_deadline(d, as_of=today)
        from_certificate = any("mediation certificate" in note for note in appeal.notes)
        dates.append(
            _family_date(
                "Appeal to the First-tier Tribunal (SEND)",
                appeal,
                d.appeal_lodged_on,
                (
                    "This is 1 month from your mediation certificate, as that is later than 2 "
                    "months from the decision letter."
                    if from_certificate
                    else "This is 2 months from the decision letter, or 1 month from a mediation "
                    "certificate if that is later."
                ),
                today=today,
                family=True,
            )
        )
    if d.hearing_on is not None:
        dates.append(
            FamilyDate(
                "Tribunal hearing",
                d.hearing_on,
                d.hearing_on if d.hearing_on < today else None,
                "The Tribunal will write to you about the hearing.",
                "done" if d.hearing_on < today else "upcoming",
                event=True,
            )
        )
    steps = deadlines.order_deadlines(d, as_of=today)
    if steps:
        last = max(steps, key=lambda step: step.due)
        dates.append(
            _family_date(
                "The council carries out the Tribunal’s decision"
                if not d.unopposed
                else "The council does what your appeal asked for",
                last,
                d.order_complied_on,
                f"What the council must do: {d.get_order_display().lower()}.",
                today=today,
                family=False,
            )
        )
    return FamilyDisagreement(
        about=DECISION_WORDS.get(d.decision, d.get_decision_display()),
        decision_on=d.decision_on,
        stage=STAGE_WORDS[deadlines.stage(d, as_of=today)],
        tribunal_reference=d.tribunal_reference,
        mediation_outcome=d.get_mediation_outcome_display() if d.mediation_outcome else "",
        appeal_outcome=APPEAL_OUTCOME_WORDS.get(d.appeal_outcome, ""),
        order=d.get_order_display() if d.order else "",
        dates=dates,
    )
