"""Requests arriving: staff typing in a request for a child, and the triage queue of new requests
waiting for the decision whether to assess, with merging of children entered twice."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from openehcp.accounts.models import Team
from openehcp.accounts.policy import can, require, visible_children
from openehcp.audit.services import record_access
from openehcp.people.models import Child
from openehcp.people.selectors import find_possible_duplicates
from openehcp.people.services import child_merge, child_update
from openehcp.web.forms import posted
from openehcp.web.locking import EditConflict
from openehcp.web.pagination import paginate

from . import selectors
from .forms_intake import DefaultCaseworkerForm, MergeForm, StaffRequestForm
from .models import AssessmentRequest
from .services import default_caseworker_set, request_create


@login_required
@require_http_methods(["GET", "POST"])
def request_new(request, child_pk: int):
    child = get_object_or_404(Child.objects.select_related("caseworker"), pk=child_pk)
    require(request.user, "create", child)
    record_access(request, child)
    form = StaffRequestForm(
        posted(request),
        request.FILES if request.method == "POST" else None,
        child=child,
        initial={"version": child.version},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = request_create(
                child=child,
                version=data["version"],
                received_on=data["received_on"],
                source=data["source"],
                created_by=request.user,
                requester_name=data["requester_name"],
                requester_email=data["requester_email"],
                requester_phone=data["requester_phone"],
                reasons=data["reasons"],
                documents=data["documents"],
                in_youth_accommodation=data["in_youth_accommodation"],
            )
        except EditConflict as clash:
            form.show_conflict(clash)
        except ValidationError as error:
            for field, field_messages in error.message_dict.items():
                for message in field_messages:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, f"Request {case.reference} has been recorded")
            return redirect("people:detail", pk=child.pk)
    return render(request, "assessments/request_new.html", {"form": form, "child": child})


@login_required
def triage(request):
    """New requests with no decision yet, oldest first (reg 5(1): decide within 6 weeks)."""
    require(request.user, "change")
    today = timezone.localdate()
    context = paginate(request, selectors.triage_queue(request.user), 50)
    context["rows"] = selectors.triage_rows(context["page"], today=today)
    team = request.user.team
    context["team"] = team if team is not None and can(request.user, "manage_team", team) else None
    return render(request, "assessments/triage.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def default_caseworker(request):
    """A team manager chooses who receives online requests that no setting's caseworker takes."""
    team = get_object_or_404(Team, pk=request.user.team_id or 0)
    require(request.user, "manage_team", team)
    form = DefaultCaseworkerForm(
        posted(request),
        team=team,
        initial={"default_caseworker": team.default_caseworker_id, "version": team.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            team = default_caseworker_set(
                team=team,
                version=form.cleaned_data["version"],
                user=request.user,
                caseworker=form.cleaned_data["default_caseworker"],
            )
        except EditConflict as clash:
            form.show_conflict(clash)
        except ValidationError as error:
            for message in error.message_dict.get("default_caseworker", []):
                form.add_error("default_caseworker", message)
        else:
            messages.success(
                request, f"{team.default_caseworker} now receives new requests for {team.name}"
            )
            return redirect("assessments:triage")
    return render(request, "assessments/default_caseworker.html", {"form": form, "team": team})


def _case_for_triage(user, reference: str) -> AssessmentRequest:
    case = get_object_or_404(
        AssessmentRequest.objects.select_related(
            "child", "child__caseworker", "child__establishment"
        ),
        reference=reference,
    )
    require(user, "change", case.child)
    return case


@login_required
@require_http_methods(["GET", "POST"])
def triage_duplicate(request, reference: str):
    """Is the child of this request already known? Merge the records, or clear the flag."""
    case = _case_for_triage(request.user, reference)
    child = case.child
    record_access(request, child)
    candidates = list(
        visible_children(
            request.user,
            find_possible_duplicates(
                child.forename, child.surname, child.date_of_birth, child.upn
            ).exclude(pk=child.pk),
        )
    )
    for candidate in candidates:
        record_access(request, candidate)
    form = MergeForm(posted(request), candidates=candidates, initial={"version": child.version})
    if request.method == "POST" and request.POST.get("action") == "not_duplicate":
        version = request.POST.get("version", "")
        try:
            child_update(
                child=child,
                version=int(version) if version.isdigit() else None,
                updated_by=request.user,
                possible_duplicate=False,
            )
        except EditConflict as clash:
            # Nothing was typed: the page shows the record as it is now, with the reason.
            messages.error(request, clash.message)
            return redirect("assessments:triage_duplicate", reference=reference)
        messages.success(request, f"{child.full_name} is marked as a different child")
        return redirect("assessments:triage")
    if request.method == "POST" and form.is_valid():
        into = next(c for c in candidates if c.pk == form.cleaned_data["into"])
        require(request.user, "change", into)
        try:
            child_merge(
                duplicate=child,
                version=form.cleaned_data["version"],
                into=into,
                merged_by=request.user,
            )
        except EditConflict as clash:
            form.show_conflict(clash)
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            return _merged(request, case, into)
    return render(
        request,
        "assessments/triage_duplicate.html",
        {"case": case, "child": child, "candidates": candidates, "form": form},
    )


def _merged(request, case, into):
    messages.success(
        request,
        f"Request {case.reference} is now on {into.full_name}’s record; the duplicate record "
        "has been merged",
    )
    return redirect("people:detail", pk=into.pk)
