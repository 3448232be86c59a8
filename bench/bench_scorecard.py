"""Benchmark: the 12-month scorecard against PostgreSQL at council and England scale.

The issue's bar: a 12-month scorecard in under 200 ms at council scale (20,000 plans, 5 years of
history) and under 3 s at England scale (640,000 plans, about 1.5 million requests), each also
given as a ratio to the fastest single hand-written SQL query that computes the same numbers (the
floor, checked to return the same numbers), with peak memory.

Each scale has its own database (``openehcp_bench_scorecard_council`` / ``..._england``), loaded
once with synthetic rows by COPY and kept for later runs. Each scale is measured in a fresh
process, so the memory figures are that process's own.

    python -m bench scorecard
    BENCH_SCORECARD_SCALES=council python -m bench scorecard
"""

import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from datetime import date, timedelta

from bench.loadtest import SERVER, ensure_database

DATABASE = "openehcp_bench_scorecard_{scale}"
SCALES = {
    # About 42% of the synthetic requests end in a plan by the end of the history.
    "council": {
        "requests": 47_500,
        "plans": 20_000,
        "caseworkers": 60,
        "teams": 4,
        "settings": 300,
        "runs": 30,
    },
    "england": {
        "requests": 1_500_000,
        "plans": 640_000,
        "caseworkers": 2_000,
        "teams": 150,
        "settings": 20_000,
        "runs": 10,
    },
}
HISTORY_START = date(2021, 1, 1)
HISTORY_END = date(2025, 12, 31)
FIRST, LAST = "2025-01", "2025-12"
SEED = 7


def run() -> dict:
    scales = os.environ.get("BENCH_SCORECARD_SCALES", "council,england").split(",")
    return {"scorecard": [_in_subprocess(scale.strip()) for scale in scales]}


def _in_subprocess(scale: str) -> dict:
    """Load the scale's database if it is not loaded yet, then measure in a fresh process (so
    the peak memory is the scorecard's process, not the loader's)."""
    env = {
        **os.environ,
        "DATABASE_URL": f"{SERVER}/{DATABASE.format(scale=scale)}",
        "OPENEHCP_MODE": "test",
    }
    outputs = []
    for step in ("load", "measure"):
        result = subprocess.run(
            [sys.executable, "-m", "bench.bench_scorecard", scale, step],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"scorecard benchmark ({scale}, {step}):\n{result.stderr[-4000:]}")
        outputs.append(json.loads(result.stdout.strip().splitlines()[-1]))
    loaded, measured = outputs
    return {**measured, "load_seconds": loaded["load_seconds"]}


# --- Loading synthetic rows -------------------------------------------------------------------


def _filler(model):
    """Column names and a function completing a row dict with every NOT NULL column."""
    from django.db import models

    fields = [f for f in model._meta.concrete_fields]

    def default(field):
        if field.null:
            return None
        if field.has_default():
            return field.get_default()
        if isinstance(field, models.BooleanField):
            return False
        if isinstance(field, (models.CharField, models.TextField)):
            return ""
        if isinstance(field, (models.IntegerField, models.FloatField)):
            return 0
        if isinstance(field, models.DateTimeField):
            return "2025-12-31 12:00:00+00"
        raise ValueError(f"no value for {model.__name__}.{field.name}")

    columns = [f.column for f in fields]
    attnames = [f.attname for f in fields]
    defaults = {}
    for field in fields:
        try:
            defaults[field.attname] = default(field)
        except ValueError:
            continue  # a column every row must give (its absence is a KeyError below)

    def complete(values: dict) -> tuple:
        return tuple(values[a] if a in values else defaults[a] for a in attnames)

    return columns, complete


def _copy(model, rows) -> int:
    from django.db import connection

    columns, complete = _filler(model)
    table = model._meta.db_table
    count = 0
    with connection.cursor() as cursor:
        sql = f'COPY "{table}" ({", ".join(chr(34) + c + chr(34) for c in columns)}) FROM STDIN'
        with cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(complete(row))
                count += 1
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
            f'GREATEST((SELECT MAX(id) FROM "{table}"), 1))'
        )
    return count


def _days(a: date, b: date) -> int:
    return (b - a).days


