"""``openehcp import_gias FILE``: load the settings register from a GIAS all-data CSV."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from openehcp.establishments.gias import decode, import_gias


class Command(BaseCommand):
    help = (
        "Add or update the settings register from a GIAS 'edubasealldata' CSV download, by URN. "
        "Running it again with the same file changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the edubasealldataYYYYMMDD.csv file")

    def handle(self, *args, file: Path, **options):
        try:
            text = decode(file.read_bytes())
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from error
        try:
            report = import_gias(text)
        except ValueError as error:
            raise CommandError(str(error)) from error
        for line, urn, reason in report.rejected:
            self.stderr.write(f"Line {line}: URN {urn or '(blank)'} rejected: {reason}")
        self.stdout.write(
            f"Created {report.created}, updated {report.updated}, unchanged {report.unchanged}, "
            f"rejected {len(report.rejected)}."
        )
