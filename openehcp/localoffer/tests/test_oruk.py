"""The Open Referral UK 3.0 API: every endpoint's response against the ORUK JSON Schemas, the page
envelope, the filters, CORS, and JSON errors for bad parameters and unknown ids."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from openehcp.localoffer.models import (
    Area,
    Contact,
    CostOption,
    Schedule,
    ServiceAtLocation,
    ServiceStatus,
    Taxonomy,
    TaxonomyTerm,
)
from openehcp.localoffer.taxonomy import CATEGORIES, NEEDS
from tests.factories import LocationFactory, OrganizationFactory, ServiceFactory

from .schemas import errors

pytestmark = pytest.mark.django_db


def term(name: str) -> TaxonomyTerm:
    return TaxonomyTerm.objects.get(name=name)


@pytest.fixture
def offer():
    """Three active services and one the public must not see, with every part filled in."""
    provider = OrganizationFactory(name="Kestrel Youth Trust")
    centre = LocationFactory(name="Kestrel Youth Centre", accessibility="Step-free")
    club = ServiceFactory(
        name="Saturday Club",
        organization=provider,
        minimum_age=5,
        maximum_age=18,
        url="https://kestrel.example/club",
        terms=[term("Short breaks"), term("Communication and interaction")],
    )
    ServiceAtLocation.objects.create(service=club, location=centre)
    contact = Contact.objects.create(service=club, name="Club team")
    contact.phones.create(number="020 7946 0001")
    Schedule.objects.create(service=club, description="Saturdays, 10am to 3pm")
    CostOption.objects.create(service=club, option="£5 a session", amount=5)
    speech = ServiceFactory(
        name="Speech and language therapy",
        minimum_age=0,
        maximum_age=5,
        terms=[term("Therapies")],
    )
    college = ServiceFactory(
        name="Supported internships", minimum_age=16, maximum_age=24, terms=[term("Schools")]
    )
    closed = ServiceFactory(name="Closed club", status=ServiceStatus.DEFUNCT, organization=provider)
    ServiceAtLocation.objects.create(service=closed, location=centre)
    return {"club": club, "speech": speech, "college": college, "closed": closed}


def get(client, path, **params):
    response = client.get(f"/api/oruk/{path}", params)
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Content-Type"] == "application/json"
    return response


def names(response) -> list[str]:
    """The names on a page, from a response or its JSON."""
    body = response if isinstance(response, dict) else response.json()
    return [item["name"] for item in body["contents"]]


def test_api_details_as_the_validator_expects(client):
    response = get(client, "")
    body = response.json()
    assert errors("api_details", body) == []
    assert body["version"] == "HSDS-UK-3.0"
    assert body["openapi_url"] == "http://testserver/api/oruk/openapi.json"


def test_the_openapi_definition_is_served_with_this_server(client):
    body = get(client, "openapi.json").json()
    assert body["openapi"].startswith("3.")
    assert "/services" in body["paths"]
    assert body["servers"] == [{"url": "http://testserver/api/oruk/"}]


def test_services_list_conforms_and_shows_only_active_services(client, offer):
    body = get(client, "services").json()
    assert errors("service_list", body) == []
    assert {item["name"] for item in body["contents"]} == {
        "Saturday Club",
        "Speech and language therapy",
        "Supported internships",
    }
    assert {key: body[key] for key in body if key != "contents"} == {
        "total_items": 3,
        "total_pages": 1,
        "page_number": 1,
        "size": 50,
        "first_page": True,
        "last_page": True,
        "empty": False,
    }
    club = next(item for item in body["contents"] if item["name"] == "Saturday Club")
    assert club["organization"]["name"] == "Kestrel Youth Trust"
    assert club["minimum_age"] == 5 and club["maximum_age"] == 18
    assert club["last_modified"].endswith("Z")


def test_a_full_service_conforms_with_every_part(client, offer):
    club = offer["club"]
    body = get(client, f"services/{club.pk}").json()
    assert errors("service", body) == []
    assert body["id"] == str(club.pk)
    assert body["status"] == "active"
    assert body["schedules"][0]["description"] == "Saturdays, 10am to 3pm"
    assert body["cost_options"][0] == {
        "id": str(club.cost_options.get().pk),
        "service_id": str(club.pk),
        "option": "£5 a session",
        "amount": 5.0,
    }
    assert body["service_areas"][0]["name"] == Area.objects.get(whole_council=True).name
    location = body["service_at_locations"][0]["location"]
    assert location["name"] == "Kestrel Youth Centre"
    assert location["addresses"][0]["postal_code"] == "SE15 4QN"
    assert location["addresses"][0]["country"] == "GB"
    assert location["accessibility"][0]["description"] == "Step-free"
    assert body["contacts"][0]["name"] == "Club team"
    assert body["contacts"][0]["phones"][0]["number"] == "020 7946 0001"
    terms = {attribute["taxonomy_term"]["name"]: attribute for attribute in body["attributes"]}
    assert terms["Short breaks"]["link_type"] == "service_type"
    assert terms["Communication and interaction"]["link_type"] == "audience"
    assert terms["Short breaks"]["taxonomy_term"]["taxonomy"] == CATEGORIES
    for phone in body["contacts"][0]["phones"]:
        assert errors("phone", phone) == []


def test_services_full_list_nests_every_part(client, offer):
    body = get(client, "services", full="true").json()
    assert errors("service_list", body) == []
    for item in body["contents"]:
        assert errors("service", item) == []
        assert "attributes" in item


def test_services_pages(client, offer):
    first = get(client, "services", per_page=2).json()
    assert names(first) == ["Saturday Club", "Speech and language therapy"]
    assert (first["total_items"], first["total_pages"], first["size"]) == (3, 2, 2)
    assert first["first_page"] and not first["last_page"] and not first["empty"]
    second = get(client, "services", per_page=2, page=2).json()
    assert names(second) == ["Supported internships"]
    assert not second["first_page"] and second["last_page"]
    beyond = get(client, "services", per_page=2, page=3).json()
    assert beyond["contents"] == [] and beyond["empty"] and beyond["last_page"]
    assert errors("service_list", beyond) == []


def test_services_filters(client, offer):
    assert names(get(client, "services", search="saturday")) == ["Saturday Club"]
    assert names(get(client, "services", text="internships")) == ["Supported internships"]
    assert names(get(client, "services", search="kestrel")) == ["Saturday Club"]
    education = term("Education").pk
    assert names(get(client, "services", taxonomy_term_id=education)) == ["Supported internships"]
    needs = Taxonomy.objects.get(name=NEEDS).pk
    assert names(get(client, "services", taxonomy_id=needs)) == ["Saturday Club"]
    provider = offer["club"].organization_id
    assert names(get(client, "services", organization_id=provider)) == ["Saturday Club"]
    # A service is open to some age in the range asked for.
    assert names(get(client, "services", minimum_age=19)) == ["Supported internships"]
    assert names(get(client, "services", maximum_age=4)) == ["Speech and language therapy"]
    assert names(get(client, "services", minimum_age=6, maximum_age=15)) == ["Saturday Club"]
    assert names(get(client, "services", age=16)) == ["Saturday Club", "Supported internships"]


def test_services_modified_after(client, offer):
    later = timezone.now() + timedelta(days=1)
    assert names(get(client, "services", modified_after=later.isoformat())) == []
    assert len(names(get(client, "services", modified_after="2020-01-01"))) == 3


@pytest.mark.parametrize(
    "params, message",
    [
        ({"page": "x"}, "page must be a whole number"),
        ({"page": "0"}, "page must be from 1"),
        ({"per_page": "1000"}, "per_page must be from 1 to 200"),
        ({"minimum_age": "26"}, "minimum_age must be from 0 to 25"),
        ({"maximum_age": "-1"}, "maximum_age must be from 0 to 25"),
        ({"minimum_age": "10", "maximum_age": "5"}, "minimum_age must not be more"),
        ({"taxonomy_term_id": "education"}, "taxonomy_term_id must be a UUID"),
        ({"full": "yes"}, "full must be true or false"),
        ({"modified_after": "yesterday"}, "modified_after must be a date-time"),
        ({"format": "ndjson"}, "format must be json"),
        ({"minimal": "true"}, "minimal is not supported"),
    ],
)
def test_bad_parameters_get_a_400_in_json(client, offer, params, message):
    response = get(client, "services", **params)
    assert response.status_code == 400
    assert response.json()["error"].startswith(message)


@pytest.mark.parametrize(
    "path",
    ["services", "organizations", "taxonomies", "taxonomy_terms", "service_at_locations"],
)
def test_unknown_ids_get_a_404_in_json(client, offer, path):
    for key in (uuid.uuid4(), "not-a-uuid"):
        response = get(client, f"{path}/{key}")
        assert response.status_code == 404
        assert response.json()["status"] == 404


def test_a_service_the_public_cannot_see_is_not_found(client, offer):
    assert get(client, f"services/{offer['closed'].pk}").status_code == 404
    link = offer["closed"].service_at_locations.get()
    assert get(client, f"service_at_locations/{link.pk}").status_code == 404


def test_the_api_is_read_only(client):
    response = client.post("/api/oruk/services", {})
    assert response.status_code == 405
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options("/api/oruk/services")
    assert preflight.status_code == 204
    assert "GET" in preflight["Access-Control-Allow-Methods"]


def test_taxonomies_and_terms_conform(client, offer):
    listing = get(client, "taxonomies").json()
    assert errors("taxonomy_list", listing) == []
    assert {item["name"] for item in listing["contents"]} == {CATEGORIES, NEEDS}
    categories = Taxonomy.objects.get(name=CATEGORIES)
    one = get(client, f"taxonomies/{categories.pk}").json()
    assert errors("taxonomy", one) == []
    assert "Schools" in {item["name"] for item in one["taxonomy_terms"]}

    terms = get(client, "taxonomy_terms", per_page=100).json()
    assert errors("taxonomy_term_list", terms) == []
    schools = term("Schools")
    body = get(client, f"taxonomy_terms/{schools.pk}").json()
    assert errors("taxonomy_term", body) == []
    assert body["parent_id"] == str(term("Education").pk)
    assert body["taxonomy_id"] == str(categories.pk)
    children = get(client, "taxonomy_terms", parent_id=term("Education").pk).json()
    assert "Schools" in names(children)
    top = get(client, "taxonomy_terms", top_only="true", taxonomy_id=categories.pk).json()
    assert "Schools" not in names(top) and "Education" in names(top)
    assert names(get(client, "taxonomy_terms", search="autism")) == [
        "Communication and interaction"
    ]


def test_organizations_conform_and_nest_their_public_services(client, offer):
    listing = get(client, "organizations").json()
    assert errors("organization_list", listing) == []
    provider = offer["club"].organization
    body = get(client, f"organizations/{provider.pk}").json()
    assert errors("organization", body) == []
    assert [item["name"] for item in body["services"]] == ["Saturday Club"]
    full = get(client, f"organizations/{provider.pk}", full_service="true").json()
    assert errors("service", full["services"][0]) == []
    assert full["services"][0]["schedules"]
    nested = get(client, "organizations", full_service="true").json()
    assert errors("organization_list", nested) == []


def test_a_retired_organization_is_not_published(client, offer):
    provider = offer["club"].organization
    provider.retired_on = timezone.localdate()
    provider.save()
    assert get(client, f"organizations/{provider.pk}").status_code == 404
    assert "Kestrel Youth Trust" not in names(get(client, "organizations"))


def test_service_at_locations_conform(client, offer):
    listing = get(client, "service_at_locations").json()
    assert errors("service_at_location_list", listing) == []
    assert listing["total_items"] == 1
    item = listing["contents"][0]
    assert item["service"]["name"] == "Saturday Club"
    assert item["location"]["name"] == "Kestrel Youth Centre"
    link = offer["club"].service_at_locations.get()
    body = get(client, f"service_at_locations/{link.pk}").json()
    assert errors("service_at_location", body) == []
    assert body["location"]["addresses"][0]["address_1"] == "1 Mill Lane"
    assert get(client, "service_at_locations", postcode="SE15 4QN").status_code == 400
    filtered = get(client, "service_at_locations", taxonomy_term_id=term("Therapies").pk)
    assert filtered.json()["total_items"] == 0


def test_empty_optional_fields_are_left_out(client):
    service = ServiceFactory(email="", url="", minimum_age=None, maximum_age=None)
    body = get(client, f"services/{service.pk}").json()
    assert errors("service", body) == []
    for key in ("email", "url", "minimum_age", "maximum_age", "alert"):
        assert key not in body


def test_a_page_of_full_services_costs_the_same_queries_however_many(
    client, offer, django_assert_max_num_queries
):
    for number in range(20):
        ServiceFactory(name=f"Club {number}")
    with django_assert_max_num_queries(15):
        body = get(client, "services", full="true", per_page=50).json()
    assert body["total_items"] == 23
    with django_assert_max_num_queries(6):
        get(client, "services", per_page=50)
