"""User administration by the administrator: list, add, change, deactivate, unlock, reset 2FA."""

import pytest
from axes.models import AccessAttempt
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from openehcp.accounts import services
from openehcp.accounts.models import Discipline, Role, User
from tests import factories

pytestmark = pytest.mark.django_db

USERS = reverse("accounts:user_list")
NEW = reverse("accounts:user_create")


@pytest.fixture
def admin_client(client):
    admin = factories.UserFactory(role=Role.ADMINISTRATOR, first_name="Ada", last_name="Admin")
    client.force_login(admin)
    client.admin = admin
    return client


def lock_out(user):
    """Five wrong passwords from another browser."""
    browser = Client()
    for _attempt in range(5):
        browser.post(reverse("accounts:login"), {"username": user.username, "password": "x"})


def valid_new_user(**overrides):
    data = {
        "first_name": "Casey",
        "last_name": "Worker",
        "email": "casey.worker@council.example",
        "username": "cworker",
        "role": Role.CASEWORKER,
        "team": factories.TeamFactory().pk,
        "establishment": "",
        "discipline": "",
        "password": "Harbour-violet-engine-64",
    }
    data.update(overrides)
    return data


# --- Who may use the pages --------------------------------------------------------------------


def admin_pages(user):
    other = factories.UserFactory()
    return [
        ("get", USERS),
        ("get", NEW),
        ("get", reverse("accounts:user_detail", args=[other.pk])),
        ("get", reverse("accounts:user_edit", args=[other.pk])),
        ("get", reverse("accounts:user_deactivate", args=[other.pk])),
        ("post", reverse("accounts:user_reactivate", args=[other.pk])),
        ("post", reverse("accounts:user_unlock", args=[other.pk])),
        ("post", reverse("accounts:user_reset_two_factor", args=[other.pk])),
    ]


@pytest.mark.parametrize("role", [role for role, _ in Role.choices if role != Role.ADMINISTRATOR])
def test_only_administrators_may_administer_users(client, role):
    user = factories.UserFactory(role=role)
    client.force_login(user)
    for method, url in admin_pages(user):
        assert getattr(client, method)(url).status_code == 403, url


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(USERS)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


# --- Listing ----------------------------------------------------------------------------------


def test_list_shows_each_account_with_role_team_and_status(
    admin_client, django_assert_max_num_queries
):
    worker = factories.UserFactory(first_name="Casey", last_name="Worker")
    gone = factories.UserFactory(is_active=False, first_name="Former", last_name="Staff")
    locked = factories.UserFactory(first_name="Locked", last_name="Person")
    lock_out(locked)
    factories.UserFactory.create_batch(5)
    with django_assert_max_num_queries(8):
        response = admin_client.get(USERS)
    body = response.content.decode()
    assert "Casey Worker" in body and str(worker.team) in body
    assert "Former Staff" in body and "Deactivated" in body
    assert "Locked out" in body
    assert gone.username in body


# --- Adding -----------------------------------------------------------------------------------


def test_administrator_adds_a_caseworker(admin_client):
    data = valid_new_user()
    response = admin_client.post(NEW, data)
    created = User.objects.get(username="cworker")
    assert response["Location"] == reverse("accounts:user_detail", args=[created.pk])
    assert created.role == Role.CASEWORKER and created.team_id == data["team"]
    assert created.check_password(data["password"])
    assert created.history.first().history_user == admin_client.admin


def test_setting_staff_need_a_setting(admin_client):
    response = admin_client.post(NEW, valid_new_user(role=Role.SETTING_STAFF, team=""))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Select the school, college or provider this person works at" in body
    assert 'href="#id_establishment"' in body
    assert not User.objects.filter(username="cworker").exists()


def test_professional_is_added_with_a_discipline(admin_client):
    response = admin_client.post(
        NEW,
        valid_new_user(role=Role.PROFESSIONAL, team="", discipline=Discipline.HEALTH),
    )
    assert response.status_code == 302
    assert User.objects.get(username="cworker").discipline == Discipline.HEALTH


def test_setting_staff_are_added_with_their_setting(admin_client):
    school = factories.EstablishmentFactory()
    response = admin_client.post(
        NEW, valid_new_user(role=Role.SETTING_STAFF, team="", establishment=school.pk)
    )
    assert response.status_code == 302
    assert User.objects.get(username="cworker").establishment == school


def test_caseworker_needs_a_team(admin_client):
    response = admin_client.post(NEW, valid_new_user(team=""))
    assert "Select the team this person works in" in response.content.decode()


def test_weak_temporary_password_is_refused(admin_client):
    response = admin_client.post(NEW, valid_new_user(password="password"))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_password"' in body
    assert "too short" in body
    assert "Error: " in body.split("</title>")[0]


def test_username_must_be_unique_ignoring_case(admin_client):
    factories.UserFactory(username="CWorker")
    response = admin_client.post(NEW, valid_new_user())
    assert "An account with this username already exists" in response.content.decode()


def test_every_missing_answer_is_listed_in_the_error_summary(admin_client):
    response = admin_client.post(NEW, {})
    body = response.content.decode()
    for field in ["first_name", "last_name", "email", "username", "role", "password"]:
        assert f'href="#id_{field}"' in body, field


