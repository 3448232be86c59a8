"""Limits on the public forms per client address: sign-in (failed attempts), the password reset
request, the online request for an assessment and the phase transfer preference form."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory
from django.urls import reverse

from openehcp.accounts import ratelimit
from openehcp.accounts.models import RateLimitCounter
from openehcp.accounts.ratelimit import Rate
from openehcp.web.tests.commandline import openehcp_env, run_openehcp, run_python
from tests import factories

pytestmark = pytest.mark.django_db

SIGN_IN = reverse("accounts:login")
RESET = reverse("accounts:password_reset")
ONLINE_FIRST_QUESTION = "/assessments/request/who/"
PREFERENCE = "/reviews/preference/1.not-a-key.0/setting/"


def from_address(ip: str) -> Client:
    return Client(REMOTE_ADDR=ip)


@pytest.fixture
def limits(settings):
    """Set some scopes' rates for a test: ``limits(sign_in="3/10m")``."""

    def set_rates(**rates):
        settings.OPENEHCP_RATE_LIMITS = {**settings.OPENEHCP_RATE_LIMITS, **rates}

    return set_rates


def assert_limited(response):
    assert response.status_code == 429
    page = response.content.decode()
    assert "There is a problem" in page
    assert re.search(r"You have tried too many times\. Wait \d+ minutes? and try again\.", page)
    assert int(response["Retry-After"]) > 0
    assert "no-cache" in response["Cache-Control"]


# --- Rates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, rate",
    [
        ("30/10m", Rate(30, 600)),
        ("5/m", Rate(5, 60)),
        ("100/1h", Rate(100, 3600)),
        (" 3 / 2d ", Rate(3, 172800)),
        ("off", None),
        ("", None),
    ],
)
def test_rates_are_a_count_per_period(text, rate):
    assert Rate.parse(text) == rate


@pytest.mark.parametrize("text", ["30", "30/10", "0/1m", "ten/1m", "5/1w"])
def test_a_mistyped_rate_is_refused(text):
    with pytest.raises(ValueError, match="like 30/10m"):
        Rate.parse(text)


def test_rates_come_from_the_environment_and_a_mistyped_one_stops_every_command(tmp_path):
    env = openehcp_env(tmp_path, mode="test", OPENEHCP_RATE_LIMIT_SIGN_IN="7/1h")
    shown = run_python(
        "from django.conf import settings; print(settings.OPENEHCP_RATE_LIMITS['sign_in'])",
        env=env,
    )
    assert shown.stdout.strip() == "7/1h", shown.stderr
    checked = run_openehcp("check", env={**env, "OPENEHCP_RATE_LIMIT_SIGN_IN": "seven"})
    assert checked.returncode != 0
    assert "OPENEHCP_RATE_LIMIT_SIGN_IN: A rate is like 30/10m" in checked.stderr


def test_counts_are_per_window_and_kept_as_an_hmac_not_the_address():
    rate = Rate(2, 600)
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    assert [ratelimit.hit("test", "203.0.113.9", rate, now=start) for _ in range(3)] == [1, 2, 3]
    assert ratelimit.hits("test", "203.0.113.9", rate, now=start + timedelta(minutes=9)) == 3
    assert ratelimit.hit("test", "203.0.113.9", rate, now=start + timedelta(minutes=10)) == 1
    assert ratelimit.hits("test", "198.51.100.1", rate, now=start) == 0
    keys = set(RateLimitCounter.objects.values_list("key", flat=True))
    assert len(keys) == 1 and "203.0.113.9" not in next(iter(keys))
    assert RateLimitCounter.objects.filter(expires_at=start + timedelta(minutes=10)).exists()


