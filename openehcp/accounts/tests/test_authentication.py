"""Signing in: strong passwords, lockout after repeated failures, expiry after inactivity, and
changing a password."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests import factories

pytestmark = pytest.mark.django_db

SIGN_IN = reverse("accounts:login")


def sign_in(client, username, password):
    return client.post(SIGN_IN, {"username": username, "password": password})


# --- Password rules ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "password, reason",
    [
        ("Short-pw-1", "too short"),
        ("password1234", "too common"),
        ("839201746351", "entirely numeric"),
        ("samofficer-example", "too similar"),
    ],
)
def test_weak_passwords_are_refused(password, reason):
    user = factories.UserFactory.build(
        username="samofficer-example", first_name="Sam", email="samofficer-example@council.example"
    )
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user)
    assert reason in " ".join(refused.value.messages)


def test_a_long_uncommon_password_is_accepted():
    user = factories.UserFactory.build(username="sam")
    validate_password("Marmalade-orbit-candle-77", user)


# --- Signing in and lockout -------------------------------------------------------------------


def test_sign_in_page_uses_govuk_error_summary_on_a_wrong_password(client):
    user = factories.UserFactory()
    response = sign_in(client, user.username, "not-the-password")
    assert response.status_code == 200
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert "Error: " in body.split("</title>")[0]
    assert SESSION_KEY not in client.session


def test_correct_password_signs_in(client):
    user = factories.UserFactory()
    response = sign_in(client, user.username, factories.PASSWORD)
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(user.pk)


def test_deactivated_account_cannot_sign_in(client):
    user = factories.UserFactory(is_active=False)
    assert sign_in(client, user.username, factories.PASSWORD).status_code == 200
    assert SESSION_KEY not in client.session


def test_sixth_attempt_after_five_failures_is_refused_with_the_lockout_page(client):
    assert settings.AXES_FAILURE_LIMIT == 5
    user = factories.UserFactory()
    for attempt in range(1, 5):
        assert sign_in(client, user.username, f"wrong-{attempt}").status_code == 200
    fifth = sign_in(client, user.username, "wrong-5")
    assert fifth.status_code == 429  # the fifth failure locks the account
    sixth = sign_in(client, user.username, factories.PASSWORD)
    assert sixth.status_code == 429
    body = sixth.content.decode()
    assert "Your account is locked" in body
    assert "try again in 30 minutes" in body
    assert SESSION_KEY not in client.session


def test_lockout_is_per_account_not_for_everyone(client):
    locked = factories.UserFactory()
    other = factories.UserFactory()
    for attempt in range(5):
        sign_in(client, locked.username, f"wrong-{attempt}")
    assert sign_in(client, other.username, factories.PASSWORD).status_code == 302


def test_lockout_ends_after_the_cool_off(client):
    user = factories.UserFactory()
    for attempt in range(5):
        sign_in(client, user.username, f"wrong-{attempt}")
    assert sign_in(client, user.username, factories.PASSWORD).status_code == 429
    # Thirty-one minutes pass.
    past = timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(minutes=1)
    AccessAttempt.objects.filter(username=user.username).update(attempt_time=past)
    for attempt in AccessAttempt.objects.filter(username=user.username):
        expiration = getattr(attempt, "expiration", None)
        if expiration is not None:
            expiration.expires_at = past
            expiration.save()
    response = sign_in(client, user.username, factories.PASSWORD)
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(user.pk)


def test_lockout_still_holds_before_the_cool_off_ends(client):
    user = factories.UserFactory()
    for attempt in range(5):
        sign_in(client, user.username, f"wrong-{attempt}")
    almost = timezone.now() - settings.AXES_COOLOFF_TIME + timedelta(minutes=1)
    AccessAttempt.objects.filter(username=user.username).update(attempt_time=almost)
    assert sign_in(client, user.username, factories.PASSWORD).status_code == 429


# --- Session expiry after inactivity ----------------------------------------------------------


def test_session_expires_after_thirty_minutes_without_activity(client):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    user = factories.UserFactory()
    sign_in(client, user.username, factories.PASSWORD)
    assert client.get(reverse("accounts:password_change")).status_code == 200
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(SIGN_IN)


def test_each_request_pushes_the_expiry_forward(client):
    user = factories.UserFactory()
    sign_in(client, user.username, factories.PASSWORD)
    key = client.session.session_key
    soon = timezone.now() + timedelta(minutes=2)
    Session.objects.filter(session_key=key).update(expire_date=soon)
    assert client.get(reverse("accounts:password_change")).status_code == 200
    renewed = Session.objects.get(session_key=key).expire_date
    assert renewed > timezone.now() + timedelta(minutes=29)


def test_session_cookie_ends_with_the_browser(client):
    user = factories.UserFactory()
    response = sign_in(client, user.username, factories.PASSWORD)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == ""
    assert cookie["httponly"]


# --- Changing a password ----------------------------------------------------------------------

PASSWORD_PAGE = reverse("accounts:password_change")


def test_person_changes_their_password_and_stays_signed_in(client):
    user = factories.UserFactory()
    client.force_login(user)
    response = client.post(
        PASSWORD_PAGE,
        {
            "old_password": factories.PASSWORD,
            "new_password1": "Lantern-meadow-quartz-19",
            "new_password2": "Lantern-meadow-quartz-19",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Lantern-meadow-quartz-19")
    assert client.get(PASSWORD_PAGE).status_code == 200  # still signed in


def test_password_change_refuses_a_weak_password_with_govuk_errors(client):
    user = factories.UserFactory()
    client.force_login(user)
    response = client.post(
        PASSWORD_PAGE,
        {
            "old_password": factories.PASSWORD,
            "new_password1": "short",
            "new_password2": "short",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.startswith("<!DOCTYPE html>") or "<title>" in body
    assert "Error: " in body.split("</title>")[0]
    assert 'href="#id_new_password2"' in body or 'href="#id_new_password1"' in body
    assert "govuk-form-group--error" in body
    user.refresh_from_db()
    assert user.check_password(factories.PASSWORD)


def test_password_change_needs_the_current_password(client):
    user = factories.UserFactory()
    client.force_login(user)
    response = client.post(
        PASSWORD_PAGE,
        {
            "old_password": "not-my-password",
            "new_password1": "Lantern-meadow-quartz-19",
            "new_password2": "Lantern-meadow-quartz-19",
        },
    )
    assert response.status_code == 200
    assert 'href="#id_old_password"' in response.content.decode()


def test_password_change_needs_signing_in(client):
    response = client.get(PASSWORD_PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith(SIGN_IN)


def test_your_account_page_links_to_password_and_two_factor(client):
    user = factories.UserFactory(first_name="Sam", last_name="Officer")
    client.force_login(user)
    body = client.get(reverse("accounts:account")).content.decode()
    assert "Sam Officer" in body
    assert reverse("accounts:password_change") in body
    assert reverse("accounts:two_factor_setup") in body
