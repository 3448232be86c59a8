"""The decision whether to assess, advice, and the decision whether to issue a plan
(CFA 2014 s36-s37; SEND Regulations 2014 regs 4-10)."""

from __future__ import annotations

from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from openehcp.accounts.models import Role
from openehcp.establishments.models import Establishment

from ..models import AdviceRequest, AdvisorType, AssessmentRequest, Decision, Document
from .common import (
    WorkflowError,
    check_date,
    check_upload,
    lock_case,
    log_activity,
    long_date,
    out_of_order,
    require_open,
    required_text,
    school_year,
    store_upload,
    write_letter,
    year_group_name,
)

# --- the decision whether to assess (CFA s36(8); reg 4-5) ---------------------------------------


@transaction.atomic
def record_decision_to_assess(
    *,
    case: AssessmentRequest,
    version: int,
    user,
    decision: str,
    decided_on: date,
    panel_recommendation: str = "",
    reasons: str = "",
) -> AssessmentRequest:
    """Reg 5(1): decide and notify within 6 weeks of the request; a refusal gives the reasons,
    the right to appeal and the mediation arrangements (reg 5(3)), so reasons are required."""
    case = lock_case(case, version, user)
    require_open(case)
    if case.decision_to_assess:
        raise WorkflowError(
            f"The decision whether to assess was already recorded on {long_date(case.decision_on)}"
        )
    if decision not in Decision.values:
        raise WorkflowError(
            "Select whether the council will carry out an assessment", field="decision"
        )
    decided_on = check_date(case, decided_on, noun="the date of the decision", field="decided_on")
    reasons = (reasons or "").strip()
    if decision == Decision.NO and not reasons:
        raise WorkflowError("Enter the reasons for not carrying out an assessment", field="reasons")
    case.decision_to_assess = decision
    case.decision_on = decided_on
    case.panel_recommendation = (panel_recommendation or "").strip()
    case.decision_reasons = reasons
    case.save()
    outcome = "to carry out" if decision == Decision.YES else "not to carry out"
    description = f"Decided {outcome} an EHC needs assessment."
    if case.panel_recommendation:
        description += f"\nPanel recommendation: {case.panel_recommendation}"
    if reasons:
        description += f"\nReasons: {reasons}"
    activity = log_activity(
        case, kind="decision_to_assess", on=decided_on, user=user, description=description
    )
    write_letter(
        "decision_to_assess" if decision == Decision.YES else "decision_not_to_assess",
        case=case,
        activity=activity,
        user=user,
        on=decided_on,
    )
    return case


# --- advice (regs 6-8) --------------------------------------------------------------------------


@transaction.atomic
def request_advice(
    *,
    case: AssessmentRequest,
    version: int,
    user,
    advisor_type: str,
    advisor_name: str,
    requested_on: date,
    advisor_email: str = "",
    advisor_user=None,
    establishment: Establishment | None = None,
    override_reason: str = "",
) -> AdviceRequest:
    """Reg 6(1): seek advice from each advisor; reg 8: they have 6 weeks to give it. Advice on
    preparing for adulthood and independent living is for a child in or beyond Year 9
    (reg 6(1)(f)); the national curriculum year comes from the statutory clock, moved by the years
    the child is taught out of their age group."""
    case = lock_case(case, version, user)
    require_open(case)
    if advisor_type not in AdvisorType.values:
        raise WorkflowError("Select the kind of advice", field="advisor_type")
    advisor_name = required_text(
        advisor_name, "Enter the name of the person or service giving the advice", "advisor_name"
    )
    requested_on = check_date(
        case,
        requested_on,
        noun="the date advice was requested",
        field="requested_on",
        after=(case.decision_on, "the decision to assess"),
    )
    if advisor_type == AdvisorType.PREPARING_FOR_ADULTHOOD:
        year = school_year(case.child, requested_on)
        if year < 9:
            raise WorkflowError(
                "Advice on preparing for adulthood can only be asked for from Year 9 - "
                f"{case.child.full_name} is in {year_group_name(year)}",
                field="advisor_type",
            )
    if advisor_type == AdvisorType.SETTING:
        if establishment is None:
            raise WorkflowError(
                "Select the school, college or early years setting you are asking for advice",
                field="establishment",
            )
    else:
        establishment = None
    if advisor_user is not None and advisor_user.role not in {
        Role.PROFESSIONAL,
        Role.SETTING_STAFF,
    }:
        raise WorkflowError(
            "The advisor's account must be a professional's or a setting's account",
            field="advisor_user",
        )
    note = out_of_order(
        None
        if case.decision_to_assess == Decision.YES
        else "Record the decision to assess before asking for advice, or give a reason",
        override_reason,
    )
    advice = AdviceRequest.objects.create(
        request=case,
        advisor_type=advisor_type,
        advisor_name=advisor_name,
        advisor_email=(advisor_email or "").strip(),
        advisor_user=advisor_user,
        establishment=establishment,
        requested_on=requested_on,
    )
    activity = log_activity(
        case,
        kind="advice_requested",
        on=requested_on,
        user=user,
        description=f"Asked {advisor_name} for {advice.get_advisor_type_display().lower()}.{note}",
    )
    write_letter(
        "advice_request", case=case, activity=activity, user=user, on=requested_on, advice=advice
    )
    return advice


