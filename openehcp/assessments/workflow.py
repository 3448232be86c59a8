"""The EHC needs assessment, step by step (CFA 2014 s36-s39; SEND Regulations 2014 regs 3-14).

Each function records one step of a request for assessment. They share these rules:

- keyword-only arguments, one database transaction, all or nothing;
- the optimistic lock: ``version`` is the request's version when the person opened the form; if
  someone else recorded a step since, ``VersionConflict`` is raised and nothing is saved;
- every step writes an ``Activity`` naming its author and date, with its documents and letters;
- a date cannot be in the future, before the request was received or before the step it follows;
- steps happen in the statutory order. Where the law or good practice only *usually* puts one step
  before another, the step can still be recorded out of order if the person gives a reason
  (``override_reason``), which is kept in the activity log. Otherwise a ``WorkflowError`` says why.

Due dates are never computed here: ``openehcp.clock`` computes them from the dates recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from openehcp import clock
from openehcp.accounts.models import Role
from openehcp.establishments.models import Establishment
from openehcp.plans.models import EHCPlan

from .models import (
    Activity,
    AdviceRequest,
    AdvisorType,
    AssessmentRequest,
    Consultation,
    Decision,
    Document,
    ExceptionReason,
    TimescaleException,
)

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
UPLOAD_TYPES = {
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".rtf": "application/rtf",
    ".txt": "text/plain",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}

CONFLICT_MESSAGE = (
    "Someone else changed this case while you were working on it. Check the case page to see "
    "what they recorded, then try again. Nothing you entered has been saved yet."
)


class WorkflowError(Exception):
    """A step that cannot be recorded as asked.

    ``message`` is a GOV.UK error message for the person; ``field`` names the form field it is
    about, if any. ``overridable`` is True when the step is only out of the usual order and giving
    an ``override_reason`` would record it.
    """

    def __init__(self, message: str, *, field: str | None = None, overridable: bool = False):
        super().__init__(message)
        self.message = message
        self.field = field
        self.overridable = overridable


class VersionConflict(WorkflowError):
    """Someone else changed the request after the person loaded it."""

    def __init__(self):
        super().__init__(CONFLICT_MESSAGE)


def _d(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def school_year(child, on: date) -> int:
    """The national curriculum year the child is taught in on a date (Reception = 0): the
    clock's age-related year, moved by the years the child is taught out of their age group."""
    return clock.national_curriculum_year(child.date_of_birth, on) + child.ncy_offset


def year_group_name(year: int) -> str:
    if year < 0:
        return "early years"
    return "Reception" if year == 0 else f"Year {year}"


# --- shared checks ------------------------------------------------------------------------------


def _lock(case: AssessmentRequest, version: int) -> AssessmentRequest:
    """Take the optimistic lock: bump the version only if it is still the one the form loaded.

    The conditional UPDATE also holds the row lock until the transaction ends, so two people
    saving at the same moment are serialised and the second one gets the conflict.
    """
    updated = AssessmentRequest.objects.filter(pk=case.pk, version=version).update(
        version=F("version") + 1
    )
    if not updated:
        raise VersionConflict()
    return AssessmentRequest.objects.select_related("child").get(pk=case.pk)


def closed_reason(case: AssessmentRequest) -> str:
    """Why no further step can be recorded on this request, or "" while it is open."""
    if case.withdrawn_on:
        return f"This request was withdrawn on {_d(case.withdrawn_on)}"
    if case.decision_to_assess == Decision.NO:
        return f"The council decided not to assess on {_d(case.decision_on)}"
    if case.decision_to_issue == Decision.NO:
        return f"The council decided not to issue a plan on {_d(case.issue_decision_on)}"
    if case.final_issued_on:
        return f"The final plan was issued on {_d(case.final_issued_on)}"
    return ""


def _require_open(case: AssessmentRequest) -> None:
    reason = closed_reason(case)
    if reason:
        raise WorkflowError(f"{reason}, so no further steps can be recorded")


