"""The council's glossary of jargon, kept by team managers, the service leader and
administrators (``glossary.may_edit``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from openehcp.assessments.workflow import WorkflowError

from . import glossary
from .forms import GlossaryTermForm
from .models import GlossaryTerm


def _require_editor(user) -> None:
    if not glossary.may_edit(user):
        raise PermissionDenied


@login_required
@require_GET
def glossary_list(request):
    _require_editor(request.user)
    return render(
        request,
        "plans/glossary.html",
        {"terms": GlossaryTerm.objects.select_related("updated_by")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def glossary_edit(request, pk: int | None = None):
    _require_editor(request.user)
    entry = get_object_or_404(GlossaryTerm, pk=pk) if pk else None
    if request.method == "POST":
        form = GlossaryTermForm(request.POST)
        if form.is_valid():
            try:
                glossary.save_term(user=request.user, entry=entry, **form.cleaned_data)
            except WorkflowError as error:
                if entry is not None and error.field is None:
                    form.data = form.data.copy()
                    form.data["version"] = str(GlossaryTerm.objects.get(pk=entry.pk).version)
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, f"‘{form.cleaned_data['term']}’ saved in the glossary")
                return redirect("plans:glossary")
    else:
        form = GlossaryTermForm(
            initial={
                "term": entry.term,
                "plain_english": entry.plain_english,
                "version": entry.version,
            }
            if entry
            else None
        )
    return render(request, "plans/glossary_form.html", {"form": form, "entry": entry})


@login_required
@require_http_methods(["GET", "POST"])
def glossary_remove(request, pk: int):
    _require_editor(request.user)
    entry = get_object_or_404(GlossaryTerm, pk=pk)
    if request.method == "POST":
        glossary.remove_term(user=request.user, entry=entry)
        messages.success(request, f"‘{entry.term}’ removed from the glossary")
        return redirect("plans:glossary")
    return render(request, "plans/glossary_remove.html", {"entry": entry})
