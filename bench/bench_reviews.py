"""Benchmark: the review work list and the per-setting lists for 20 concurrent users, served by
the production server.

The issue's bar: with 20,000 plans, the review team's work list and a setting's list of reviews
due answer in under 150 ms at the 95th percentile with 20 concurrent users, on this machine,
served by the production server (gunicorn, 2 workers) against PostgreSQL.

What it does, all on the loopback interface and bounded in time (the database, the sessions, the
server and the load are ``bench.loadtest``'s, shared with the workqueue benchmark):

1. Makes sure the database ``openehcp_bench_reviews`` exists on the PostgreSQL server
   (``BENCH_POSTGRES``), migrates it and loads the demo council with ``openehcp demo --children
   20000`` (skipped when already loaded), then ``VACUUM ANALYZE``.
2. Signs in 20 people, each with a session and a verified second factor as after a real
   sign-in: the 12 review-team caseworkers with the largest caseloads (their work list opens on
   their own caseload), the 4 review team managers (their team), and staff of the 4 settings with
   the most children with plans (their own list).
3. Starts ``openehcp serve`` (gunicorn, 2 workers) in production mode on a free port.
4. Runs two loads of ``BENCH_REVIEWS_SECONDS`` (default 60) each, 20 users each in a thread:
   ``paced`` (each person reads a page for 0.5 to 1.5 s before the next) and ``saturated`` (no
   pause). A caseworker's or manager's page is the work list: due this term (as it opens), late,
   all plans, or done this term; a setting's is its list for this term or the next.
5. Also times the service leader's work list over every plan (one person, one request at a time).
6. Reports p50/p95/p99/max latency and requests per second, per page and overall, as JSON.

    python -m bench reviews
    BENCH_REVIEWS_SECONDS=20 python -m bench reviews
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

from bench.loadtest import (
    SERVER,
    TARGET_P95_MS,
    WORKERS,
    ensure_database,
    free_port,
    get,
    load,
    manage,
    run_step,
    start_server,
    stop,
    summary,
    vacuum_analyze,
    verified_session,
    wait_until_up,
)

DATABASE = "openehcp_bench_reviews"
CHILDREN = int(os.environ.get("BENCH_REVIEWS_CHILDREN", "20000"))
SECONDS = float(os.environ.get("BENCH_REVIEWS_SECONDS", "60"))
SEED = 13
ROOT = Path(__file__).resolve().parent.parent
CASEWORKERS, MANAGERS, SETTINGS = 12, 4, 4

WORK_LIST_VIEWS = (("", 6), ("show=late", 2), ("show=all", 1), ("show=done", 1))
MANAGER_VIEWS = (("caseload=team", 5), ("caseload=team&show=late", 3), ("caseload=all", 2))


def run() -> dict:
    secret = secrets.token_urlsafe(40)
    with tempfile.TemporaryDirectory(prefix="openehcp-bench-") as var_dir:
        env = {
            **os.environ,
            "DATABASE_URL": f"{SERVER}/{DATABASE}",
            "SECRET_KEY": secret,
            "OPENEHCP_VAR_DIR": var_dir,
            "PYTHONPATH": str(ROOT),
        }
        ensure_database(DATABASE)
        setup_started = time.perf_counter()
        manage(env, "test", "migrate", "--no-input", "-v", "0")
        manage(env, "test", "demo", "--children", str(CHILDREN))
        vacuum_analyze(DATABASE)
        people = json.loads(run_step(env, "bench.bench_reviews", "prepare"))
        manage(env, "production", "collectstatic", "--no-input", "-v", "0")
        setup_seconds = time.perf_counter() - setup_started
        port = free_port()
        server = start_server(env, port)
        try:
            wait_until_up(port)
            _load(port, people["users"], seconds=5, think=(0.0, 0.0))  # warm the workers
            load_before = os.getloadavg()
            paced = _load(port, people["users"], seconds=SECONDS, think=(0.5, 1.5))
            saturated = _load(port, people["users"], seconds=SECONDS, think=(0.0, 0.0))
            load_after = os.getloadavg()
            leader = _one_at_a_time(port, people["leader"], "/reviews/?show=late", 20)
        finally:
            stop(server)
    return {
        "database": "PostgreSQL",
        "server": f"openehcp serve (gunicorn, {WORKERS} workers, production settings)",
        "children_with_plans": CHILDREN,
        "maintained_plans": people["maintained"],
        "users": {"caseworkers": CASEWORKERS, "managers": MANAGERS, "setting_staff": SETTINGS},
        "seconds_per_load": SECONDS,
        "target": f"p95 < {TARGET_P95_MS} ms",
        "paced": paced,
        "saturated": saturated,
        "service_leader_all_plans_one_at_a_time": leader,
        "setup_seconds": round(setup_seconds, 1),
        # Other work on the machine competes for its 2 cores: say how busy it was.
        "load_average_before_and_after": [round(load_before[0], 2), round(load_after[0], 2)],
    }


def prepare() -> dict:
    """In a Django process: a signed-in, two-factor-verified session for each person."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openehcp.config.settings")
    django.setup()
    from django.db.models import Count, Q

    from openehcp.accounts.models import Role, Team, User
    from openehcp.establishments.models import Establishment
    from openehcp.plans.models import EHCPlan

    review = Q(team__function=Team.Function.REVIEW, is_active=True)
    caseworkers = (
        User.objects.filter(review, role=Role.CASEWORKER)
        .annotate(children=Count("caseload"))
        .order_by("-children", "pk")[:CASEWORKERS]
    )
    managers = User.objects.filter(review, role=Role.TEAM_MANAGER).order_by("pk")[:MANAGERS]
    settings_with_most = (
        Establishment.objects.filter(children__plans__ceased_on__isnull=True)
        .annotate(with_plans=Count("children__plans"))
        .order_by("-with_plans", "pk")[:SETTINGS]
    )
    users = [{"kind": "caseworker", "session": verified_session(u)} for u in caseworkers]
    users += [{"kind": "manager", "session": verified_session(u)} for u in managers]
    for setting in settings_with_most:
        senco, _ = User.objects.update_or_create(
            username=f"bench-senco-{setting.urn}",
            defaults={
                "role": Role.SETTING_STAFF,
                "establishment": setting,
                "is_active": True,
                "email": f"senco-{setting.urn}@bench.openehcp.example",
            },
        )
        users.append({"kind": "setting", "session": verified_session(senco)})
    leader = User.objects.get(username="leader")
    return {
        "users": users,
        "leader": verified_session(leader),
        "maintained": EHCPlan.objects.filter(ceased_on__isnull=True).count(),
    }


