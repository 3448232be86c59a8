"""Temporary passwords: one an administrator sets (adding a person, or setting a new one for
them) or ``create_administrator`` opens an account with must be replaced at the next sign-in,
before any other page."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from openehcp.accounts import services
from openehcp.accounts.models import Role, User
from openehcp.accounts.tests.test_two_factor import code_for
from openehcp.demo.users import DEMO_PASSWORD, ensure_demo_users
from tests import factories

pytestmark = pytest.mark.django_db

CHOOSE = reverse("accounts:password_choose")
HOME = reverse("web:home")
NEW_PASSWORD = "Quarry-lantern-meadow-93"


def sign_in(client, user, password=factories.PASSWORD):
    return client.post(reverse("accounts:login"), {"username": user.username, "password": password})


def choose(client, password=NEW_PASSWORD, next_url=""):
    return client.post(
        CHOOSE, {"new_password1": password, "new_password2": password, "next": next_url}
    )


def test_an_account_an_administrator_adds_has_a_temporary_password(client):
    admin = factories.UserFactory(role=Role.ADMINISTRATOR)
    client.force_login(admin)
    client.post(
        reverse("accounts:user_create"),
        {
            "first_name": "Casey",
            "last_name": "Worker",
            "email": "casey.worker@council.example",
            "username": "cworker",
            "role": Role.CASEWORKER,
            "team": factories.TeamFactory().pk,
            "password": "Harbour-violet-engine-64",
        },
    )
    assert User.objects.get(username="cworker").must_change_password


def test_create_administrator_opens_an_account_with_a_temporary_password(monkeypatch, capsys):
    monkeypatch.setenv("OPENEHCP_ADMIN_PASSWORD", "Lantern-Orchard-Velvet-71")
    call_command("create_administrator", "first.admin", "--email", "admin@council.example")
    assert User.objects.get(username="first.admin").must_change_password
    assert "must then choose a new password" in capsys.readouterr().out


def test_the_demo_users_are_not_asked_to_change_the_shared_password(client):
    ensure_demo_users()
    assert not User.objects.filter(must_change_password=True).exists()
    client.post(reverse("accounts:login"), {"username": "caseworker", "password": DEMO_PASSWORD})
    assert client.get(HOME).status_code == 200


def test_first_sign_in_goes_to_choose_a_password_before_any_other_page(client):
    user = factories.UserFactory(must_change_password=True)
    sign_in(client, user)
    for path in [HOME, reverse("accounts:account"), reverse("accounts:user_list"), "/children/"]:
        held = client.get(path)
        assert held.status_code == 302
        assert held["Location"].startswith(f"{CHOOSE}?next=")
    page = client.get(CHOOSE).content.decode()
    assert "You signed in with a temporary password" in page


@pytest.mark.parametrize(
    "path",
    [
        reverse("accounts:password_change"),
        reverse("web:healthz"),
        "/static/dist/openehcp.css",
        reverse("accounts:two_factor_setup"),
    ],
)
def test_password_sign_out_static_and_health_pages_stay_open(client, path):
    user = factories.UserFactory(must_change_password=True)
    client.force_login(user)
    response = client.get(path)
    assert not (response.status_code == 302 and response["Location"].startswith(CHOOSE))


def test_sign_out_stays_open(client):
    user = factories.UserFactory(must_change_password=True)
    client.force_login(user)
    signed_out = client.post(reverse("accounts:logout"))
    assert signed_out["Location"] == reverse("accounts:login")


def test_choosing_a_password_carries_on_to_the_page_asked_for(client):
    user = factories.UserFactory(must_change_password=True)
    sign_in(client, user)
    held = client.get(reverse("accounts:account"))
    next_url = reverse("accounts:account")
    assert held["Location"] == f"{CHOOSE}?next=%2Faccount%2F"
    chosen = choose(client, next_url=next_url)
    assert chosen["Location"] == next_url
    user.refresh_from_db()
    assert not user.must_change_password
    assert user.check_password(NEW_PASSWORD)
    assert client.get(HOME).status_code == 200  # still signed in
    latest = user.history.first()
    assert (latest.history_change_reason, latest.history_user) == (
        "Temporary password replaced",
        user,
    )


def test_the_new_password_follows_the_rules_and_is_not_the_temporary_one(client):
    user = factories.UserFactory(must_change_password=True)
    sign_in(client, user)
    same = choose(client, password=factories.PASSWORD).content.decode()
    assert "Choose a password different from your temporary password" in same
    common = choose(client, password="password1234").content.decode()
    assert "This password is too common" in common
    assert 'class="govuk-error-summary"' in common
    user.refresh_from_db()
    assert user.must_change_password


def test_changing_the_password_the_usual_way_also_ends_the_temporary_one(client):
    user = factories.UserFactory(must_change_password=True)
    sign_in(client, user)
    client.post(
        reverse("accounts:password_change"),
        {
            "old_password": factories.PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    user.refresh_from_db()
    assert not user.must_change_password
    assert user.history.first().history_change_reason == "Password changed"


def test_someone_without_a_temporary_password_is_sent_on_from_the_page(client):
    user = factories.UserFactory()
    client.force_login(user)
    assert client.get(CHOOSE)["Location"] == HOME


def test_staff_enter_their_code_before_replacing_a_temporary_password(client, settings):
    settings.OPENEHCP_REQUIRE_STAFF_2FA = True
    user = factories.UserFactory(role=Role.CASEWORKER, must_change_password=True)
    device = TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    sign_in(client, user)
    held = client.get(CHOOSE)
    assert held["Location"].startswith(reverse("accounts:two_factor_verify"))
    client.post(reverse("accounts:two_factor_verify"), {"code": code_for(device)})
    assert client.get(HOME)["Location"].startswith(CHOOSE)
    assert choose(client)["Location"] == HOME
    assert client.get(HOME).status_code == 200


# --- An administrator sets a temporary password -----------------------------------------------


def test_an_administrator_sets_a_temporary_password(client):
    admin = factories.UserFactory(role=Role.ADMINISTRATOR)
    person = factories.UserFactory()
    client.force_login(admin)
    detail = reverse("accounts:user_detail", args=[person.pk])
    page = reverse("accounts:user_set_password", args=[person.pk])
    assert f'href="{page}"' in client.get(detail).content.decode()
    weak = client.post(page, {"password": "password1234"})
    assert "This password is too common" in weak.content.decode()
    done = client.post(page, {"password": "Harbour-violet-engine-64"})
    assert done["Location"] == detail
    person.refresh_from_db()
    assert person.must_change_password
    assert person.check_password("Harbour-violet-engine-64")
    latest = person.history.first()
    assert latest.history_change_reason == "Temporary password set by an administrator"
    assert latest.history_user == admin
    assert "Temporary: they must choose their own" in client.get(detail).content.decode()


def test_only_administrators_set_passwords(client):
    person = factories.UserFactory()
    client.force_login(factories.UserFactory(role=Role.TEAM_MANAGER))
    page = reverse("accounts:user_set_password", args=[person.pk])
    assert client.get(page).status_code == 403
    assert client.post(page, {"password": "Harbour-violet-engine-64"}).status_code == 403
    person.refresh_from_db()
    assert not person.must_change_password


def test_a_temporary_password_ends_the_persons_other_sessions(client):
    person = factories.UserFactory()
    other = client.__class__()
    other.force_login(person)
    assert other.get(HOME).status_code == 200
    services.set_temporary_password(user=person, password="Harbour-violet-engine-64")
    assert other.get(HOME)["Location"].startswith(reverse("accounts:login"))