def test_service_checks_role_details_again():
    with pytest.raises(ValidationError) as refused:
        services.create_user(
            username="direct",
            first_name="A",
            last_name="B",
            email="a@b.example",
            role=Role.PARENT,
            password="Harbour-violet-engine-64",
            team=factories.TeamFactory(),
        )
    assert "team" in refused.value.message_dict


# --- Changing, deactivating, unlocking --------------------------------------------------------


def test_administrator_moves_a_caseworker_to_another_team(admin_client):
    worker = factories.UserFactory()
    new_team = factories.TeamFactory(name="Review team", function="review")
    response = admin_client.post(
        reverse("accounts:user_edit", args=[worker.pk]),
        {
            "first_name": worker.first_name,
            "last_name": worker.last_name,
            "email": worker.email,
            "role": Role.TEAM_MANAGER,
            "team": new_team.pk,
            "establishment": "",
            "discipline": "",
            "version": worker.version,
        },
    )
    assert response.status_code == 302
    worker.refresh_from_db()
    assert (worker.role, worker.team) == (Role.TEAM_MANAGER, new_team)


def test_two_administrators_changing_an_account_the_second_is_told(admin_client):
    worker = factories.UserFactory(first_name="Robin", last_name="Case")
    url = reverse("accounts:user_edit", args=[worker.pk])
    other = admin_client.__class__()
    other.force_login(
        factories.UserFactory(role=Role.ADMINISTRATOR, first_name="Kim", last_name="Admin")
    )
    data = {
        "first_name": "Robin",
        "last_name": "Case",
        "email": worker.email,
        "role": Role.CASEWORKER,
        "team": worker.team_id,
        "establishment": "",
        "discipline": "",
        "version": worker.version,
    }
    assert other.post(url, data | {"email": "kims.choice@council.example"}).status_code == 302
    response = admin_client.post(url, data | {"email": "my.choice@council.example"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Robin Case’s account was changed by Kim Admin at " in body
    assert 'value="my.choice@council.example"' in body
    worker.refresh_from_db()
    assert worker.email == "kims.choice@council.example"


def test_edit_form_starts_from_the_current_details(admin_client):
    worker = factories.UserFactory(email="current@council.example")
    body = admin_client.get(reverse("accounts:user_edit", args=[worker.pk])).content.decode()
    assert 'value="current@council.example"' in body


def test_deactivated_person_cannot_sign_in(admin_client):
    worker = factories.UserFactory()
    url = reverse("accounts:user_deactivate", args=[worker.pk])
    assert "will not be able to sign in" in admin_client.get(url).content.decode()
    assert admin_client.post(url).status_code == 302
    worker.refresh_from_db()
    assert not worker.is_active
    refused = Client().post(
        reverse("accounts:login"), {"username": worker.username, "password": factories.PASSWORD}
    )
    assert refused.status_code == 200


def test_administrator_cannot_deactivate_themselves(admin_client):
    url = reverse("accounts:user_deactivate", args=[admin_client.admin.pk])
    response = admin_client.post(url)
    assert response.status_code == 400
    assert "You cannot deactivate your own account" in response.content.decode()
    admin_client.admin.refresh_from_db()
    assert admin_client.admin.is_active


def test_reactivated_person_can_sign_in_again(admin_client):
    worker = factories.UserFactory(is_active=False)
    admin_client.post(reverse("accounts:user_reactivate", args=[worker.pk]))
    worker.refresh_from_db()
    assert worker.is_active


def test_administrator_unlocks_a_locked_out_person(admin_client):
    worker = factories.UserFactory()
    lock_out(worker)
    detail = admin_client.get(reverse("accounts:user_detail", args=[worker.pk]))
    assert "Unlock account" in detail.content.decode()
    admin_client.post(reverse("accounts:user_unlock", args=[worker.pk]))
    assert not AccessAttempt.objects.filter(username=worker.username).exists()
    response = Client().post(
        reverse("accounts:login"), {"username": worker.username, "password": factories.PASSWORD}
    )
    assert response.status_code == 302


def test_unlock_button_shows_only_for_locked_accounts(admin_client):
    worker = factories.UserFactory()
    detail = admin_client.get(reverse("accounts:user_detail", args=[worker.pk]))
    assert "Unlock account" not in detail.content.decode()


def test_administrator_resets_two_factor_after_a_lost_phone(admin_client):
    worker = factories.UserFactory()
    TOTPDevice.objects.create(user=worker, name="Phone", confirmed=True)
    detail = admin_client.get(reverse("accounts:user_detail", args=[worker.pk]))
    assert "Reset two-factor authentication" in detail.content.decode()
    admin_client.post(reverse("accounts:user_reset_two_factor", args=[worker.pk]))
    assert not TOTPDevice.objects.filter(user=worker).exists()


def test_account_actions_only_accept_post(admin_client):
    worker = factories.UserFactory(is_active=False)
    assert (
        admin_client.get(reverse("accounts:user_reactivate", args=[worker.pk])).status_code == 405
    )
    worker.refresh_from_db()
    assert not worker.is_active