def _advice_case(advice: AdviceRequest, version: int, user) -> AssessmentRequest:
    case = lock_case(advice.request, version, user)
    require_open(case)
    return case


@transaction.atomic
def chase_advice(
    *, advice: AdviceRequest, version: int, user, chased_on: date, note: str = ""
) -> AdviceRequest:
    """Record that the council chased an advisor for advice not yet given (reg 8)."""
    case = _advice_case(advice, version, user)
    advice = AdviceRequest.objects.get(pk=advice.pk)
    if advice.received_on:
        raise WorkflowError(
            f"This advice was received on {long_date(advice.received_on)}, so it cannot be chased"
        )
    chased_on = check_date(
        case,
        chased_on,
        noun="the date you chased the advice",
        field="chased_on",
        after=(
            (advice.last_chased_on, "the last time it was chased")
            if advice.last_chased_on
            else (advice.requested_on, "the day it was requested")
        ),
    )
    advice.last_chased_on = chased_on
    advice.save()
    description = f"Chased {advice.advisor_name} for {advice.get_advisor_type_display().lower()}."
    if note.strip():
        description += f"\n{note.strip()}"
    log_activity(case, kind="advice_chased", on=chased_on, user=user, description=description)
    return advice


@transaction.atomic
def record_advice_received(
    *,
    advice: AdviceRequest,
    version: int,
    user,
    received_on: date,
    document: UploadedFile,
    summary: str = "",
) -> AdviceRequest:
    """Record the advice given (reg 6-7), with the advisor's report kept on the record."""
    case = _advice_case(advice, version, user)
    advice = AdviceRequest.objects.get(pk=advice.pk)
    if advice.received_on:
        raise WorkflowError(
            f"This advice was already recorded as received on {long_date(advice.received_on)}"
        )
    received_on = check_date(
        case,
        received_on,
        noun="the date the advice was received",
        field="received_on",
        after=(advice.requested_on, "the day it was requested"),
    )
    check_upload(document, field="document", required=True, noun="the advice report")
    advice.received_on = received_on
    advice.summary = (summary or "").strip()
    advice.save()
    stored = store_upload(
        case,
        upload=document,
        kind=Document.Kind.ADVICE,
        title=f"{advice.get_advisor_type_display()} from {advice.advisor_name}",
        user=user,
        advice=advice,
    )
    description = (
        f"Received {advice.get_advisor_type_display().lower()} from {advice.advisor_name}."
    )
    if advice.summary:
        description += f"\n{advice.summary}"
    log_activity(
        case,
        kind="advice_received",
        on=received_on,
        user=user,
        description=description,
        documents=[stored],
    )
    return advice


# --- the decision whether to issue a plan (CFA s36(9)-(10), s37; reg 10) ------------------------


@transaction.atomic
def record_decision_to_issue(
    *,
    case: AssessmentRequest,
    version: int,
    user,
    decision: str,
    decided_on: date,
    reasons: str = "",
    override_reason: str = "",
) -> AssessmentRequest:
    """After assessing, decide whether a plan is needed. Reg 10(1): a decision not to issue is
    notified within 16 weeks of the request, with reasons and the right to appeal."""
    case = lock_case(case, version, user)
    require_open(case)
    if case.decision_to_assess != Decision.YES:
        raise WorkflowError("Record the decision to carry out an assessment first")
    if case.decision_to_issue:
        raise WorkflowError(
            f"The decision whether to issue a plan was already recorded on "
            f"{long_date(case.issue_decision_on)}"
        )
    if decision not in Decision.values:
        raise WorkflowError("Select whether the council will issue a plan", field="decision")
    decided_on = check_date(
        case,
        decided_on,
        noun="the date of the decision",
        field="decided_on",
        after=(case.decision_on, "the decision to assess"),
    )
    reasons = (reasons or "").strip()
    if decision == Decision.NO and not reasons:
        raise WorkflowError("Enter the reasons for not issuing a plan", field="reasons")
    advice = list(case.advice_requests.all())
    if not advice:
        problem = "No advice has been asked for yet - ask for advice first, or give a reason"
    elif any(a.received_on is None for a in advice):
        waiting = sum(a.received_on is None for a in advice)
        pieces = "1 piece of advice has" if waiting == 1 else f"{waiting} pieces of advice have"
        problem = f"{pieces} not been received yet - record the advice first, or give a reason"
    else:
        problem = None
    note = out_of_order(problem, override_reason)
    case.decision_to_issue = decision
    case.issue_decision_on = decided_on
    case.issue_decision_reasons = reasons
    case.save()
    outcome = "to issue" if decision == Decision.YES else "not to issue"
    description = f"Decided {outcome} an EHC plan."
    if reasons:
        description += f"\nReasons: {reasons}"
    activity = log_activity(
        case, kind="decision_to_issue", on=decided_on, user=user, description=description + note
    )
    if decision == Decision.NO:
        write_letter(
            "decision_not_to_issue", case=case, activity=activity, user=user, on=decided_on
        )
    return case
