"""Reads of the Local Offer: the public directory's search (the same filters as the ORUK API) and
the editors' lists."""

from datetime import date

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from openehcp.clock import add_months

from .models import (
    Area,
    Organization,
    Service,
    ServiceArea,
    ServiceAttribute,
    ServiceStatus,
    TaxonomyTerm,
)
from .rules import REVIEW_MONTHS


def public_services() -> QuerySet[Service]:
    """Services the public sees: active ones only."""
    return Service.objects.filter(status=ServiceStatus.ACTIVE)


def with_parts(services: QuerySet[Service]) -> QuerySet[Service]:
    """Everything a service's page (or the ORUK full service) shows, in a fixed number of
    queries."""
    return services.select_related("organization").prefetch_related(
        Prefetch(
            "attributes",
            queryset=ServiceAttribute.objects.select_related(
                "taxonomy_term__taxonomy", "taxonomy_term__parent"
            ).order_by("taxonomy_term__taxonomy__name", "taxonomy_term__position"),
        ),
        Prefetch("service_areas", queryset=ServiceArea.objects.select_related("area")),
        "service_at_locations__location",
        "contacts__phones",
        "schedules",
        "cost_options",
    )


def term_and_children(term_id) -> list:
    """A term and the terms under it: a search for "Education" finds "Schools" too."""
    return [term_id, *TaxonomyTerm.objects.filter(parent_id=term_id).values_list("pk", flat=True)]


def search(
    services: QuerySet[Service],
    *,
    q: str = "",
    category=None,
    taxonomy=None,
    organization=None,
    age: int | None = None,
    minimum_age: int | None = None,
    maximum_age: int | None = None,
    area=None,
) -> QuerySet[Service]:
    """Filter ``services``:

    - ``q``: every word in the name, the description or the provider's name;
    - ``category``: classified by this taxonomy term or one under it; ``taxonomy``: by any term of
      this taxonomy; ``organization``: provided by it;
    - ``age``: a child of this age fits the service's age range (an open end fits any age);
    - ``minimum_age`` / ``maximum_age``: the service is open to some age in this range;
    - ``area``: the service covers this part of the council's area, or all of it.
    """
    for word in q.split():
        services = services.filter(
            Q(name__icontains=word)
            | Q(description__icontains=word)
            | Q(organization__name__icontains=word)
        )
    if category:
        services = services.filter(
            Exists(
                ServiceAttribute.objects.filter(
                    service=OuterRef("pk"), taxonomy_term_id__in=term_and_children(category)
                )
            )
        )
    if taxonomy:
        services = services.filter(
            Exists(
                ServiceAttribute.objects.filter(
                    service=OuterRef("pk"), taxonomy_term__taxonomy_id=taxonomy
                )
            )
        )
    if organization:
        services = services.filter(organization_id=organization)
    if age is not None:
        minimum_age = maximum_age = age
    if maximum_age is not None:
        services = services.filter(Q(minimum_age__isnull=True) | Q(minimum_age__lte=maximum_age))
    if minimum_age is not None:
        services = services.filter(Q(maximum_age__isnull=True) | Q(maximum_age__gte=minimum_age))
    if area:
        services = services.filter(
            Exists(
                ServiceArea.objects.filter(service=OuterRef("pk")).filter(
                    Q(area_id=area) | Q(area__whole_council=True)
                )
            )
        )
    return services.order_by("name", "pk")


def review_due_cutoff(today: date) -> date:
    """Services last reviewed on or before this day are due a review (``rules.is_review_due``)."""
    return add_months(today, -REVIEW_MONTHS)


def review_due(services: QuerySet[Service], today: date) -> QuerySet[Service]:
    return services.filter(
        Q(assured_date__isnull=True) | Q(assured_date__lte=review_due_cutoff(today))
    )


def manage_list(*, today: date, q: str = "", show: str = "") -> QuerySet[Service]:
    """Every service, for the editors, filtered by name and by ``show``."""
    services = Service.objects.select_related("organization")
    for word in q.split():
        services = services.filter(Q(name__icontains=word) | Q(organization__name__icontains=word))
    if show == "review_due":
        services = review_due(services.exclude(status=ServiceStatus.DEFUNCT), today)
    elif show == "active":
        services = services.filter(status=ServiceStatus.ACTIVE)
    elif show == "not_active":
        services = services.exclude(status=ServiceStatus.ACTIVE)
    return services.order_by("name", "pk")


def public_organizations() -> QuerySet[Organization]:
    return Organization.objects.filter(retired_on__isnull=True)


def local_areas() -> QuerySet[Area]:
    return Area.objects.filter(whole_council=False)
