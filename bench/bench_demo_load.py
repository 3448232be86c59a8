"""Benchmark: loading the synthetic demo council (``openehcp demo``) at benchmark sizes.

Loads 20,000 children with plans (and their five years of history) into a scratch database on
the configured database server, in a fresh process so the peak memory reported is the load's own
(``ru_maxrss``, which includes Python and Django). The loader's own CPU time is reported beside
the wall-clock time, which a busy machine stretches. With ``DATABASE_URL`` set to PostgreSQL the
scratch database is ``openehcp_bench_demo`` on that server; otherwise a SQLite file under ``var/``.

    python -m bench demo_load                                  # 20,000 children with plans
    BENCH_DEMO_CHILDREN=20000,640000 python -m bench demo_load # up to the size of England
"""

import json
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

DATABASE = "openehcp_bench_demo"
TODAY = date(2026, 11, 27)


def run() -> dict:
    sizes = [int(size) for size in os.environ.get("BENCH_DEMO_CHILDREN", "20000").split(",")]
    return {"demo_load": [_in_subprocess(size) for size in sizes]}


def _scratch_database() -> tuple[str, str]:
    """The scratch database's URL and the engine's name."""
    configured = os.environ.get("DATABASE_URL", "")
    if configured.startswith(("postgres://", "postgresql://")):
        server = configured.rsplit("/", 1)[0]
        return f"{server}/{DATABASE}", "postgresql"
    var_dir = Path(os.environ.get("OPENEHCP_VAR_DIR", "var")).resolve()
    var_dir.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{var_dir / 'bench-demo.sqlite3'}", "sqlite"


def _in_subprocess(children: int) -> dict:
    url, _ = _scratch_database()
    env = {**os.environ, "DATABASE_URL": url, "OPENEHCP_MODE": "test"}
    result = subprocess.run(
        [sys.executable, "-m", "bench.bench_demo_load", str(children)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def _recreate_database(url: str, engine: str) -> None:
    if engine == "postgresql":
        import psycopg

        server = url.rsplit("/", 1)[0]
        with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
            connection.execute(f"CREATE DATABASE {DATABASE}")
    else:
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)


def _drop_database(url: str, engine: str) -> None:
    from django.db import connections

    connections.close_all()
    if engine == "postgresql":
        import psycopg

        server = url.rsplit("/", 1)[0]
        with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    else:
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)


def _worker(children: int) -> dict:
    import resource

    url = os.environ["DATABASE_URL"]
    engine = "postgresql" if url.startswith("postgres") else "sqlite"
    _recreate_database(url, engine)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openehcp.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from openehcp.demo.generator import load_demo

    call_command("migrate", verbosity=0)
    memory_before_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started, cpu_started = time.perf_counter(), time.process_time()
    result = load_demo(children=children, today=TODAY)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    again = time.perf_counter()
    repeat = load_demo(children=children, today=TODAY)
    repeat_seconds = time.perf_counter() - again
    assert repeat.skipped
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    _drop_database(url, engine)
    return {
        "children_with_plans": children,
        "children": result.counts["children"],
        "rows": result.rows,
        "seconds": round(seconds, 1),
        "rows_per_second": round(result.rows / seconds),
        "loader_cpu_seconds": round(cpu_seconds, 1),
        "rerun_seconds_when_loaded": round(repeat_seconds, 2),
        "peak_memory_mb": round(peak_mb),
        "memory_before_load_mb": round(memory_before_mb),
        "database": engine,
    }


if __name__ == "__main__":
    print(json.dumps(_worker(int(sys.argv[1]))))
