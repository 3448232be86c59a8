from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from openehcp.accounts.policy import require
from openehcp.assessments.models import AssessmentRequest
from openehcp.people.models import Child

from . import selectors
from .services import record_access

ACCESS_LOG_SHOWN = 200


def _render(request, *, record, title, back_url, entries, access_log):
    return render(
        request,
        "audit/history.html",
        {
            "record": record,
            "title": title,
            "back_url": back_url,
            "entries": entries,
            "access_log": access_log[:ACCESS_LOG_SHOWN],
            "access_count": access_log.count(),
            "access_log_shown": ACCESS_LOG_SHOWN,
        },
    )


@login_required
@require_GET
def child_history(request, pk):
    child = get_object_or_404(Child.objects.select_related("caseworker"), pk=pk)
    require(request.user, "view_history", child)
    record_access(request, child)
    return _render(
        request,
        record=child,
        title=f"History of {child.full_name}'s record",
        back_url=reverse("people:detail", args=[child.pk]),
        entries=selectors.child_history(child=child),
        access_log=selectors.child_access_log(child=child),
    )


@login_required
@require_GET
def request_history(request, pk):
    assessment = get_object_or_404(
        AssessmentRequest.objects.select_related("child__caseworker"), pk=pk
    )
    require(request.user, "view_history", assessment)
    record_access(request, assessment)
    return _render(
        request,
        record=assessment,
        title=f"History of assessment request {assessment.reference}",
        back_url=reverse("assessments:case", args=[assessment.reference]),
        entries=selectors.request_history(request=assessment),
        access_log=selectors.request_access_log(request=assessment),
    )
