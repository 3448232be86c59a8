"""The Local Offer team's pages: who may use them, validation, the change history, the edit lock,
retiring and reviewing."""

import pytest
from django.urls import reverse
from django.utils import timezone

from openehcp.accounts.models import Role
from openehcp.localoffer.models import (
    Area,
    Location,
    Organization,
    Service,
    ServiceStatus,
    TaxonomyTerm,
)
from tests.factories import LocationFactory, OrganizationFactory, ServiceFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return UserFactory(role=Role.LOCAL_OFFER_EDITOR, email="editor@council.example")


@pytest.fixture
def provider():
    return OrganizationFactory(name="Kestrel Youth Trust")


def service_data(provider, **changes) -> dict:
    data = {
        "name": "Holiday play scheme",
        "organization": str(provider.pk),
        "description": "Play and trips in the school holidays.",
        "categories": [str(TaxonomyTerm.objects.get(name="Short breaks").pk)],
        "needs": [],
        "minimum_age": "5",
        "maximum_age": "18",
        "areas": [str(Area.objects.get(whole_council=True).pk)],
        "locations": [],
        "opening_times": "School holidays, 9am to 4pm",
        "cost": "£10 a day",
        "cost_amount": "10",
        "contact_name": "Play team",
        "phone": "020 7946 0123",
        "email": "play@kestrel.example",
        "url": "kestrel.example/play",
        "alert": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.parametrize(
    "role, status",
    [
        (Role.LOCAL_OFFER_EDITOR, 200),
        (Role.SERVICE_LEADER, 200),
        (Role.CASEWORKER, 403),
        (Role.ADMINISTRATOR, 403),
        (Role.PARENT, 403),
    ],
)
def test_only_local_offer_editors_and_the_service_leader_edit(client, role, status):
    client.force_login(UserFactory(role=role))
    service = ServiceFactory()
    for name, args in [
        ("manage", []),
        ("service_add", []),
        ("service_edit", [service.pk]),
        ("service_detail", [service.pk]),
        ("organization_list", []),
        ("organization_add", []),
        ("location_list", []),
        ("location_add", []),
    ]:
        assert client.get(reverse(f"localoffer:{name}", args=args)).status_code == status, name


def test_signed_out_people_are_asked_to_sign_in(client):
    response = client.get(reverse("localoffer:manage"))
    assert response.status_code == 302
    assert "/account/sign-in" in response["Location"]


def test_the_menu_shows_the_local_offer_to_editors(client, editor):
    client.force_login(editor)
    assert b'href="/local-offer/manage/"' in client.get("/").content
    client.force_login(UserFactory(role=Role.CASEWORKER))
    assert b'href="/local-offer/manage/"' not in client.get("/").content


def test_adding_a_service_saves_every_part_with_its_history(client, editor, provider):
    client.force_login(editor)
    place = LocationFactory()
    response = client.post(
        reverse("localoffer:service_add"),
        service_data(provider, locations=[str(place.pk)], reviewed="on"),
    )
    service = Service.objects.get(name="Holiday play scheme")
    assert response.status_code == 302
    assert response["Location"] == reverse("localoffer:service_detail", args=[service.pk])
    assert service.status == ServiceStatus.ACTIVE
    assert service.url == "https://kestrel.example/play"
    assert service.assured_date == timezone.localdate()
    assert service.assurer_email == "editor@council.example"
    assert [link.location for link in service.service_at_locations.all()] == [place]
    assert service.contacts.get().phones.get().number == "020 7946 0123"
    assert service.schedules.get().description == "School holidays, 9am to 4pm"
    cost = service.cost_options.get()
    assert (cost.option, cost.amount) == ("£10 a day", 10)
    assert service.history.get().history_user == editor
    assert service.attributes.get().history.get().history_user == editor
    assert service.changed_by == editor and service.version == 1


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"name": ""}, "name", "Enter the name of the service"),
        ({"categories": []}, "categories", "Select at least one type of help"),
        ({"areas": []}, "areas", "Select which parts of the area the service covers"),
        ({"minimum_age": "26"}, "minimum_age", "Youngest age must be a whole number from 0 to 25"),
        ({"maximum_age": "-1"}, "maximum_age", "Oldest age must be a whole number from 0 to 25"),
        ({"maximum_age": "five"}, "maximum_age", "Oldest age must be a whole number from 0 to 25"),
        (
            {"minimum_age": "12", "maximum_age": "5"},
            "maximum_age",
            "Oldest age must be the same as or more than youngest age",
        ),
        ({"phone": "12345"}, "phone", "Enter a UK phone number"),
        ({"email": "play-at-kestrel"}, "email", "Enter an email address in the correct format"),
        ({"url": "not a web address"}, "url", "Enter a web address in the correct format"),
        (
            {"phone": "", "email": "", "url": ""},
            "phone",
            "Enter a phone number, email address or website",
        ),
        ({"cost_amount": "-3"}, "cost_amount", "The amount cannot be less than 0"),
    ],
)
def test_service_form_validation(client, editor, provider, changes, field, message):
    client.force_login(editor)
    response = client.post(reverse("localoffer:service_add"), service_data(provider, **changes))
    assert response.status_code == 200
    assert response.context["form"].errors[field][0].startswith(message)
    assert b"There is a problem" in response.content
    assert not Service.objects.exists()


