"""``openehcp serve``: the production web server (gunicorn) with static files served by whitenoise.

    openehcp serve                                  # http://127.0.0.1:8000, 2 workers
    openehcp serve --bind 0.0.0.0:8080 --workers 4
    OPENEHCP_BIND=unix:/run/openehcp.sock WEB_CONCURRENCY=4 openehcp serve

In production (``OPENEHCP_MODE=production``) static files are served from ``STATIC_ROOT`` with
hashed names, so a deploy runs ``openehcp collectstatic --no-input`` first; ``serve`` refuses to
start without it. In demo and test modes whitenoise finds the files where they are built.

Background tasks (case-history imports, password reset emails) run in ``openehcp db_worker``.
``serve`` starts one beside the web server, with ``openehcp housekeeping --daily`` (expired drafts,
sessions and the like, once a day), and stops both on the way out; a deployment that runs them as
services of their own, or housekeeping from cron, passes ``--no-worker``.
"""

import os
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from gunicorn.app.base import BaseApplication

DEFAULT_BIND = "127.0.0.1:8000"
DEFAULT_WORKERS = 2


class GunicornServer(BaseApplication):
    """gunicorn, configured from this command's options rather than its own command line."""

    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from openehcp.config.wsgi import application

        return application


def _workers(value: str) -> int:
    try:
        workers = int(value)
    except ValueError:
        raise CommandError(f"The number of workers must be a whole number, not {value!r}") from None
    if workers < 1:
        raise CommandError("The number of workers must be at least 1")
    return workers


class Command(BaseCommand):
    help = "Serve OpenEHCP with gunicorn (the production WSGI server) and whitenoise."
    # `migrate` (run before `serve` by make demo and by every deploy) has just run the system
    # checks, and `check --deploy` is part of deploying: starting fast matters more here.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--bind",
            default=os.environ.get("OPENEHCP_BIND", DEFAULT_BIND),
            help=f"host:port or unix:/path to listen on (OPENEHCP_BIND; default {DEFAULT_BIND})",
        )
        parser.add_argument(
            "--workers",
            default=os.environ.get("WEB_CONCURRENCY", str(DEFAULT_WORKERS)),
            help=f"worker processes (WEB_CONCURRENCY; default {DEFAULT_WORKERS})",
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="do not start the background task worker (openehcp db_worker) beside the server",
        )

    def handle(self, *args, bind: str, workers: str, no_worker: bool, **options):
        worker_count = _workers(workers)
        manifest = settings.STATIC_ROOT / "staticfiles.json"
        if not settings.WHITENOISE_USE_FINDERS and not manifest.exists():
            raise CommandError(
                f"Static files have not been collected into {settings.STATIC_ROOT}: "
                "run `openehcp collectstatic --no-input` first."
            )
        address = bind if bind.startswith("unix:") else f"http://{bind}"
        background = [] if no_worker or not uses_task_worker() else start_background()
        task_worker = background[0] if background else None
        self.stdout.write(
            f"OpenEHCP ({settings.MODE} mode) is on {address} with {worker_count} web workers"
            f"{' and a background task worker, with housekeeping daily' if task_worker else ''}."
            " Press Ctrl+C to stop."
        )
        self.stdout.flush()
        try:
            GunicornServer(
                {
                    "bind": [bind],
                    "workers": worker_count,
                    "preload_app": True,
                    "accesslog": "-",
                    "errorlog": "-",
                    "proc_name": "openehcp",
                    # No runtime control socket: one per user would be shared by every instance.
                    "control_socket_disable": True,
                }
            ).run()
        finally:
            for process in background:
                process.terminate()
            for process in background:
                process.wait(timeout=30)


def uses_task_worker() -> bool:
    """Whether background tasks wait in the database for a worker (not run at once, as in tests)."""
    return settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"


def start_task_worker() -> subprocess.Popen:
    # No autoreload: its extra process would outlive the terminate() below.
    return subprocess.Popen([sys.executable, "-m", "openehcp", "db_worker", "--no-reload"])


def start_housekeeping() -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "openehcp", "housekeeping", "--daily"])


def start_background() -> list[subprocess.Popen]:
    """The task worker, then daily housekeeping: the processes that run beside the web server."""
    return [start_task_worker(), start_housekeeping()]
