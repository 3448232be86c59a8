"""Benchmark: the statutory clock's full timeline for 1,000,000 synthetic cases.

Cases are generated deterministically (a seeded ``random.Random``) in chunks, so memory stays flat;
each case has a request and, in realistic proportions, a decision, advice requests, a draft, a final
plan, recorded exceptions, reviews, an amendment, a phase transfer and an appealed decision. Only
the engine (``openehcp.clock.timeline``) is timed, by the clock on the wall and by the process's
CPU time (the fairer figure on a shared machine). Reported: cases and deadlines per second, the
process's peak resident memory, and the Python memory traced while 10,000 timelines are computed
and held. ``BENCH_CLOCK_CASES`` changes the number of cases.

    python -m bench clock
"""

import os
import random
import resource
import time
import tracemalloc
from collections import Counter
from datetime import date, timedelta

from openehcp import clock
from openehcp.clock import AdviceRequest, CaseFacts, ExceptionPeriod, ExceptionReason, Phase

SEED = 2026
CHUNK = 10_000
AS_OF = date(2026, 1, 1)
FIRST_REQUEST = date(2016, 1, 1).toordinal()
REQUEST_DAYS = 3_650
REASONS = list(ExceptionReason)
PHASES = list(Phase)


def _days(n: int) -> timedelta:
    return timedelta(days=n)


def synthetic_cases(count: int, seed: int = SEED):
    """Yield ``count`` CaseFacts, the same ones for the same seed."""
    rng = random.Random(seed)
    randrange, chance = rng.randrange, rng.random
    for _ in range(count):
        received = date.fromordinal(FIRST_REQUEST + randrange(REQUEST_DAYS))
        refused = chance() < 0.3
        decision = received + _days(randrange(20, 60)) if chance() < 0.95 else None
        asked = [received + _days(randrange(42, 60)) for _ in range(0 if refused else 3)]
        advice = tuple(AdviceRequest(a, received_on=a + _days(randrange(20, 70))) for a in asked)
        draft = plan = meeting = last_review = notice = None
        exceptions = ()
        if not refused and chance() < 0.8:
            draft = received + _days(randrange(90, 150))
            if chance() < 0.9:
                plan = draft + _days(randrange(15, 80))
                if chance() < 0.6:
                    last_review = plan + _days(randrange(300, 400))
                if chance() < 0.6:
                    meeting = (last_review or plan) + _days(randrange(250, 400))
                    if chance() < 0.5:
                        notice = meeting + _days(randrange(7, 60))
        if chance() < 0.07:
            reason = REASONS[randrange(len(REASONS))]
            start = received + _days(randrange(0, 120))
            end = start + _days(randrange(7, 60))
            closure = reason.value.endswith("closure")
            asked = received + _days(randrange(0, 120)) if closure else None
            exceptions = (ExceptionPeriod(reason, start, end, asked),)
        appealed = received + _days(randrange(40, 200)) if chance() < 0.1 else None
        yield CaseFacts(
            received_on=received,
            decision_on=decision,
            decided_to_assess=not refused,
            advice_requests=advice,
            draft_served_on=draft,
            plan_issued_on=plan,
            exceptions=exceptions,
            date_of_birth=received - _days(randrange(365, 365 * 18)),
            last_review_on=last_review,
            review_meeting_on=meeting,
            amendment_notice_on=notice,
            transfer_year=received.year + 1 if chance() < 0.25 else None,
            transfer_to=PHASES[randrange(len(PHASES))],
            appealable_decision_on=appealed,
            mediation_certificate_on=(
                appealed + _days(randrange(10, 60)) if appealed and chance() < 0.5 else None
            ),
        )


def run() -> dict:
    cases = int(os.environ.get("BENCH_CLOCK_CASES", "1000000"))
    timeline = clock.timeline
    statuses: Counter = Counter()
    deadlines = lifted = 0
    engine_seconds = engine_cpu_seconds = 0.0
    started = time.perf_counter()
    generator = synthetic_cases(cases)
    remaining = cases
    while remaining:
        chunk = [next(generator) for _ in range(min(CHUNK, remaining))]
        remaining -= len(chunk)
        tick, cpu_tick = time.perf_counter(), time.process_time()
        results = [timeline(facts, as_of=AS_OF) for facts in chunk]
        engine_seconds += time.perf_counter() - tick
        engine_cpu_seconds += time.process_time() - cpu_tick
        for result in results:
            deadlines += len(result)
            for deadline in result:
                statuses[deadline.status] += 1
                lifted += not deadline.time_limit_applies
    wall = time.perf_counter() - started
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "cases": cases,
        "deadlines": deadlines,
        "deadlines_per_case": round(deadlines / cases, 2),
        "limits_lifted_by_exceptions": lifted,
        "status_counts": {str(k): v for k, v in sorted(statuses.items(), key=str)},
        "engine_seconds": round(engine_seconds, 2),
        "cases_per_second": round(cases / engine_seconds),
        "deadlines_per_second": round(deadlines / engine_seconds),
        "engine_cpu_seconds": round(engine_cpu_seconds, 2),
        "cases_per_cpu_second": round(cases / engine_cpu_seconds),
        "wall_seconds_including_generation": round(wall, 2),
        "peak_rss_mb": round(peak_rss_mb, 1),
        "traced_peak_mb_10000_timelines_held": _traced_peak(10_000),
        "cpu_count": os.cpu_count(),
        "load_average_1min": round(os.getloadavg()[0], 2),
    }


def _traced_peak(count: int) -> float:
    """Peak Python memory (tracemalloc) computing and keeping ``count`` timelines."""
    chunk = list(synthetic_cases(count, seed=SEED + 1))
    tracemalloc.start()
    held = [clock.timeline(facts, as_of=AS_OF) for facts in chunk]
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    del held
    return round(peak / 1024 / 1024, 1)
