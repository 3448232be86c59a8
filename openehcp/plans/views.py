"""The plan pages: a child's plans and their versions, a version with its quality checks, issuing,
downloads and the comparison of two versions.

Every view asks the permission policy (``view`` to see a plan, ``change`` to write one) and
records the access in the audit log (``download`` for the PDF and Word files).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openehcp.accounts.policy import can, require
from openehcp.assessments.models import AssessmentRequest
from openehcp.assessments.workflow import WorkflowError
from openehcp.audit.services import record_access
from openehcp.people.models import Child
from openehcp.web.locking import EditConflict

from . import compare as comparing
from . import rendering, selectors, services
from .forms import IssueForm
from .models import EHCPlan, PlanKind, PlanVersion
from .quality import READING_EASE_THRESHOLD

DOWNLOADS = {"pdf": ("pdf", rendering.PDF_TYPE), "docx": ("docx", rendering.WORD_TYPE)}


def load_version_or_404(pk: int) -> PlanVersion:
    try:
        return selectors.load_version(pk)
    except PlanVersion.DoesNotExist:
        raise Http404 from None


def version_context(request, version: PlanVersion) -> dict:
    """What every page about one version shows in its heading."""
    return {
        "version": version,
        "child": version.child,
        "can_change": not version.is_issued and can(request.user, "change", version),
    }


# --- a child's plans ----------------------------------------------------------------------------


def _lineages(user, child: Child) -> list[dict]:
    """The child's plans (and any plan still being drafted from an assessment), each with the
    versions the user may see, newest plan first."""
    versions = list(
        PlanVersion.objects.filter(child=child)
        .select_related("issued_by", "request", "plan")
        .order_by("number")
    )
    groups = []
    plans = EHCPlan.objects.filter(child=child).select_related("named_establishment", "child")
    for plan in plans:
        if not can(user, "view", plan):
            continue
        mine = [v for v in versions if v.plan_id == plan.pk]
        groups.append({"plan": plan, "request": plan.origin_request, "versions": mine})
    drafting = {}
    for version in versions:
        if version.plan_id is None:
            drafting.setdefault(version.request_id, []).append(version)
    for mine in drafting.values():
        groups.insert(0, {"plan": None, "request": mine[0].request, "versions": mine})
    for group in groups:
        group["versions"] = [v for v in group["versions"] if can(user, "view", v)]
        issued = [v for v in group["versions"] if v.is_issued]
        group["current"] = issued[-1] if issued else None
        group["working"] = next((v for v in group["versions"] if not v.is_issued), None)
        plan = group["plan"]
        group["can_amend"] = (
            plan is not None
            and plan.is_maintained
            and group["working"] is None
            and can(user, "change", plan)
        )
    return groups


@login_required
@require_GET
def child_plans(request, child_pk: int):
    child = get_object_or_404(Child.objects.select_related("caseworker"), pk=child_pk)
    require(request.user, "view", child)
    record_access(request, child)
    return render(
        request,
        "plans/child_plans.html",
        {"child": child, "lineages": _lineages(request.user, child)},
    )


@login_required
@require_POST
def start(request, reference: str):
    """Start the plan of an assessment (the case page's "Start the plan")."""
    case = get_object_or_404(AssessmentRequest.objects.select_related("child"), reference=reference)
    require(request.user, "change", case)
    record_access(request, case)
    try:
        lock = int(request.POST.get("version", ""))
    except ValueError:
        raise PermissionDenied from None
    try:
        version = services.start_plan(request=case, version=lock, user=request.user)
    except (WorkflowError, EditConflict) as error:
        messages.error(request, error.message)
        return redirect("assessments:case", reference=case.reference)
    messages.success(request, "Plan started: version 1 is ready to write")
    return redirect("plans:version", pk=version.pk)


@login_required
@require_POST
def amend(request, plan_pk: int):
    """Start the next version of a maintained plan (an amendment, reg 22)."""
    plan = get_object_or_404(EHCPlan.objects.select_related("child"), pk=plan_pk)
    require(request.user, "change", plan)
    record_access(request, plan)
    try:
        version = services.create_draft(plan=plan, user=request.user)
    except WorkflowError as error:
        messages.error(request, error.message)
        return redirect("plans:child", child_pk=plan.child_id)
    messages.success(request, f"Version {version.number} started as a copy of the current plan")
    return redirect("plans:version", pk=version.pk)


# --- one version --------------------------------------------------------------------------------


@login_required
@require_GET
def version_page(request, pk: int):
    version = load_version_or_404(pk)
    require(request.user, "view", version)
    record_access(request, version)
    document = selectors.plan_document(version)
    context = version_context(request, version)
    if not version.is_issued:
        report = selectors.quality_report(version, document)
        context.update(
            report=report,
            readability={score.section: score for score in report.readability},
            threshold=READING_EASE_THRESHOLD,
            blockers=selectors.issue_blockers(version, document),
            open_comments=len(selectors.open_comments(version)),
        )
    context.update(
        doc=document,
        parts=rendering.section_parts(document),
        others=[
            v
            for v in selectors.lineage(version).exclude(pk=version.pk).order_by("number")
            if can(request.user, "view", v)
        ],
    )
    return render(request, "plans/version.html", context)


@login_required
@require_GET
def download(request, pk: int, fmt: str):
    """The version as a PDF or Word file: for an issued version, the documents kept on the record
    when it was issued; for a draft, rendered now."""
    if fmt not in DOWNLOADS:
        raise Http404
    version = load_version_or_404(pk)
    require(request.user, "view", version)
    record_access(request, version, action="download")
    extension, content_type = DOWNLOADS[fmt]
    status = "issued" if version.is_issued else "draft"
    filename = f"ehc-plan-{version.child.surname.lower()}-version-{version.number}-{status}"
    filename = f"{filename}.{extension}"
    stored = version.pdf_document if fmt == "pdf" else version.word_document
    if stored is not None and stored.file:
        return FileResponse(
            stored.file.open("rb"), as_attachment=True, filename=filename, content_type=content_type
        )
    document = selectors.plan_document(version)
    content = rendering.render_pdf(document) if fmt == "pdf" else rendering.render_docx(document)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


_ISSUE_EXPLAINED = {
    PlanKind.DRAFT: "Issuing the draft plan records it as sent to the family today, with a "
    "covering letter. They then have at least 15 days to comment and to ask for a school or "
    "college to be named (regulation 13(1)). A copy is started for the final plan.",
    PlanKind.FINAL: "Issuing the final plan records it as issued on the case and makes the EHC "
    "plan, naming the setting in section I. It must be issued within 20 weeks of the request "
    "(regulation 13(2)).",
    PlanKind.AMENDED: "Issuing the amended plan makes it the plan that the council maintains "
    "from today (regulation 22).",
}


@login_required
@require_http_methods(["GET", "POST"])
def issue(request, pk: int):
    version = load_version_or_404(pk)
    require(request.user, "change", version)
    record_access(request, version)
    if version.is_issued:
        messages.info(request, f"Version {version.number} was already issued")
        return redirect("plans:version", pk=version.pk)
    document = selectors.plan_document(version)
    blockers = selectors.issue_blockers(version, document)
    case = version.request
    if request.method == "POST" and not blockers:
        form = IssueForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.issue_version(
                    version=version,
                    lock=data["version"],
                    user=request.user,
                    issued_on=data["issued_on"],
                    case_version=data["case_version"],
                    override_reason=data["override_reason"],
                )
            except services.CannotIssue as refused:
                blockers = refused.reasons
            except (WorkflowError, EditConflict) as error:
                form.add_plan_error(error)
            else:
                messages.success(
                    request, f"Version {version.number} issued: its PDF and Word files are saved"
                )
                return redirect("plans:version", pk=version.pk)
    else:
        form = IssueForm(
            initial={"version": version.version, "case_version": case.version if case else None}
        )
    report = selectors.quality_report(version, document)
    context = version_context(request, version)
    context.update(
        form=form,
        blockers=blockers,
        report=report,
        explained=_ISSUE_EXPLAINED[version.kind],
        title=f"Issue the {version.get_kind_display().lower()}",
    )
    return render(request, "plans/issue.html", context)


# --- two versions compared ----------------------------------------------------------------------


@login_required
@require_GET
def compare(request):
    """Two versions of the same child's plan side by side: ``?from=<pk>&with=<pk>``."""
    try:
        first_pk, second_pk = int(request.GET.get("from", "")), int(request.GET.get("with", ""))
    except ValueError:
        raise Http404 from None
    first, second = load_version_or_404(first_pk), load_version_or_404(second_pk)
    if second.child_id != first.child_id:
        raise Http404
    for version in (first, second):
        require(request.user, "view", version)
    if second.pk == first.pk:
        messages.info(request, "Choose two different versions to compare")
        return redirect("plans:child", child_pk=first.child_id)
    for version in (first, second):
        record_access(request, version)
    earlier, later = sorted((first, second), key=lambda v: (v.created_at, v.number, v.pk))
    diffs = comparing.compare(selectors.plan_document(earlier), selectors.plan_document(later))
    return render(
        request,
        "plans/compare.html",
        {
            "child": first.child,
            "earlier": earlier,
            "later": later,
            "diffs": diffs,
            "changed": sum(1 for d in diffs if d.changed),
        },
    )
