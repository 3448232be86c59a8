"""Benchmark: the SEN2 return at council scale against PostgreSQL, stage by stage.

The question: how long does ``/reports/sen2/`` (and ``openehcp sen2``) take for a council with
5,000 to 20,000 children with plans, and where does the time go?

1. Makes sure the database ``openehcp_bench_sen2`` exists on the PostgreSQL server
   (``BENCH_POSTGRES``), migrates it and loads the demo council with ``openehcp demo --children
   N --today 2026-11-27`` (``BENCH_SEN2_CHILDREN``, default 20,000; skipped when already loaded),
   then ``VACUUM ANALYZE``. The fixed day makes the 2027 return the same on every run.
2. In a fresh Django process, measures separately, ``BENCH_SEN2_RUNS`` times (default 3):
   assembling the return (``build_return``), writing the XML (``to_xml``), validating it against
   the 2024 schema (``schema_errors``) and the checks (``problems``), and the page for the
   service leader (Django's test client, a verified session) as it opens (``/reports/sen2/``,
   which builds nothing) and for the year (``?year=2027``, which builds and checks the return):
   p50/p95 milliseconds and SQL queries for each. One more pass under ``tracemalloc`` gives
   each stage's peak Python memory; the process's peak RSS is reported at the end.
3. Prints JSON with the persons, requests and plans the return holds and the machine's 1-minute
   load average before and after (other work competes for the 2 cores).

    python -m bench sen2
    BENCH_SEN2_CHILDREN=5000 BENCH_SEN2_RUNS=5 python -m bench sen2
"""

import json
import os
import resource
import secrets
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from bench.loadtest import SERVER, ensure_database, manage, run_step, summary, vacuum_analyze

DATABASE = "openehcp_bench_sen2"
CHILDREN = int(os.environ.get("BENCH_SEN2_CHILDREN", "20000"))
RUNS = int(os.environ.get("BENCH_SEN2_RUNS", "3"))
TODAY = "2026-11-27"
YEAR = 2027  # the return being prepared on TODAY
ROOT = Path(__file__).resolve().parent.parent


def run() -> dict:
    with tempfile.TemporaryDirectory(prefix="openehcp-bench-") as var_dir:
        env = {
            **os.environ,
            "DATABASE_URL": f"{SERVER}/{DATABASE}",
            "SECRET_KEY": secrets.token_urlsafe(40),
            "OPENEHCP_VAR_DIR": var_dir,
            "PYTHONPATH": str(ROOT),
        }
        ensure_database(DATABASE)
        setup_started = time.perf_counter()
        manage(env, "test", "migrate", "--no-input", "-v", "0")
        manage(env, "test", "demo", "--children", str(CHILDREN), "--today", TODAY)
        vacuum_analyze(DATABASE)
        setup_seconds = time.perf_counter() - setup_started
        load_before = os.getloadavg()
        measured = json.loads(run_step(env, "bench.bench_sen2", "measure"))
        load_after = os.getloadavg()
    return {
        "database": "PostgreSQL",
        "children_with_plans": CHILDREN,
        "year": YEAR,
        "runs": RUNS,
        **measured,
        "setup_seconds": round(setup_seconds, 1),
        # Other work on the machine competes for its 2 cores: say how busy it was.
        "load_average_before_and_after": [round(load_before[0], 2), round(load_after[0], 2)],
    }


# --- in the measuring process -----------------------------------------------------------------


class _Queries:
    """Counts the SQL queries run while it is installed."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def _stages():
    """The stages, each a function of what the earlier ones made."""
    from openehcp.sen2.assemble import build_return
    from openehcp.sen2.checks import problems
    from openehcp.sen2.xml import schema_errors, to_xml

    return (
        ("assemble", lambda made: build_return(YEAR)),
        ("xml", lambda made: to_xml(made["assemble"])),
        ("schema", lambda made: schema_errors(made["xml"])),
        ("checks", lambda made: problems(made["assemble"])),
    )


def _page(client, query: str):
    def get(made):
        response = client.get(f"/reports/sen2/{query}")
        if response.status_code != 200:
            raise RuntimeError(f"/reports/sen2/ answered {response.status_code}")
        return response

    return get


def measure() -> dict:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openehcp.config.settings")
    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from bench.loadtest import verified_session
    from openehcp.accounts.models import User
    from openehcp.sen2.xml import schema_2024

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    schema_2024()  # parsed once per process, as on the server
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = verified_session(
        User.objects.get(username="leader")
    )
    stages = (
        *_stages(),
        ("page_opened", _page(client, "")),
        ("page_for_the_year", _page(client, f"?year={YEAR}")),
    )
    timings = {name: [] for name, _ in stages}
    queries = {}
    made = {}
    for _ in range(RUNS):
        for name, stage in stages:
            counter = _Queries()
            started = time.perf_counter()
            with connection.execute_wrapper(counter):
                made[name] = stage(made)
            timings[name].append((time.perf_counter() - started) * 1000)
            queries[name] = counter.count
    peaks = {}
    tracemalloc.start()
    for name, stage in stages:
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        made[name] = stage(made)
        peaks[name] = round((tracemalloc.get_traced_memory()[1] - base) / 2**20, 1)
    tracemalloc.stop()
    sen2 = made["assemble"]
    counts = sen2.counts()
    plans = {
        row.assessment.named_plan.plan_id
        for p in sen2.persons
        for row in p.requests
        if row.assessment and row.assessment.named_plan
    }
    return {
        "counts": {**counts, "plans": len(plans), "problems": len(made["checks"])},
        "xml_bytes": len(made["xml"]),
        "schema_valid": not made["schema"],
        "stages": {
            name: {**_ms(timings[name]), "queries": queries[name], "peak_python_mib": peaks[name]}
            for name, _ in stages
        },
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "rss_after_setup_mib": round(rss_before / 1024, 1),
    }


def _ms(timings: list[float]) -> dict:
    stats = summary(timings)
    return {"p50_ms": stats["p50_ms"], "p95_ms": stats["p95_ms"], "max_ms": stats["max_ms"]}


if __name__ == "__main__":
    if sys.argv[1:] == ["measure"]:
        print(json.dumps(measure()))
    else:
        print(json.dumps(run(), indent=2))
