"""Benchmark: importing a case-history file into PostgreSQL.

The issue's bar: 100,000 rows in under 60 s with peak memory under 500 MB; 1,000,000 rows without
running out of memory (the file is streamed). Each size runs in a fresh process against its own
database, so the peak memory reported is that import's own (``ru_maxrss``, which includes Python
and Django themselves). On Linux the peak is reset between phases, so each is reported on its own:
``peak_memory_mb_checks`` (the first pass, every row checked on its own and against the others),
``peak_memory_mb_import`` (the whole first import) and ``peak_memory_mb_reimport`` (the same file
again); ``peak_memory_mb`` is the highest of them. ``load_average`` is the machine's before and
after: the timings depend on it.

    python -m bench import                      # 100,000 rows
    BENCH_IMPORT_ROWS=100000,1000000 python -m bench import
"""

import json
import os
import random
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
DATABASE = "openehcp_bench_import"
NEEDS = ["ASD", "SLCN", "SEMH", "MLD", "SLD", "PD", "SPLD", "HI", "PMLD", "OTH", "VI", "MSI"]
SOURCES = ["parent", "setting", "health", "social_care", "young_person", "other"]
FORENAMES = ["Amira", "Leo", "Olivia", "Tomasz", "Grace", "Noah", "Isla", "Yusuf", "Maya", "Finn"]
SURNAMES = ["Khan", "Jones", "Brown", "Nowak", "Okafor", "Smith", "Patel", "Evans", "Ali", "Wood"]
SETTINGS = 200


def run() -> dict:
    sizes = [int(size) for size in os.environ.get("BENCH_IMPORT_ROWS", "100000").split(",")]
    return {"import": [_in_subprocess(size) for size in sizes]}


