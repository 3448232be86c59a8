"""Children's record pages: who may see and change them, duplicates, conflicts and the access
log."""

import datetime

import pytest

from openehcp.accounts.models import Role
from openehcp.audit.models import AccessLog
from openehcp.people.models import Child, Contact
from tests.factories import (
    AdviceRequestFactory,
    AssessmentRequestFactory,
    ChildFactory,
    ContactFactory,
    EHCPlanFactory,
    EstablishmentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def child_data(user, **changes) -> dict:
    data = {
        "forename": "Ada",
        "surname": "Lovelace",
        "preferred_name": "",
        "date_of_birth-day": "27",
        "date_of_birth-month": "3",
        "date_of_birth-year": "2016",
        "sex": "F",
        "upn": "",
        "uln": "",
        "nhs_number": "",
        "address": "",
        "postcode": "",
        "home_la": "",
        "ethnicity": "",
        "first_language": "",
        "setting_urn": "",
        "primary_need": "",
        "secondary_need": "",
        "caseworker": str(user.pk),
        "lead_professional": "",
    }
    data.update(changes)
    return data


@pytest.fixture
def caseworker(client):
    user = UserFactory()
    client.force_login(user)
    return user


# --- the list --------------------------------------------------------------------------------


def test_caseworker_lists_their_teams_children_only(client, caseworker):
    teammate = UserFactory(team=caseworker.team)
    mine = ChildFactory(caseworker=teammate, surname="Teamchild")
    ChildFactory(surname="Otherteam")
    html = client.get("/children/").content.decode()
    assert "Teamchild" in html and "Otherteam" not in html
    assert f'href="/children/{mine.pk}/"' in html


def test_the_list_is_paginated_and_searchable(client, caseworker):
    for n in range(55):
        ChildFactory(caseworker=caseworker, surname=f"Pupil{n:02d}")
    first = client.get("/children/").content.decode()
    assert "55 children" in first and "Pupil49" in first and "Pupil50" not in first
    assert "Pupil54" in client.get("/children/", {"page": "2"}).content.decode()
    found = client.get("/children/", {"q": "pupil07"}).content.decode()
    assert "Pupil07" in found and "Pupil08" not in found


def test_setting_staff_list_only_children_at_their_setting(client):
    senco = UserFactory(role=Role.SETTING_STAFF)
    ChildFactory(establishment=senco.establishment, surname="Atmyschool")
    ChildFactory(surname="Elsewhere")
    client.force_login(senco)
    html = client.get("/children/").content.decode()
    assert "Atmyschool" in html and "Elsewhere" not in html
    assert "Add a child" not in html


@pytest.mark.parametrize("role", [Role.PARENT, Role.YOUNG_PERSON])
def test_a_parent_or_young_person_sees_nothing(client, role):
    child = ChildFactory()
    client.force_login(UserFactory(role=role))
    assert client.get("/children/").status_code == 403
    assert client.get(f"/children/{child.pk}/").status_code == 403
    assert client.get("/children/add/").status_code == 403


def test_signed_out_visitors_go_to_sign_in(client):
    assert client.get("/children/")["Location"].startswith("/account/sign-in")


# --- the record page -------------------------------------------------------------------------


def test_record_page_shows_details_contacts_requests_plans_and_logs_the_view(client, caseworker):
    child = ChildFactory(caseworker=caseworker, upn="H801200001001", nhs_number="9434765919")
    ContactFactory(
        child=child,
        name="Grace Parent",
        interpreter_language="POL",
        accessible_format=Contact.Format.LARGE_PRINT,
    )
    case = AssessmentRequestFactory(child=child, reference="EHC-2026-00042")
    EHCPlanFactory(child=child)
    html = client.get(f"/children/{child.pk}/").content.decode()
    for text in (
        "H801200001001",
        "943 476 5919",
        "Grace Parent",
        "Polish",
        "Large print",
        child.establishment.name,
        "Speech, language and communication needs",
        str(caseworker),
        'href="/assessments/EHC-2026-00042/"',
        "Maintained",
    ):
        assert text in html, text
    assert case.get_absolute_url() == "/assessments/EHC-2026-00042/"
    log = AccessLog.objects.get()
    assert (log.user, log.child_id) == (caseworker, child.pk)


def test_a_young_person_is_shown_as_holding_their_own_rights(client, caseworker):
    today = datetime.date.today()
    child = ChildFactory(caseworker=caseworker, date_of_birth=today.replace(year=today.year - 18))
    ContactFactory(child=child, name="Kit Self", relationship=Contact.Relationship.YOUNG_PERSON)
    html = client.get(f"/children/{child.pk}/").content.decode()
    assert "Young person’s record" in html
    assert "they make their own requests and decisions" in html
    assert "holds their own rights" in html


def test_caseworker_cannot_open_another_teams_child(client, caseworker):
    other = ChildFactory()
    assert client.get(f"/children/{other.pk}/").status_code == 403
    assert client.get(f"/children/{other.pk}/edit/").status_code == 403
    assert not AccessLog.objects.exists()


def test_setting_staff_see_their_pupil_read_only_without_contacts(client):
    senco = UserFactory(role=Role.SETTING_STAFF)
    child = ChildFactory(establishment=senco.establishment)
    ContactFactory(child=child, name="Private Parent")
    other = ChildFactory()
    client.force_login(senco)
    html = client.get(f"/children/{child.pk}/").content.decode()
    assert child.surname in html and "Private Parent" not in html
    assert f"/children/{child.pk}/edit/" not in html
    assert client.get(f"/children/{child.pk}/edit/").status_code == 403
    assert client.get(f"/children/{other.pk}/").status_code == 403


def test_a_professional_sees_only_children_they_advise_on(client):
    advisor = UserFactory(role=Role.PROFESSIONAL)
    advice = AdviceRequestFactory(advisor_user=advisor)
    other = ChildFactory()
    client.force_login(advisor)
    assert client.get(f"/children/{advice.request.child.pk}/").status_code == 200
    assert client.get(f"/children/{other.pk}/").status_code == 403


def test_unknown_child_is_404(client, caseworker):
    assert client.get("/children/999999/").status_code == 404


def test_a_merged_record_sends_people_to_the_record_it_was_merged_into(client, caseworker):
    kept = ChildFactory(caseworker=caseworker)
    merged = ChildFactory(caseworker=caseworker, merged_into=kept)
    response = client.get(f"/children/{merged.pk}/")
    assert response["Location"] == f"/children/{kept.pk}/"


# --- adding a child --------------------------------------------------------------------------


def test_add_a_child_with_valid_identifiers(client, caseworker):
    school = EstablishmentFactory(urn="921001")
    response = client.post(
        "/children/add/",
        child_data(
            caseworker,
            upn="h801200001001",
            uln="1234567899",
            nhs_number="943 476 5919",
            postcode="sw1a 1aa",
            setting_urn="921001",
            primary_need="ASD",
        ),
    )
    child = Child.objects.get()
    assert response["Location"] == f"/children/{child.pk}/"
    assert (child.upn, child.nhs_number, child.postcode) == (
        "H801200001001",
        "9434765919",
        "SW1A 1AA",
    )
    assert child.establishment == school and child.caseworker == caseworker


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("upn", "X123456789875", "Enter a real UPN: the check letter does not match"),
        ("upn", "H80120000100", "Enter a UPN of 13 characters, like H801200001001"),
        ("upn", "X123456789832", "Enter a real UPN: 123 is not a council&#x27;s LA code"),
        ("uln", "1234567890", "Enter a real ULN: the check digit does not match"),
        ("uln", "12345", "Enter a ULN of 10 digits that does not start with 0"),
        ("nhs_number", "1234567890", "Enter a real NHS number: the check digit does not match"),
        ("nhs_number", "12345", "Enter an NHS number of 10 digits, like 943 476 5919"),
        ("postcode", "ZZ1", "Enter a real postcode, like SW1A 1AA"),
        ("home_la", "21", "Enter an LA code of 3 digits, like 210"),
        ("setting_urn", "12345", "Enter a URN of 6 digits, like 123456"),
        ("setting_urn", "999999", "There is no setting with this URN in the settings register"),
        ("forename", "", "Enter the first name"),
        ("caseworker", "", "Choose the child&#x27;s caseworker"),
    ],
)
def test_every_bad_identifier_gets_a_govuk_error_and_keeps_what_was_typed(
    client, caseworker, field, value, message
):
    response = client.post("/children/add/", child_data(caseworker, **{field: value}))
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert f'href="#id_{field}"' in html
    assert "govuk-form-group--error" in html
    assert 'value="Lovelace"' in html
    if value:
        assert f'value="{value}"' in html
    assert not Child.objects.exists()


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("31", "2", "2016", "Date of birth must be a real date"),
        ("1", "13", "2016", "Date of birth must be a real date"),
        ("", "3", "2016", "Date of birth must include a day"),
        ("1", "1", "2999", "Date of birth must be today or in the past"),
        ("1", "1", "1990", "Date of birth must be within the last 26 years"),
    ],
)
def test_impossible_dates_of_birth_are_refused(client, caseworker, day, month, year, message):
    data = child_data(
        caseworker,
        **{"date_of_birth-day": day, "date_of_birth-month": month, "date_of_birth-year": year},
    )
    html = client.post("/children/add/", data).content.decode()
    assert message in html and 'href="#id_date_of_birth-' in html
    assert not Child.objects.exists()


