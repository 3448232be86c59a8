"""TOTP two-factor authentication for council staff: setting up an app, entering a code at each
sign-in, and the middleware that holds staff at those pages until they have."""

import base64
import re
from urllib.parse import unquote

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from openehcp.accounts.models import Role
from tests import factories

pytestmark = pytest.mark.django_db

SET_UP = reverse("accounts:two_factor_setup")
VERIFY = reverse("accounts:two_factor_verify")
PROTECTED = reverse("accounts:password_change")


def code_for(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def confirmed_device(user):
    return TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)


@pytest.fixture
def require_2fa(settings):
    settings.OPENEHCP_REQUIRE_STAFF_2FA = True


# --- Setting up an authenticator app ----------------------------------------------------------


def test_set_up_page_shows_a_qr_code_and_the_key_to_type(client):
    user = factories.UserFactory()
    client.force_login(user)
    response = client.get(SET_UP)
    assert response.status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    body = response.content.decode()
    qr = re.search(r'<img src="(data:image/svg\+xml[^"]+)" alt="QR code', body)
    assert qr, "the QR code is an inline SVG data URI in an <img>"
    assert unquote(qr.group(1)).startswith("data:image/svg+xml")
    secret = base64.b32encode(device.bin_key).decode()
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in body
    assert "<script>" not in body and "style=" not in body


def test_reloading_the_set_up_page_keeps_the_same_key(client):
    user = factories.UserFactory()
    client.force_login(user)
    client.get(SET_UP)
    client.get(SET_UP)
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_a_correct_code_confirms_the_app_and_verifies_the_session(client, require_2fa):
    user = factories.UserFactory()
    client.force_login(user)
    client.get(SET_UP)
    device = TOTPDevice.objects.get(user=user)
    response = client.post(SET_UP, {"code": code_for(device), "next": PROTECTED})
    assert response.status_code == 302
    assert response["Location"] == PROTECTED
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(PROTECTED).status_code == 200


def test_a_wrong_code_is_refused_with_a_govuk_error(client):
    user = factories.UserFactory()
    client.force_login(user)
    client.get(SET_UP)
    device = TOTPDevice.objects.get(user=user)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = client.post(SET_UP, {"code": wrong})
    assert response.status_code == 200
    body = response.content.decode()
    assert "The code is not correct" in body
    assert 'href="#id_code"' in body
    assert "govuk-input--error" in body
    device.refresh_from_db()
    assert not device.confirmed


@pytest.mark.parametrize(
    "code, message",
    [("", "Enter the 6-digit code"), ("12ab56", "Enter the code as 6 digits")],
)
def test_code_must_be_six_digits(client, code, message):
    client.force_login(factories.UserFactory())
    client.get(SET_UP)
    assert message in client.post(SET_UP, {"code": code}).content.decode()


def test_someone_with_an_app_already_is_sent_to_enter_a_code(client):
    user = factories.UserFactory()
    confirmed_device(user)
    client.force_login(user)
    response = client.get(SET_UP)
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)


# --- Entering a code at sign-in ---------------------------------------------------------------


def test_verify_accepts_the_current_code(client, require_2fa):
    user = factories.UserFactory()
    device = confirmed_device(user)
    client.force_login(user)
    response = client.post(VERIFY, {"code": code_for(device), "next": PROTECTED})
    assert response["Location"] == PROTECTED
    assert client.get(PROTECTED).status_code == 200


def test_verify_refuses_a_used_code_a_second_time(client, require_2fa):
    user = factories.UserFactory()
    device = confirmed_device(user)
    code = code_for(device)
    client.force_login(user)
    client.post(VERIFY, {"code": code})
    client.logout()
    client.force_login(user)
    response = client.post(VERIFY, {"code": code})
    assert response.status_code == 200
    assert client.get(PROTECTED).status_code == 302


