"""``openehcp serve``: gunicorn with whitenoise, configured by options or the environment."""

import io
import signal
import socket
import sqlite3
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from openehcp.web.management.commands import serve
from openehcp.web.tests.commandline import openehcp_command, openehcp_env, run_openehcp


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


def wait_until_up(process: subprocess.Popen, url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"serve exited early:\n{process.stdout.read()}")
        try:
            get(url)
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"serve did not answer {url} within {timeout} s")


def processes_using(database: Path) -> dict[int, str]:
    """The command lines of the processes whose DATABASE_URL is this database (Linux /proc)."""
    marker = f"DATABASE_URL=sqlite:///{database}".encode()
    found = {}
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if marker in environ.read_bytes().split(b"\0"):
                cmdline = (environ.parent / "cmdline").read_bytes()
                found[int(environ.parent.name)] = cmdline.replace(b"\0", b" ").decode()
        except OSError:
            continue
    return found


def parent_of(pid: int) -> int | None:
    """The parent process id from /proc/PID/stat (the field after the parenthesised name)."""
    try:
        stat = (Path("/proc") / str(pid) / "stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])


def test_every_command_uses_the_database_in_database_url(tmp_path):
    database = tmp_path / "elsewhere.sqlite3"
    env = openehcp_env(tmp_path, mode="test", database=database)
    migrated = run_openehcp("migrate", "contenttypes", "--no-input", env=env)
    assert migrated.returncode == 0, migrated.stderr
    with sqlite3.connect(database) as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    assert "django_content_type" in tables
    shown = run_openehcp("showmigrations", "contenttypes", env=env)
    assert "[X] 0001_initial" in shown.stdout
    assert not (tmp_path / "var" / "openehcp.sqlite3").exists()


@pytest.fixture
def demo_database(tmp_path) -> Path:
    """A demo database with only the background-task tables: all the worker needs."""
    database = tmp_path / "demo.sqlite3"
    migrated = run_openehcp(
        "migrate",
        "django_tasks_database",
        "--no-input",
        env=openehcp_env(tmp_path, mode="demo", database=database),
    )
    assert migrated.returncode == 0, migrated.stderr
    return database


def test_serve_runs_gunicorn_with_static_files_and_a_task_worker(tmp_path, demo_database):
    port = free_port()
    env = openehcp_env(
        tmp_path, mode="demo", database=demo_database, OPENEHCP_BIND=f"127.0.0.1:{port}"
    )
    process = subprocess.Popen(
        openehcp_command("serve", "--workers", "1"),
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(process, f"{base}/healthz")
        status, content_type, body = get(f"{base}/healthz")
        assert (status, body) == (200, b'{"status": "ok", "database": "ok"}')
        status, content_type, body = get(f"{base}/static/dist/openehcp.css")
        assert status == 200 and content_type.startswith("text/css") and b"govuk-" in body
        status, content_type, body = get(f"{base}/accessibility")
        assert status == 200 and b"Accessibility statement" in body
        # The worker and housekeeping start beside gunicorn, not before it answers: on a busy
        # machine they may still be starting when the first page is served.
        # Only serve's own children count: a library may fork briefly inside either of them
        # (a child between fork and exec shows its parent's command line).
        for _ in range(60):
            running = processes_using(demo_database)
            children = [line for pid, line in running.items() if parent_of(pid) == process.pid]
            workers = [line for line in children if "db_worker" in line]
            housekeeping = [line for line in children if "housekeeping --daily" in line]
            if workers and housekeeping:
                break
            time.sleep(0.5)
        assert len(workers) == 1 and len(housekeeping) == 1, list(running.values())
    finally:
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=60)
    assert process.returncode == 0, output
    assert f"is on {base} with 1 web workers and a background task worker" in output
    assert "gunicorn" in output
    assert processes_using(demo_database) == {}


def test_serve_refuses_production_without_collected_static_files(tmp_path):
    env = openehcp_env(
        tmp_path,
        mode="production",
        SECRET_KEY="a-production-key-for-this-test-only-0123456789abcdefghijklmnop",
        ALLOWED_HOSTS="send.example.gov.uk",
    )
    result = run_openehcp("serve", env=env)
    assert result.returncode == 1
    assert "run `openehcp collectstatic --no-input` first" in result.stderr
    assert "Traceback" not in result.stderr


class FakeServer:
    started_with: dict = {}

    def __init__(self, options):
        FakeServer.started_with = options

    def run(self):
        pass


@pytest.fixture
def fake_gunicorn(monkeypatch):
    monkeypatch.setattr(serve, "GunicornServer", FakeServer)
    monkeypatch.setattr(serve, "start_task_worker", lambda: pytest.fail("a task worker started"))
    FakeServer.started_with = {}
    return FakeServer


def test_bind_and_workers_default_to_loopback_and_two(fake_gunicorn, monkeypatch):
    monkeypatch.delenv("OPENEHCP_BIND", raising=False)
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    call_command("serve", stdout=io.StringIO())
    assert fake_gunicorn.started_with["bind"] == ["127.0.0.1:8000"]
    assert fake_gunicorn.started_with["workers"] == 2
    assert fake_gunicorn.started_with["control_socket_disable"] is True


def test_bind_and_workers_come_from_the_environment_or_the_options(fake_gunicorn, monkeypatch):
    monkeypatch.setenv("OPENEHCP_BIND", "0.0.0.0:8080")
    monkeypatch.setenv("WEB_CONCURRENCY", "4")
    call_command("serve", stdout=io.StringIO())
    assert fake_gunicorn.started_with["bind"] == ["0.0.0.0:8080"]
    assert fake_gunicorn.started_with["workers"] == 4
    call_command("serve", bind="unix:/run/openehcp.sock", workers="3", stdout=io.StringIO())
    assert fake_gunicorn.started_with["bind"] == ["unix:/run/openehcp.sock"]
    assert fake_gunicorn.started_with["workers"] == 3


@pytest.mark.parametrize("workers", ["0", "two"])
def test_a_bad_number_of_workers_is_refused(fake_gunicorn, workers):
    with pytest.raises(CommandError, match="workers"):
        call_command("serve", workers=workers)
    assert fake_gunicorn.started_with == {}


def test_no_task_worker_when_tasks_run_at_once_or_when_told_not_to(fake_gunicorn, settings):
    # Tests run tasks immediately (ImmediateBackend): there is nothing to start.
    assert not serve.uses_task_worker()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert serve.uses_task_worker()
    call_command("serve", no_worker=True, stdout=io.StringIO())
    assert fake_gunicorn.started_with["workers"] == 2


class FakeProcess:
    def __init__(self, name: str, log: list):
        self.name, self.log = name, log

    def terminate(self):
        self.log.append(f"terminate {self.name}")

    def wait(self, timeout=None):
        self.log.append(f"wait {self.name}")


def test_the_task_worker_and_daily_housekeeping_start_and_stop_with_the_server(
    fake_gunicorn, monkeypatch, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    log = []
    monkeypatch.setattr(serve, "start_task_worker", lambda: FakeProcess("worker", log))
    monkeypatch.setattr(serve, "start_housekeeping", lambda: FakeProcess("housekeeping", log))
    out = io.StringIO()
    call_command("serve", stdout=out)
    assert "and a background task worker, with housekeeping daily" in out.getvalue()
    assert log == [
        "terminate worker",
        "terminate housekeeping",
        "wait worker",
        "wait housekeeping",
    ]