def _next_term_key() -> str:
    from datetime import date

    today = date.today()
    if today.month >= 9:
        return f"{today.year + 1}-spring"
    return f"{today.year}-summer" if today.month <= 3 else f"{today.year}-autumn"


def _pick_path(rng: random.Random, user: dict) -> tuple[str, str]:
    if user["kind"] == "setting":
        if rng.random() < 0.8:
            return "setting_list", "/reviews/my-setting/"
        return "setting_list", f"/reviews/my-setting/?term={_next_term_key()}"
    views = MANAGER_VIEWS if user["kind"] == "manager" else WORK_LIST_VIEWS
    query = rng.choices([q for q, _ in views], [w for _, w in views])[0]
    return "review_work_list", "/reviews/" + (f"?{query}" if query else "")


#: This benchmark's load: its users' pages, the pages with a target, its seed.
_load = partial(load, pick=_pick_path, pages=("review_work_list", "setting_list"), seed=SEED)


def _one_at_a_time(port: int, session: str, path: str, times: int) -> dict:
    timings, errors = [], 0
    for _ in range(times):
        status, elapsed = get(port, path, session)
        if status == 200:
            timings.append(elapsed)
        else:
            errors += 1
    return {"path": path, "errors": errors, **summary(timings)}


if __name__ == "__main__":
    if sys.argv[1:] == ["prepare"]:
        print(json.dumps(prepare()))
    else:
        print(json.dumps(run(), indent=2))
