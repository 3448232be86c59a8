"""The council's glossary of jargon, kept by team managers, the service leader and
administrators (``glossary.may_edit``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from openehcp.assessments.workflow import WorkflowError
from openehcp.web.locking import EditConflict

from . import glossary
from .forms import GlossaryTermForm
from .models import GlossaryTerm

ALREADY_REMOVED = "That term had already been removed from the glossary"


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
        {"terms": GlossaryTerm.objects.select_related("changed_by")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def glossary_edit(request, pk: int | None = None):
    _require_editor(request.user)
    entry = GlossaryTerm.objects.filter(pk=pk).first() if pk else None
    removed = pk is not None and entry is None
    if removed and request.method != "POST":
        raise Http404
    if request.method == "POST":
        form = GlossaryTermForm(request.POST)
        if removed and form.is_valid():
            # Removed while this person was changing it: say so, keep what they typed, and let
            # them add it again.
            form.show_conflict(EditConflict(model=GlossaryTerm, noun="This term"))
        elif form.is_valid():
            try:
                glossary.save_term(user=request.user, entry=entry, **form.cleaned_data)
            except EditConflict as clash:
                form.show_conflict(clash)
            except WorkflowError as error:
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
    return render(
        request,
        "plans/glossary_form.html",
        {"form": form, "entry": entry, "action": reverse("plans:glossary_add") if removed else ""},
    )


@login_required
@require_http_methods(["GET", "POST"])
def glossary_remove(request, pk: int):
    _require_editor(request.user)
    entry = GlossaryTerm.objects.filter(pk=pk).first()
    if entry is None and request.method != "POST":
        raise Http404
    if request.method == "POST":
        if entry is not None and glossary.remove_term(user=request.user, entry=entry):
            messages.success(request, f"‘{entry.term}’ removed from the glossary")
        else:
            # Removed already (by someone else, or this removal sent twice): say so, not a 404.
            messages.info(request, ALREADY_REMOVED)
        return redirect("plans:glossary")
    return render(request, "plans/glossary_remove.html", {"entry": entry})