def test_phone_numbers_may_start_with_44(client, editor, provider):
    client.force_login(editor)
    client.post(reverse("localoffer:service_add"), service_data(provider, phone="+44 20 7946 0123"))
    assert Service.objects.get().contacts.get().phones.get().number == "+44 20 7946 0123"


def test_editing_a_service_keeps_who_changed_what(client, editor, provider):
    service = ServiceFactory(organization=provider, name="Play scheme")
    client.force_login(editor)
    page = client.get(reverse("localoffer:service_edit", args=[service.pk]))
    form = page.context["form"]
    assert form.initial["name"] == "Play scheme"
    assert form.initial["categories"] == [TaxonomyTerm.objects.get(name="Short breaks").pk]
    response = client.post(
        reverse("localoffer:service_edit", args=[service.pk]),
        service_data(provider, name="Summer play scheme", version=str(service.version)),
    )
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.name == "Summer play scheme"
    assert service.version == 2
    latest = service.history.first()
    assert latest.history_user == editor and latest.name == "Summer play scheme"
    detail = client.get(reverse("localoffer:service_detail", args=[service.pk]))
    changes = [row["what"] for row in detail.context["history"]]
    assert changes == [
        "Description, email, maximum age, minimum age, name, website",
        "Added to the Local Offer",
    ]


def test_a_second_save_of_an_old_page_is_refused_and_keeps_what_was_typed(client, editor, provider):
    service = ServiceFactory(organization=provider, name="Play scheme")
    other = UserFactory(role=Role.SERVICE_LEADER, first_name="Olu", last_name="Bright")
    client.force_login(other)
    client.post(
        reverse("localoffer:service_edit", args=[service.pk]),
        service_data(provider, name="Play scheme (theirs)", version="1"),
    )
    client.force_login(editor)
    response = client.post(
        reverse("localoffer:service_edit", args=[service.pk]),
        service_data(provider, name="Play scheme (mine)", version="1"),
    )
    assert response.status_code == 200
    assert "changed by Olu Bright" in response.context["form"].non_field_errors()[0]
    assert response.context["form"]["name"].value() == "Play scheme (mine)"
    service.refresh_from_db()
    assert service.name == "Play scheme (theirs)"
    again = client.post(
        reverse("localoffer:service_edit", args=[service.pk]),
        service_data(provider, name="Play scheme (mine)", version="2"),
    )
    assert again.status_code == 302


