"""Benchmark: rendering a 30-page EHC plan to an accessible PDF (and to Word).

The issue's bar: a 30-page plan renders to PDF in under 3 seconds on this machine. The plan is
synthetic but shaped like a real one - a one-page profile, needs in all four areas, health and
social care needs, outcomes with steps, quantified provision linked to needs and outcomes, a
personal budget and the advice list - with enough rows to fill about 30 A4 pages. It is rendered
by the same function the service uses (``openehcp.plans.rendering.render_pdf``, WeasyPrint,
PDF/UA-1) from a ``PlanDocument`` in memory, so no database is needed. The first render (fonts
and styles loaded cold) and the best of the next three are reported, by the clock on the wall and
by the process's CPU time (the fairer figure on a shared machine; the load average is reported
too), with the pages and size.
The PDF is saved to ``artefacts/example-plan.pdf`` (git-ignored) for people to look at.

    python -m bench plan_pdf
"""

import os
import random
import re
import subprocess
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

SEED = 30
TARGET_SECONDS = 3.0
ROWS = {"b": 14, "c": 4, "d": 3, "e": 16, "f": 26, "g": 5, "h1": 2, "h2": 3}
AREAS = (
    "Communication and interaction",
    "Cognition and learning",
    "Social, emotional and mental health",
    "Sensory and/or physical needs",
)
NEED_SENTENCES = (
    "Sam finds it hard to follow spoken instructions with more than two steps.",
    "Sam understands more when adults show pictures as well as talking.",
    "Sam reads at about the level of a typical seven-year-old and is slow to spell new words.",
    "Sam gets worried when plans change and may leave the room to calm down.",
    "Sam tires quickly when writing by hand and finds buttons and zips hard.",
    "Sam likes to play with one friend and finds groups noisy and confusing.",
    "Sam needs time to think before answering a question.",
)
GOALS = ("read a short book", "ask for help", "join a club", "write a paragraph")
PROVISION = (
    (
        "A speech and language therapist will work with Sam on understanding longer instructions.",
        "Speech and language therapist from the NHS trust",
        "Once a week, 30 minutes",
        "For the life of this plan, reviewed each term",
        "One to one",
    ),
    (
        "A teaching assistant trained in the reading programme will read with Sam.",
        "Teaching assistant, trained by the school's special needs teacher",
        "Every school day, 20 minutes",
        "Until the next annual review",
        "One to one",
    ),
    (
        "Sam will have a visual timetable on the desk, updated at the start of each lesson.",
        "Class teacher",
        "Every lesson",
        "For the life of this plan",
        "Whole class",
    ),
    (
        "An adult Sam knows will meet Sam at the gate and talk through the day.",
        "Named key adult",
        "Every morning, 10 minutes",
        "For the life of this plan",
        "One to one",
    ),
)


