"""The settings register pages: administrators keep it, caseworkers read it, outsiders cannot."""

import pytest
from django.core.exceptions import ValidationError

from openehcp.accounts.models import Role
from openehcp.establishments.models import Establishment, SettingType
from openehcp.establishments.services import establishment_create, establishment_update
from tests.factories import EstablishmentFactory, UserFactory

pytestmark = pytest.mark.django_db

VALID = {
    "urn": "123456",
    "ukprn": "10001234",
    "name": "Hollybank Special School",
    "setting_type": SettingType.SPECIAL,
    "phase": "all_through",
    "la_code": "210",
    "postcode": "se15 4qn",
    "linked_caseworker": "",
    "is_open": "on",
}


@pytest.fixture
def admin(client):
    user = UserFactory(role=Role.ADMINISTRATOR)
    client.force_login(user)
    return user


def test_administrator_adds_a_setting_with_a_linked_caseworker(client, admin):
    caseworker = UserFactory()
    response = client.post("/settings-register/add/", VALID | {"linked_caseworker": caseworker.pk})
    entry = Establishment.objects.get(urn="123456")
    assert response.status_code == 302 and response["Location"] == f"/settings-register/{entry.pk}/"
    assert entry.postcode == "SE15 4QN" and entry.linked_caseworker == caseworker
    assert entry.history.first().history_user == admin


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("urn", "12345", "Enter a URN of 6 digits, like 123456"),
        ("urn", "12345A", "Enter a URN of 6 digits, like 123456"),
        ("ukprn", "1000123", "Enter a UKPRN of 8 digits, like 10001234"),
        ("la_code", "21", "Enter an LA code of 3 digits, like 210"),
        ("postcode", "NOT A POSTCODE", "Enter a real postcode, like SW1A 1AA"),
        ("name", "", "Enter the setting&#x27;s name"),
        ("setting_type", "", "Choose the type of setting"),
    ],
)
def test_bad_input_gets_a_govuk_error_and_keeps_what_was_typed(
    client, admin, field, value, message
):
    response = client.post("/settings-register/add/", VALID | {field: value})
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "govuk-error-summary" in html and "<title>Error:" in html.replace("\n", "")
    assert 'value="Hollybank Special School"' in html or field == "name"
    assert not Establishment.objects.exists()


def test_a_second_setting_with_the_same_urn_is_refused(client, admin):
    EstablishmentFactory(urn="123456")
    response = client.post("/settings-register/add/", VALID)
    assert "Another setting in the register already has this URN" in response.content.decode()


def test_administrator_changes_a_setting(client, admin):
    entry = EstablishmentFactory()
    response = client.post(
        f"/settings-register/{entry.pk}/edit/", VALID | {"name": "Renamed", "version": "1"}
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.name == "Renamed" and entry.urn == "123456"


def test_caseworker_reads_the_register_filtered_by_type_but_cannot_change_it(client):
    client.force_login(UserFactory())
    special = EstablishmentFactory(setting_type=SettingType.SPECIAL, name="Oak Special")
    EstablishmentFactory(setting_type=SettingType.MAINSTREAM, name="Elm Primary")
    html = client.get("/settings-register/", {"setting_type": "special"}).content.decode()
    assert "Oak Special" in html and "Elm Primary" not in html
    assert "Add a setting" not in html
    assert client.get(f"/settings-register/{special.pk}/").status_code == 200
    assert client.get("/settings-register/add/").status_code == 403
    assert client.get(f"/settings-register/{special.pk}/edit/").status_code == 403
    assert client.post(f"/settings-register/{special.pk}/edit/", VALID).status_code == 403


def test_register_search_by_urn_or_name(client):
    client.force_login(UserFactory())
    EstablishmentFactory(urn="654321", name="Willow Academy")
    EstablishmentFactory(name="Birch School")
    assert "Willow Academy" in client.get("/settings-register/", {"q": "654321"}).content.decode()
    html = client.get("/settings-register/", {"q": "birch"}).content.decode()
    assert "Birch School" in html and "Willow Academy" not in html


def test_setting_staff_see_only_their_own_entry(client):
    senco = UserFactory(role=Role.SETTING_STAFF)
    other = EstablishmentFactory(name="Another School")
    client.force_login(senco)
    assert client.get("/settings-register/").status_code == 403
    assert client.get(f"/settings-register/{senco.establishment.pk}/").status_code == 200
    assert client.get(f"/settings-register/{other.pk}/").status_code == 403


def test_administrator_lists_the_register(client, admin):
    EstablishmentFactory(name="Oak Special")
    html = client.get("/settings-register/").content.decode()
    assert "Oak Special" in html and "Add a setting" in html


@pytest.mark.parametrize("role", [Role.PARENT, Role.YOUNG_PERSON, Role.PROFESSIONAL])
def test_people_outside_the_council_cannot_see_the_register(client, role):
    client.force_login(UserFactory(role=role))
    assert client.get("/settings-register/").status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client):
    assert client.get("/settings-register/")["Location"].startswith("/account/sign-in")


def test_service_checks_again_for_imports_and_other_callers():
    admin = UserFactory(role=Role.ADMINISTRATOR)
    with pytest.raises(ValidationError) as caught:
        establishment_create(
            created_by=admin, urn="1", name=" ", setting_type="castle", ukprn="1", la_code="x"
        )
    assert set(caught.value.message_dict) == {"urn", "name", "setting_type", "ukprn", "la_code"}
    entry = EstablishmentFactory()
    parent = UserFactory(role=Role.PARENT)
    with pytest.raises(ValidationError) as caught:
        establishment_update(
            establishment=entry, version=1, updated_by=admin, linked_caseworker=parent
        )
    assert "linked_caseworker" in caught.value.message_dict


# --- two people at once --------------------------------------------------------------------------


def test_two_administrators_changing_an_entry_the_second_is_told(client, admin):
    entry = EstablishmentFactory(urn="123456", name="Hollybank School")
    url = f"/settings-register/{entry.pk}/edit/"
    other = client.__class__()
    other.force_login(UserFactory(role=Role.ADMINISTRATOR, first_name="Kim", last_name="Admin"))
    for person in (client, other):
        assert 'name="version" value="1"' in person.get(url).content.decode()
    assert other.post(url, VALID | {"name": "Oak School", "version": "1"}).status_code == 302

    response = client.post(url, VALID | {"name": "My name", "version": "1"})
    html = response.content.decode()
    assert response.status_code == 200
    # The entry is named as it is now.
    assert "The entry for Oak School was changed by Kim Admin at " in html
    assert 'value="My name"' in html and 'name="version" value="2"' in html
    entry.refresh_from_db()
    assert (entry.name, entry.version, entry.changed_by.first_name) == ("Oak School", 2, "Kim")
    # Having looked, saving again replaces their change.
    assert client.post(url, VALID | {"name": "My name", "version": "2"}).status_code == 302
    entry.refresh_from_db()
    assert entry.name == "My name"


def test_a_change_refused_by_the_checks_saves_nothing_and_keeps_the_version(admin):
    entry = EstablishmentFactory()
    with pytest.raises(ValidationError):
        establishment_update(
            establishment=entry, version=1, updated_by=admin, name="Renamed", urn="12"
        )
    entry.refresh_from_db()
    assert entry.version == 1 and entry.name != "Renamed" and entry.changed_by is None
