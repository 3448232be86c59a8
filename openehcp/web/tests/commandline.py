"""Run ``openehcp`` commands in a fresh process, with the environment a deployment would set."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

# What the test process itself was given; each test states its own.
_OWN_VARIABLES = {
    "DATABASE_URL",
    "SECRET_KEY",
    "OPENEHCP_MODE",
    "OPENEHCP_VAR_DIR",
    "DEBUG",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def openehcp_env(tmp_path: Path, *, mode: str, database: Path | None = None, **variables) -> dict:
    env = {key: value for key, value in os.environ.items() if key not in _OWN_VARIABLES}
    env.update(
        OPENEHCP_MODE=mode,
        OPENEHCP_VAR_DIR=str(tmp_path / "var"),
        PYTHONPATH=str(settings.BASE_DIR),
    )
    if database is not None:
        env["DATABASE_URL"] = f"sqlite:///{database}"
    env.update(variables)
    return env


def openehcp_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "openehcp", *args]


def run_openehcp(*args: str, env: dict, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        openehcp_command(*args),
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def run_python(code: str, *, env: dict, timeout: int = 120) -> subprocess.CompletedProcess:
    """Run Python with Django set up from ``env`` (for looking at settings and responses)."""
    preamble = (
        "import os, django\n"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'openehcp.config.settings')\n"
        "django.setup()\n"
    )
    return subprocess.run(
        [sys.executable, "-c", preamble + code],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
