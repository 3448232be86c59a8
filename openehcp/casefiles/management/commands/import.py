"""``openehcp import cases FILE [--dry-run] [--skip-invalid] [--caseworker USERNAME]``."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from openehcp.accounts.models import User
from openehcp.casefiles.importer import import_cases


class Command(BaseCommand):
    help = "Import a council's case history (CSV or Excel) in the OpenEHCP case-history format."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["cases"], help="what to import: cases")
        parser.add_argument("file", help="the .csv or .xlsx file")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and count, but save nothing"
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="import the valid rows; write the others to FILE.rejects.csv with a report",
        )
        parser.add_argument(
            "--caseworker",
            help="username of the caseworker for new children whose setting has none linked",
        )

    def handle(self, *args, what, file, dry_run, skip_invalid, caseworker, **options):
        default_caseworker = None
        if caseworker:
            default_caseworker = User.objects.filter(username=caseworker, is_active=True).first()
            if default_caseworker is None:
                raise CommandError(f"--caseworker: there is no active user '{caseworker}'")
        bar = tqdm(total=0, unit="rows", desc="Importing", disable=None, file=self.stderr._out)

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.n = done
            bar.refresh()

        summary = import_cases(
            file,
            dry_run=dry_run,
            skip_invalid=skip_invalid,
            caseworker=default_caseworker,
            progress=progress,
        )
        bar.close()
        for warning in summary.warnings:
            self.stderr.write(f"Warning: {warning}")
        for problem in summary.problems:
            self.stderr.write(problem)
        self.stdout.write(
            f"Rows read: {summary.rows_read}\n"
            f"People created: {summary.people_created}, updated: {summary.people_updated}\n"
            f"Requests created: {summary.requests_created}, updated: {summary.requests_updated}\n"
            f"Rejected: {summary.rejected}"
        )
        if summary.rejects_file:
            self.stdout.write(
                f"Rejected rows: {summary.rejects_file}; report: {summary.report_file}"
            )
        if dry_run:
            self.stdout.write("Dry run: nothing was saved.")
        elif summary.imported:
            self.stdout.write(self.style.SUCCESS("Imported."))
        else:
            raise CommandError(
                f"Nothing was imported: {len(summary.problems)} problem(s) found. Correct the "
                "file, or use --skip-invalid to import the valid rows."
            )
