"""Benchmark: "My work" and case search for 20 concurrent users, served by the production server.

The issue's bar: with 20,000 children with plans and 5 years of history, "My work" and case search
answer in under 150 ms at the 95th percentile with 20 concurrent users, on this machine, served by
the production server (gunicorn, 2 workers) against PostgreSQL.

What it does, all on the loopback interface and bounded in time (the database, the sessions, the
server and the load are ``bench.loadtest``'s, shared with the review benchmark):

1. Makes sure the database ``openehcp_bench_workqueues`` exists on the PostgreSQL server
   (``BENCH_POSTGRES``, default ``postgres://postgres@127.0.0.1:5432``), migrates it and loads the
   demo council with ``openehcp demo --children 20000`` (5 years of history; skipped when already
   loaded), then ``VACUUM ANALYZE``.
2. Signs in the 20 caseworkers with the largest caseloads: a session each, with a confirmed TOTP
   device marked as verified, as after a real two-factor sign-in. Each gets search words drawn
   from the children their team holds: surnames and their first letters, first name and surname,
   UPNs, request references, setting names.
3. Starts ``openehcp serve`` (gunicorn, 2 workers) in production mode on a free port.
4. Runs two loads of ``BENCH_WORKQUEUES_SECONDS`` (default 60) each, 20 users each in a thread:
   - ``paced``: each user views a page, then reads it for 0.5 to 1.5 s (uniform) - people at work;
   - ``saturated``: no pause at all - 20 requests always in flight, the most the machine serves.
   A user's page is "My work" (60%: as it opens, or filtered, or its second page) or a search
   (40%). Latency is from sending the request to reading the whole page.
5. Reports p50/p95/p99/max latency and requests per second, per page and overall, as JSON, with
   the machine's 1-minute load average before and after (other work competes for the 2 cores).

    python -m bench workqueues
    BENCH_WORKQUEUES_SECONDS=20 python -m bench workqueues
"""

import json
import os
import random
import secrets
import sys
import tempfile
import time
from functools import partial
from pathlib import Path
from urllib.parse import urlencode

from bench.loadtest import (
    SERVER,
    TARGET_P95_MS,
    WORKERS,
    ensure_database,
    free_port,
    load,
    manage,
    run_step,
    start_server,
    stop,
    vacuum_analyze,
    verified_session,
    wait_until_up,
)

DATABASE = "openehcp_bench_workqueues"
CHILDREN = int(os.environ.get("BENCH_WORKQUEUES_CHILDREN", "20000"))
USERS = 20
SECONDS = float(os.environ.get("BENCH_WORKQUEUES_SECONDS", "60"))
SEED = 11
ROOT = Path(__file__).resolve().parent.parent


def run() -> dict:
    url = f"{SERVER}/{DATABASE}"
    secret = secrets.token_urlsafe(40)
    with tempfile.TemporaryDirectory(prefix="openehcp-bench-") as var_dir:
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "SECRET_KEY": secret,
            "OPENEHCP_VAR_DIR": var_dir,
            "PYTHONPATH": str(ROOT),
        }
        ensure_database(DATABASE)
        setup_started = time.perf_counter()
        manage(env, "test", "migrate", "--no-input", "-v", "0")
        manage(env, "test", "demo", "--children", str(CHILDREN))
        vacuum_analyze(DATABASE)
        users = json.loads(run_step(env, "bench.bench_workqueues", "prepare"))
        manage(env, "production", "collectstatic", "--no-input", "-v", "0")
        setup_seconds = time.perf_counter() - setup_started
        port = free_port()
        server = start_server(env, port)
        try:
            wait_until_up(port)
            _load(port, users, seconds=5, think=(0.0, 0.0))  # warm the workers and the caches
            load_before = os.getloadavg()
            paced = _load(port, users, seconds=SECONDS, think=(0.5, 1.5))
            saturated = _load(port, users, seconds=SECONDS, think=(0.0, 0.0))
            load_after = os.getloadavg()
        finally:
            stop(server)
    return {
        "database": "PostgreSQL",
        "server": f"openehcp serve (gunicorn, {WORKERS} workers, production settings)",
        "children_with_plans": CHILDREN,
        "dataset": _dataset_counts(),
        "users": USERS,
        "seconds_per_load": SECONDS,
        "target": f"p95 < {TARGET_P95_MS} ms",
        "paced": paced,
        "saturated": saturated,
        "setup_seconds": round(setup_seconds, 1),
        # Other work on the machine competes for its 2 cores: say how busy it was.
        "load_average_before_and_after": [round(load_before[0], 2), round(load_after[0], 2)],
    }


