"""``openehcp demo``: load the synthetic demo council (used by ``make demo``)."""

from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from openehcp.demo.generator import DEFAULT_CHILDREN, DEFAULT_SEED, DEFAULT_YEARS, load_demo
from openehcp.demo.users import logins_table
from openehcp.localoffer.demo import load_local_offer


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"Enter --today as a date like 2026-11-27, not {value!r}") from error


class Command(BaseCommand):
    help = (
        "Load a synthetic council: demo logins, settings, caseworkers and children with plans, "
        "with years of requests, assessments and reviews. Running it again with the same options "
        "does nothing; other options (or --reset) replace the case data."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--children",
            type=int,
            default=DEFAULT_CHILDREN,
            help=f"Children with an EHC plan (default {DEFAULT_CHILDREN:,}; 640,000 for England).",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help="Random seed: the same seed gives the same data.",
        )
        parser.add_argument(
            "--years",
            type=int,
            default=DEFAULT_YEARS,
            help=f"Years of history (default {DEFAULT_YEARS}).",
        )
        parser.add_argument(
            "--today",
            type=_date,
            default=None,
            help="Generate the history relative to this day (YYYY-MM-DD) instead of today.",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete every child and case record in this database first, then load.",
        )

    def handle(self, *args, children, seed, years, today, reset, **options):
        if settings.PRODUCTION:
            raise CommandError(
                "The demo data is for demo and test databases only: run with OPENEHCP_MODE=demo."
            )
        try:
            result = load_demo(
                children=children,
                seed=seed,
                years=years,
                today=today,
                reset=reset,
                progress=lambda line: self.stdout.write(line),
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        dataset = result.dataset
        services = load_local_offer(seed=seed, today=dataset.today)
        if services:
            self.stdout.write(f"Loaded the Local Offer: {services} services.")
        if result.skipped:
            self.stdout.write(
                f"Demo data already loaded ({dataset}, relative to {dataset.today:%d %B %Y}). "
                "Use --reset to load it again."
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Loaded {result.rows:,} rows in {result.seconds:.1f} s "
                    f"({result.rows_per_second:,.0f} rows/s), relative to {dataset.today:%d %B %Y}."
                )
            )
            for label, count in result.counts.items():
                self.stdout.write(f"  {label:<16} {count:>10,}")
            for label, value in result.summary.items():
                self.stdout.write(f"  {label}: {value}")
        self.stdout.write("")
        self.stdout.write("Demo logins")
        self.stdout.write(logins_table(result.logins))
