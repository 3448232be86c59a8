"""The public Local Offer directory: no sign-in, search by words, type of help, age and area,
pages of 20, a page per service, and links to the rest of the offer."""

import pytest
from django.urls import reverse

from openehcp.localoffer.models import Area, ServiceStatus, TaxonomyTerm
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def term(name: str) -> TaxonomyTerm:
    return TaxonomyTerm.objects.get(name=name)


def found(client, **params) -> list[str]:
    response = client.get(reverse("localoffer:directory"), params)
    assert response.status_code == 200
    return [service.name for service in response.context["page"]]


@pytest.fixture
def north():
    return Area.objects.create(name="North", description="Northfold and Eastmere")


@pytest.fixture
def offer(north):
    south = Area.objects.create(name="South", description="Daleford")
    ServiceFactory(
        name="Speech and language therapy",
        description="Help with talking.",
        minimum_age=0,
        maximum_age=5,
        terms=[term("Therapies"), term("Communication and interaction")],
    )
    ServiceFactory(name="Saturday Club", minimum_age=5, maximum_age=18, areas=[north])
    ServiceFactory(name="Supported internships", minimum_age=16, maximum_age=24, areas=[south])
    ServiceFactory(name="Closed club", status=ServiceStatus.INACTIVE)


def test_everyone_sees_the_active_services_without_signing_in(client, offer):
    assert found(client) == [
        "Saturday Club",
        "Speech and language therapy",
        "Supported internships",
    ]


def test_search_by_words_in_the_name_description_or_provider(client, offer):
    assert found(client, q="talking") == ["Speech and language therapy"]
    assert found(client, q="saturday CLUB") == ["Saturday Club"]
    assert found(client, q="club closed") == []


def test_search_by_type_of_help_includes_the_terms_under_it(client, offer):
    assert found(client, category=term("Health").pk) == ["Speech and language therapy"]
    assert found(client, category=term("Communication and interaction").pk) == [
        "Speech and language therapy"
    ]
    assert found(client, category=term("Short breaks").pk) == [
        "Saturday Club",
        "Supported internships",
    ]


def test_search_by_a_childs_age(client, offer):
    assert found(client, age=5) == ["Saturday Club", "Speech and language therapy"]
    assert found(client, age=20) == ["Supported internships"]


def test_search_by_area_includes_services_for_the_whole_area(client, offer, north):
    assert found(client, area=north.pk) == ["Saturday Club", "Speech and language therapy"]


def test_a_bad_age_is_explained_and_filters_nothing(client, offer):
    response = client.get(reverse("localoffer:directory"), {"age": "30"})
    assert response.context["form"].errors["age"] == ["Enter an age from 0 to 25"]
    assert b"There is a problem" in response.content
    assert response.context["total"] == 3


def test_results_come_20_a_page(client):
    for number in range(45):
        ServiceFactory(name=f"Service {number:02d}")
    response = client.get(reverse("localoffer:directory"), {"q": "service", "page": 3})
    assert [service.name for service in response.context["page"]] == [
        f"Service {number}" for number in range(40, 45)
    ]
    assert b"q=service&amp;page=2" in response.content


def test_a_service_page_shows_what_families_need(client):
    service = ServiceFactory(
        name="Saturday Club", alert="No club on 24 December", url="https://club.example"
    )
    service.contacts.create(name="Club team").phones.create(number="020 7946 0001")
    service.schedules.create(description="Saturdays, 10am to 3pm")
    service.cost_options.create(option="£5 a session", amount=5)
    response = client.get(reverse("localoffer:service", args=[service.pk]))
    page = response.content.decode()
    for text in (
        "Saturday Club",
        "No club on 24 December",
        "0 to 25",
        "Short breaks",
        "The whole council area",
        "Saturdays, 10am to 3pm",
        "£5 a session",
        'href="tel:02079460001"',
        "https://club.example",
        "These details were last checked",
        "mailto:localoffer@demo.openehcp.example?subject=Local%20Offer%3A%20Saturday%20Club",
    ):
        assert text in page, text


def test_a_service_out_of_the_offer_is_not_found(client):
    service = ServiceFactory(status=ServiceStatus.DEFUNCT)
    assert client.get(reverse("localoffer:service", args=[service.pk])).status_code == 404


def test_the_directory_links_to_the_rest_of_the_offer(client, settings):
    settings.OPENEHCP_LOCAL_OFFER_EMAIL = "offer@council.example"
    page = client.get(reverse("localoffer:directory")).content.decode()
    assert 'href="/reports/key-figures/"' in page
    assert 'href="/check-ehc-timescales/"' in page
    assert 'href="/assessments/request/"' in page
    assert "mailto:offer@council.example" in page