def load(scale: str) -> dict:
    """Truncate and fill the tables the scorecard reads. Returns the row counts."""
    from django.db import connection

    from openehcp.accounts.models import Role, Team, User
    from openehcp.assessments.models import AssessmentRequest, TimescaleException
    from openehcp.establishments.models import Establishment, SettingType
    from openehcp.people.models import Child
    from openehcp.plans.models import EHCPlan
    from openehcp.reviews.models import AnnualReview, PhaseTransfer

    spec = SCALES[scale]
    rng = random.Random(SEED)
    span = _days(HISTORY_START, HISTORY_END)
    tables = [
        m._meta.db_table
        for m in (
            PhaseTransfer,
            AnnualReview,
            EHCPlan,
            TimescaleException,
            AssessmentRequest,
            Child,
            Establishment,
            User,
            Team,
        )
    ]
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " CASCADE")
    counts = {}
    counts["teams"] = _copy(
        Team,
        (
            {"id": i, "name": f"Team {i}", "function": "assessment"}
            for i in range(1, spec["teams"] + 1)
        ),
    )
    counts["caseworkers"] = _copy(
        User,
        (
            {
                "id": i,
                "username": f"caseworker{i}",
                "first_name": "Case",
                "last_name": f"Worker {i}",
                "role": Role.CASEWORKER,
                "team_id": 1 + i % spec["teams"],
                "is_active": True,
            }
            for i in range(1, spec["caseworkers"] + 1)
        ),
    )
    types = [t for t, _ in SettingType.choices]
    weights = [40, 8, 25, 6, 10, 4, 3, 4]
    counts["settings"] = _copy(
        Establishment,
        (
            {
                "id": i,
                "urn": f"{100000 + i:06d}",
                "name": f"Setting {i}",
                "setting_type": rng.choices(types, weights)[0],
                "is_open": True,
            }
            for i in range(1, spec["settings"] + 1)
        ),
    )
    needs = ["ASD", "SLCN", "SEMH", "MLD", "SLD", "PD", "SPLD", "HI", "PMLD", "OTH", "VI", "MSI"]
    need_weights = [31, 21, 21, 11, 4, 4, 2, 1, 1, 1, 1, 1]
    n = spec["requests"]
    requests, exceptions, plans, reviews, transfers = [], [], [], [], []
    children = []
    for i in range(1, n + 1):
        received = HISTORY_START + timedelta(days=int(span * rng.random() ** 0.85))
        age_days = rng.randint(2 * 365, 18 * 365)
        children.append(
            {
                "id": i,
                "forename": "Child",
                "surname": f"Synthetic {i}",
                "date_of_birth": received - timedelta(days=age_days),
                "primary_need": rng.choices(needs, need_weights)[0],
                "caseworker_id": 1 + i % spec["caseworkers"],
                "establishment_id": 1 + rng.randrange(spec["settings"]),
            }
        )
        row = {
            "id": i,
            "reference": f"R{i:08d}",
            "child_id": i,
            "received_on": received,
            "source": rng.choice(["parent", "setting", "health", "social_care", "other"]),
            "is_reassessment": rng.random() < 0.02,
        }
        outcome = rng.random()
        if outcome < 0.40:
            row.update(
                decision_to_assess="no", decision_on=received + timedelta(rng.randint(20, 60))
            )
        elif outcome < 0.45:
            row["withdrawn_on"] = received + timedelta(rng.randint(10, 250))
        elif outcome < 0.52:
            row.update(
                decision_to_assess="yes",
                decision_on=received + timedelta(rng.randint(25, 45)),
                decision_to_issue="no",
                issue_decision_on=received + timedelta(rng.randint(80, 200)),
            )
        else:
            row.update(
                decision_to_assess="yes", decision_on=received + timedelta(rng.randint(25, 45))
            )
            band = rng.random()
            days = (
                rng.randint(90, 140)
                if band < 0.55
                else rng.randint(141, 364)
                if band < 0.9
                else rng.randint(365, 600)
            )
            final = received + timedelta(days)
            if final <= HISTORY_END:
                row.update(
                    decision_to_issue="yes",
                    draft_served_on=final - timedelta(30),
                    final_issued_on=final,
                )
                if rng.random() < 0.06:
                    exceptions.append(
                        {
                            "id": len(exceptions) + 1,
                            "request_id": i,
                            "reason": "personal_circumstances",
                            "starts_on": received + timedelta(20),
                            "ends_on": received + timedelta(50),
                            "justification": "Synthetic",
                        }
                    )
                plan_id = len(plans) + 1
                ceased = None
                if rng.random() < 0.12:
                    ceased = final + timedelta(rng.randint(100, 1500))
                    if ceased > HISTORY_END:
                        ceased = None
                plans.append(
                    {
                        "id": plan_id,
                        "child_id": i,
                        "origin_request_id": i,
                        "made_on": final,
                        "named_establishment_id": 1 + rng.randrange(spec["settings"]),
                        "ceased_on": ceased,
                        "cease_reason": "2" if ceased else "",
                    }
                )
                meeting = final + timedelta(365 - rng.randint(0, 40))
                while meeting <= HISTORY_END and (ceased is None or meeting < ceased):
                    reviews.append(
                        {
                            "id": len(reviews) + 1,
                            "plan_id": plan_id,
                            "meeting_on": meeting,
                            "decision_on": meeting + timedelta(rng.randint(10, 45)),
                            "outcome": "M",
                        }
                    )
                    meeting += timedelta(365 - rng.randint(0, 40))
                if rng.random() < 0.1:
                    year = rng.randint(2022, 2026)
                    phase = rng.choice(["primary", "junior", "secondary", "post16"])
                    due = date(year, 3 if phase == "post16" else 2, 1)
                    issued = due + timedelta(rng.randint(-40, 30))
                    transfers.append(
                        {
                            "id": len(transfers) + 1,
                            "plan_id": plan_id,
                            "transfer_year": year,
                            "to_phase": phase,
                            "amended_plan_issued_on": issued if issued <= HISTORY_END else None,
                        }
                    )
        requests.append(row)
    counts["children"] = _copy(Child, children)
    counts["requests"] = _copy(AssessmentRequest, requests)
    counts["exceptions"] = _copy(TimescaleException, exceptions)
    counts["plans"] = _copy(EHCPlan, plans)
    counts["reviews"] = _copy(AnnualReview, reviews)
    counts["phase_transfers"] = _copy(PhaseTransfer, transfers)
    return counts


