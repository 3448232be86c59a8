"""The Local Offer as an Open Referral UK 3.0 API: read-only, public, JSON, open to any origin.

Each function here turns records into the objects of the ORUK 3.0 JSON Schemas (``data/``),
field for field; optional fields with no value are left out (an empty string would fail a
``format: email`` or ``format: uri``). Only active services are published, and only what they
link to. The views are at the foot of the module; ``urls_oruk.py`` maps them.
"""

import json
import math
import uuid
from datetime import datetime
from functools import wraps
from pathlib import Path

from django.db.models import Q
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.timezone import is_naive, make_aware

from . import selectors
from .models import (
    Location,
    Organization,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from .rules import MAX_AGE, MIN_AGE
from .taxonomy import NEEDS

DATA = Path(__file__).resolve().parent / "data"
VERSION = "HSDS-UK-3.0"
PROFILE = "https://github.com/OpenReferralUK/uk-profile/blob/main/docs/index.md"
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200


def _present(fields: dict) -> dict:
    """Leave out optional fields with no value; lists are kept, even empty."""
    return {key: value for key, value in fields.items() if value not in ("", None)}


# --- Objects ---------------------------------------------------------------------------------


def organization_json(organization: Organization) -> dict:
    return _present(
        {
            "id": organization.pk,
            "name": organization.name,
            "description": organization.description,
            "email": organization.email,
            "website": organization.website,
        }
    )


def organization_full_json(organization: Organization, services) -> dict:
    return organization_json(organization) | {
        "organization_identifiers": [],
        "attributes": [],
        "services": services,
    }


def taxonomy_term_json(term: TaxonomyTerm) -> dict:
    return _present(
        {
            "id": term.pk,
            "name": term.name,
            "description": term.description,
            "parent_id": term.parent_id,
            "taxonomy": term.taxonomy.name,
            "taxonomy_id": term.taxonomy_id,
            "term_uri": term.term_uri,
            "term": term.name,
        }
    )


def taxonomy_json(taxonomy: Taxonomy, *, terms=None) -> dict:
    fields = _present(
        {
            "id": taxonomy.pk,
            "name": taxonomy.name,
            "description": taxonomy.description,
            "uri": taxonomy.uri,
            "version": taxonomy.version,
        }
    )
    if terms is not None:
        fields["taxonomy_terms"] = [taxonomy_term_json(term) for term in terms]
    return fields


def location_json(location: Location, *, full: bool = True) -> dict:
    fields = _present(
        {
            "id": location.pk,
            "location_type": location.location_type,
            "name": location.name,
            "description": location.description,
            "latitude": location.latitude,
            "longitude": location.longitude,
        }
    )
    if not full:
        return fields
    addresses = []
    if location.address_1:
        addresses.append(
            {
                "id": location.address_id,
                "location_id": location.pk,
                "address_1": location.address_1,
                "city": location.city,
                "state_province": "England",
                "postal_code": location.postal_code,
                "country": "GB",
                "address_type": "physical",
            }
        )
    accessibility = []
    if location.accessibility:
        accessibility.append(
            {
                "id": location.accessibility_id,
                "location_id": location.pk,
                "description": location.accessibility,
                "accessibility": location.accessibility,
            }
        )
    return fields | {"addresses": addresses, "accessibility": accessibility, "attributes": []}


def service_json(service: Service) -> dict:
    """The one-to-one fields of a service, with its organisation (the list's shape)."""
    return _present(
        {
            "id": service.pk,
            "organization_id": service.organization_id,
            "name": service.name,
            "description": service.description,
            "url": service.url,
            "email": service.email,
            "status": service.status,
            "accreditations": service.accreditations,
            "minimum_age": service.minimum_age,
            "maximum_age": service.maximum_age,
            "assured_date": service.assured_date,
            "assurer_email": service.assurer_email,
            "alert": service.alert,
            "last_modified": service.last_modified,
        }
    ) | {"organization": organization_json(service.organization)}


def _attribute_json(service: Service, attribute) -> dict:
    term = attribute.taxonomy_term
    return {
        "id": attribute.pk,
        "link_id": service.pk,
        "taxonomy_term_id": term.pk,
        "link_type": "audience" if term.taxonomy.name == NEEDS else "service_type",
        "taxonomy_term": taxonomy_term_json(term),
    }


def service_at_location_json(link: ServiceAtLocation) -> dict:
    return {
        "id": link.pk,
        "service_id": link.service_id,
        "location_id": link.location_id,
        "location": location_json(link.location),
    }


def service_full_json(service: Service) -> dict:
    """A service with everything linked to it (from ``selectors.with_parts``)."""
    return service_json(service) | {
        "schedules": [
            {"id": schedule.pk, "service_id": service.pk, "description": schedule.description}
            for schedule in service.schedules.all()
        ],
        "service_areas": [
            _present(
                {
                    "id": link.pk,
                    "service_id": service.pk,
                    "name": link.area.name,
                    "service_area": link.area.description,
                }
            )
            for link in service.service_areas.all()
        ],
        "service_at_locations": [
            service_at_location_json(link) for link in service.service_at_locations.all()
        ],
        "languages": [],
        "funding": [],
        "cost_options": [
            _present(
                {
                    "id": cost.pk,
                    "service_id": service.pk,
                    "option": cost.option,
                    "amount": float(cost.amount) if cost.amount is not None else None,
                }
            )
            for cost in service.cost_options.all()
        ],
        # ORUK 3.0 contacts carry no phone numbers; the HSDS 3.0 ``phones`` array is kept on
        # each contact (extra fields are allowed) so that families' numbers are not lost.
        "contacts": [
            _present({"id": contact.pk, "service_id": service.pk, "name": contact.name})
            | {
                "phones": [
                    _present(
                        {
                            "id": phone.pk,
                            "contact_id": contact.pk,
                            "number": phone.number,
                            "description": phone.description,
                        }
                    )
                    for phone in contact.phones.all()
                ]
            }
            for contact in service.contacts.all()
        ],
        "attributes": [
            _attribute_json(service, attribute) for attribute in service.attributes.all()
        ],
    }


# --- Parameters and pages --------------------------------------------------------------------


class BadRequest(Exception):
    pass


def _integer(params, name: str, *, default=None, low=None, high=None):
    value = params.get(name, "").strip()
    if value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        raise BadRequest(f"{name} must be a whole number") from None
    if (low is not None and number < low) or (high is not None and number > high):
        raise BadRequest(f"{name} must be from {low} to {high}")
    return number


def _uuid(params, name: str):
    value = params.get(name, "").strip()
    if value == "":
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        raise BadRequest(f"{name} must be a UUID") from None


def _boolean(params, name: str) -> bool:
    value = params.get(name, "").strip().lower()
    if value in ("", "false"):
        return False
    if value == "true":
        return True
    raise BadRequest(f"{name} must be true or false")


def _modified_after(params) -> datetime | None:
    value = params.get("modified_after", "").strip()
    if value == "":
        return None
    moment = parse_datetime(value.replace(" ", "+"))
    if moment is None:
        day = parse_date(value)
        if day is None:
            raise BadRequest("modified_after must be a date-time, like 2026-01-31T09:00:00Z")
        moment = datetime(day.year, day.month, day.day)
    return make_aware(moment) if is_naive(moment) else moment


def _refuse(params, *names: str) -> None:
    if params.get("format", "json").strip().lower() not in ("", "json"):
        raise BadRequest("format must be json (ndjson is not supported)")
    for name in names:
        if params.get(name, "").strip():
            raise BadRequest(f"{name} is not supported by this API")


def page_of(params, items, render) -> dict:
    """The ORUK page envelope around ``render`` of one page of ``items``."""
    page = _integer(params, "page", default=1, low=1, high=10**6)
    per_page = _integer(params, "per_page", default=DEFAULT_PER_PAGE, low=1, high=MAX_PER_PAGE)
    total = items.count()
    rows = list(items[(page - 1) * per_page : page * per_page]) if total else []
    total_pages = math.ceil(total / per_page)
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": per_page,
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not rows,
        "contents": [render(row) for row in rows],
    }