def _in_subprocess(rows: int) -> dict:
    env = {**os.environ, "DATABASE_URL": f"{SERVER}/{DATABASE}", "OPENEHCP_MODE": "test"}
    result = subprocess.run(
        [sys.executable, "-m", "bench.bench_import", str(rows)],
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:  # killed for memory shows as -9
        return {
            "rows": rows,
            "error": result.stderr.strip().splitlines()[-1:] or "no message",
            "returncode": result.returncode,
        }
    return json.loads(result.stdout.strip().splitlines()[-1])


def _peak_mb(reset: bool = True) -> int:
    """The highest resident memory since the last reset, in MB; then reset it (Linux only:
    elsewhere the peak is the process's whole life)."""
    import resource

    peak = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    if reset:
        try:
            Path("/proc/self/clear_refs").write_text("5")
        except OSError:
            pass
    return peak


def _load_average() -> list[float]:
    try:
        return [round(load, 2) for load in os.getloadavg()]
    except OSError:
        return []


def write_file(path: Path, rows: int, seed: int = 2026) -> None:
    """A realistic synthetic case history: about 1.4 requests per person, five years of them."""
    from stdnum.gb import upn

    rng = random.Random(seed)
    today = date(2026, 11, 27)
    with open(path, "w", encoding="utf-8") as handle:
        from openehcp.casefiles.format import COLUMNS

        handle.write(",".join(COLUMNS) + "\n")
        person = 0
        written = 0
        while written < rows:
            person += 1
            born = date(2002, 1, 1) + timedelta(days=rng.randrange(0, 22 * 365))
            body = f"886{person // 1000 % 10000:04d}{born.year % 100:02d}{person % 1000:03d}"
            pupil = upn.calc_check_digit(body) + body if rng.random() < 0.8 else ""
            forename, surname = rng.choice(FORENAMES), rng.choice(SURNAMES)
            need, sex = rng.choice(NEEDS), rng.choice("MF")
            for _ in range(1 if rng.random() < 0.7 else 2):
                if written >= rows:
                    break
                written += 1
                earliest = max(born + timedelta(days=365), date(2021, 12, 1))
                span = (today - timedelta(days=30) - earliest).days
                if span <= 0:
                    continue
                received = earliest + timedelta(days=rng.randrange(span))
                decision, decided, outcome, concluded = "", "", "", ""
                ceased, reason, review = "", "", ""
                if (today - received).days > 50:
                    decided_on = received + timedelta(days=rng.randrange(25, 50))
                    decision, decided = rng.choice(["yes", "yes", "no"]), decided_on.isoformat()
                    if decision == "yes" and (today - decided_on).days > 120:
                        concluded_on = received + timedelta(days=rng.randrange(110, 260))
                        if concluded_on < today:
                            outcome = "plan_issued" if rng.random() < 0.93 else "not_issued"
                            concluded = concluded_on.isoformat()
                            if outcome == "plan_issued" and (today - concluded_on).days > 400:
                                review = (concluded_on + timedelta(days=360)).isoformat()
                urn = f"{100000 + rng.randrange(SETTINGS)}"
                exception = "personal_circumstances" if rng.random() < 0.06 else ""
                handle.write(
                    ",".join(
                        [
                            f"P{person}",
                            forename,
                            surname,
                            born.isoformat(),
                            sex,
                            pupil,
                            "M1 1AE",
                            need,
                            f"R{written}",
                            received.isoformat(),
                            rng.choice(SOURCES),
                            decision,
                            decided,
                            outcome,
                            concluded,
                            exception,
                            urn,
                            ceased,
                            reason,
                            review,
                        ]
                    )
                    + "\n"
                )


def _worker(rows: int) -> dict:
    import psycopg

    load_before = _load_average()
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {DATABASE}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openehcp.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from openehcp.accounts.models import Role, User
    from openehcp.casefiles.importer import import_cases
    from openehcp.establishments.models import Establishment

    call_command("migrate", verbosity=0)
    caseworker = User.objects.create(username="bench", role=Role.CASEWORKER)
    Establishment.objects.bulk_create(
        Establishment(
            urn=f"{100000 + n}",
            name=f"Bench school {n}",
            setting_type="mainstream",
            linked_caseworker=caseworker,
        )
        for n in range(SETTINGS)
    )
    path = Path(os.environ.get("OPENEHCP_VAR_DIR", "var")) / f"bench-import-{rows}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_file(path, rows)
    peaks = {"setup": _peak_mb()}
    checked: dict[str, float] = {}

    def progress(done: int, total: int) -> None:
        if done == 0:  # the first pass, checking every row, has just ended
            checked["seconds"] = time.perf_counter() - started
            peaks["checks"] = _peak_mb(reset=False)

    started = time.perf_counter()
    summary = import_cases(path, today=date(2026, 11, 27), progress=progress)
    seconds = time.perf_counter() - started
    peaks["import"] = _peak_mb()
    again = time.perf_counter()
    repeat = import_cases(path, today=date(2026, 11, 27))
    repeat_seconds = time.perf_counter() - again
    peaks["reimport"] = _peak_mb()
    path.unlink()
    assert summary.imported, summary.problems[:5]
    assert repeat.requests_created == repeat.requests_updated == 0
    return {
        "rows": rows,
        "seconds": round(seconds, 1),
        "check_seconds": round(checked["seconds"], 1),
        "rows_per_second": round(rows / seconds),
        "people_created": summary.people_created,
        "requests_created": summary.requests_created,
        "reimport_seconds_unchanged": round(repeat_seconds, 1),
        "peak_memory_mb": max(peaks.values()),
        "peak_memory_mb_checks": peaks["checks"],
        "peak_memory_mb_import": peaks["import"],
        "peak_memory_mb_reimport": peaks["reimport"],
        "peak_memory_mb_setup": peaks["setup"],
        "load_average": {"before": load_before, "after": _load_average()},
        "database": "postgresql",
    }


if __name__ == "__main__":
    print(json.dumps(_worker(int(sys.argv[1]))))