def test_verify_slows_down_repeated_wrong_codes(client):
    user = factories.UserFactory()
    device = confirmed_device(user)
    client.force_login(user)
    wrong = f"{(int(code_for(device)) + 7) % 1_000_000:06d}"
    client.post(VERIFY, {"code": wrong})
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    # After five wrong codes django-otp makes the person wait 16 seconds.
    device.throttling_failure_count = 5
    device.throttling_failure_timestamp = timezone.now()
    device.save()
    response = client.post(VERIFY, {"code": code_for(device)})
    assert "wrong code too many times" in response.content.decode()
    assert DEVICE_ID_SESSION_KEY not in client.session


def test_verify_without_an_app_sends_to_set_up(client):
    client.force_login(factories.UserFactory())
    response = client.get(VERIFY)
    assert response["Location"].startswith(SET_UP)


def test_verify_ignores_a_next_address_on_another_site(client):
    user = factories.UserFactory()
    device = confirmed_device(user)
    client.force_login(user)
    response = client.post(VERIFY, {"code": code_for(device), "next": "https://evil.example/"})
    assert response["Location"] == reverse("web:home")


# --- The middleware ---------------------------------------------------------------------------

STAFF = [
    role
    for role, _ in Role.choices
    if role
    in {
        Role.CASEWORKER,
        Role.TEAM_MANAGER,
        Role.SERVICE_LEADER,
        Role.QA_OFFICER,
        Role.PANEL_MEMBER,
        Role.ADMINISTRATOR,
    }
]
OUTSIDERS = [Role.PARENT, Role.YOUNG_PERSON, Role.PROFESSIONAL, Role.SETTING_STAFF]


@pytest.mark.parametrize("role", STAFF)
def test_staff_without_an_app_are_sent_to_set_one_up(client, require_2fa, role):
    client.force_login(factories.UserFactory(role=role))
    response = client.get(PROTECTED + "?tab=1")
    assert response.status_code == 302
    assert response["Location"] == f"{SET_UP}?next=%2Faccount%2Fpassword%3Ftab%3D1"


def test_staff_with_an_app_are_asked_for_a_code_before_any_page(client, require_2fa):
    user = factories.UserFactory()
    confirmed_device(user)
    client.force_login(user)
    response = client.get(reverse("web:home"))
    assert response["Location"] == f"{VERIFY}?next=%2F"


@pytest.mark.parametrize("role", OUTSIDERS)
def test_people_outside_the_council_are_not_asked(client, require_2fa, role):
    client.force_login(factories.UserFactory(role=role))
    assert client.get(PROTECTED).status_code == 200


def test_nothing_is_asked_when_the_setting_is_off(client, settings):
    settings.OPENEHCP_REQUIRE_STAFF_2FA = False
    client.force_login(factories.UserFactory())
    assert client.get(PROTECTED).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        reverse("web:healthz"),
        reverse("web:accessibility"),
        reverse("web:privacy"),
        reverse("localoffer:directory"),
        reverse("localoffer:comments"),
        reverse("oruk:services"),
        SET_UP,
        "/static/dist/openehcp.css",
        "/no-such-page",
    ],
)
def test_open_pages_stay_open_before_the_code(client, require_2fa, path):
    client.force_login(factories.UserFactory())
    response = client.get(path)
    assert not (response.status_code == 302 and response["Location"].startswith(SET_UP))


def test_local_offer_editing_still_asks_for_the_code(client, require_2fa):
    client.force_login(factories.UserFactory())
    response = client.get(reverse("localoffer:manage"))
    assert response.status_code == 302 and response["Location"].startswith(SET_UP)


def test_staff_can_sign_out_before_entering_a_code(client, require_2fa):
    client.force_login(factories.UserFactory())
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session


def test_sign_in_then_code_then_the_page_asked_for(client, require_2fa):
    user = factories.UserFactory()
    device = confirmed_device(user)
    signed_in = client.post(
        reverse("accounts:login") + f"?next={PROTECTED}",
        {"username": user.username, "password": factories.PASSWORD, "next": PROTECTED},
    )
    assert signed_in["Location"] == PROTECTED
    held = client.get(PROTECTED)
    assert held["Location"] == f"{VERIFY}?next=%2Faccount%2Fpassword"
    verified = client.post(VERIFY, {"code": code_for(device), "next": PROTECTED})
    assert verified["Location"] == PROTECTED
    assert client.get(PROTECTED).status_code == 200
