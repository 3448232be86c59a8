"""The draft plan, the family's comments, consultations and the final plan (CFA 2014 s38-s40;
SEND Regulations 2014 reg 13)."""

from __future__ import annotations

from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from openehcp import clock
from openehcp.establishments.models import Establishment
from openehcp.plans.models import EHCPlan

from ..models import AssessmentRequest, Consultation, Decision, Document
from .common import (
    WorkflowError,
    check_date,
    check_upload,
    lock_case,
    log_activity,
    long_date,
    out_of_order,
    require_open,
    store_upload,
    write_letter,
)


def _plans():
    """The plans app's services, which keep the plan's versions in step with these steps
    (imported here: they build on this app)."""
    from openehcp.plans import services

    return services


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
    case = lock_case(case, version, user)
    require_open(case)
    if case.decision_to_issue != Decision.YES:
        raise WorkflowError("Record the decision to issue a plan before sending the draft plan")
    if case.draft_served_on:
        raise WorkflowError(f"The draft plan was already sent on {long_date(case.draft_served_on)}")
    served_on = check_date(
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
            store_upload(
                case, upload=document, kind=Document.Kind.PLAN, title="Draft EHC plan", user=user
            )
        )
    activity = log_activity(
        case,
        kind="draft_served",
        on=served_on,
        user=user,
        description="Sent the draft EHC plan to the family.",
        documents=documents,
    )
    write_letter("draft_plan_covering", case=case, activity=activity, user=user, on=served_on)
    _plans().on_draft_served(case=case, user=user)
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
    case = lock_case(case, version, user)
    require_open(case)
    if not case.draft_served_on:
        raise WorkflowError("Send the draft plan before recording the family's comments on it")
    if case.representations_received_on:
        raise WorkflowError(
            "The family's comments were already recorded on "
            f"{long_date(case.representations_received_on)}"
        )
    received_on = check_date(
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
    log_activity(case, kind="representations", on=received_on, user=user, description=description)
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
    case = lock_case(case, version, user)
    require_open(case)
    if case.decision_to_issue != Decision.YES:
        raise WorkflowError("Record the decision to issue a plan before consulting settings")
    if establishment is None:
        raise WorkflowError("Select the setting you consulted", field="establishment")
    sent_on = check_date(
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
    note = out_of_order(
        None
        if case.draft_served_on
        else "Settings are usually consulted once the draft plan has been sent - send the draft "
        "plan first, or give a reason",
        override_reason,
    )
    consultation = Consultation.objects.create(
        request=case, establishment=establishment, sent_on=sent_on
    )
    log_activity(
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
    case = lock_case(consultation.request, version, user)
    require_open(case)
    consultation = Consultation.objects.select_related("establishment").get(pk=consultation.pk)
    if consultation.replied_on:
        raise WorkflowError(
            f"The reply from {consultation.establishment.name} was already recorded on "
            f"{long_date(consultation.replied_on)}"
        )
    if reply not in Consultation.Reply.values:
        raise WorkflowError("Select what the setting replied", field="reply")
    replied_on = check_date(
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
    log_activity(case, kind="consultation_reply", on=replied_on, user=user, description=description)
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
    case = lock_case(case, version, user)
    require_open(case)
    if case.decision_to_issue != Decision.YES:
        raise WorkflowError("Record the decision to issue a plan before issuing the final plan")
    if not case.draft_served_on:
        raise WorkflowError("Send the draft plan to the family before issuing the final plan")
    if named_establishment is None:
        raise WorkflowError(
            "Select the school, college or other setting named in the plan",
            field="named_establishment",
        )
    issued_on = check_date(
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
            f"The family have until {long_date(comments_end)} to comment on the draft plan - "
            "give a reason to issue the final plan before then"
        )
    elif not case.consultations.filter(establishment=named_establishment).exists():
        problem = (
            f"{named_establishment.name} has not been consulted - consult it first, or give a "
            "reason"
        )
    else:
        problem = None
    note = out_of_order(problem, override_reason)
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
    _plans().on_plan_made(plan=plan)
    documents = []
    if document is not None:
        documents.append(
            store_upload(
                case, upload=document, kind=Document.Kind.PLAN, title="Final EHC plan", user=user
            )
        )
    activity = log_activity(
        case,
        kind="final_issued",
        on=issued_on,
        user=user,
        description=f"Issued the final EHC plan naming {named_establishment.name}.{note}",
        documents=documents,
    )
    write_letter("final_plan_covering", case=case, activity=activity, user=user, on=issued_on)
    return plan
