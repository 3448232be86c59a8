"""``openehcp housekeeping``: remove what has expired (see ``openehcp.web.housekeeping``).

    openehcp housekeeping            # one line per kind: what it is and how many were removed
    openehcp housekeeping --json     # {"online_request_drafts": 3, "sessions": 10, ...}
    openehcp housekeeping --daily    # run a minute after starting, then every 24 hours

``openehcp serve`` starts ``housekeeping --daily`` beside the task worker. A deployment that runs
the worker as a service of its own (``serve --no-worker``) runs ``openehcp housekeeping`` from
cron once a day instead.
"""

import json
import logging
import time

from django.core.management.base import BaseCommand
from django.db import connections

from openehcp.web import housekeeping

logger = logging.getLogger(__name__)

DAY_SECONDS = 24 * 60 * 60
FIRST_RUN_AFTER_SECONDS = 60


class Command(BaseCommand):
    help = (
        "Remove expired online request drafts, sessions, password reset email records, "
        "rate limit counters and old failed sign-ins."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="print the counts as JSON"
        )
        parser.add_argument(
            "--daily",
            action="store_true",
            help="keep running: a minute after starting, then every 24 hours (for `serve`)",
        )

    def handle(self, *args, as_json: bool, daily: bool, **options):
        if daily:
            try:
                self.run_daily(as_json=as_json)
            except KeyboardInterrupt:  # Ctrl+C on `openehcp serve` reaches this process too
                return
        else:
            self.report(housekeeping.run(), as_json=as_json)

    def report(self, removed: dict[str, int], *, as_json: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps(removed))
            return
        for key, count in removed.items():
            self.stdout.write(f"{housekeeping.describe(key)}: {count} removed")

    def run_daily(self, *, as_json: bool, sleep=time.sleep, rounds: int | None = None) -> None:
        """Run once a day until stopped. A run that fails is logged and the next one is tried a
        day later: housekeeping must not stop because the database was away for a moment."""
        sleep(FIRST_RUN_AFTER_SECONDS)
        done = 0
        while rounds is None or done < rounds:
            try:
                self.report(housekeeping.run(), as_json=as_json)
            except Exception:
                logger.exception("Housekeeping failed; it runs again in 24 hours")
            finally:
                _close_connections()
            self.stdout.flush()
            done += 1
            if rounds is None or done < rounds:
                sleep(DAY_SECONDS)


def _close_connections() -> None:
    """Runs are a day apart: keep no connection open between them (one in a transaction, as in a
    test, is left to its owner)."""
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close()
