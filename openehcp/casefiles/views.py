"""Pages for bringing case history in and taking it out (policy action ``import``)."""

import tempfile
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from openehcp.accounts.policy import require
from openehcp.audit.services import record_bulk_access
from openehcp.people.models import Child
from openehcp.web.files import save_file

from .exporter import export_cases
from .forms import ImportForm
from .models import ImportJob
from .tasks import read_progress, run_import


@login_required
@require_http_methods(["GET", "POST"])
def index(request):
    require(request.user, "import")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with transaction.atomic():
            job = ImportJob(
                original_name=Path(upload.name).name[:255],
                skip_invalid=form.cleaned_data["skip_invalid"],
                dry_run=form.cleaned_data["dry_run"],
                default_caseworker=form.cleaned_data["default_caseworker"],
                created_by=request.user,
            )
            save_file(job.file, upload.name, upload)
            job.save()
            transaction.on_commit(lambda: run_import.enqueue(job.pk))
        return redirect("casefiles:job", pk=job.pk)
    jobs = ImportJob.objects.select_related("created_by")[:20]
    return render(request, "casefiles/index.html", {"form": form, "jobs": jobs})


@login_required
@require_GET
def job(request, pk):
    require(request.user, "import")
    job = get_object_or_404(ImportJob, pk=pk)
    done, total = read_progress(job)
    return render(
        request,
        "casefiles/job.html",
        {"job": job, "done": done, "total": total, "summary": job.summary},
    )


@login_required
@require_GET
def job_progress(request, pk):
    require(request.user, "import")
    job = get_object_or_404(ImportJob, pk=pk)
    done, total = read_progress(job)
    return JsonResponse(
        {
            "status": job.status,
            "status_text": job.get_status_display(),
            "done": done,
            "total": total,
            "finished": job.finished_at is not None,
        }
    )


@login_required
@require_GET
def job_file(request, pk, which):
    """The rejected rows or the report of an import run with 'import the valid rows'."""
    require(request.user, "import")
    job = get_object_or_404(ImportJob, pk=pk)
    name = job.summary.get("rejects_file" if which == "rejects" else "report_file")
    if not name:
        raise Http404
    path = Path(job.file.path).with_name(name)
    if not path.exists():
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=name)


@login_required
@require_GET
def export(request, fmt):
    """Every request for assessment in the case-history format; each child exported is logged."""
    require(request.user, "import")
    with tempfile.NamedTemporaryFile(suffix=f".{fmt}", delete=False) as handle:
        target = Path(handle.name)
    export_cases(target)
    record_bulk_access(request, Child.objects.filter(assessment_requests__isnull=False).distinct())
    response = FileResponse(
        target.open("rb"), as_attachment=True, filename=f"openehcp-case-history.{fmt}"
    )
    target.unlink()
    return response
