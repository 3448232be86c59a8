"""The public "Check EHC timescales" page: no sign-in, no case record, nothing stored."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from openehcp.web.forms import DATE_PARTS

from .forms import TimescalesForm
from .timeline import public_timeline


@require_http_methods(["GET", "POST"])
def check(request):
    """Ask for the dates the visitor knows; show the timeline they lead to.

    The result page carries the answers in hidden inputs, so "Change your dates" brings the
    question page back exactly as it was typed.
    """
    if request.method == "GET":
        return render(request, "timescales/check.html", {"form": TimescalesForm()})
    if "change" in request.POST:
        form = TimescalesForm(initial=typed_values(request.POST))
        return render(request, "timescales/check.html", {"form": form})
    form = TimescalesForm(request.POST)
    if not form.is_valid():
        return render(request, "timescales/check.html", {"form": form})
    today = timezone.localdate()
    context = {
        "sections": public_timeline(form.cleaned_data, today),
        "today": today,
        "answers": [
            (f"{name}-{part}", request.POST.get(f"{name}-{part}", ""))
            for name in TimescalesForm.base_fields
            for part in DATE_PARTS
        ],
    }
    return render(request, "timescales/result.html", context)


def typed_values(data) -> dict[str, list[str]]:
    """Each date's day, month and year boxes as typed (the date widget accepts the list)."""
    return {
        name: [data.get(f"{name}-{part}", "") for part in DATE_PARTS]
        for name in TimescalesForm.base_fields
    }
