"""Removing what the service no longer needs once it has expired: ``openehcp housekeeping``.

Each kind is one function returning how many records it removed. What has no expiry of its own is
left alone: the change history, the access log, the record of sign-ins (django-axes' access log)
and the phase transfer preference links, which stop working when the amended plan is issued or
the transfer gets a new key, and store nothing that expires.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from openehcp.accounts.models import RateLimitCounter
from openehcp.accounts.tasks import send_password_reset
from openehcp.assessments.online_request import purge_expired_drafts


def expired_sessions() -> int:
    """Sessions past their expiry (what ``clearsessions`` does for the database session store,
    counted)."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


def finished_password_reset_emails() -> int:
    """The worker's records of reset emails (each holds the address asked about, never the
    link) once the links they sent have expired."""
    cutoff = timezone.now() - timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
    finished = DBTaskResult.objects.finished().filter(
        task_path=send_password_reset.module_path, finished_at__lt=cutoff
    )
    deleted, _ = finished.delete()
    return deleted


def ended_rate_limit_windows() -> int:
    deleted, _ = RateLimitCounter.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted


def old_failed_sign_ins() -> int:
    """Counts of failed sign-ins (django-axes) older than the lockout: they lock nobody out."""
    cutoff = timezone.now() - settings.AXES_COOLOFF_TIME
    deleted, _ = AccessAttempt.objects.filter(attempt_time__lt=cutoff).delete()
    return deleted


@dataclass(frozen=True)
class Kind:
    key: str
    describe: Callable[[], str]
    remove: Callable[[], int]


KINDS: tuple[Kind, ...] = (
    Kind(
        "online_request_drafts",
        lambda: "Online request drafts past their expiry",
        purge_expired_drafts,
    ),
    Kind("sessions", lambda: "Sessions past their expiry", expired_sessions),
    Kind(
        "password_reset_emails",
        lambda: "Records of password reset emails whose links have expired",
        finished_password_reset_emails,
    ),
    Kind(
        "rate_limit_counters",
        lambda: "Rate limit counters whose time window has ended",
        ended_rate_limit_windows,
    ),
    Kind(
        "failed_sign_ins",
        lambda: (
            "Failed sign-ins older than the "
            f"{int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)}-minute lockout"
        ),
        old_failed_sign_ins,
    ),
)


def run() -> dict[str, int]:
    """Remove every kind; how many of each were removed, in ``KINDS`` order."""
    return {kind.key: kind.remove() for kind in KINDS}


def describe(key: str) -> str:
    return next(kind.describe() for kind in KINDS if kind.key == key)