def _search_words(queryset, params, *fields: str):
    text = params.get("search", "") or params.get("text", "")
    for word in text.split():
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(condition)
    return queryset


# --- Views -----------------------------------------------------------------------------------


def _error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"status": status, "error": message}, status=status)


def api_view(view):
    """GET (and HEAD) only; JSON errors; every response open to any origin (CORS)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
        elif request.method not in ("GET", "HEAD"):
            response = _error(405, "This API is read-only: use GET")
            response["Allow"] = "GET, HEAD, OPTIONS"
        else:
            try:
                response = view(request, *args, **kwargs)
            except BadRequest as error:
                response = _error(400, str(error))
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response["Access-Control-Allow-Headers"] = "Accept, Content-Type"
        return response

    wrapper.csrf_exempt = True
    return wrapper


def _not_found(kind: str) -> JsonResponse:
    return _error(404, f"No {kind} has this id")


def _get(queryset, pk: str):
    try:
        key = uuid.UUID(pk)
    except ValueError:
        return None
    return queryset.filter(pk=key).first()


def _openapi_url(request) -> str:
    return request.build_absolute_uri(reverse("oruk:openapi"))


@api_view
def api_details(request):
    return JsonResponse(
        {"version": VERSION, "profile": PROFILE, "openapi_url": _openapi_url(request)}
    )


@api_view
def openapi(request):
    """The ORUK 3.0 OpenAPI definition this API follows, with this server's address."""
    document = json.loads((DATA / "openapi.json").read_text())
    document["servers"] = [{"url": request.build_absolute_uri(reverse("oruk:api_details"))}]
    return JsonResponse(document)


