"""Limits on how often one client may send the public forms: sign-in, password reset, the online
request for an assessment and the phase transfer preference form.

    @rate_limit("online_request")            # every POST from one address counts
    def question(request, slug): ...

    rate_limit("sign_in", count=failed)(LoginView.as_view(...))   # only failed sign-ins count

A rate is ``"<count>/<period>"``, as in ``"30/10m"``: 30 in each fixed window of 10 minutes
(``s``, ``m``, ``h`` or ``d``; ``"off"`` turns a limit off). Each scope's rate is a setting
(``OPENEHCP_RATE_LIMITS``, from ``OPENEHCP_RATE_LIMIT_<SCOPE>``), read on every request. Only
POSTs are limited; a page that is only read never is. Over the limit, the person gets the 429
page saying how many minutes to wait, and the view does not run.

Counters are rows in the database (``RateLimitCounter``), so every gunicorn worker and every
server counts together, with no cache server to run. They hold an HMAC of the address, not the
address; ``openehcp housekeeping`` removes them once their window has ended.

The client's address is ``REMOTE_ADDR`` unless ``OPENEHCP_TRUSTED_PROXIES`` says how many proxies
in front of the service add to ``X-Forwarded-For``: then it is the address the outermost of them
saw. The same address goes into the access log and django-axes (``AXES_CLIENT_IP_CALLABLE``).
"""

from __future__ import annotations

import functools
import ipaddress
import math
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core import checks
from django.db import IntegrityError, transaction
from django.db.models import F
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.crypto import salted_hmac

from .models import RateLimitCounter

_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> Rate | None:
        """``"30/10m"`` → 30 in 10 minutes; ``"off"`` (or empty) → ``None``, no limit."""
        if not text or text.strip().lower() == "off":
            return None
        match = _RATE.match(text)
        if not match or int(match[1]) < 1:
            raise ValueError(f"A rate is like 30/10m (30 in 10 minutes), not {text!r}")
        return cls(int(match[1]), int(match[2] or 1) * _UNIT_SECONDS[match[3]])


def rate_for(scope: str) -> Rate | None:
    return Rate.parse(settings.OPENEHCP_RATE_LIMITS[scope])


def check_rates(**kwargs) -> list[checks.CheckMessage]:
    """A mistyped rate stops every command with a plain message, not each form with a 500."""
    problems = []
    for scope, text in settings.OPENEHCP_RATE_LIMITS.items():
        try:
            Rate.parse(text)
        except ValueError as error:
            problems.append(
                checks.Error(f"OPENEHCP_RATE_LIMIT_{scope.upper()}: {error}", id="accounts.E001")
            )
    return problems


def client_ip(request) -> str | None:
    """The address the request came from; behind ``OPENEHCP_TRUSTED_PROXIES`` proxies, the
    address the outermost one saw (each proxy adds the address it saw to the right of
    ``X-Forwarded-For``; whatever the client sent itself is further left and is not believed)."""
    remote = request.META.get("REMOTE_ADDR")
    proxies = settings.OPENEHCP_TRUSTED_PROXIES
    if proxies < 1:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-proxies]))
    except ValueError:
        return remote


def _window(rate: Rate, now: datetime) -> tuple[datetime, datetime]:
    start = int(now.timestamp()) // rate.seconds * rate.seconds
    begins = datetime.fromtimestamp(start, tz=UTC)
    return begins, begins + timedelta(seconds=rate.seconds)


def _digest(scope: str, key: str) -> str:
    return salted_hmac(f"openehcp.ratelimit.{scope}", key, algorithm="sha256").hexdigest()


def hits(scope: str, key: str, rate: Rate, *, now: datetime | None = None) -> int:
    """How many times ``key`` did ``scope`` in the current window, without counting one more."""
    begins, _ = _window(rate, now or timezone.now())
    counter = RateLimitCounter.objects.filter(
        scope=scope, key=_digest(scope, key), window_start=begins
    ).values_list("hits", flat=True)
    return counter.first() or 0


def hit(scope: str, key: str, rate: Rate, *, now: datetime | None = None) -> int:
    """Count one more time ``key`` did ``scope``; return the count in this window, this one
    included. The increment is done by the database, so concurrent requests are all counted."""
    begins, ends = _window(rate, now or timezone.now())
    digest = _digest(scope, key)
    counters = RateLimitCounter.objects.filter(scope=scope, key=digest, window_start=begins)
    if not counters.update(hits=F("hits") + 1):
        try:
            with transaction.atomic():
                RateLimitCounter.objects.create(
                    scope=scope, key=digest, window_start=begins, expires_at=ends, hits=1
                )
            return 1
        except IntegrityError:  # another request created it first
            counters.update(hits=F("hits") + 1)
    return counters.values_list("hits", flat=True).first() or 1


def seconds_left(rate: Rate, *, now: datetime | None = None) -> int:
    now = now or timezone.now()
    _, ends = _window(rate, now)
    return max(1, math.ceil((ends - now).total_seconds()))


def too_many_attempts(request, wait_seconds: int):
    """The 429 page: how long to wait, and nothing about what was sent."""
    minutes = max(1, math.ceil(wait_seconds / 60))
    response = render(request, "accounts/rate_limited.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(wait_seconds)
    add_never_cache_headers(response)
    return response


def every_post(response) -> bool:
    return True


def failed(response) -> bool:
    """A form sent back with errors (a success redirects)."""
    return not 300 <= response.status_code < 400


def rate_limit(scope: str, *, count=every_post):
    """Limit the POSTs one client address may send to the view, at the rate set for ``scope``.

    ``count(response)`` says whether a response counts: every POST by default, or only failed
    attempts (``count=failed``, for sign-in). Counted POSTs are refused before the view runs
    once the limit is reached."""

    def decorator(view):
        @functools.wraps(view)
        def limited(request, *args, **kwargs):
            rate = rate_for(scope)
            if rate is None or request.method in _SAFE_METHODS:
                return view(request, *args, **kwargs)
            key = client_ip(request) or "unknown"
            if count is every_post:
                if hit(scope, key, rate) > rate.count:
                    return too_many_attempts(request, seconds_left(rate))
                return view(request, *args, **kwargs)
            if hits(scope, key, rate) >= rate.count:
                return too_many_attempts(request, seconds_left(rate))
            response = view(request, *args, **kwargs)
            if count(response):
                hit(scope, key, rate)
            return response

        return limited

    return decorator
