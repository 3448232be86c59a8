"""The child's placements page: the placement history, recording a placement or a move, and
ending a placement. Viewing asks the policy for ``view`` of the child, recording for ``change``;
every request is written to the access log."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from openehcp.accounts.policy import can, require
from openehcp.audit.services import record_access
from openehcp.web.forms import posted, show_model_errors
from openehcp.web.locking import EditConflict

from . import placements as service
from .forms_placements import EndPlacementForm, PlacementForm
from .models import Child, Placement


def _child(pk: int) -> Child:
    child = get_object_or_404(Child.objects.select_related("establishment", "caseworker"), pk=pk)
    if child.merged_into_id:
        raise Http404
    return child


@login_required
@require_http_methods(["GET", "POST"])
def placement_list(request, pk: int):
    child = _child(pk)
    require(request.user, "view", child)
    record_access(request, child)
    can_change = can(request.user, "change", child)
    form = None
    if can_change:
        form = PlacementForm(posted(request), initial={"version": child.version})
    elif request.method == "POST":
        require(request.user, "change", child)
    if request.method == "POST" and form.is_valid():
        try:
            placement = service.record_placement(
                child=child,
                version=form.cleaned_data["version"],
                recorded_by=request.user,
                new=form.placement(),
            )
        except EditConflict as clash:
            form.show_conflict(clash)
        except ValidationError as error:
            show_model_errors(form, error)
        else:
            messages.success(request, f"The placement at {placement.name} has been recorded")
            return redirect("people:placements", pk=child.pk)
    return render(
        request,
        "people/placements.html",
        {
            "child": child,
            "placements": service.history(child),
            "form": form,
            "can_change": can_change,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def placement_end(request, pk: int, placement_pk: int):
    child = _child(pk)
    require(request.user, "change", child)
    record_access(request, child)
    placement = get_object_or_404(
        Placement.objects.select_related("establishment"), pk=placement_pk, child=child
    )
    form = EndPlacementForm(
        posted(request), initial={"version": child.version, "ends_on": placement.ends_on}
    )
    if request.method == "POST" and form.is_valid():
        try:
            service.end_placement(
                child=child,
                version=form.cleaned_data["version"],
                placement_id=placement.pk,
                ends_on=form.cleaned_data["ends_on"],
                ended_by=request.user,
            )
        except EditConflict as clash:
            form.show_conflict(clash)
        except ValidationError as error:
            show_model_errors(form, error)
        else:
            messages.success(
                request, f"The end of the placement at {placement.name} has been saved"
            )
            return redirect("people:placements", pk=child.pk)
    return render(
        request,
        "people/placement_end.html",
        {"child": child, "placement": placement, "form": form},
    )