def test_possible_duplicate_must_be_confirmed_as_a_different_child(client, caseworker):
    existing = ChildFactory(
        caseworker=caseworker,
        forename="ADA",
        surname="lovelace",
        date_of_birth=datetime.date(2016, 3, 27),
    )
    response = client.post("/children/add/", child_data(caseworker))
    html = response.content.decode()
    assert "This child may already have a record" in html
    assert f'href="/children/{existing.pk}/"' in html
    assert "then confirm this is a different child" in html
    assert Child.objects.count() == 1
    checked = response.context["form"]["checked"].value()
    confirmed = child_data(caseworker, confirm_different="true", checked=checked)
    response = client.post("/children/add/", confirmed)
    assert response.status_code == 302 and Child.objects.count() == 2
    # The confirmed form sent twice: the record it just added is a new possible duplicate.
    again = client.post("/children/add/", confirmed)
    assert "was added after you checked" in again.content.decode()
    assert Child.objects.count() == 2


def test_duplicates_the_user_cannot_see_are_counted_not_shown(client, caseworker):
    hidden = ChildFactory(
        forename="Ada", surname="Lovelace", date_of_birth=datetime.date(2016, 3, 27)
    )
    html = client.post("/children/add/", child_data(caseworker)).content.decode()
    assert "1 record you cannot see has the same details" in html
    assert hidden.establishment.name not in html


