"""The SEN2 return under Reports: counts, problems with links to the records, the XML download.

Open to those who may view reports (``view_reports``). Opening the page builds nothing: the
return is built and checked when the user asks for a year ("Show this year"), since at council
scale that takes seconds. The problems list only the children the user may see, and each one
shown is written to the access log; the XML holds every child in the return, so only a user who
may see all of them may download it, and the download is logged for each child.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from openehcp.accounts.policy import require, visible_children
from openehcp.audit.models import AccessLog
from openehcp.audit.services import record_bulk_access
from openehcp.people.models import Child

from .forms import YearForm
from .report import run


def _return(request):
    """The year asked for, the return for it, and which of its children the user may see."""
    require(request.user, "view_reports")
    form = YearForm(request.GET or None)
    year = form.chosen_year()
    result = run(year)
    ids = result.child_ids()
    visible = visible_children(request.user, Child.objects.filter(pk__in=ids))
    return form, year, result, set(visible.values_list("pk", flat=True))


@login_required
@require_GET
def sen2_return(request):
    if "year" not in request.GET:
        require(request.user, "view_reports")
        form = YearForm()
        return render(request, "sen2/return.html", {"form": form, "year": form.chosen_year()})
    form, year, result, visible = _return(request)
    shown = [p for p in result.problems if p.child_id is None or p.child_id in visible]
    record_bulk_access(
        request,
        Child.objects.filter(pk__in={p.child_id for p in shown if p.child_id}),
        action=AccessLog.Action.VIEW,
    )
    return render(
        request,
        "sen2/return.html",
        {
            "form": form,
            "year": year,
            "result": result,
            "counts": result.sen2.counts(),
            "problems": shown,
            "hidden_problems": len(result.problems) - len(shown),
            "may_download": len(visible) == len(result.sen2.persons),
        },
    )


@login_required
@require_GET
def download(request):
    _, year, result, visible = _return(request)
    if len(visible) != len(result.sen2.persons):
        raise PermissionDenied("The return holds children this user may not see")
    record_bulk_access(
        request, Child.objects.filter(pk__in=visible), action=AccessLog.Action.DOWNLOAD
    )
    response = HttpResponse(result.xml, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="sen2-{year}.xml"'
    return response
