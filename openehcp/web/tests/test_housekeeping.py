"""``openehcp housekeeping``: what has expired goes, what has not stays, one line per kind."""

import io
import json
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from openehcp.accounts.models import RateLimitCounter
from openehcp.accounts.tasks import send_password_reset
from openehcp.assessments.models import OnlineRequestDraft
from openehcp.web import housekeeping
from openehcp.web.management.commands import housekeeping as command

pytestmark = pytest.mark.django_db

KINDS = [
    "online_request_drafts",
    "sessions",
    "password_reset_emails",
    "rate_limit_counters",
    "failed_sign_ins",
]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def draft(*, expires_in: timedelta, with_file: bool = False) -> OnlineRequestDraft:
    made = OnlineRequestDraft.objects.create(
        token_hash=f"{id(expires_in)}{timezone.now().timestamp()}"[:64],
        expires_at=timezone.now() + expires_in,
    )
    if with_file:
        made.uploads.create(
            file=ContentFile(b"%PDF-1.4", name="letter.pdf"),
            original_name="letter.pdf",
            content_type="application/pdf",
            size=8,
        )
    return made


def session(*, expires_in: timedelta) -> str:
    store = SessionStore()
    store["x"] = 1
    store.create()
    Session.objects.filter(pk=store.session_key).update(expire_date=timezone.now() + expires_in)
    return store.session_key


def task_result(*, finished_ago: timedelta, path: str, status: str = "SUCCESSFUL"):
    now = timezone.now()
    return DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [], "kwargs": {"email": "someone@council.example"}},
        task_path=path,
        backend_name="default",
        run_after=now,
        started_at=now - finished_ago,
        finished_at=now - finished_ago,
    )


def counter(*, expires_in: timedelta, key: str) -> RateLimitCounter:
    now = timezone.now()
    return RateLimitCounter.objects.create(
        scope="sign_in",
        key=key,
        window_start=now - timedelta(minutes=10),
        expires_at=now + expires_in,
        hits=3,
    )


def attempt(*, ago: timedelta, username: str) -> AccessAttempt:
    made = AccessAttempt.objects.create(
        username=username,
        ip_address="203.0.113.5",
        user_agent="test",
        failures_since_start=5,
        get_data="",
        post_data="",
        http_accept="",
        path_info="/account/sign-in",
    )
    AccessAttempt.objects.filter(pk=made.pk).update(attempt_time=timezone.now() - ago)
    return made


@pytest.fixture
def some_of_each(settings):
    """Two expired records of every kind and one that has not expired."""
    hour, day = timedelta(hours=1), timedelta(days=1)
    kept = {
        "draft": draft(expires_in=day),
        "session": session(expires_in=hour),
        "task": task_result(
            finished_ago=timedelta(minutes=5), path=send_password_reset.module_path
        ),
        "other task": task_result(
            finished_ago=30 * day, path="openehcp.casefiles.tasks.run_import"
        ),
        "counter": counter(expires_in=hour, key="b" * 64),
        "attempt": attempt(ago=timedelta(minutes=5), username="recent"),
    }
    for n in range(2):
        draft(expires_in=-day, with_file=n == 0)
        session(expires_in=-hour)
        task_result(finished_ago=3 * hour, path=send_password_reset.module_path)
        counter(expires_in=-hour, key=f"{n}" * 64)
        attempt(ago=settings.AXES_COOLOFF_TIME + hour, username=f"old{n}")
    return kept


def test_expired_records_of_every_kind_go_and_the_rest_stay(some_of_each, tmp_path):
    assert len(list(tmp_path.rglob("*.pdf"))) == 1
    assert housekeeping.run() == dict.fromkeys(KINDS, 2)
    assert list(OnlineRequestDraft.objects.all()) == [some_of_each["draft"]]
    assert list(tmp_path.rglob("*.pdf")) == []  # the expired draft's upload went with it
    assert list(Session.objects.values_list("pk", flat=True)) == [some_of_each["session"]]
    assert set(DBTaskResult.objects.all()) == {some_of_each["task"], some_of_each["other task"]}
    assert list(RateLimitCounter.objects.all()) == [some_of_each["counter"]]
    assert list(AccessAttempt.objects.all()) == [some_of_each["attempt"]]
    assert housekeeping.run() == dict.fromkeys(KINDS, 0)


def test_the_command_prints_one_line_per_kind(some_of_each, settings):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=30)
    out = io.StringIO()
    call_command("housekeeping", stdout=out)
    assert out.getvalue().splitlines() == [
        "Online request drafts past their expiry: 2 removed",
        "Sessions past their expiry: 2 removed",
        "Records of password reset emails whose links have expired: 2 removed",
        "Rate limit counters whose time window has ended: 2 removed",
        "Failed sign-ins older than the 30-minute lockout: 2 removed",
    ]


def test_the_command_prints_json(some_of_each):
    out = io.StringIO()
    call_command("housekeeping", "--json", stdout=out)
    assert json.loads(out.getvalue()) == dict.fromkeys(KINDS, 2)


def test_daily_runs_a_minute_after_starting_then_every_day(some_of_each, monkeypatch):
    slept = []
    out = io.StringIO()
    runner = command.Command(stdout=out)
    runner.run_daily(as_json=True, sleep=slept.append, rounds=2)
    assert slept == [60, 24 * 60 * 60]
    first, second = (json.loads(line) for line in out.getvalue().splitlines())
    assert first == dict.fromkeys(KINDS, 2)
    assert second == dict.fromkeys(KINDS, 0)


def test_a_failed_daily_run_is_logged_and_the_next_one_still_happens(monkeypatch, caplog):
    calls = []

    def flaky():
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("database away")
        return {"sessions": 0}

    monkeypatch.setattr(housekeeping, "run", flaky)
    out = io.StringIO()
    command.Command(stdout=out).run_daily(as_json=True, sleep=lambda seconds: None, rounds=2)
    assert len(calls) == 2
    assert "Housekeeping failed" in caplog.text
    assert out.getvalue().strip() == '{"sessions": 0}'
