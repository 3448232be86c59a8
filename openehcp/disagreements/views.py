"""Pages for mediation and Tribunal appeals: a child's disagreements, one disagreement with its
deadlines, a form page for each step, and the service's list of open ones (with a CSV download).

A child's disagreements are the council's own dealings with the family: the permission policy
decides on a ``Disagreement`` (its child's case, council staff only). Every page that shows or
changes a child's disagreement writes the access log; the service list is a list, like the work
queues, and its download logs every disagreement in it.
"""

from __future__ import annotations

from dataclasses import replace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from openehcp.accounts.policy import can, require
from openehcp.audit.services import record_access, record_bulk_access
from openehcp.people.models import Child
from openehcp.reporting.exports import to_csv
from openehcp.reviews.models import Cessation
from openehcp.timescales.timeline import _row as public_row
from openehcp.web.forms import posted, show_model_errors

from . import selectors, services
from .deadlines import Stage, all_deadlines, comply_by, overview
from .forms import STEPS, DisagreementForm, initial_for
from .models import Disagreement


def deadline_row(deadline):
    """The clock's deadline as the public timescales page shows it (its rule and what to do if
    it is missed), except that a family's window in which they acted shows when they did."""
    row = public_row(deadline)
    if deadline.rule.window and deadline.met_on is not None:
        on_time = deadline.met_on <= deadline.due
        label, css = (
            ("Done on time", "govuk-tag--green") if on_time else ("Done late", "govuk-tag--red")
        )
        row = replace(row, status_label=label, status_class=css)
    return row


def _child(request, pk: int, action: str) -> Child:
    child = get_object_or_404(Child.objects.select_related("caseworker"), pk=pk)
    require(request.user, action, Disagreement(child=child))
    return child


def _disagreement(request, pk: int, action: str) -> Disagreement:
    disagreement = get_object_or_404(
        Disagreement.objects.select_related("child", "request", "plan", "changed_by"), pk=pk
    )
    require(request.user, action, disagreement)
    return disagreement


@login_required
@require_GET
def child_list(request, child_pk: int):
    child = _child(request, child_pk, "view")
    record_access(request, child)
    today = timezone.localdate()
    return render(
        request,
        "disagreements/child_list.html",
        {
            "child": child,
            "rows": selectors.for_child(child, today=today),
            "can_change": can(request.user, "change", Disagreement(child=child)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def new(request, child_pk: int):
    child = _child(request, child_pk, "change")
    record_access(request, child)
    form = DisagreementForm(
        posted(request), child=child, new=True, initial=_ceasing_initial(request, child)
    )
    if form.is_valid():
        try:
            disagreement = services.record_disagreement(
                child=child, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            show_model_errors(form, error)
        else:
            messages.success(request, "The disagreement has been recorded")
            return redirect(disagreement)
    return render(
        request,
        "disagreements/step.html",
        {
            "child": child,
            "form": form,
            "title": "Record a disagreement with a decision",
            "back": _child_list_url(child),
        },
    )


def _ceasing_initial(request, child) -> dict:
    """From a ceasing record's page: the decision to cease it comes from, filled in."""
    pk = request.GET.get("cessation", "")
    cessation = (
        Cessation.objects.filter(pk=pk, plan__child=child, decision="cease").first()
        if pk.isdigit()
        else None
    )
    if cessation is None:
        return {}
    return {"decision": "cease", "plan": cessation.plan_id, "decision_on": cessation.decision_on}


def _child_list_url(child) -> str:
    return reverse("disagreements:child", args=[child.pk])


@login_required
@require_GET
def detail(request, pk: int):
    disagreement = _disagreement(request, pk, "view")
    record_access(request, disagreement)
    today = timezone.localdate()
    return render(
        request,
        "disagreements/detail.html",
        {
            "d": disagreement,
            "child": disagreement.child,
            "summary": overview(disagreement, as_of=today),
            "deadlines": [deadline_row(d) for d in all_deadlines(disagreement, as_of=today)],
            "comply_by": comply_by(disagreement),
            "today": today,
            "can_change": can(request.user, "change", disagreement),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def step(request, pk: int, step: str):
    if step not in STEPS:
        raise Http404
    disagreement = _disagreement(request, pk, "change")
    record_access(request, disagreement)
    form_class, title = STEPS[step]
    extra = {"child": disagreement.child} if form_class is DisagreementForm else {}
    if request.method == "POST":
        form = form_class(request.POST, **extra)
    else:
        form = form_class(initial=initial_for(form_class, disagreement), **extra)
    if form.is_bound and form.is_valid():
        changes = dict(form.cleaned_data)
        version = changes.pop("version")
        try:
            services.update_disagreement(
                disagreement=disagreement, version=version, user=request.user, **changes
            )
        except services.EditConflict as clash:
            form.show_conflict(clash)
        except ValidationError as error:
            show_model_errors(form, error)
        else:
            messages.success(request, "Your changes have been saved")
            return redirect(disagreement)
    return render(
        request,
        "disagreements/step.html",
        {
            "child": disagreement.child,
            "form": form,
            "title": title,
            "back": disagreement.get_absolute_url(),
        },
    )


# --- the service's open disagreements -----------------------------------------------------------


def _service_rows(request):
    require(request.user, "manage_team")
    stage = request.GET.get("stage", "")
    if stage not in Stage.OPEN:
        stage = ""
    today = timezone.localdate()
    return stage, today, selectors.open_for(request.user, today=today, stage=stage)


@login_required
@require_GET
def service_list(request):
    """Open disagreements for team managers (their team's children) and the service leader."""
    stage, today, rows = _service_rows(request)
    return render(
        request,
        "disagreements/service_list.html",
        {
            "rows": rows,
            "stage": stage,
            "stages": [(key, Stage.LABELS[key]) for key in Stage.OPEN],
            "today": today,
            "overdue": sum(1 for row in rows if row.overdue),
        },
    )


CSV_COLUMNS = [
    "Child or young person",
    "Child record",
    "Caseworker",
    "Decision disagreed with",
    "Decision sent",
    "Stage",
    "Next deadline",
    "Due",
    "Overdue",
    "Tribunal reference",
    "Hearing",
]


@login_required
@require_GET
def service_list_csv(request):
    stage, today, rows = _service_rows(request)
    record_bulk_access(
        request,
        Disagreement.objects.filter(pk__in=[row.disagreement.pk for row in rows]),
    )
    table = []
    for row in rows:
        d, upcoming = row.disagreement, row.next_deadline
        table.append(
            [
                d.child.full_name,
                d.child.pk,
                d.child.caseworker.get_full_name() if d.child.caseworker_id else "",
                d.get_decision_display(),
                d.decision_on.isoformat(),
                row.stage_label,
                upcoming.name if upcoming else "",
                upcoming.due.isoformat() if upcoming else "",
                "yes" if row.overdue else "no",
                d.tribunal_reference,
                d.hearing_on.isoformat() if d.hearing_on else "",
            ]
        )
    response = HttpResponse(to_csv(CSV_COLUMNS, table), content_type="text/csv; charset=utf-8")
    name = f"mediation-and-appeals-{today.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