# --- set-up -----------------------------------------------------------------------------------


def _dataset_counts() -> dict:
    import psycopg

    tables = {
        "children": "people_child",
        "requests": "assessments_assessmentrequest",
        "advice_requests": "assessments_advicerequest",
        "plans": "plans_ehcplan",
        "annual_reviews": "reviews_annualreview",
        "caseworkers": "accounts_user",
    }
    with psycopg.connect(f"{SERVER}/{DATABASE}") as connection:
        counts = {}
        for name, table in tables.items():
            where = " WHERE role = 'caseworker'" if name == "caseworkers" else ""
            counts[name] = connection.execute(f"SELECT count(*) FROM {table}{where}").fetchone()[0]
        return counts


def prepare() -> list[dict]:
    """In a Django process: a signed-in, two-factor-verified session for each of the 20
    caseworkers with the largest caseloads, and search words from their teams' children."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openehcp.config.settings")
    django.setup()
    from django.db.models import Count

    from openehcp.accounts.models import Role, User
    from openehcp.assessments.models import AssessmentRequest
    from openehcp.people.models import Child

    rng = random.Random(SEED)
    caseworkers = list(
        User.objects.filter(role=Role.CASEWORKER, is_active=True)
        .annotate(children=Count("caseload"))
        .order_by("-children", "pk")[:USERS]
    )
    users = []
    for user in caseworkers:
        session = verified_session(user)
        team = Child.objects.filter(caseworker__team_id=user.team_id, merged_into__isnull=True)
        ids = sorted(team.values_list("pk", flat=True))
        sample = list(
            Child.objects.filter(pk__in=rng.sample(ids, min(40, len(ids))))
            .select_related("establishment")
            .order_by("pk")
        )
        references = list(
            AssessmentRequest.objects.filter(child__in=[c.pk for c in sample]).values_list(
                "reference", flat=True
            )[:10]
        )
        words = []
        for child in sample:
            words += [child.surname, child.surname[:4], f"{child.forename} {child.surname}"]
            if child.upn:
                words.append(child.upn)
            if child.establishment:
                words.append(child.establishment.name.split()[0])
        words += references
        rng.shuffle(words)
        users.append({"username": user.username, "session": session, "words": words})
    return users


# --- the load ---------------------------------------------------------------------------------

MY_WORK_VIEWS = (
    ("", 6),
    ("window=all", 2),
    ("window=all&page=2", 1),
    ("window=overdue", 1),
    ("kind=advice_due&kind=final_plan_due", 1),
    ("age=16to19&age=20to25", 1),
)


def _pick_path(rng: random.Random, user: dict) -> tuple[str, str]:
    if rng.random() < 0.6:
        query = rng.choices([q for q, _ in MY_WORK_VIEWS], [w for _, w in MY_WORK_VIEWS])[0]
        return "my_work", "/workqueue/" + (f"?{query}" if query else "")
    return "search", "/workqueue/search/?" + urlencode({"q": rng.choice(user["words"])})


#: This benchmark's load: its users' pages, the pages with a target, its seed.
_load = partial(load, pick=_pick_path, pages=("my_work", "search"), seed=SEED)


if __name__ == "__main__":
    if sys.argv[1:] == ["prepare"]:
        print(json.dumps(prepare()))
    else:
        print(json.dumps(run(), indent=2))
