"""Password reset by email: the same answer whatever the address, a link that works once and for
a limited time, the password rules, no way round two-factor authentication, and the history."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice

from openehcp.accounts.models import Role
from openehcp.web.tests.commandline import openehcp_env, run_python
from tests import factories

pytestmark = pytest.mark.django_db

RESET = reverse("accounts:password_reset")
SENT = reverse("accounts:password_reset_sent")
COMPLETE = reverse("accounts:password_reset_complete")
NEW_PASSWORD = "Quarry-lantern-meadow-93"


def ask_for_link(client, email):
    return client.post(RESET, {"email": email})


def emailed_link(message) -> str:
    return re.search(r"http://testserver(/account/password-reset/\S+)", message.body)[1]


def open_link(client, link) -> str:
    """Follow the emailed link: it keeps the token in the session and redirects to the form at
    an address without it (so the token does not leak in a Referer header)."""
    opened = client.get(link)
    assert opened.status_code == 302
    assert opened["Location"].endswith("/set-password")
    return opened["Location"]


def choose_password(client, link, password=NEW_PASSWORD):
    form = open_link(client, link)
    return client.post(form, {"new_password1": password, "new_password2": password})


def test_the_sign_in_page_links_to_the_reset_page(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert f'href="{RESET}">Forgotten your password?</a>' in page
    assert client.get(RESET).status_code == 200


def test_a_known_address_gets_a_link_and_the_same_page_as_an_unknown_one(client, mailoutbox):
    user = factories.UserFactory(email="sam.officer@council.example")
    known = ask_for_link(client, "Sam.Officer@council.example")
    unknown = ask_for_link(client, "nobody@council.example")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == SENT
    assert [message.to for message in mailoutbox] == [[user.email]]
    message = mailoutbox[0]
    assert message.subject == "Reset your OpenEHCP password"
    assert user.username in message.body
    assert "works once, for 2 hours" in message.body
    sent = client.get(SENT).content.decode()
    assert "If the address you entered belongs to an account" in sent


def test_a_deactivated_account_gets_no_email(client, mailoutbox):
    factories.UserFactory(email="gone@council.example", is_active=False)
    assert ask_for_link(client, "gone@council.example")["Location"] == SENT
    assert mailoutbox == []


def test_the_email_address_is_checked_with_govuk_messages(client, mailoutbox):
    for sent, message in [
        ("", "Enter your email address"),
        ("not-an-address", "Enter an email address in the correct format"),
    ]:
        page = ask_for_link(client, sent)
        assert page.status_code == 200
        assert message in page.content.decode()
        assert 'class="govuk-error-summary"' in page.content.decode()
    assert mailoutbox == []


def test_the_link_sets_a_new_password_once_and_the_history_says_so(client, mailoutbox):
    user = factories.UserFactory()
    ask_for_link(client, user.email)
    link = emailed_link(mailoutbox[0])
    done = choose_password(client, link)
    assert done["Location"] == COMPLETE
    assert "Password changed" in client.get(COMPLETE).content.decode()
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    latest = user.history.first()
    assert latest.history_change_reason == "Password reset with an emailed link"
    assert latest.history_user == user
    # The person is not signed in by the link: they sign in with the new password.
    assert "_auth_user_id" not in client.session
    # Used once, the link no longer works.
    again = client.get(link, follow=True)
    assert "This link does not work" in again.content.decode()


def test_a_link_older_than_the_timeout_does_not_work(client, mailoutbox, settings, monkeypatch):
    user = factories.UserFactory()
    ask_for_link(client, user.email)
    link = emailed_link(mailoutbox[0])
    later = timezone.now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 1)
    monkeypatch.setattr(default_token_generator, "_now", lambda: later.replace(tzinfo=None))
    page = client.get(link, follow=True).content.decode()
    assert "This link does not work" in page
    assert f'href="{RESET}">Ask for a new link' in page


def test_a_link_for_an_account_deactivated_since_does_not_work(client):
    user = factories.UserFactory()
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = reverse("accounts:password_reset_confirm", args=[uid, token])
    user.is_active = False
    user.save()
    assert "This link does not work" in client.get(link, follow=True).content.decode()


def test_the_password_rules_apply(client, mailoutbox):
    user = factories.UserFactory()
    ask_for_link(client, user.email)
    form = open_link(client, emailed_link(mailoutbox[0]))
    common = client.post(form, {"new_password1": "password1234", "new_password2": "password1234"})
    assert common.status_code == 200
    assert "This password is too common" in common.content.decode()
    mismatch = client.post(
        form, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"}
    )
    assert "The passwords do not match" in mismatch.content.decode()
    empty = client.post(form, {"new_password1": "", "new_password2": ""}).content.decode()
    assert "Enter a new password" in empty
    user.refresh_from_db()
    assert user.check_password(factories.PASSWORD)


def test_a_reset_clears_a_lockout_but_asking_for_a_link_does_not(client, mailoutbox):
    user = factories.UserFactory()
    for _attempt in range(5):
        client.post(reverse("accounts:login"), {"username": user.username, "password": "x"})
    assert AccessAttempt.objects.filter(username=user.username).exists()
    ask_for_link(client, user.email)
    assert AccessAttempt.objects.filter(username=user.username).exists()
    choose_password(client, emailed_link(mailoutbox[0]))
    assert not AccessAttempt.objects.filter(username=user.username).exists()
    signed_in = client.post(
        reverse("accounts:login"), {"username": user.username, "password": NEW_PASSWORD}
    )
    assert signed_in.status_code == 302


def test_staff_still_enter_their_code_after_a_reset(client, mailoutbox, settings):
    settings.OPENEHCP_REQUIRE_STAFF_2FA = True
    user = factories.UserFactory(role=Role.CASEWORKER)
    TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    ask_for_link(client, user.email)
    choose_password(client, emailed_link(mailoutbox[0]))
    client.post(reverse("accounts:login"), {"username": user.username, "password": NEW_PASSWORD})
    held = client.get(reverse("web:home"))
    assert held["Location"].startswith(reverse("accounts:two_factor_verify"))


def test_a_reset_clears_a_temporary_password(client, mailoutbox):
    user = factories.UserFactory(must_change_password=True)
    ask_for_link(client, user.email)
    choose_password(client, emailed_link(mailoutbox[0]))
    user.refresh_from_db()
    assert not user.must_change_password


def test_one_address_gets_at_most_three_emails_an_hour(client, mailoutbox, settings):
    settings.OPENEHCP_RATE_LIMITS = {**settings.OPENEHCP_RATE_LIMITS, "password_reset": "off"}
    user = factories.UserFactory()
    for _attempt in range(5):
        assert ask_for_link(client, user.email)["Location"] == SENT
    assert len(mailoutbox) == 3


def test_the_reset_pages_are_reachable_signed_out_and_say_how_long_a_link_works(client, settings):
    settings.PASSWORD_RESET_TIMEOUT = 45 * 60
    assert client.get(RESET).status_code == 200
    assert "for 45 minutes" in client.get(SENT).content.decode()
    assert client.get(COMPLETE).status_code == 200


def test_the_reset_timeout_comes_from_the_environment(tmp_path):
    result = run_python(
        "from django.conf import settings; print(settings.PASSWORD_RESET_TIMEOUT)",
        env=openehcp_env(tmp_path, mode="test", PASSWORD_RESET_MINUTES="30"),
    )
    assert result.stdout.strip() == "1800", result.stderr