def test_taking_a_service_out_and_putting_it_back(client, editor):
    service = ServiceFactory(name="Play scheme")
    client.force_login(editor)
    url = reverse("localoffer:service_retire", args=[service.pk])
    missing = client.post(url, {"version": "1"})
    assert missing.context["form"].errors["status"] == [
        "Select why the service is leaving the Local Offer"
    ]
    client.post(url, {"version": "1", "status": ServiceStatus.DEFUNCT})
    service.refresh_from_db()
    assert service.status == ServiceStatus.DEFUNCT
    assert client.get(reverse("localoffer:service", args=[service.pk])).status_code == 404
    client.post(reverse("localoffer:service_restore", args=[service.pk]), {"version": "2"})
    service.refresh_from_db()
    assert service.status == ServiceStatus.ACTIVE
    assert service.history.first().history_user == editor


def test_marking_a_service_checked_clears_its_review(client, editor):
    service = ServiceFactory(assured_date=None)
    client.force_login(editor)
    listing = client.get(reverse("localoffer:manage"), {"show": "review_due"})
    assert [found.pk for found in listing.context["page"]] == [service.pk]
    client.post(reverse("localoffer:service_reviewed", args=[service.pk]), {"version": "1"})
    service.refresh_from_db()
    assert service.assured_date == timezone.localdate()
    listing = client.get(reverse("localoffer:manage"), {"show": "review_due"})
    assert list(listing.context["page"]) == []
    stale = client.post(
        reverse("localoffer:service_reviewed", args=[service.pk]), {"version": "1"}, follow=True
    )
    assert "changed by you" in stale.content.decode()


def test_adding_changing_and_removing_an_organisation(client, editor):
    client.force_login(editor)
    bad = client.post(
        reverse("localoffer:organization_add"),
        {"name": "", "description": "", "email": "x", "website": "nope"},
    )
    assert set(bad.context["form"].errors) == {"name", "description", "email", "website"}
    client.post(
        reverse("localoffer:organization_add"),
        {
            "name": "Harbourside College",
            "description": "A college.",
            "website": "https://h.example",
        },
    )
    college = Organization.objects.get(name="Harbourside College")
    assert college.history.get().history_user == editor
    client.post(
        reverse("localoffer:organization_edit", args=[college.pk]),
        {"name": "Harbourside College", "description": "The borough's college.", "version": "1"},
    )
    college.refresh_from_db()
    assert college.description == "The borough's college." and college.version == 2
    course = ServiceFactory(organization=college)
    response = client.post(
        reverse("localoffer:organization_retire", args=[college.pk]), {"version": "2"}
    )
    assert response.status_code == 302
    college.refresh_from_db()
    course.refresh_from_db()
    assert college.retired_on == timezone.localdate()
    assert course.status == ServiceStatus.DEFUNCT
    assert course.history.first().history_user == editor


def test_places_need_an_address_and_a_real_postcode_unless_online(client, editor):
    client.force_login(editor)
    url = reverse("localoffer:location_add")
    response = client.post(url, {"name": "Hub", "location_type": "physical", "postal_code": "X"})
    errors = response.context["form"].errors
    assert errors["address_1"] == ["Enter the address of the place"]
    assert errors["postal_code"] == ["Enter a real postcode, like SW1A 1AA"]
    client.post(url, {"name": "Online", "location_type": "virtual"})
    client.post(
        url,
        {
            "name": "Hub",
            "location_type": "physical",
            "address_1": "1 Mill Lane",
            "postal_code": "se154qn",
        },
    )
    hub = Location.objects.get(name="Hub")
    assert hub.postal_code == "SE15 4QN"
    client.post(
        reverse("localoffer:location_edit", args=[hub.pk]),
        {
            "name": "Family hub",
            "location_type": "physical",
            "address_1": "1 Mill Lane",
            "postal_code": "SE15 4QN",
            "version": "1",
        },
    )
    hub.refresh_from_db()
    assert hub.name == "Family hub"
    assert hub.history.first().history_user == editor
