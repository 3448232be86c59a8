"""The case page of a request for assessment, and one GOV.UK form page for each step.

Every view asks the permission policy (``view`` to see the case, ``change`` to record a step)
and records the access in the audit log before it shows anything about the child.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from openehcp.accounts.policy import can, require
from openehcp.audit.services import record_access
from openehcp.web.locking import EditConflict

from . import forms_workflow as f
from . import workflow
from .models import Activity, AdviceRequest, AssessmentRequest, Consultation, Document
from .timeline import CASE_PREFETCH, case_timeline

SECTIONS = (
    ("case", "Overview"),
    ("case_advice", "Advice"),
    ("case_consultations", "Consultations"),
    ("case_exceptions", "Exceptions"),
    ("case_documents", "Letters and documents"),
    ("case_activity", "Activity"),
)
#: Sections about the council's own handling of the case, which outsiders never see.
INTERNAL_SECTIONS = frozenset({"case_exceptions", "case_activity"})


def _case(reference: str) -> AssessmentRequest:
    queryset = AssessmentRequest.objects.select_related(
        "child__establishment",
        "child__caseworker",
        "preferred_establishment",
        "named_establishment",
    ).prefetch_related(*CASE_PREFETCH)
    return get_object_or_404(queryset, reference=reference)


def _sees_internal(user, case) -> bool:
    return can(user, "view", Activity(request=case))


def _page(request, reference: str, section: str, template: str, extra=None):
    case = _case(reference)
    require(request.user, "view", case)
    internal = _sees_internal(request.user, case)
    if section in INTERNAL_SECTIONS and not internal:
        require(request.user, "view", Activity(request=case))
    record_access(request, case)
    today = timezone.localdate()
    context = {
        "case": case,
        "child": case.child,
        "today": today,
        "section": section,
        "sections": [
            (name, label) for name, label in SECTIONS if internal or name not in INTERNAL_SECTIONS
        ],
        "can_change": can(request.user, "change", case),
        "closed_reason": workflow.closed_reason(case),
        "stage": workflow.stage_name(case),
    }
    context.update(extra(case, today) if extra else {})
    return render(request, template, context)


@login_required
@require_GET
def case_overview(request, reference):
    return _page(
        request,
        reference,
        "case",
        "assessments/case/overview.html",
        lambda case, today: {
            "timeline": case_timeline(case, today=today),
            "next_steps": workflow.next_steps(case),
            "school_year": workflow.year_group_name(workflow.school_year(case.child, today)),
        },
    )


@login_required
@require_GET
def case_advice(request, reference):
    def extra(case, today):
        rows = {row.deadline.ref: row for row in case_timeline(case, today=today)}
        return {
            "advice": [
                (a, rows.get(str(a.pk))) for a in case.advice_requests.prefetch_related("documents")
            ],
        }

    return _page(request, reference, "case_advice", "assessments/case/advice.html", extra)


@login_required
@require_GET
def case_consultations(request, reference):
    def extra(case, today):
        rows = {
            row.deadline.ref: row
            for row in case_timeline(case, today=today)
            if row.deadline.key == "consultation_reply_due"
        }
        return {"consultations": [(c, rows.get(str(c.pk))) for c in case.consultations.all()]}

    return _page(
        request, reference, "case_consultations", "assessments/case/consultations.html", extra
    )


@login_required
@require_GET
def case_exceptions(request, reference):
    return _page(request, reference, "case_exceptions", "assessments/case/exceptions.html")


@login_required
@require_GET
def case_documents(request, reference):
    def extra(case, today):
        documents = Document.objects.filter(request=case).select_related(
            "created_by", "child__caseworker"
        )
        return {"documents": [d for d in documents if can(request.user, "view", d)]}

    return _page(request, reference, "case_documents", "assessments/case/documents.html", extra)


@login_required
@require_GET
def case_activity(request, reference):
    def extra(case, today):
        activities = (
            Activity.objects.filter(request=case)
            .select_related("author")
            .prefetch_related("documents")
            .order_by("-occurred_on", "-recorded_at")
        )
        return {"activities": activities}

    return _page(request, reference, "case_activity", "assessments/case/activity.html", extra)


@login_required
@require_GET
def case_document(request, reference, pk):
    """Download a letter or document kept on the case."""
    document = get_object_or_404(
        Document.objects.select_related("child", "request"), pk=pk, request__reference=reference
    )
    require(request.user, "view", document)
    if not document.file:
        raise Http404
    record_access(request, document, action="download")
    return FileResponse(
        document.file.open("rb"),
        as_attachment=False,
        filename=document.file.name.rsplit("/", 1)[-1],
        content_type=document.content_type or "application/octet-stream",
    )


# --- the steps ----------------------------------------------------------------------------------


def _step(request, case, *, form_class, title, perform, success, record=None, intro=""):
    """Show a step's form; on a valid POST call the service, or show its refusal on the form."""
    require(request.user, "change", case)
    record_access(request, case)
    if request.method == "POST":
        form = form_class(request.POST, request.FILES, case=case, record=record)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                perform(data)
            except (workflow.WorkflowError, EditConflict) as error:
                form.add_workflow_error(error)
            else:
                messages.success(request, success)
                return redirect("assessments:case", reference=case.reference)
    else:
        form = form_class(case=case, record=record, initial={"version": case.version})
    return render(
        request,
        "assessments/case/step.html",
        {
            "case": case,
            "child": case.child,
            "form": form,
            "title": title,
            "intro": intro,
            "record": record,
        },
    )