def test_the_same_upn_cannot_be_confirmed_away(client, caseworker):
    ChildFactory(caseworker=caseworker, upn="H801200001001")
    response = client.post(
        "/children/add/", child_data(caseworker, upn="H801200001001", confirm_different="true")
    )
    assert "Another child&#x27;s record already has this UPN" in response.content.decode()
    assert Child.objects.count() == 1


# --- changing a child ------------------------------------------------------------------------


def edit_data(child, caseworker, **changes):
    return (
        child_data(
            caseworker,
            forename=child.forename,
            surname=child.surname,
            version=str(child.version),
            **{
                "date_of_birth-day": str(child.date_of_birth.day),
                "date_of_birth-month": str(child.date_of_birth.month),
                "date_of_birth-year": str(child.date_of_birth.year),
            },
        )
        | changes
    )


def test_edit_saves_and_bumps_the_version(client, caseworker):
    child = ChildFactory(caseworker=caseworker)
    html = client.get(f"/children/{child.pk}/edit/").content.decode()
    assert 'name="version" value="1"' in html
    response = client.post(
        f"/children/{child.pk}/edit/", edit_data(child, caseworker, surname="Byron")
    )
    assert response["Location"] == f"/children/{child.pk}/"
    child.refresh_from_db()
    assert (child.surname, child.version) == ("Byron", 2)