def _loaded(scale: str) -> dict | None:
    from openehcp.assessments.models import AssessmentRequest
    from openehcp.plans.models import EHCPlan
    from openehcp.reviews.models import AnnualReview

    requests, plans = AssessmentRequest.objects.count(), EHCPlan.objects.count()
    if requests != SCALES[scale]["requests"] or abs(plans - SCALES[scale]["plans"]) > 0.05 * plans:
        return None
    return {
        "requests": requests,
        "plans": plans,
        "annual_reviews": AnnualReview.objects.count(),
    }


# --- The floor: one hand-written query computing the same numbers -----------------------------


def floor_sql() -> str:
    """The scorecard's counts for each month of the span in one PostgreSQL statement.

    Parameters: start, end (the span's first and last day), last_first (the first day of its
    last month), first_last (the last day of its first month), first_idx, last_idx (its months
    as year × 12 + month), first_year, last_year, and anchor_start, anchor_end (the review
    anchors that can fall due in the span). Months are grouped as integers, as the scorecard
    does, rather than by DATE_TRUNC (which converts each date to a timestamp with time zone).
    """
    from openehcp import clock
    from openehcp.reporting.scorecard import open_band_days

    beyond_30, beyond_52 = open_band_days(30) + 1, open_band_days(52) + 1
    final_plan_days = clock.FINAL_PLAN.days
    review_months = clock.REVIEW_MONTHS
    decision_days = clock.REVIEW_DECISION.days
    school_month, school_day = clock.periods.PHASE_TRANSFER_SCHOOL
    post16_month, post16_day = clock.periods.PHASE_TRANSFER_POST16
    outcome = """LEAST(
        COALESCE(final_issued_on, DATE '9999-12-31'),
        COALESCE(withdrawn_on, DATE '9999-12-31'),
        CASE WHEN decision_to_assess = 'no' THEN COALESCE(decision_on, received_on)
             ELSE DATE '9999-12-31' END,
        CASE WHEN decision_to_issue = 'no' THEN COALESCE(issue_decision_on, received_on)
             ELSE DATE '9999-12-31' END)"""

    def month_index(expression: str) -> str:
        return (
            f"(EXTRACT(YEAR FROM {expression})::int * 12 + EXTRACT(MONTH FROM {expression})::int)"
        )

    def shifted(anchor: str) -> str:
        # anchor + 12 months - 1 day falls in the month 12 on, or 11 on from the 1st of a month.
        return f"({month_index(anchor)} + {review_months} - (EXTRACT(DAY FROM {anchor}) = 1)::int)"

    return f"""
WITH months AS (
  SELECT {month_index("m")} AS idx, m::date AS first
  FROM generate_series(%(start)s::date, %(last_first)s::date, interval '1 month') AS m
),
received AS (
  SELECT {month_index("received_on")} AS idx, count(*) AS n
  FROM assessments_assessmentrequest
  WHERE NOT is_reassessment AND received_on BETWEEN %(start)s AND %(end)s
  GROUP BY 1
),
issued AS (
  SELECT {month_index("r.final_issued_on")} AS idx, count(*) AS issued,
         count(*) FILTER (WHERE x.request_id IS NULL) AS excluding,
         count(*) FILTER (WHERE x.request_id IS NULL
                          AND r.final_issued_on - r.received_on <= {final_plan_days}) AS within
  FROM assessments_assessmentrequest r
  LEFT JOIN (SELECT DISTINCT request_id FROM assessments_timescaleexception) x
         ON x.request_id = r.id
  WHERE NOT r.is_reassessment AND r.final_issued_on BETWEEN %(start)s AND %(end)s
  GROUP BY 1
),
runs AS (
  SELECT {month_index(f"received_on + {beyond_30}")} AS a30,
         {month_index(f"received_on + {beyond_52}")} AS a52,
         {month_index(outcome)} AS b, count(*) AS n
  FROM assessments_assessmentrequest
  WHERE NOT is_reassessment AND received_on <= %(end)s::date - {beyond_30}
    AND {outcome} > %(first_last)s::date
  GROUP BY 1, 2, 3
),
open_counts AS (
  SELECT months.idx,
         sum(runs.n) FILTER (WHERE runs.a30 <= months.idx) AS o30,
         sum(runs.n) FILTER (WHERE runs.a52 <= months.idx) AS o52
  FROM months JOIN runs ON runs.a30 <= months.idx AND months.idx < runs.b
  GROUP BY 1
),
ceased AS (
  SELECT {month_index("ceased_on")} AS idx, count(*) AS n
  FROM plans_ehcplan WHERE ceased_on BETWEEN %(start)s AND %(end)s GROUP BY 1
),
ceased_plans AS MATERIALIZED (
  SELECT id, {month_index("ceased_on")} AS idx FROM plans_ehcplan WHERE ceased_on IS NOT NULL
),
due AS (
  SELECT d.idx, count(*) AS n
  FROM (
    SELECT {shifted("made_on")} AS idx,
           CASE WHEN ceased_on IS NULL THEN NULL ELSE {month_index("ceased_on")} END AS gone
    FROM plans_ehcplan WHERE made_on BETWEEN %(anchor_start)s AND %(anchor_end)s
    UNION ALL
    SELECT {shifted("a.meeting_on")}, p.idx
    FROM reviews_annualreview a
    LEFT JOIN ceased_plans p ON p.id = a.plan_id
    WHERE NOT a.is_interim AND a.meeting_on BETWEEN %(anchor_start)s AND %(anchor_end)s
  ) d
  WHERE d.idx BETWEEN %(first_idx)s AND %(last_idx)s AND (d.gone IS NULL OR d.gone >= d.idx)
  GROUP BY 1
),
completed AS (
  SELECT {month_index("decision_on")} AS idx, count(*) AS n,
         count(*) FILTER (WHERE decision_on - meeting_on <= {decision_days}) AS on_time
  FROM reviews_annualreview WHERE decision_on BETWEEN %(start)s AND %(end)s GROUP BY 1
),
transfers AS (
  SELECT {month_index("t.due")} AS idx, count(*) AS n,
         count(*) FILTER (WHERE t.amended_plan_issued_on <= t.due) AS on_time
  FROM (
    SELECT amended_plan_issued_on,
           CASE WHEN to_phase = 'post16'
                THEN make_date(transfer_year, {post16_month}, {post16_day})
                ELSE make_date(transfer_year, {school_month}, {school_day}) END - 1 AS due
    FROM reviews_phasetransfer
    WHERE transfer_year BETWEEN %(first_year)s AND %(last_year)s
  ) t
  WHERE t.due BETWEEN %(start)s AND %(end)s
  GROUP BY 1
)
SELECT to_char(months.first, 'YYYY-MM'), COALESCE(received.n, 0), COALESCE(issued.issued, 0),
       COALESCE(issued.excluding, 0), COALESCE(issued.within, 0),
       COALESCE(open_counts.o30, 0), COALESCE(open_counts.o52, 0),
       COALESCE(ceased.n, 0), COALESCE(due.n, 0), COALESCE(completed.n, 0),
       COALESCE(completed.on_time, 0), COALESCE(transfers.n, 0), COALESCE(transfers.on_time, 0)
FROM months
LEFT JOIN received USING (idx)
LEFT JOIN issued USING (idx)
LEFT JOIN open_counts USING (idx)
LEFT JOIN ceased USING (idx)
LEFT JOIN due USING (idx)
LEFT JOIN completed USING (idx)
LEFT JOIN transfers USING (idx)
ORDER BY months.idx
"""


