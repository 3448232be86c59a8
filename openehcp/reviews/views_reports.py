"""A setting sends the report of a review meeting (reg 20(7)-(8)): the page that shows the
review, its report's due date from the clock, and the form; once sent, the report, read only.

Who may send it is the permission policy's ``submit`` action on the review (staff of the setting
the child attends); the page records the access.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from openehcp.accounts.policy import can, require
from openehcp.assessments.models import Document
from openehcp.audit.services import record_access

from . import forms as f
from . import services
from .models import AnnualReview
from .selectors import report_deadline
from .services.common import long_date


def _closed_reason(review: AnnualReview) -> str:
    """Why no report can be sent now, or "" when it can."""
    if review.plan.ceased_on:
        return f"This plan ceased on {long_date(review.plan.ceased_on)}"
    if review.decision_on:
        return f"The council sent its decision after this review on {long_date(review.decision_on)}"
    if review.meeting_on is None:
        return "The review meeting has not been recorded as held yet"
    return ""


@login_required
@require_http_methods(["GET", "POST"])
def send_report(request, pk: int):
    review = get_object_or_404(
        AnnualReview.objects.select_related(
            "plan__child__establishment", "plan__child__caseworker"
        ),
        pk=pk,
    )
    user = request.user
    require(user, "submit", review)
    record_access(request, review)
    closed = _closed_reason(review)
    form = None
    if review.report_received_on is None and not closed:
        if request.method == "POST":
            form = f.SendReportForm(request.POST, request.FILES)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    services.send_review_report(
                        review=review,
                        version=data["version"],
                        user=user,
                        report_text=data["report_text"],
                        upload=data["upload"],
                    )
                except (services.WorkflowError, services.EditConflict) as error:
                    form.add_workflow_error(error, record=review)
                else:
                    messages.success(request, "Review report sent")
                    return redirect("reviews:send_report", pk=review.pk)
        else:
            form = f.SendReportForm(initial={"version": review.version})
    elif request.method == "POST":
        messages.info(
            request,
            "The report of this review was already received, so nothing more was saved"
            if review.report_received_on
            else f"{closed}, so the report can no longer be sent here",
        )
        return redirect("reviews:send_report", pk=review.pk)
    today = timezone.localdate()
    documents = Document.objects.filter(
        plan_activities__review=review, plan_activities__kind="review_report"
    ).select_related("child")
    return render(
        request,
        "reviews/send_report.html",
        {
            "review": review,
            "plan": review.plan,
            "child": review.plan.child,
            "deadline": report_deadline(review, today=today) if review.meeting_on else None,
            "closed_reason": closed,
            "form": form,
            "sent": [d for d in documents.distinct() if can(user, "view", d)],
            "today": today,
        },
    )