def _common(data, request):
    return {"version": data.pop("version"), "user": request.user}


@login_required
@require_http_methods(["GET", "POST"])
def decision_to_assess(request, reference):
    case = _case(reference)

    def perform(data):
        workflow.record_decision_to_assess(case=case, **_common(data, request), **data)

    return _step(
        request,
        case,
        form_class=f.DecisionToAssessForm,
        title="Decision whether to assess",
        perform=perform,
        success="Decision recorded and letter saved",
        intro="The council must decide and tell the family within 6 weeks of the request "
        "(regulation 5). A letter is saved on the record.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_advice(request, reference):
    case = _case(reference)

    def perform(data):
        workflow.request_advice(case=case, **_common(data, request), **data)

    return _step(
        request,
        case,
        form_class=f.RequestAdviceForm,
        title="Ask for advice",
        perform=perform,
        success="Advice requested and letter saved",
        intro="Advisors must give their advice within 6 weeks of the request (regulation 8).",
    )


def _advice(case, pk) -> AdviceRequest:
    return get_object_or_404(AdviceRequest.objects.select_related("request"), pk=pk, request=case)


@login_required
@require_http_methods(["GET", "POST"])
def chase_advice(request, reference, pk):
    case = _case(reference)
    advice = _advice(case, pk)

    def perform(data):
        workflow.chase_advice(advice=advice, **_common(data, request), **data)

    return _step(
        request,
        case,
        form_class=f.ChaseAdviceForm,
        title=f"Chase advice from {advice.advisor_name}",
        perform=perform,
        success="Chase recorded",
        record=advice,
    )


@login_required
@require_http_methods(["GET", "POST"])
def advice_received(request, reference, pk):
    case = _case(reference)
    advice = _advice(case, pk)

    def perform(data):
        workflow.record_advice_received(advice=advice, **_common(data, request), **data)

    return _step(
        request,
        case,
        form_class=f.AdviceReceivedForm,
        title=f"Record advice from {advice.advisor_name}",
        perform=perform,
        success="Advice recorded",
        record=advice,
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision_to_issue(request, reference):
    case = _case(reference)

    def perform(data):
        workflow.record_decision_to_issue(case=case, **_common(data, request), **data)

    return _step(
        request,
        case,
        form_class=f.DecisionToIssueForm,
        title="Decision whether to issue a plan",
        perform=perform,
        success="Decision recorded",
        intro="A decision not to issue a plan must be sent within 16 weeks of the request "
        "(regulation 10), with the family's right to appeal.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def serve_draft(request, reference):
    case = _case(reference)

    def perform(data):
        workflow.serve_draft_plan(case=case, **_common(data, request), **data)

    return _step(
        request,
        case,
        form_class=f.ServeDraftForm,
        title="Send the draft plan",
        perform=perform,
        success="Draft plan recorded as sent and covering letter saved",
        intro="The family have at least 15 days, beginning with the day the draft is sent, to "
        "comment and to ask for a school or college (regulation 13(1)).",
    )


@login_required
@require_http_methods(["GET", "POST"])
def representations(request, reference):
    case = _case(reference)

    def perform(data):
        workflow.record_representations(case=case, **_common(data, request), **data)

    return _step(
        request,
        case,
        form_class=f.RepresentationsForm,
        title="Record the family's comments on the draft plan",
        perform=perform,
        success="The family's comments recorded",
    )


@login_required
@require_http_methods(["GET", "POST"])
def consult(request, reference):
    case = _case(reference)

    def perform(data):
        workflow.consult_setting(case=case, **_common(data, request), **data)

    return _step(
        request,
        case,
        form_class=f.ConsultForm,
        title="Consult a setting",
        perform=perform,
        success="Consultation recorded",
        intro="The setting has 15 days to reply (section 39 of the Children and Families Act).",
    )


@login_required
@require_http_methods(["GET", "POST"])
def consultation_reply(request, reference, pk):
    case = _case(reference)
    consultation = get_object_or_404(
        Consultation.objects.select_related("establishment"), pk=pk, request=case
    )

    def perform(data):
        workflow.record_consultation_reply(
            consultation=consultation, **_common(data, request), **data
        )

    return _step(
        request,
        case,
        form_class=f.ConsultationReplyForm,
        title=f"Reply from {consultation.establishment.name}",
        perform=perform,
        success="Reply recorded",
        record=consultation,
    )


@login_required
@require_http_methods(["GET", "POST"])
def final_plan(request, reference):
    case = _case(reference)

    def perform(data):
        workflow.issue_final_plan(case=case, **_common(data, request), **data)

    return _step(
        request,
        case,
        form_class=f.FinalPlanForm,
        title="Issue the final plan",
        perform=perform,
        success="Final plan issued and covering letter saved",
        intro="The final plan must be issued within 20 weeks of the request (regulation 13(2)).",
    )


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request, reference):
    case = _case(reference)

    def perform(data):
        workflow.withdraw_request(case=case, **_common(data, request), **data)

    return _step(
        request,
        case,
        form_class=f.WithdrawForm,
        title="Withdraw the request",
        perform=perform,
        success="Request withdrawn",
    )


@login_required
@require_http_methods(["GET", "POST"])
def transfer_in(request, reference):
    case = _case(reference)

    def perform(data):
        workflow.record_transfer_in(case=case, **_common(data, request), **data)

    return _step(
        request,
        case,
        form_class=f.TransferInForm,
        title="Record a transfer in from another council",
        perform=perform,
        success="Transfer recorded",
        intro="The 20 weeks for the final plan then run from the day this council became "
        "responsible (regulation 13(2)(b)).",
    )


@login_required
@require_http_methods(["GET", "POST"])
def exception(request, reference):
    case = _case(reference)

    def perform(data):
        workflow.record_timescale_exception(case=case, **_common(data, request), **data)

    return _step(
        request,
        case,
        form_class=f.ExceptionForm,
        title="Record an exception to the time limits",
        perform=perform,
        success="Exception recorded",
        intro="An exception lifts a time limit while meeting it is impractical; the step must "
        "still be done as soon as practicable. The due date does not move.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def remove_exception(request, reference, pk):
    case = _case(reference)
    record = get_object_or_404(case.timescale_exceptions.all(), pk=pk)

    def perform(data):
        workflow.remove_timescale_exception(exception=record, **_common(data, request), **data)

    return _step(
        request,
        case,
        form_class=f.RemoveExceptionForm,
        title="Remove an exception",
        perform=perform,
        success="Exception removed",
        record=record,
    )
