"""For the people asked for advice (regs 6-8): professionals and schools, colleges and early years
settings. "Your advice requests" lists what was asked of them; "Submit your advice" shows the
evidence the council sent (reg 7) and records the advice through the workflow.

Who may see and send each request is the permission policy's ``submit`` action (and
``advice_asked_of`` for the list). The list opens no one's record, so it writes nothing to the
access log, as the workqueues; the page of one request does.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from openehcp.accounts.policy import can, require
from openehcp.audit.services import record_access
from openehcp.web.locking import EditConflict
from openehcp.web.pagination import paginate

from . import workflow
from .forms_advisor import SubmitAdviceForm
from .models import AdviceRequest, Document
from .selectors import AdviceShow, advice_for_advisor, advice_row

PAGE_SIZE = 50


@login_required
@require_GET
def advice_list(request):
    """The advice asked of the signed-in professional or setting: outstanding soonest due
    first, or submitted."""
    user = request.user
    require(user, "submit")
    show = request.GET.get("show")
    if show not in dict(AdviceShow.CHOICES):
        show = AdviceShow.OUTSTANDING
    counts = {key: advice_for_advisor(user, show=key).count() for key, _ in AdviceShow.CHOICES}
    context = paginate(request, advice_for_advisor(user, show=show), PAGE_SIZE, count=counts[show])
    today = timezone.localdate()
    context.update(
        {
            "show": show,
            "tabs": [(key, label, counts[key]) for key, label in AdviceShow.CHOICES],
            "rows": [advice_row(a, today=today) for a in context["page"].object_list],
        }
    )
    return render(request, "assessments/advisor/list.html", context)


def _visible(user, documents) -> list[Document]:
    return [d for d in documents.select_related("child", "request") if can(user, "view", d)]


@login_required
@require_http_methods(["GET", "POST"])
def submit_advice(request, pk: int):
    """The request for advice, the evidence sent with it, and the form to give the advice; once
    given, what was sent, read only."""
    advice = get_object_or_404(
        AdviceRequest.objects.select_related(
            "request__child__establishment", "request__child__caseworker", "establishment"
        ),
        pk=pk,
    )
    user = request.user
    require(user, "submit", advice)
    record_access(request, advice)
    case = advice.request
    closed = workflow.closed_reason(case)
    form = None
    if advice.received_on is None and not closed:
        if request.method == "POST":
            form = SubmitAdviceForm(request.POST, request.FILES, case=case, record=advice)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    workflow.submit_advice(
                        advice=advice,
                        version=data["version"],
                        user=user,
                        advice_text=data["advice_text"],
                        upload=data["upload"],
                    )
                except (workflow.WorkflowError, EditConflict) as error:
                    form.add_workflow_error(error)
                else:
                    messages.success(request, "Advice sent")
                    return redirect("assessments:submit_advice", pk=advice.pk)
        else:
            form = SubmitAdviceForm(case=case, record=advice, initial={"version": case.version})
    elif request.method == "POST":
        messages.info(
            request,
            "This advice was already sent, so nothing more was saved"
            if advice.received_on
            else f"{closed}, so the advice can no longer be sent",
        )
        return redirect("assessments:submit_advice", pk=advice.pk)
    return render(
        request,
        "assessments/advisor/submit.html",
        {
            "advice": advice,
            "case": case,
            "child": case.child,
            "row": advice_row(advice, today=timezone.localdate()),
            "closed_reason": closed,
            "evidence": _visible(
                user, Document.objects.filter(request=case, kind=Document.Kind.SUPPORTING)
            ),
            "sent": _visible(user, advice.documents.all()) if advice.received_on else [],
            "form": form,
        },
    )
