"""Writes for annual reviews, amendments, phase transfers, ceasing and transfers between
councils. Views, commands and imports call these functions and nothing else to change a plan."""

from .amendments import (
    decide_not_to_amend,
    issue_amended_plan,
    open_amendment,
    record_amendment_representations,
    send_amendment_notice,
)
from .ceasing import (
    check_cease_reason,
    decide_ceasing,
    earliest_end,
    open_cessation,
    propose_ceasing,
    record_cease_consultation,
    record_plan_ceased,
)
from .common import EditConflict, WorkflowError
from .council_transfers import (
    receive_transferred_plan,
    record_transfer_notice,
    transfer_out_due,
    transfer_plan_out,
)
from .phase_transfers import (
    consult_setting,
    create_transfer_cohort,
    record_consultation_reply,
    record_preference,
    send_preference_letter,
)
from .reviews import (
    add_review_evidence,
    arrange_review,
    default_invitees,
    key_review_year,
    open_review,
    record_meeting,
    record_review_decision,
    record_review_report,
)
from .setting_reports import send_review_report

__all__ = [
    "EditConflict",
    "WorkflowError",
    "add_review_evidence",
    "arrange_review",
    "check_cease_reason",
    "consult_setting",
    "create_transfer_cohort",
    "decide_ceasing",
    "decide_not_to_amend",
    "default_invitees",
    "earliest_end",
    "issue_amended_plan",
    "key_review_year",
    "open_amendment",
    "open_cessation",
    "open_review",
    "propose_ceasing",
    "receive_transferred_plan",
    "record_amendment_representations",
    "record_cease_consultation",
    "record_consultation_reply",
    "record_meeting",
    "record_plan_ceased",
    "record_preference",
    "record_review_decision",
    "record_review_report",
    "record_transfer_notice",
    "send_amendment_notice",
    "send_preference_letter",
    "send_review_report",
    "transfer_out_due",
    "transfer_plan_out",
]