# --- The client's address ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "proxies, forwarded, expected",
    [
        (0, "198.51.100.7", "10.0.0.2"),  # not behind a proxy: the header is anyone's to send
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "203.0.113.66, 198.51.100.7", "198.51.100.7"),  # the client's own claim is ignored
        (2, "203.0.113.66, 198.51.100.7, 10.0.0.9", "198.51.100.7"),
        (2, "198.51.100.7", "10.0.0.2"),  # fewer addresses than proxies: not believed
        (1, "not-an-address", "10.0.0.2"),
        (1, "", "10.0.0.2"),
    ],
)
def test_the_client_address_believes_x_forwarded_for_only_behind_proxies(
    settings, proxies, forwarded, expected
):
    settings.OPENEHCP_TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert ratelimit.client_ip(request) == expected


def test_lockout_records_keep_the_same_address(settings):
    settings.OPENEHCP_TRUSTED_PROXIES = 1
    user = factories.UserFactory()
    Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7").post(
        SIGN_IN, {"username": user.username, "password": "wrong"}
    )
    assert AccessAttempt.objects.get(username=user.username).ip_address == "198.51.100.7"


# --- Sign-in ----------------------------------------------------------------------------------


def test_failed_sign_ins_from_one_address_are_limited(limits):
    limits(sign_in="3/10m")
    users = [factories.UserFactory() for _ in range(4)]
    attacker = from_address("203.0.113.5")
    for user in users[:3]:  # a different username each time: axes alone would not stop this
        assert (
            attacker.post(SIGN_IN, {"username": user.username, "password": "x"}).status_code == 200
        )
    limited = attacker.post(SIGN_IN, {"username": users[3].username, "password": "x"})
    assert_limited(limited)
    assert users[3].username not in limited.content.decode()
    # Even the right password is not tried while the address is limited.
    right = attacker.post(SIGN_IN, {"username": users[3].username, "password": factories.PASSWORD})
    assert right.status_code == 429
    # Another address is not limited, and reading the page never is.
    elsewhere = from_address("198.51.100.20")
    signed_in = elsewhere.post(
        SIGN_IN, {"username": users[3].username, "password": factories.PASSWORD}
    )
    assert signed_in.status_code == 302
    assert attacker.get(SIGN_IN).status_code == 200


def test_successful_sign_ins_do_not_count(limits):
    limits(sign_in="2/10m")
    user = factories.UserFactory()
    office = from_address("203.0.113.5")
    for _ in range(4):
        response = office.post(SIGN_IN, {"username": user.username, "password": factories.PASSWORD})
        assert response.status_code == 302
        office.post(reverse("accounts:logout"))


# --- The public forms -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "scope, url, data",
    [
        ("password_reset", RESET, {"email": "someone@council.example"}),
        ("online_request", ONLINE_FIRST_QUESTION, {}),
        ("preference", PREFERENCE, {"q": "Larkspur"}),
    ],
)
def test_the_n_plus_first_post_from_one_address_is_refused(limits, scope, url, data):
    limits(**{scope: "3/15m"})
    client = from_address("203.0.113.5")
    for _ in range(3):
        assert client.post(url, data).status_code != 429
    assert_limited(client.post(url, data))
    assert client.get(url).status_code != 429
    assert from_address("198.51.100.20").post(url, data).status_code != 429


def test_a_limit_can_be_turned_off(limits):
    limits(online_request="off")
    client = from_address("203.0.113.5")
    for _ in range(10):
        assert client.post(ONLINE_FIRST_QUESTION, {}).status_code == 200


def test_the_limited_page_is_a_govuk_page_that_keeps_nothing_that_was_sent(limits):
    limits(online_request="1/1h")
    client = from_address("203.0.113.5")
    client.post(ONLINE_FIRST_QUESTION, {"source": "parent"})
    limited = client.post(ONLINE_FIRST_QUESTION, {"source": "parent", "name": "Zebedee"})
    assert_limited(limited)
    page = limited.content.decode()
    assert "<title>There is a problem" in page
    assert 'class="govuk-heading-l">There is a problem</h1>' in page
    assert "Zebedee" not in page
