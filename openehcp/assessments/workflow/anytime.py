"""Steps that can happen at any point: withdrawal, transfer in, and exceptions to the time
limits."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from ..models import AdviceRequest, AssessmentRequest, ExceptionReason, TimescaleException
from .common import (
    WorkflowError,
    check_date,
    check_la_code,
    lock_case,
    log_activity,
    long_date,
    require_open,
    required_text,
)

# --- at any point: withdrawal, transfer in, exceptions ------------------------------------------


@transaction.atomic
def withdraw_request(
    *, case: AssessmentRequest, version: int, user, withdrawn_on: date, reason: str
) -> AssessmentRequest:
    """The requester withdraws, or the council closes the request (e.g. the family moved away)."""
    case = lock_case(case, version, user)
    require_open(case)
    withdrawn_on = check_date(
        case, withdrawn_on, noun="the date of withdrawal", field="withdrawn_on"
    )
    reason = required_text(reason, "Enter why the request was withdrawn", "reason")
    case.withdrawn_on = withdrawn_on
    case.withdrawal_reason = reason
    case.save()
    log_activity(
        case, kind="withdrawn", on=withdrawn_on, user=user, description=f"Withdrawn: {reason}"
    )
    return case


@transaction.atomic
def record_transfer_in(
    *, case: AssessmentRequest, version: int, user, from_la: str, responsible_from: date
) -> AssessmentRequest:
    """CFA s24 and reg 15: the case moved here from another council mid-assessment. The 20 weeks
    for the final plan then run from the day this council became responsible (reg 13(2))."""
    case = lock_case(case, version, user)
    require_open(case)
    if case.transferred_from_la:
        raise WorkflowError(
            f"A transfer in from council {case.transferred_from_la} is already recorded"
        )
    from_la = check_la_code(from_la, field="from_la")
    responsible_from = check_date(
        case,
        responsible_from,
        noun="the date this council became responsible",
        field="responsible_from",
    )
    case.transferred_from_la = from_la
    case.transferred_in_on = responsible_from
    case.save()
    log_activity(
        case,
        kind="transfer_in",
        on=responsible_from,
        user=user,
        description=(
            f"Transferred in from council {from_la}; "
            f"responsible from {long_date(responsible_from)}."
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
    case = lock_case(case, version, user)
    require_open(case)
    if reason not in ExceptionReason.values:
        raise WorkflowError("Select the reason for the exception", field="reason")
    if starts_on is None:
        raise WorkflowError("Enter the date the exception starts", field="starts_on")
    if ends_on is None:
        raise WorkflowError("Enter the date the exception ends", field="ends_on")
    if starts_on < case.received_on:
        raise WorkflowError(
            "The date the exception starts must be on or after the day the request was "
            f"received, {long_date(case.received_on)}",
            field="starts_on",
        )
    if ends_on < starts_on:
        raise WorkflowError(
            "The date the exception ends must be the same as or after the date it starts",
            field="ends_on",
        )
    justification = required_text(
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
    log_activity(
        case,
        kind="exception_recorded",
        on=timezone.localdate(),
        user=user,
        description=(
            f"Recorded an exception to the time limits: {exception.get_reason_display().lower()}, "
            f"{long_date(starts_on)} to {long_date(ends_on)}.\n{justification}"
        ),
    )
    return exception


@transaction.atomic
def remove_timescale_exception(
    *, exception: TimescaleException, version: int, user, reason: str
) -> None:
    """Take back an exception recorded in error; the log keeps what it was and why it went."""
    case = lock_case(exception.request, version, user)
    exception = TimescaleException.objects.get(pk=exception.pk)
    reason = required_text(reason, "Enter why you are removing the exception", "reason")
    log_activity(
        case,
        kind="exception_removed",
        on=timezone.localdate(),
        user=user,
        description=(
            f"Removed the exception {exception.get_reason_display().lower()}, "
            f"{long_date(exception.starts_on)} to {long_date(exception.ends_on)}.\nWhy: {reason}"
        ),
    )
    exception.delete()