def _check_date(
    case: AssessmentRequest,
    value: date | None,
    *,
    noun: str,
    field: str,
    after: tuple[date | None, str] | None = None,
) -> date:
    """A step's date: given, not in the future, not before the request or the step it follows."""
    subject = noun[:1].upper() + noun[1:]
    if value is None:
        raise WorkflowError(f"Enter {noun}", field=field)
    if value > timezone.localdate():
        raise WorkflowError(f"{subject} must be today or in the past", field=field)
    if value < case.received_on:
        raise WorkflowError(
            f"{subject} must be on or after the day the request was received, "
            f"{_d(case.received_on)}",
            field=field,
        )
    if after and after[0] and value < after[0]:
        raise WorkflowError(
            f"{subject} must be on or after {after[1]}, {_d(after[0])}", field=field
        )
    return value


def _required_text(value: str, message: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise WorkflowError(message, field=field)
    return value


def _out_of_order(problem: str | None, override_reason: str) -> str:
    """Refuse a step recorded out of the usual order unless a reason is given; return the note
    the activity log keeps."""
    reason = (override_reason or "").strip()
    if problem and not reason:
        raise WorkflowError(problem, field="override_reason", overridable=True)
    if problem:
        return f"\nRecorded out of the usual order: {reason}"
    return ""


def check_upload(upload: UploadedFile | None, *, field: str, required: bool, noun: str) -> None:
    """A supporting document: one of the accepted types, at most 20 MB."""
    if upload is None:
        if required:
            raise WorkflowError(f"Select {noun}", field=field)
        return
    name = (upload.name or "").lower()
    if not any(name.endswith(ext) for ext in UPLOAD_TYPES):
        raise WorkflowError(
            "The selected file must be a PDF, Word document, OpenDocument text, RTF, text file, "
            "JPG or PNG",
            field=field,
        )
    if upload.size > MAX_UPLOAD_BYTES:
        raise WorkflowError("The selected file must be smaller than 20MB", field=field)
    if upload.size == 0:
        raise WorkflowError("The selected file is empty", field=field)


def _content_type(upload: UploadedFile) -> str:
    name = (upload.name or "").lower()
    return next(kind for ext, kind in UPLOAD_TYPES.items() if name.endswith(ext))


def _store(case, *, upload: UploadedFile, kind: str, title: str, user) -> Document:
    return Document.objects.create(
        child=case.child,
        request=case,
        kind=kind,
        title=title,
        file=upload,
        content_type=_content_type(upload),
        created_by=user,
    )


def _activity(case, *, kind: str, on: date, user, description: str, documents=()) -> Activity:
    activity = Activity.objects.create(
        request=case, occurred_on=on, kind=kind, description=description.strip(), author=user
    )
    if documents:
        activity.documents.add(*documents)
    return activity


def _letter(kind: str, *, case, activity: Activity, user, on: date, advice=None) -> Document:
    # Imported here: the letters app builds on this app's models.
    from openehcp.letters.services import generate_letter

    return generate_letter(kind=kind, case=case, activity=activity, user=user, on=on, advice=advice)


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
    case = _lock(case, version)
    _require_open(case)
    if case.decision_to_assess:
        raise WorkflowError(
            f"The decision whether to assess was already recorded on {_d(case.decision_on)}"
        )
    if decision not in Decision.values:
        raise WorkflowError(
            "Select whether the council will carry out an assessment", field="decision"
        )
    decided_on = _check_date(case, decided_on, noun="the date of the decision", field="decided_on")
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
    activity = _activity(
        case, kind="decision_to_assess", on=decided_on, user=user, description=description
    )
    _letter(
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
    preparing for adulthood is sought from Year 9 (reg 6(1)(f) via CoP 9.52), the year the child's
    national curriculum year is taken from the statutory clock."""
    case = _lock(case, version)
    _require_open(case)
    if advisor_type not in AdvisorType.values:
        raise WorkflowError("Select the kind of advice", field="advisor_type")
    advisor_name = _required_text(
        advisor_name, "Enter the name of the person or service giving the advice", "advisor_name"
    )
    requested_on = _check_date(
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
    note = _out_of_order(
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
    activity = _activity(
        case,
        kind="advice_requested",
        on=requested_on,
        user=user,
        description=f"Asked {advisor_name} for {advice.get_advisor_type_display().lower()}.{note}",
    )
    _letter(
        "advice_request", case=case, activity=activity, user=user, on=requested_on, advice=advice
    )
    return advice


def _advice_case(advice: AdviceRequest, version: int) -> AssessmentRequest:
    case = _lock(advice.request, version)
    _require_open(case)
    return case


@transaction.atomic
def chase_advice(
    *, advice: AdviceRequest, version: int, user, chased_on: date, note: str = ""
) -> AdviceRequest:
    """Record that the council chased an advisor for advice not yet given (reg 8)."""
    case = _advice_case(advice, version)
    advice = AdviceRequest.objects.get(pk=advice.pk)
    if advice.received_on:
        raise WorkflowError(
            f"This advice was received on {_d(advice.received_on)}, so it cannot be chased"
        )
    chased_on = _check_date(
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
    _activity(case, kind="advice_chased", on=chased_on, user=user, description=description)
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
    case = _advice_case(advice, version)
    advice = AdviceRequest.objects.get(pk=advice.pk)
    if advice.received_on:
        raise WorkflowError(
            f"This advice was already recorded as received on {_d(advice.received_on)}"
        )
    received_on = _check_date(
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
    stored = _store(
        case,
        upload=document,
        kind=Document.Kind.ADVICE,
        title=f"{advice.get_advisor_type_display()} from {advice.advisor_name}",
        user=user,
    )
    description = (
        f"Received {advice.get_advisor_type_display().lower()} from {advice.advisor_name}."
    )
    if advice.summary:
        description += f"\n{advice.summary}"
    _activity(
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
    case = _lock(case, version)
    _require_open(case)
    if case.decision_to_assess != Decision.YES:
        raise WorkflowError("Record the decision to carry out an assessment first")
    if case.decision_to_issue:
        raise WorkflowError(
            f"The decision whether to issue a plan was already recorded on "
            f"{_d(case.issue_decision_on)}"
        )
    if decision not in Decision.values:
        raise WorkflowError("Select whether the council will issue a plan", field="decision")
    decided_on = _check_date(
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
    note = _out_of_order(problem, override_reason)
    case.decision_to_issue = decision
    case.issue_decision_on = decided_on
    case.issue_decision_reasons = reasons
    case.save()
    outcome = "to issue" if decision == Decision.YES else "not to issue"
    description = f"Decided {outcome} an EHC plan."
    if reasons:
        description += f"\nReasons: {reasons}"
    activity = _activity(
        case, kind="decision_to_issue", on=decided_on, user=user, description=description + note
    )
    if decision == Decision.NO:
        _letter("decision_not_to_issue", case=case, activity=activity, user=user, on=decided_on)
    return case


# --- the draft plan and the family's response (reg 13(1); CFA s38-s39) -------------------------


@transaction.atomic
def serve_draft_plan(
    *,
    case: AssessmentRequest,
    version: int,
    user,
    served_on: date,
    document: UploadedFile | None = None,
) -> AssessmentRequest:
    """CFA s38: send the draft plan to the family, who have at least 15 days, beginning with the
    day it is served, to comment and ask for a particular school or college (reg 13(1))."""
    case = _lock(case, version)
    _require_open(case)
    if case.decision_to_issue != Decision.YES:
        raise WorkflowError("Record the decision to issue a plan before sending the draft plan")
    if case.draft_served_on:
        raise WorkflowError(f"The draft plan was already sent on {_d(case.draft_served_on)}")
    served_on = _check_date(
        case,
        served_on,
        noun="the date the draft plan was sent",
        field="served_on",
        after=(case.issue_decision_on, "the decision to issue a plan"),
    )
    check_upload(document, field="document", required=False, noun="the draft plan")
    case.draft_served_on = served_on
    case.save()
    documents = []
    if document is not None:
        documents.append(
            _store(
                case, upload=document, kind=Document.Kind.PLAN, title="Draft EHC plan", user=user
            )
        )
    activity = _activity(
        case,
        kind="draft_served",
        on=served_on,
        user=user,
        description="Sent the draft EHC plan to the family.",
        documents=documents,
    )
    _letter("draft_plan_covering", case=case, activity=activity, user=user, on=served_on)
    return case


@transaction.atomic
def record_representations(
    *,
    case: AssessmentRequest,
    version: int,
    user,
    received_on: date,
    preferred_establishment: Establishment | None = None,
    notes: str = "",
) -> AssessmentRequest:
    """CFA s38(2): the family's comments on the draft plan and the school or college they ask to
    be named (CFA s39)."""
    case = _lock(case, version)
    _require_open(case)
    if not case.draft_served_on:
        raise WorkflowError("Send the draft plan before recording the family's comments on it")
    if case.representations_received_on:
        raise WorkflowError(
            f"The family's comments were already recorded on {_d(case.representations_received_on)}"
        )
    received_on = _check_date(
        case,
        received_on,
        noun="the date the family's comments were received",
        field="received_on",
        after=(case.draft_served_on, "the day the draft plan was sent"),
    )
    case.representations_received_on = received_on
    case.preferred_establishment = preferred_establishment
    case.save()
    description = "Received the family's comments on the draft plan."
    if preferred_establishment:
        description += f"\nThey asked for {preferred_establishment.name} to be named."
    if notes.strip():
        description += f"\n{notes.strip()}"
    _activity(case, kind="representations", on=received_on, user=user, description=description)
    return case


@transaction.atomic
def consult_setting(
    *,
    case: AssessmentRequest,
    version: int,
    user,
    establishment: Establishment,
    sent_on: date,
    override_reason: str = "",
) -> Consultation:
    """CFA s39(2): consult the governing body, proprietor or principal of a setting before naming
    it; it has 15 days to reply (CoP 9.78)."""
    case = _lock(case, version)
    _require_open(case)
    if case.decision_to_issue != Decision.YES:
        raise WorkflowError("Record the decision to issue a plan before consulting settings")
    if establishment is None:
        raise WorkflowError("Select the setting you consulted", field="establishment")
    sent_on = _check_date(
        case,
        sent_on,
        noun="the date the consultation was sent",
        field="sent_on",
        after=(case.issue_decision_on, "the decision to issue a plan"),
    )
    if case.consultations.filter(establishment=establishment, replied_on__isnull=True).exists():
        raise WorkflowError(
            f"{establishment.name} has already been consulted and has not replied yet",
            field="establishment",
        )
    note = _out_of_order(
        None
        if case.draft_served_on
        else "Settings are usually consulted once the draft plan has been sent - send the draft "
        "plan first, or give a reason",
        override_reason,
    )
    consultation = Consultation.objects.create(
        request=case, establishment=establishment, sent_on=sent_on
    )
    _activity(
        case,
        kind="consultation_sent",
        on=sent_on,
        user=user,
        description=f"Consulted {establishment.name} about naming it in the plan.{note}",
    )
    return consultation


@transaction.atomic
def record_consultation_reply(
    *,
    consultation: Consultation,
    version: int,
    user,
    replied_on: date,
    reply: str,
    notes: str = "",
) -> Consultation:
    """The setting's reply to the consultation (CFA s39(2))."""
    case = _lock(consultation.request, version)
    _require_open(case)
    consultation = Consultation.objects.select_related("establishment").get(pk=consultation.pk)
    if consultation.replied_on:
        raise WorkflowError(
            f"The reply from {consultation.establishment.name} was already recorded on "
            f"{_d(consultation.replied_on)}"
        )
    if reply not in Consultation.Reply.values:
        raise WorkflowError("Select what the setting replied", field="reply")
    replied_on = _check_date(
        case,
        replied_on,
        noun="the date of the reply",
        field="replied_on",
        after=(consultation.sent_on, "the day the consultation was sent"),
    )
    consultation.replied_on = replied_on
    consultation.reply = reply
    consultation.reply_notes = (notes or "").strip()
    consultation.save()
    description = (
        f"{consultation.establishment.name} replied: {consultation.get_reply_display().lower()}."
    )
    if consultation.reply_notes:
        description += f"\n{consultation.reply_notes}"
    _activity(case, kind="consultation_reply", on=replied_on, user=user, description=description)
    return consultation


# --- the final plan (reg 13(2); CFA s39-s40) ----------------------------------------------------


@transaction.atomic
def issue_final_plan(
    *,
    case: AssessmentRequest,
    version: int,
    user,
    issued_on: date,
    named_establishment: Establishment,
    document: UploadedFile | None = None,
    override_reason: str = "",
) -> EHCPlan:
    """Reg 13(2): issue the final plan within 20 weeks of the request, naming the setting
    (section I). The family must first have had at least 15 days, beginning with the day the draft
    was served, to comment (reg 13(1)); the named setting is normally consulted first (s39(2))."""
    case = _lock(case, version)
    _require_open(case)
    if case.decision_to_issue != Decision.YES:
        raise WorkflowError("Record the decision to issue a plan before issuing the final plan")
    if not case.draft_served_on:
        raise WorkflowError("Send the draft plan to the family before issuing the final plan")
    if named_establishment is None:
        raise WorkflowError(
            "Select the school, college or other setting named in the plan",
            field="named_establishment",
        )
    issued_on = _check_date(
        case,
        issued_on,
        noun="the date the final plan was issued",
        field="issued_on",
        after=(case.draft_served_on, "the day the draft plan was sent"),
    )
    check_upload(document, field="document", required=False, noun="the final plan")
    comments_end = clock.representations_due(case.draft_served_on).due
    if issued_on <= comments_end:
        problem = (
            f"The family have until {_d(comments_end)} to comment on the draft plan - give a "
            "reason to issue the final plan before then"
        )
    elif not case.consultations.filter(establishment=named_establishment).exists():
        problem = (
            f"{named_establishment.name} has not been consulted - consult it first, or give a "
            "reason"
        )
    else:
        problem = None
    note = _out_of_order(problem, override_reason)
    case.final_issued_on = issued_on
    case.named_establishment = named_establishment
    case.save()
    plan = EHCPlan.objects.create(
        child=case.child,
        origin_request=case,
        made_on=issued_on,
        named_establishment=named_establishment,
        transferred_from_la=case.transferred_from_la,
        transferred_in_on=case.transferred_in_on,
    )
    documents = []
    if document is not None:
        documents.append(
            _store(
                case, upload=document, kind=Document.Kind.PLAN, title="Final EHC plan", user=user
            )
        )
    activity = _activity(
        case,
        kind="final_issued",
        on=issued_on,
        user=user,
        description=f"Issued the final EHC plan naming {named_establishment.name}.{note}",
        documents=documents,
    )
    _letter("final_plan_covering", case=case, activity=activity, user=user, on=issued_on)
    return plan


# --- at any point: withdrawal, transfer in, exceptions ------------------------------------------


@transaction.atomic
def withdraw_request(
    *, case: AssessmentRequest, version: int, user, withdrawn_on: date, reason: str
) -> AssessmentRequest:
    """The requester withdraws, or the council closes the request (e.g. the family moved away)."""
    case = _lock(case, version)
    _require_open(case)
    withdrawn_on = _check_date(
        case, withdrawn_on, noun="the date of withdrawal", field="withdrawn_on"
    )
    reason = _required_text(reason, "Enter why the request was withdrawn", "reason")
    case.withdrawn_on = withdrawn_on
    case.withdrawal_reason = reason
    case.save()
    _activity(
        case, kind="withdrawn", on=withdrawn_on, user=user, description=f"Withdrawn: {reason}"
    )
    return case


@transaction.atomic
def record_transfer_in(
    *, case: AssessmentRequest, version: int, user, from_la: str, responsible_from: date
) -> AssessmentRequest:
    """CFA s24 and reg 15: the case moved here from another council mid-assessment. The 20 weeks
    for the final plan then run from the day this council became responsible (reg 13(2))."""
    case = _lock(case, version)
    _require_open(case)
    if case.transferred_from_la:
        raise WorkflowError(
            f"A transfer in from council {case.transferred_from_la} is already recorded"
        )
    from_la = (from_la or "").strip()
    if not (len(from_la) == 3 and from_la.isdigit()):
        raise WorkflowError("Enter the other council's code as 3 digits, like 886", field="from_la")
    responsible_from = _check_date(
        case,
        responsible_from,
        noun="the date this council became responsible",
        field="responsible_from",
    )
    case.transferred_from_la = from_la
    case.transferred_in_on = responsible_from
    case.save()
    _activity(
        case,
        kind="transfer_in",
        on=responsible_from,
        user=user,
        description=(
            f"Transferred in from council {from_la}; responsible from {_d(responsible_from)}."
        ),
    )
    return case


#: Reasons that are about one piece of advice (reg 8(2)(c) names the missed appointment).
ADVICE_ONLY_REASONS = {ExceptionReason.MISSED_APPOINTMENT}


@transaction.atomic
def record_timescale_exception(
    *,
    case: AssessmentRequest,
    version: int,
    user,
    reason: str,
    starts_on: date,
    ends_on: date,
    justification: str,
    advice: AdviceRequest | None = None,
) -> TimescaleException:
    """Regs 5(4), 8(2), 10(4), 13(3): a time limit does not apply while meeting it is impractical
    for one of the listed reasons. The exception lifts the limit; it does not move the due date."""
    case = _lock(case, version)
    _require_open(case)
    if reason not in ExceptionReason.values:
        raise WorkflowError("Select the reason for the exception", field="reason")
    if starts_on is None:
        raise WorkflowError("Enter the date the exception starts", field="starts_on")
    if ends_on is None:
        raise WorkflowError("Enter the date the exception ends", field="ends_on")
    if starts_on < case.received_on:
        raise WorkflowError(
            "The date the exception starts must be on or after the day the request was "
            f"received, {_d(case.received_on)}",
            field="starts_on",
        )
    if ends_on < starts_on:
        raise WorkflowError(
            "The date the exception ends must be the same as or after the date it starts",
            field="ends_on",
        )
    justification = _required_text(
        justification, "Enter why meeting the time limit is impractical", "justification"
    )
    if advice is not None and advice.request_id != case.pk:
        raise WorkflowError("Select advice asked for on this request", field="advice")
    if reason in ADVICE_ONLY_REASONS and advice is None:
        raise WorkflowError("Select the advice affected by the missed appointment", field="advice")
    exception = TimescaleException.objects.create(
        request=case,
        reason=reason,
        starts_on=starts_on,
        ends_on=ends_on,
        advice_request=advice,
        justification=justification,
        recorded_by=user,
    )
    _activity(
        case,
        kind="exception_recorded",
        on=timezone.localdate(),
        user=user,
        description=(
            f"Recorded an exception to the time limits: {exception.get_reason_display().lower()}, "
            f"{_d(starts_on)} to {_d(ends_on)}.\n{justification}"
        ),
    )
    return exception


@transaction.atomic
def remove_timescale_exception(
    *, exception: TimescaleException, version: int, user, reason: str
) -> None:
    """Take back an exception recorded in error; the log keeps what it was and why it went."""
    case = _lock(exception.request, version)
    exception = TimescaleException.objects.get(pk=exception.pk)
    reason = _required_text(reason, "Enter why you are removing the exception", "reason")
    _activity(
        case,
        kind="exception_removed",
        on=timezone.localdate(),
        user=user,
        description=(
            f"Removed the exception {exception.get_reason_display().lower()}, "
            f"{_d(exception.starts_on)} to {_d(exception.ends_on)}.\nWhy: {reason}"
        ),
    )
    exception.delete()


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