def sample_document(seed: int = SEED):
    """A synthetic plan of about 30 A4 pages, the same for the same seed."""
    from openehcp.plans.document import (
        AdviceLine,
        BudgetLine,
        NeedItem,
        OutcomeItem,
        PlanDocument,
        ProvisionItem,
    )

    rng = random.Random(seed)

    def words(sentences: int) -> str:
        return " ".join(rng.choice(NEED_SENTENCES) for _ in range(sentences))

    needs = []
    for code in ("b", "c", "d"):
        for number in range(1, ROWS[code] + 1):
            needs.append(
                NeedItem(
                    f"{code.upper()}{number}",
                    code,
                    "\n\n".join(words(4) for _ in range(2)),
                    AREAS[number % 4] if code == "b" else "",
                )
            )
    outcomes = [
        OutcomeItem(
            f"E{number}",
            f"By the end of Year 6, Sam will {rng.choice(GOALS)} without an adult beside them.",
            "First with an adult, then with a friend, then alone. " + words(2),
            f"By July {2027 + number % 3}",
            (f"B{1 + number % ROWS['b']}",),
            number > 12,
            "Independent living" if number > 12 else "",
        )
        for number in range(1, ROWS["e"] + 1)
    ]
    provisions = []
    for code in ("f", "g", "h1", "h2"):
        for number in range(1, ROWS[code] + 1):
            what, who, often, long, group = PROVISION[number % len(PROVISION)]
            provisions.append(
                ProvisionItem(
                    f"{code.upper()}{number}",
                    code,
                    what + " " + words(2),
                    who,
                    often,
                    long,
                    group,
                    (f"B{1 + number % ROWS['b']}",),
                    (f"E{1 + number % ROWS['e']}",),
                )
            )
    return PlanDocument(
        council="Demo Borough Council",
        child_name="Sam Example",
        date_of_birth=date(2015, 5, 4),
        version_title="Version 2: final plan, issued 3 March 2026",
        kind="Final plan",
        number=2,
        is_issued=True,
        issued_on=date(2026, 3, 3),
        reference="REQ-2026-00001",
        views={
            "child_views": words(6),
            "family_views": words(5),
            "interests": "Drawing, trains, swimming on Saturdays and helping in the garden.",
            "aspirations": "To work with animals, and to live near my family.",
            "profile_admired": "Kind, funny, very good at remembering train times.",
            "profile_important": "My dog, my grandad, knowing what will happen next.",
            "profile_support": "Tell me what is going to happen. Give me time to answer.",
        },
        needs=tuple(needs),
        outcomes=tuple(outcomes),
        provisions=tuple(provisions),
        placement_name="Riverside Primary School",
        placement_urn="100001",
        placement_type="Mainstream school",
        placement_notes="From September 2026.",
        budget=(
            BudgetLine(
                "Swimming lessons with a trained instructor (H2)",
                "The family books and pays for the lessons.",
                True,
                Decimal("1040.00"),
            ),
        ),
        advice=tuple(
            AdviceLine(title, date(2026, 1, 5) + timedelta(days=7 * n))
            for n, title in enumerate(
                (
                    "Psychological advice: educational psychology service",
                    "Medical advice: community paediatrician",
                    "Educational advice: Riverside Primary School",
                    "Social care advice: children with disabilities team",
                    "Views of the child and parents",
                )
            )
        ),
    )


def _pages(path: Path) -> int:
    """The page count, from poppler's ``pdfinfo``."""
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE).group(1))


def _timed(function, *args) -> tuple[object, float, float]:
    """(result, wall seconds, CPU seconds of this process)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = function(*args)
    return result, time.perf_counter() - wall, time.process_time() - cpu


def run() -> dict:
    os.environ.setdefault("OPENEHCP_MODE", "test")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openehcp.config.settings")
    import django

    django.setup()
    from django.conf import settings

    from openehcp.plans.rendering import render_docx, render_pdf

    document = sample_document()
    pdf, first_wall, first_cpu = _timed(render_pdf, document)
    runs = [_timed(render_pdf, document)[1:] for _ in range(3)]
    best_wall = min(wall for wall, _cpu in runs)
    best_cpu = min(cpu for _wall, cpu in runs)
    word, word_wall, _ = _timed(render_docx, document)

    out = Path(settings.BASE_DIR) / "artefacts" / "example-plan.pdf"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(pdf)
    return {
        "pages": _pages(out),
        "first_seconds": round(first_wall, 3),
        "first_cpu_seconds": round(first_cpu, 3),
        "best_seconds": round(best_wall, 3),
        "best_cpu_seconds": round(best_cpu, 3),
        "target_seconds": TARGET_SECONDS,
        "meets_target": best_wall < TARGET_SECONDS,
        "load_average": round(os.getloadavg()[0], 2),
        "pdf_bytes": len(pdf),
        "word_seconds": round(word_wall, 3),
        "word_bytes": len(word),
        "example": "artefacts/example-plan.pdf",
    }
