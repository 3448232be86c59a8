"""``openehcp sen2 --year 2027 [--output FILE] [--check] [--json] [--schema 2024|2026]``."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from openehcp.sen2.census import Period
from openehcp.sen2.report import run
from openehcp.sen2.xml import SCHEMAS

COUNT_LABELS = [
    ("persons", "Persons"),
    ("requests", "Requests"),
    ("assessments", "Assessments"),
    ("named_plans", "Named plans"),
    ("active_plans", "Active plans"),
]


class Command(BaseCommand):
    help = (
        "Produce the DfE's person-level SEN2 return for a collection year from the case record: "
        "write the XML, print a summary and the problems to fix. Exit status 1 if the XML fails "
        "the schema, 2 for a bad argument, 0 otherwise."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="collection year, e.g. 2027")
        parser.add_argument("--output", metavar="FILE", help="write the XML to FILE")
        parser.add_argument("--check", action="store_true", help="print the problems only")
        parser.add_argument("--json", action="store_true", help="print the summary as JSON")
        parser.add_argument(
            "--schema",
            choices=SCHEMAS,
            default="2024",
            help="2024 (default, validated) or 2026 (adds RequestSource; not validated)",
        )
        parser.add_argument("--serial", default="001", help="the header's SerialNo (digits)")

    def handle(self, *args, **options):
        try:
            Period.for_year(options["year"])
        except ValueError as error:
            raise CommandError(str(error), returncode=2) from None
        serial = options["serial"]
        if not (serial.isdigit() and len(serial) >= 3):
            raise CommandError("--serial must be 3 or more digits, like 001", returncode=2)
        result = run(options["year"], schema=options["schema"], serial=serial)
        if options["output"]:
            Path(options["output"]).write_bytes(result.xml)
        if options["json"]:
            self.stdout.write(json.dumps(result.as_json(), indent=2))
        elif options["check"]:
            for problem in result.problems:
                self.stdout.write(problem.as_line())
        else:
            self._summary(result, options["output"])
        if result.schema_errors:
            sys.exit(1)

    def _summary(self, result, output: str | None) -> None:
        period = result.sen2.period
        write = self.stdout.write
        lea = result.sen2.header.lea or "(not set)"
        write(
            f"SEN2 {period.year}: census day {period.reference.day} {period.reference:%B %Y}, "
            f"events from {period.starts.day} {period.starts:%B %Y}, LA {lea}"
        )
        counts = result.sen2.counts()
        for key, label in COUNT_LABELS:
            write(f"  {label}: {counts[key]}")
        if output:
            write(f"Written to {output}")
        if not result.validated:
            write(f"Schema {result.schema}: not validated (no public schema)")
        elif result.valid:
            write("Schema 2024: valid")
        else:
            write(f"Schema 2024: {len(result.schema_errors)} errors")
            for error in result.schema_errors:
                write(f"  {error}")
        write(f"Problems: {len(result.problems)}")
        for problem in result.problems:
            write(f"  {problem.as_line()}")
