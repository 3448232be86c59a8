"""``openehcp export cases FILE``: the case history in the import format (.csv or .xlsx)."""

from django.core.management.base import BaseCommand

from openehcp.casefiles.exporter import export_cases


class Command(BaseCommand):
    help = "Export every request for assessment in the OpenEHCP case-history format."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["cases"], help="what to export: cases")
        parser.add_argument("file", help="the .csv or .xlsx file to write")

    def handle(self, *args, what, file, **options):
        count = export_cases(file)
        self.stdout.write(f"Exported {count} rows to {file}")
