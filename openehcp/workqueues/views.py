"""My work, the team view and case search.

These pages list children but do not open anyone's record, so they write nothing to the access
log; the record and case pages they link to do, when opened.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from openehcp.accounts.models import User
from openehcp.accounts.policy import require
from openehcp.assessments.models import AssessmentRequest
from openehcp.people.services import reallocate
from openehcp.web.forms import posted
from openehcp.web.pagination import paginate

from .forms import CaseSearchForm, ReallocateForm, WorkFilterForm
from .kinds import AGE_GROUPS, DISAGREEMENT_KINDS, KINDS, Window
from .search import search as find_children
from .selectors import WorkItem, work_items
from .team import caseload_children, managed_teams, team_caseloads, team_members

WORK_PAGE_SIZE = 50
SEARCH_PAGE_SIZE = 25


def _without(query: QueryDict, name: str, value: str) -> str:
    """The query string with one value of one parameter taken out (a filter tag's link)."""
    query = query.copy()
    query.pop("page", None)
    query.setlist(name, [v for v in query.getlist(name) if v != value])
    return query.urlencode()


def _selected_filters(form: WorkFilterForm, query: QueryDict) -> list[dict]:
    """The MOJ filter's "selected filters": a heading and removable tags per category."""
    filters = form.filters()
    categories = []
    if filters.window != Window.SOON:
        label = dict(Window.CHOICES)[filters.window]
        categories.append(
            {
                "heading": "Show",
                "items": [{"text": label, "query": _without(query, "window", filters.window)}],
            }
        )
    for name, heading, chosen, labels in (
        ("kind", "Step", filters.kinds, {k: v.label for k, v in KINDS.items()}),
        ("age", "Age", filters.age_groups, {k: v.label for k, v in AGE_GROUPS.items()}),
    ):
        if chosen:
            categories.append(
                {
                    "heading": heading,
                    "items": [
                        {"text": labels[key], "query": _without(query, name, key)}
                        for key in labels
                        if key in chosen
                    ],
                }
            )
    return categories


def _url_for_each(name: str):
    """A function giving ``reverse(name, args=[pk])`` for any pk, reversing only once (a page of
    rows would otherwise resolve the same URL pattern once per row)."""
    marker = 987654321
    pattern = reverse(name, args=[marker])
    return lambda pk: pattern.replace(str(marker), str(pk))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _short(day) -> str:
    return f"{day.day} {day:%b %Y}"


def _work_row(item: WorkItem, child_url) -> dict:
    """What a row of "My work" shows, worked out once here rather than in the template."""
    days = item.days_left
    if days < 0:
        when = f"{_plural(-days, 'day')} ago"
    elif days == 0:
        when = "Today"
    else:
        when = f"In {_plural(days, 'day')}"
    act_by = item.act_by
    if act_by != item.due:
        when += f"; act by {act_by.day} {act_by:%b}"
    if item.lifted:
        tag = ("govuk-tag--yellow", "Time limit lifted")
    elif item.overdue:
        tag = ("govuk-tag--red", "Overdue")
    elif item.due_soon:
        tag = ("govuk-tag--orange", "Due soon")
    else:
        tag = ("", "")
    return {
        "due": _short(item.due),
        "when": when,
        "tag_class": tag[0],
        "tag": tag[1],
        "step": f"{item.kind.label}: {item.detail}" if item.detail else item.kind.label,
        "citation": item.kind.citation,
        "child_name": item.child_name,
        "child_url": child_url(item.child_id),
        "age": item.age,
        "reference": item.reference,
        "case_url": item.url if item.reference or item.kind.key in DISAGREEMENT_KINDS else "",
    }


@login_required
@require_GET
def my_work(request):
    """A caseworker's open statutory steps, most urgent first (the caseworker's home page)."""
    require(request.user, "change")
    data = request.GET.copy()
    data.setdefault("window", Window.SOON)
    form = WorkFilterForm(data)
    form.is_valid()
    today = timezone.localdate()
    context = paginate(
        request,
        work_items(caseworker=request.user, today=today, filters=form.filters()),
        WORK_PAGE_SIZE,
    )
    child_url = _url_for_each("people:detail")
    context["rows"] = [
        _work_row(WorkItem.from_row(row, today=today), child_url) for row in context["page"]
    ]
    context.update(
        form=form,
        today=today,
        selected_filters=_selected_filters(form, request.GET),
        window_label=dict(Window.CHOICES)[form.filters().window],
    )
    return render(request, "workqueues/my_work.html", context)


@login_required
@require_GET
def team(request):
    """A manager's team: each member's caseload and how much of their work is late."""
    require(request.user, "manage_team")
    teams = list(managed_teams(request.user))
    chosen = next((t for t in teams if str(t.pk) == request.GET.get("team")), None)
    if chosen is None:
        chosen = next((t for t in teams if t.pk == request.user.team_id), None)
    if chosen is None and teams:
        chosen = teams[0]
    today = timezone.localdate()
    caseloads = team_caseloads(team=chosen, today=today) if chosen else []
    return render(
        request,
        "workqueues/team.html",
        {
            "teams": teams,
            "team": chosen,
            "caseloads": caseloads,
            "totals": {
                name: sum(getattr(c, name) for c in caseloads)
                for name in ("children", "open_requests", "plans", "overdue", "due_soon")
            },
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def caseload(request, pk: int):
    """One member's caseload, to move selected children to another member of the team."""
    caseworker = get_object_or_404(User, pk=pk)
    require(request.user, "manage_team", caseworker)
    children = caseload_children(caseworker)
    others = (
        team_members(caseworker.team).exclude(pk=caseworker.pk)
        if caseworker.team_id
        else User.objects.none()
    )
    data = posted(request)
    form = ReallocateForm(data, children=children, caseworkers=others)
    if request.method == "POST" and form.is_valid():
        to = form.cleaned_data["to_caseworker"]
        try:
            moved = reallocate(
                children=form.cleaned_data["children"], to_caseworker=to, by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            noun = "child" if moved == 1 else "children"
            messages.success(request, f"{moved} {noun} reallocated to {to.get_full_name() or to}")
            return redirect("workqueues:caseload", pk=caseworker.pk)
    selected = {str(v) for v in form["children"].value() or ()} if form.is_bound else set()
    return render(
        request,
        "workqueues/caseload.html",
        {"caseworker": caseworker, "children": children, "form": form, "selected": selected},
    )


@login_required
@require_GET
def search(request):
    """Find a child by name, UPN, reference or setting, among the children the user may see."""
    require(request.user, "view")
    form = CaseSearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    context = {"form": form, "query": query}
    if query:
        found = find_children(request.user, query)
        context["resembling"] = found.resembling
        context |= paginate(request, found.children, SEARCH_PAGE_SIZE, count=found.count)
        child_url = _url_for_each("people:detail")
        for child in context["page"]:
            child.record_url = child_url(child.pk)
            if child.latest_reference:
                case = AssessmentRequest(reference=child.latest_reference)
                child.latest_url = case.get_absolute_url()
    return render(request, "workqueues/search.html", context)