FLOOR_KEYS = [
    "requests_received",
    "plans_issued",
    "plans_issued_excluding_exceptions",
    "issued_within_20_weeks",
    "open_over_30_weeks",
    "open_over_52_weeks",
    "plans_ceased",
    "annual_reviews_due",
    "annual_reviews_completed",
    "annual_reviews_completed_on_time",
    "phase_transfers_due",
    "phase_transfers_completed_on_time",
]


def floor(first, last) -> list[dict]:
    from django.db import connection

    from openehcp.reporting.months import month_range
    from openehcp.reporting.scorecard import review_anchor_range

    span = [first.plus(-1), *month_range(first, last)]
    anchors = [review_anchor_range(m) for m in span]
    params = {
        "start": span[0].first,
        "end": span[-1].last,
        "last_first": span[-1].first,
        "first_last": span[0].last,
        "anchor_start": anchors[0][0],
        "anchor_end": anchors[-1][1],
        "first_idx": span[0].year * 12 + span[0].month,
        "last_idx": span[-1].year * 12 + span[-1].month,
        "first_year": span[0].year,
        "last_year": span[-1].year,
    }
    with connection.cursor() as cursor:
        cursor.execute(floor_sql(), params)
        rows = cursor.fetchall()
    result = []
    for month, *values in rows:
        result.append({"month": month, **dict(zip(FLOOR_KEYS, map(int, values), strict=True))})
    return result[1:]


