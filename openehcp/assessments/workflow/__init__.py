"""The EHC needs assessment, step by step (CFA 2014 s36-s39; SEND Regulations 2014 regs 3-14).

Each function records one step of a request for assessment. They share these rules:

- keyword-only arguments, one database transaction, all or nothing;
- the shared edit lock (``openehcp.web.locking``): ``version`` is the request's version when the
  person opened the form; if someone else recorded a step since (or the same step was sent
  twice), ``EditConflict`` is raised and nothing is saved;
- every step writes an ``Activity`` naming its author and date, with its documents and letters;
- a date cannot be in the future, before the request was received or before the step it follows;
- steps happen in the statutory order. Where the law or good practice only *usually* puts one step
  before another, the step can still be recorded out of order if the person gives a reason
  (``override_reason``), which is kept in the activity log. Otherwise a ``WorkflowError`` says why.

Due dates are never computed here: ``openehcp.clock`` computes them from the dates recorded.
"""

from .advisor import submit_advice
from .anytime import (
    record_timescale_exception,
    record_transfer_in,
    remove_timescale_exception,
    withdraw_request,
)
from .assessment import (
    chase_advice,
    record_advice_received,
    record_decision_to_assess,
    record_decision_to_issue,
    request_advice,
)
from .common import (
    WorkflowError,
    check_upload,
    closed_reason,
    school_year,
    year_group_name,
)
from .plan import (
    consult_setting,
    issue_final_plan,
    record_consultation_reply,
    record_representations,
    serve_draft_plan,
)
from .stages import Step, next_steps, stage_name

__all__ = [
    "Step",
    "WorkflowError",
    "chase_advice",
    "check_upload",
    "closed_reason",
    "consult_setting",
    "issue_final_plan",
    "next_steps",
    "record_advice_received",
    "record_consultation_reply",
    "record_decision_to_assess",
    "record_decision_to_issue",
    "record_representations",
    "record_timescale_exception",
    "record_transfer_in",
    "remove_timescale_exception",
    "request_advice",
    "school_year",
    "serve_draft_plan",
    "stage_name",
    "submit_advice",
    "withdraw_request",
    "year_group_name",
]
