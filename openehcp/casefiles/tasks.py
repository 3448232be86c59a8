"""The background task that runs an import started from the upload page."""

import json
import os
from pathlib import Path

from django.utils import timezone
from django_tasks import task

from .importer import import_cases
from .models import ImportJob


def progress_path(job: ImportJob) -> Path:
    """Progress is kept in a small file beside the upload, not in the database: the import holds
    one transaction open until it ends, so a row it updated would not be seen (and on SQLite could
    not even be written) by the page that shows the progress."""
    return Path(job.file.path).with_suffix(".progress.json")


def read_progress(job: ImportJob) -> tuple[int, int]:
    try:
        data = json.loads(progress_path(job).read_text())
    except (OSError, ValueError):
        return job.rows_done, job.rows_total
    return data["done"], data["total"]


@task()
def run_import(job_id: int) -> None:
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    job.status = ImportJob.Status.CHECKING
    job.save(update_fields=["status"])
    path = progress_path(job)

    def progress(done: int, total: int) -> None:
        partial = path.with_suffix(".tmp")
        partial.write_text(json.dumps({"done": done, "total": total}))
        os.replace(partial, path)

    try:
        summary = import_cases(
            job.file.path,
            dry_run=job.dry_run,
            skip_invalid=job.skip_invalid,
            caseworker=job.default_caseworker,
            user=job.created_by,
            progress=progress,
        )
    except Exception:
        job.status = ImportJob.Status.FAILED
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "finished_at"])
        raise
    job.summary = summary.as_dict()
    job.rows_done, job.rows_total = read_progress(job)
    if summary.imported or (job.dry_run and not summary.problems):
        job.status = ImportJob.Status.DONE
    else:
        job.status = ImportJob.Status.REJECTED
    job.finished_at = timezone.now()
    job.save(update_fields=["summary", "rows_done", "rows_total", "status", "finished_at"])
    path.unlink(missing_ok=True)
