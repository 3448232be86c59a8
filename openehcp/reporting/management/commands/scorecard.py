"""``openehcp scorecard --from 2022-01 --to 2022-12 [--json] [--csv FILE] [--xlsx FILE]``."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from openehcp.reporting.exports import scorecard_table, to_csv, to_xlsx
from openehcp.reporting.months import Month, month_range
from openehcp.reporting.scorecard import CHANGE_KEYS, KEYS, monthly_scorecard

TABLE_COLUMNS = [
    ("month", "Month"),
    ("requests_received", "Received"),
    ("plans_issued", "Issued"),
    ("plans_issued_excluding_exceptions", "Excl exc"),
    ("issued_within_20_weeks", "In 20 wk"),
    ("percent_within_20_weeks", "% 20 wk"),
    ("cumulative_percent_within_20_weeks", "Cum %"),
    ("open_over_30_weeks", "Open >30w"),
    ("open_over_52_weeks", "Open >52w"),
    ("plans_ceased", "Ceased"),
    ("annual_reviews_due", "AR due"),
    ("annual_reviews_completed_on_time", "AR on time"),
    ("phase_transfers_due", "PT due"),
    ("phase_transfers_completed_on_time", "PT on time"),
]


def render_table(rows: list[dict]) -> str:
    def cell(value):
        return "-" if value is None else str(value)

    widths = [
        max(len(header), *(len(cell(row[key])) for row in rows)) if rows else len(header)
        for key, header in TABLE_COLUMNS
    ]
    lines = ["  ".join(h.rjust(w) for (_, h), w in zip(TABLE_COLUMNS, widths, strict=True))]
    for row in rows:
        lines.append(
            "  ".join(
                cell(row[key]).rjust(w) for (key, _), w in zip(TABLE_COLUMNS, widths, strict=True)
            )
        )
    return "\n".join(lines)


class Command(BaseCommand):
    help = (
        "Print the monthly scorecard (requests, plans issued and within 20 weeks, open requests "
        "beyond 30 and 52 weeks, plans ceased, reviews, phase transfers) for a range of months."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="first", required=True, help="first month, YYYY-MM")
        parser.add_argument("--to", dest="last", required=True, help="last month, YYYY-MM")
        parser.add_argument("--json", action="store_true", help="print JSON for other tools")
        parser.add_argument("--csv", metavar="FILE", help="also write the scorecard as CSV")
        parser.add_argument("--xlsx", metavar="FILE", help="also write the scorecard as Excel")

    def handle(self, *args, **options):
        try:
            first, last = Month.parse(options["first"]), Month.parse(options["last"])
            month_range(first, last)
        except ValueError as error:
            raise CommandError(str(error)) from None
        rows = monthly_scorecard(first, last)
        if options["csv"]:
            headers, table = scorecard_table(rows, KEYS + CHANGE_KEYS)
            Path(options["csv"]).write_text(to_csv(headers, table), encoding="utf-8")
        if options["xlsx"]:
            headers, table = scorecard_table(rows, KEYS + CHANGE_KEYS)
            Path(options["xlsx"]).write_bytes(to_xlsx("Scorecard", headers, table))
        if options["json"]:
            self.stdout.write(json.dumps({"months": rows}, indent=2))
        else:
            self.stdout.write(render_table(rows))