def _filtered_services(params):
    low = _integer(params, "minimum_age", low=MIN_AGE, high=MAX_AGE)
    high = _integer(params, "maximum_age", low=MIN_AGE, high=MAX_AGE)
    if low is not None and high is not None and low > high:
        raise BadRequest("minimum_age must not be more than maximum_age")
    services = selectors.search(
        selectors.public_services(),
        q=params.get("search", "") or params.get("text", ""),
        category=_uuid(params, "taxonomy_term_id"),
        taxonomy=_uuid(params, "taxonomy_id"),
        organization=_uuid(params, "organization_id"),
        age=_integer(params, "age", low=MIN_AGE, high=MAX_AGE),
        minimum_age=low,
        maximum_age=high,
    )
    modified_after = _modified_after(params)
    if modified_after is not None:
        services = services.filter(last_modified__gte=modified_after)
    return services


@api_view
def services(request):
    params = request.GET
    _refuse(params, "minimal")
    services = _filtered_services(params)
    if _boolean(params, "full"):
        return JsonResponse(page_of(params, selectors.with_parts(services), service_full_json))
    return JsonResponse(page_of(params, services.select_related("organization"), service_json))


@api_view
def service(request, pk):
    found = _get(selectors.with_parts(selectors.public_services()), pk)
    if found is None:
        return _not_found("service")
    return JsonResponse(service_full_json(found))


@api_view
def taxonomies(request):
    params = request.GET
    _refuse(params)
    items = _search_words(Taxonomy.objects.order_by("name", "pk"), params, "name", "description")
    return JsonResponse(page_of(params, items, taxonomy_json))


@api_view
def taxonomy(request, pk):
    found = _get(Taxonomy.objects.all(), pk)
    if found is None:
        return _not_found("taxonomy")
    terms = found.terms.select_related("taxonomy").order_by("position", "name")
    return JsonResponse(taxonomy_json(found, terms=terms))


@api_view
def taxonomy_terms(request):
    params = request.GET
    _refuse(params)
    items = TaxonomyTerm.objects.select_related("taxonomy").order_by(
        "taxonomy__name", "position", "name", "pk"
    )
    items = _search_words(items, params, "name", "description")
    taxonomy_id = _uuid(params, "taxonomy_id")
    if taxonomy_id:
        items = items.filter(taxonomy_id=taxonomy_id)
    parent_id = _uuid(params, "parent_id")
    if parent_id:
        items = items.filter(parent_id=parent_id)
    if _boolean(params, "top_only"):
        items = items.filter(parent__isnull=True)
    return JsonResponse(page_of(params, items, taxonomy_term_json))


@api_view
def taxonomy_term(request, pk):
    found = _get(TaxonomyTerm.objects.select_related("taxonomy"), pk)
    if found is None:
        return _not_found("taxonomy term")
    return JsonResponse(taxonomy_term_json(found))


def _organization_services(organization, *, full: bool) -> list[dict]:
    services = selectors.public_services().filter(organization=organization)
    if full:
        return [service_full_json(found) for found in selectors.with_parts(services)]
    return [service_json(found) for found in services.select_related("organization")]


@api_view
def organizations(request):
    params = request.GET
    _refuse(params)
    full = _boolean(params, "full") or _boolean(params, "full_service")
    items = _search_words(
        selectors.public_organizations().order_by("name", "pk"), params, "name", "description"
    )
    if full:
        full_service = _boolean(params, "full_service")
        return JsonResponse(
            page_of(
                params,
                items,
                lambda found: organization_full_json(
                    found, _organization_services(found, full=full_service)
                ),
            )
        )
    return JsonResponse(page_of(params, items, organization_json))


@api_view
def organization(request, pk):
    found = _get(selectors.public_organizations(), pk)
    if found is None:
        return _not_found("organization")
    full_service = _boolean(request.GET, "full_service")
    return JsonResponse(
        organization_full_json(found, _organization_services(found, full=full_service))
    )


def _public_service_at_locations():
    return ServiceAtLocation.objects.filter(service__in=selectors.public_services()).select_related(
        "location", "service__organization"
    )


@api_view
def service_at_locations(request):
    params = request.GET
    _refuse(params, "postcode", "proximity")
    services = _filtered_services(params)
    items = (
        _public_service_at_locations()
        .filter(service__in=services)
        .order_by("service__name", "location__name", "pk")
    )
    full = _boolean(params, "full")

    def render(link):
        fields = {
            "id": link.pk,
            "service_id": link.service_id,
            "location_id": link.location_id,
            "location": location_json(link.location, full=full),
            "service": service_json(link.service),
        }
        return fields

    return JsonResponse(page_of(params, items, render))


@api_view
def service_at_location(request, pk):
    found = _get(_public_service_at_locations(), pk)
    if found is None:
        return _not_found("service at location")
    return JsonResponse(service_at_location_json(found) | {"service": service_json(found.service)})
