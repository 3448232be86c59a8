"""``openehcp forecast [--json]``: plans expected over the next 5 years, by age group."""

import json

from django.core.management.base import BaseCommand
from django.utils import timezone

from openehcp.reporting.forecast import plans_forecast


class Command(BaseCommand):
    help = (
        "Forecast the EHC plans maintained on 1 January of each of the next 5 years, by age "
        "group, with the method and its back-test error (MAPE)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="print JSON for other tools")

    def handle(self, *args, **options):
        data = plans_forecast(today=timezone.localdate())
        if options["json"]:
            self.stdout.write(json.dumps(data, indent=2))
            return
        codes = [group["code"] for group in data["age_groups"]]
        header = ["Year", "", *[group["label"] for group in data["age_groups"]], "Total"]
        lines = [header]
        for kind, rows in (("actual", data["history"]), ("forecast", data["forecast"])):
            for row in rows:
                values = [str(row["by_age_group"][code]) for code in codes]
                lines.append([str(row["year"]), kind, *values, str(row["total"])])
        widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
        for line in lines:
            self.stdout.write(
                "  ".join(cell.rjust(w) for cell, w in zip(line, widths, strict=True))
            )
        mape = data["backtest"]["mape"]
        self.stdout.write("")
        self.stdout.write(f"Method: {data['method']}")
        self.stdout.write(
            "Back-test error (MAPE): " + (f"{mape}%" if mape is not None else "not enough history")
        )
