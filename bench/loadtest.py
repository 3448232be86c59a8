"""What the page benchmarks share: a PostgreSQL database with the demo council, signed-in
sessions, the production server on the loopback, and a bounded load of simulated users.

Not a benchmark itself (``python -m bench`` runs only ``bench_<name>`` modules). Like them it
imports no Django at module level: ``verified_session`` sets it up in the process that calls it.
"""

import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from http.client import HTTPConnection

SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
WORKERS = 2
TARGET_P95_MS = 150


# --- set-up -----------------------------------------------------------------------------------


def ensure_database(database: str) -> None:
    """Create ``database`` on ``SERVER`` unless it is there (a later run reuses its data)."""
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database]
        ).fetchone()
        if not exists:
            connection.execute(f"CREATE DATABASE {database}")


def vacuum_analyze(database: str) -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/{database}", autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


def manage(env: dict, mode: str, *args: str) -> str:
    """``openehcp <args>`` in ``mode`` (test, production): its output, or the error it ended on."""
    result = subprocess.run(
        [sys.executable, "-m", "openehcp", *args],
        env={**env, "OPENEHCP_MODE": mode},
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"openehcp {' '.join(args)}:\n{result.stderr[-4000:]}")
    return result.stdout


def run_step(env: dict, module: str, step: str) -> str:
    """``python -m <module> <step>`` in a Django process of its own: the last line it printed."""
    result = subprocess.run(
        [sys.executable, "-m", module, step],
        env={**env, "OPENEHCP_MODE": "test"},
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"{module} ({step}):\n{result.stderr[-4000:]}")
    return result.stdout.strip().splitlines()[-1]


def verified_session(user) -> str:
    """A session key for ``user``, signed in with a confirmed TOTP device marked as verified, as
    after a real two-factor sign-in (call it in a process where Django is set up)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="Benchmark", defaults={"confirmed": True}
    )
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.create()
    return session.session_key


# --- the server -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(env: dict, port: int) -> subprocess.Popen:
    """``openehcp serve`` (gunicorn, ``WORKERS`` workers) in production mode on ``port``."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "openehcp",
            "serve",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--no-worker",
        ],
        env={
            **env,
            "OPENEHCP_MODE": "production",
            "ALLOWED_HOSTS": "127.0.0.1",
            # The load arrives over plain HTTP on the loopback, as from a TLS-terminating proxy.
            "SECURE_SSL_REDIRECT": "false",
            "LOG_LEVEL": "ERROR",
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def wait_until_up(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            connection = HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError("the server did not start")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


# --- the load ---------------------------------------------------------------------------------


def get(port: int, path: str, session: str) -> tuple[object, float]:
    """One signed-in GET on the loopback server: its status (or error name) and milliseconds."""
    started = time.perf_counter()
    try:
        connection = HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request(
            "GET", path, headers={"Cookie": f"sessionid={session}", "Host": "127.0.0.1"}
        )
        response = connection.getresponse()
        response.read()
        status = response.status
        connection.close()
    except OSError as error:
        status = type(error).__name__
    return status, (time.perf_counter() - started) * 1000


def _user_loop(port, user, pick, seconds, think, rng, results, errors, lock):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page, path = pick(rng, user)
        status, elapsed = get(port, path, user["session"])
        with lock:
            if status == 200:
                results.setdefault(page, []).append(elapsed)
            else:
                errors[f"{page} {status}"] = errors.get(f"{page} {status}", 0) + 1
        if think[1]:
            time.sleep(rng.uniform(*think))


def load(
    port: int,
    users: list[dict],
    *,
    seconds: float,
    think: tuple,
    pick,
    pages: tuple[str, ...],
    seed: int,
) -> dict:
    """Bounded load from ``users`` threads (each a dict with its ``session``), each choosing its
    next page with ``pick(rng, user) -> (page, path)`` and reading it for ``think`` seconds (a
    uniform range); the report says whether every page in ``pages`` met the p95 target with no
    errors."""
    results: dict[str, list[float]] = {}
    errors: dict[str, int] = {}
    lock = threading.Lock()
    threads = [
        threading.Thread(
            target=_user_loop,
            args=(
                port,
                user,
                pick,
                seconds,
                think,
                random.Random(seed + n),
                results,
                errors,
                lock,
            ),
        )
        for n, user in enumerate(users)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    everything = [ms for timings in results.values() for ms in timings]
    report = {
        "think_seconds": list(think),
        "requests": len(everything),
        "requests_per_second": round(len(everything) / elapsed, 1),
        "errors": errors,
        "all": summary(everything),
    }
    for page, timings in sorted(results.items()):
        report[page] = summary(timings)
    report["meets_target"] = not errors and all(
        report[page]["p95_ms"] < TARGET_P95_MS for page in pages if page in report
    )
    return report


def summary(timings: list[float]) -> dict:
    """Count, p50/p95/p99, max and mean of ``timings`` (milliseconds)."""
    if not timings:
        return {"requests": 0}
    ordered = sorted(timings)

    def percentile(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))], 1)

    return {
        "requests": len(ordered),
        "p50_ms": percentile(50),
        "p95_ms": percentile(95),
        "p99_ms": percentile(99),
        "max_ms": round(ordered[-1], 1),
        "mean_ms": round(statistics.fmean(ordered), 1),
    }