def test_second_person_saving_gets_a_clear_error_and_keeps_their_typing(client, caseworker):
    child = ChildFactory(caseworker=caseworker, surname="Original")
    colleague = UserFactory(team=caseworker.team, first_name="Kim", last_name="Colleague")
    stale = edit_data(child, caseworker)
    other = client.__class__()
    other.force_login(colleague)
    assert (
        other.post(f"/children/{child.pk}/edit/", stale | {"surname": "TheirChange"}).status_code
        == 302
    )

    response = client.post(
        f"/children/{child.pk}/edit/",
        stale | {"surname": "MyChange", "lead_professional": "Dr Who"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "record was changed by Kim Colleague at " in html
    assert "while you were editing. Your changes have not been saved." in html
    assert "What was saved differs from what you typed here" in html
    assert "TheirChange" in html
    assert 'value="MyChange"' in html and 'value="Dr Who"' in html
    assert 'name="version" value="2"' in html
    child.refresh_from_db()
    assert child.surname == "TheirChange"
    # Saving again, having seen their change, is a deliberate choice and succeeds.
    data = stale | {"surname": "MyChange", "lead_professional": "Dr Who", "version": "2"}
    assert client.post(f"/children/{child.pk}/edit/", data).status_code == 302
    child.refresh_from_db()
    assert (child.surname, child.version) == ("MyChange", 3)


def test_edit_refuses_a_bad_nhs_number(client, caseworker):
    child = ChildFactory(caseworker=caseworker)
    response = client.post(
        f"/children/{child.pk}/edit/", edit_data(child, caseworker, nhs_number="1234567890")
    )
    assert "Enter a real NHS number: the check digit does not match" in response.content.decode()


# --- contacts --------------------------------------------------------------------------------


CONTACT = {
    "name": "Grace Parent",
    "relationship": "mother",
    "parental_responsibility": "true",
    "is_main_contact": "true",
    "preferred_method": "email",
    "email": "grace@family.example",
    "phone": "",
    "address": "",
    "postcode": "",
    "interpreter_language": "BSL",
    "accessible_format": "easy_read",
}


def test_add_change_and_remove_a_contact(client, caseworker):
    child = ChildFactory(caseworker=caseworker)
    response = client.post(f"/children/{child.pk}/contacts/add/", CONTACT)
    assert response["Location"] == f"/children/{child.pk}/"
    contact = child.contacts.get()
    assert contact.interpreter_language == "BSL" and contact.is_main_contact
    response = client.post(
        f"/children/{child.pk}/contacts/{contact.pk}/edit/",
        CONTACT | {"preferred_method": "text", "phone": "07700 900123", "version": "1"},
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.preferred_method == "text"
    assert (
        "Remove Grace Parent"
        in client.get(f"/children/{child.pk}/contacts/{contact.pk}/remove/").content.decode()
    )
    client.post(f"/children/{child.pk}/contacts/{contact.pk}/remove/")
    assert not child.contacts.exists()


def test_removing_a_contact_twice_says_it_had_already_gone(client, caseworker):
    contact = ContactFactory(child=ChildFactory(caseworker=caseworker), name="Grace Parent")
    remove = f"/children/{contact.child.pk}/contacts/{contact.pk}/remove/"
    first = client.post(remove, follow=True)
    assert "Grace Parent has been removed from the contacts" in first.content.decode()
    second = client.post(remove, follow=True)
    assert second.redirect_chain == [(f"/children/{contact.child.pk}/", 302)]
    assert "That contact had already been removed" in second.content.decode()
    assert not Contact.objects.filter(pk=contact.pk).exists()


def test_contact_by_email_needs_an_email_address(client, caseworker):
    child = ChildFactory(caseworker=caseworker)
    response = client.post(f"/children/{child.pk}/contacts/add/", CONTACT | {"email": ""})
    assert (
        "Enter an email address, or choose another way to contact them" in response.content.decode()
    )


def test_contacts_of_another_teams_child_cannot_be_touched(client, caseworker):
    contact = ContactFactory()
    base = f"/children/{contact.child.pk}/contacts"
    assert client.post(f"{base}/add/", CONTACT).status_code == 403
    assert client.post(f"{base}/{contact.pk}/edit/", CONTACT).status_code == 403
    assert client.post(f"{base}/{contact.pk}/remove/").status_code == 403
    assert Contact.objects.filter(pk=contact.pk).exists()


def test_two_people_changing_a_contact_the_second_is_told_and_loses_nothing(client, caseworker):
    contact = ContactFactory(child__caseworker=caseworker, name="Grace Parent")
    url = f"/children/{contact.child.pk}/contacts/{contact.pk}/edit/"
    colleague = UserFactory(team=caseworker.team, first_name="Kim", last_name="Colleague")
    other = client.__class__()
    other.force_login(colleague)
    # Both open the form; the colleague saves first.
    assert 'name="version" value="1"' in client.get(url).content.decode()
    assert 'name="version" value="1"' in other.get(url).content.decode()
    their = CONTACT | {"version": "1", "phone": "07700 900111", "preferred_method": "phone"}
    assert other.post(url, their).status_code == 302

    mine = CONTACT | {"version": "1", "phone": "07700 900222", "preferred_method": "phone"}
    response = client.post(url, mine)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Grace Parent’s contact record was changed by Kim Colleague" in html
    assert 'value="07700 900222"' in html and 'name="version" value="2"' in html
    contact.refresh_from_db()
    assert contact.phone == "07700 900111"


def test_a_contact_added_twice_by_a_double_click_is_added_once(client, caseworker):
    child = ChildFactory(caseworker=caseworker)
    assert client.post(f"/children/{child.pk}/contacts/add/", CONTACT).status_code == 302
    response = client.post(f"/children/{child.pk}/contacts/add/", CONTACT)
    assert response.status_code == 200
    assert "Grace Parent is already one of this child’s contacts" in response.content.decode()
    assert child.contacts.count() == 1


def test_a_contact_removed_while_being_changed_is_said_and_what_was_typed_kept(client, caseworker):
    contact = ContactFactory(child__caseworker=caseworker, name="Grace Parent")
    url = f"/children/{contact.child.pk}/contacts/{contact.pk}/edit/"
    contact.delete()
    response = client.post(url, CONTACT | {"version": "1", "phone": "07700 900333"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "This contact was removed while you were editing it" in html
    assert 'value="07700 900333"' in html
    assert f'action="/children/{contact.child.pk}/contacts/add/"' in html