def _percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50_ms": round(statistics.median(ordered), 1), "p95_ms": round(p95, 1)}


def _time(function, runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and this process's CPU milliseconds of each run."""
    function()  # warm the connection, the plan cache and the clock's caches
    samples, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        function()
        samples.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return samples, cpu


def _setup(scale: str) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openehcp.config.settings")
    ensure_database(DATABASE.format(scale=scale))
    django.setup()


def prepare(scale: str) -> dict:
    """Migrate the scale's database and load it unless it already holds this scale's rows."""
    _setup(scale)
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    seconds = None
    if _loaded(scale) is None:
        started = time.perf_counter()
        load(scale)
        seconds = round(time.perf_counter() - started, 1)
    # As autovacuum keeps a live database: statistics and the visibility map up to date.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return {"load_seconds": seconds}


def measure(scale: str) -> dict:
    _setup(scale)
    from openehcp.reporting.months import Month
    from openehcp.reporting.scorecard import monthly_scorecard

    counts = _loaded(scale)
    first, last = Month.parse(FIRST), Month.parse(LAST)
    runs = SCALES[scale]["runs"]
    floor_rows = floor(first, last)
    tracemalloc.start()
    card = monthly_scorecard(first, last)
    _, python_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    same = all(
        row[key] == floor_row[key] and row["month"] == floor_row["month"]
        for row, floor_row in zip(card, floor_rows, strict=True)
        for key in FLOOR_KEYS
    )
    if not same:
        raise AssertionError(f"the floor query disagrees:\n{card}\n{floor_rows}")
    orm_samples, orm_cpu = _time(lambda: monthly_scorecard(first, last), runs)
    orm = {**_percentiles(orm_samples), "python_cpu_p50_ms": round(statistics.median(orm_cpu), 1)}
    sql = _percentiles(_time(lambda: floor(first, last), runs)[0])
    target_ms = 200 if scale == "council" else 3000
    with open("/proc/loadavg", encoding="ascii") as handle:
        load_average = float(handle.read().split()[0])
    return {
        "scale": scale,
        "rows": counts,
        "months": f"{FIRST} to {LAST}",
        "runs": runs,
        "scorecard": orm,
        "floor_single_query": sql,
        "ratio_p50_to_floor": round(orm["p50_ms"] / sql["p50_ms"], 2),
        "same_numbers_as_floor": same,
        "target_ms": target_ms,
        "meets_target": orm["p95_ms"] < target_ms,
        "peak_python_allocations_kb": round(python_peak / 1024),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "machine_load_average": load_average,
        "plans_issued_2025": sum(row["plans_issued"] for row in card),
        "percent_within_20_weeks_2025": card[-1]["cumulative_percent_within_20_weeks"],
    }


if __name__ == "__main__":
    scale, step = sys.argv[1], sys.argv[2]
    print(json.dumps(prepare(scale) if step == "load" else measure(scale)))
