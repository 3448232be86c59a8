"""The public Local Offer directory: no sign-in, active services only (CFA 2014 s30; SEND
Regulations 2014 reg 56: published on the council's website)."""

from django.conf import settings
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from openehcp.web.pagination import paginate

from . import selectors
from .forms import DirectorySearchForm
from .models import Comment
from .rules import age_range_label

PAGE_SIZE = 20


def _feedback(subject: str) -> dict:
    return {"feedback_email": settings.OPENEHCP_LOCAL_OFFER_EMAIL, "feedback_subject": subject}


@require_GET
def directory(request):
    form = DirectorySearchForm(request.GET or None)
    filters = form.filters()
    services = selectors.search(
        selectors.public_services(),
        q=filters.get("q", ""),
        category=filters.get("category"),
        age=filters.get("age"),
        area=filters.get("area"),
    ).select_related("organization")
    context = {
        "form": form,
        "searched": bool(filters),
        "total": services.count(),
    } | paginate(request, services, PAGE_SIZE)
    for found in context["page"]:
        found.ages = age_range_label(found.minimum_age, found.maximum_age)
    return render(
        request,
        "localoffer/directory.html",
        context | _feedback("Comment on the Local Offer"),
    )


@require_GET
def service(request, pk):
    found = get_object_or_404(selectors.with_parts(selectors.public_services()), pk=pk)
    return render(
        request,
        "localoffer/service.html",
        {
            "service": found,
            "ages": age_range_label(found.minimum_age, found.maximum_age),
            "review_due": found.is_review_due(timezone.localdate()),
        }
        | _feedback(f"Local Offer: {found.name}"),
    )


@require_GET
def comments(request):
    """What families told the council about the Local Offer and what it did (reg 55)."""
    published = Comment.objects.filter(published_on__isnull=False)
    return render(
        request,
        "localoffer/comments.html",
        paginate(request, published, PAGE_SIZE) | _feedback("Comment on the Local Offer"),
    )
