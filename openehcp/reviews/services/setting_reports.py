"""The report of a review meeting, sent by the setting (SEND Regulations 2014 reg 20(7)-(8)).

For a child at a school, college or early years setting, the head teacher or principal prepares
the report of the review meeting and sends it to the council within 2 weeks of the meeting. Sent
through OpenEHCP, it is recorded exactly as when the review team records a report received
(``record_review_report``), on the day it is sent, under the shared edit lock of the review. Who
may send it is the permission policy's ``submit`` action on the review; this module only records
it.
"""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from openehcp.assessments.workflow.common import text_document

from ..models import AnnualReview
from .common import required_text
from .reviews import record_review_report


@transaction.atomic
def send_review_report(
    *,
    review: AnnualReview,
    version: int,
    user,
    report_text: str,
    upload: UploadedFile | None = None,
) -> AnnualReview:
    """Record the setting's report of the meeting as received today: its words as the
    recommendations, their file (or, with none, the words themselves) on the child's record, and
    the plan's activity log. ``WorkflowError`` when the meeting has not been held, the report was
    already received, the decision was sent or the plan ceased; ``EditConflict`` when the review
    changed since the page was opened. Nothing is saved then."""
    text = required_text(report_text, "Enter the report of the review meeting", "report_text")
    if upload is None:
        child = review.plan.child
        upload = text_document(
            f"review-report-{review.pk}.txt",
            f"Annual review report\n{child.full_name}",
            text,
        )
    return record_review_report(
        review=review,
        version=version,
        user=user,
        received_on=timezone.localdate(),
        recommendations=text,
        upload=upload,
    )
