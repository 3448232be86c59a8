"""Importing a case-history file: every row checked first, then saved in one transaction.

Rules (README, "Case history files"):
- every problem is reported as ``line N, column: message``, all of them, not the first;
- by default nothing is imported if any row has a problem; with ``skip_invalid`` the good rows are
  imported and the bad ones written to a rejects file beside a report;
- the same file imported twice changes nothing; a corrected file updates requests by request_ref
  and people by person_ref (the file is the record of what it holds);
- the whole import is one database transaction, so an interruption leaves the database as it was;
- rows are streamed in batches with bulk writes, and the checks between rows are done in SQL on a
  temporary table (``crossrows``), so large files need neither much memory nor one query per row.
"""

import csv
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from openehcp.accounts.models import User
from openehcp.assessments.models import (
    Activity,
    AssessmentRequest,
    Decision,
    TimescaleException,
)
from openehcp.establishments.models import Establishment
from openehcp.people.models import Child
from openehcp.people.placements import move_settings_in_bulk
from openehcp.plans.models import EHCPlan
from openehcp.reviews.models import AnnualReview

from .crossrows import FileKeys
from .format import COLUMNS, Problem
from .models import ImportedPerson
from .reader import FileRejected, open_case_file
from .validation import CaseRow, check_row

BATCH = 2000
_HISTORY_OWN_FIELDS = {
    "history_id",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user",
}
Progress = Callable[[int, int], None]


@dataclass
class ImportSummary:
    file: str
    rows_read: int = 0
    people_created: int = 0
    people_updated: int = 0
    requests_created: int = 0
    requests_updated: int = 0
    rejected: int = 0
    imported: bool = False
    dry_run: bool = False
    warnings: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    rejects_file: str = ""
    report_file: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


class _DryRunRollback(Exception):
    """Raised at the end of a dry run to undo its writes."""


def import_cases(
    path: str | Path,
    *,
    dry_run: bool = False,
    skip_invalid: bool = False,
    caseworker: User | None = None,
    user: User | None = None,
    today: date | None = None,
    progress: Progress | None = None,
) -> ImportSummary:
    """Check and import a case-history file; see the module docstring for the rules.

    ``caseworker`` is given to new children whose setting has no linked caseworker.
    """
    path = Path(path)
    today = today or timezone.localdate()
    summary = ImportSummary(file=path.name, dry_run=dry_run)
    try:
        case_file = open_case_file(path)
    except FileRejected as rejected:
        summary.problems = [str(problem) for problem in rejected.problems]
        return summary
    summary.warnings = [str(problem) for problem in case_file.warnings]

    problems: list[Problem] = []
    bad_lines: set[int] = set()
    writer = _Writer(
        summary,
        caseworker=caseworker,
        user=user,
        skip_invalid=skip_invalid,
        file=path.name,
        today=today,
    )
    rejects = None
    try:
        with transaction.atomic(), FileKeys() as keys:
            # Pass 1: the file on its own, each row then against the others.
            for row in case_file.rows():
                summary.rows_read += 1
                checked, row_problems = check_row(row.line, row.values, today=today)
                if checked is not None:
                    keys.add(checked)
                else:
                    problems.extend(row_problems)
                    bad_lines.add(row.line)
            if summary.rows_read == 0:
                summary.problems = ["The file has a header but no rows"]
                return summary
            for problem in keys.problems():
                problems.append(problem)
                bad_lines.add(problem.line)
            if progress:
                progress(0, summary.rows_read)

            # Pass 2: against the database, saving as it goes.
            writer.keys = keys
            rejects = _Rejects(path) if skip_invalid else None
            writer.run(case_file.rows(), bad_lines, problems, rejects, progress)
            problems.sort(
                key=lambda problem: (
                    problem.line,
                    COLUMNS.index(problem.column) if problem.column in COLUMNS else -1,
                )
            )
            summary.problems = [str(problem) for problem in problems]
            if problems and not skip_invalid:
                raise _DryRunRollback
            if dry_run:
                raise _DryRunRollback
    except _DryRunRollback:
        pass
    finally:
        if rejects:
            rejects.close()
    summary.imported = not dry_run and (skip_invalid or not problems)
    summary.rejected = len(bad_lines | writer.rejected_lines)
    if rejects and summary.rejected:
        summary.rejects_file = rejects.path.name
        summary.report_file = rejects.write_report(summary)
    elif rejects:
        rejects.discard()
    return summary


class _Rejects:
    """The rejected rows, with their line numbers, and a report, written beside the input file."""

    def __init__(self, source: Path) -> None:
        self.path = source.with_name(f"{source.stem}.rejects.csv")
        self.report_path = source.with_name(f"{source.stem}.report.txt")
        self.handle = open(self.path, "w", encoding="utf-8", newline="")
        self.writer = csv.writer(self.handle)
        self.writer.writerow(["line", *COLUMNS])

    def add(self, line: int, values: dict) -> None:
        self.writer.writerow([line, *(_as_text(values.get(name)) for name in COLUMNS)])

    def close(self) -> None:
        if not self.handle.closed:
            self.handle.close()

    def discard(self) -> None:
        self.close()
        self.path.unlink(missing_ok=True)

    def write_report(self, summary: ImportSummary) -> str:
        lines = [f"Import of {summary.file}", ""]
        for key in (
            "rows_read",
            "people_created",
            "people_updated",
            "requests_created",
            "requests_updated",
            "rejected",
        ):
            lines.append(f"{key.replace('_', ' ')}: {getattr(summary, key)}")
        lines += ["", "Warnings:", *summary.warnings, "", "Problems:", *summary.problems]
        self.report_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return self.report_path.name


def _as_text(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value)


class _Writer:
    """Pass 2: checks each batch against the database, then writes it with bulk queries."""

    def __init__(self, summary, *, caseworker, user, skip_invalid, file, today) -> None:
        self.summary = summary
        self.today = today
        self.default_caseworker = caseworker
        self.user = user
        self.user_id = user.pk if user else None
        # Who a form opened before the import names as having changed the record: the person
        # who uploaded the file, else the command's --caseworker.
        editor = user or caseworker
        self.changed_by_id = editor.pk if editor else None
        self.now = timezone.now()
        self.skip_invalid = skip_invalid
        self.reason = f"Imported from case history file {file}"
        self.rejected_lines: set[int] = set()
        self.bad_lines: set[int] = set()
        self.keys: FileKeys | None = None
        self.settings: dict[str, Establishment | None] = {}
        self.writing = True

    def run(self, rows: Iterable, bad_lines: set[int], problems: list, rejects, progress) -> None:
        batch: list[tuple[CaseRow, dict]] = []
        done = 0
        self.bad_lines = bad_lines
        for row in rows:
            done += 1
            if row.line in bad_lines:
                if rejects:
                    rejects.add(row.line, row.values)
                continue
            checked, _ = check_row(row.line, row.values, today=self.today)
            batch.append((checked, row.values))
            if len(batch) >= BATCH:
                self._batch(batch, problems, rejects)
                batch = []
                if progress:
                    progress(done, self.summary.rows_read)
        if batch:
            self._batch(batch, problems, rejects)
        if progress:
            progress(done, self.summary.rows_read)

    def _mark_changed(self, record) -> None:
        """Move the edit lock on (``openehcp.web.locking``) with who imported and when, so a form
        opened before the import reports a conflict naming them."""
        record.version += 1
        record.changed_by_id = self.changed_by_id
        record.changed_at = self.now

    # -- writing with history ------------------------------------------------------------------

    def _create(self, objects: list, model) -> None:
        model.objects.bulk_create(objects, batch_size=BATCH)
        self._history(model, [obj.pk for obj in objects], "+")

    def _update(self, objects: list, model, fields: list[str]) -> None:
        model.objects.bulk_update(objects, fields, batch_size=BATCH)
        self._history(model, [obj.pk for obj in objects], "~")

    def _history(self, model, pks: list[int], history_type: str) -> None:
        """The simple-history rows of records saved in bulk, written by one INSERT ... SELECT
        that copies the saved rows: the same rows ``save()`` would record, without building a
        historical object per record in Python."""
        history = model.history.model
        quote = connection.ops.quote_name
        columns = ", ".join(
            quote(field.column)
            for field in history._meta.concrete_fields
            if field.name not in _HISTORY_OWN_FIELDS
        )
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        for start in range(0, len(pks), BATCH):
            chunk = pks[start : start + BATCH]
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {quote(history._meta.db_table)} ({columns}, history_date, "
                    "history_change_reason, history_type, history_user_id) "
                    f"SELECT {columns}, %s, %s, %s, %s FROM {quote(model._meta.db_table)} "
                    f"WHERE {quote(model._meta.pk.column)} IN ({', '.join(['%s'] * len(chunk))})",
                    [now, self.reason, history_type, self.user_id, *chunk],
                )

    def _activities(self, pks: list[int]) -> None:
        """An "imported" entry in each new request's activity log, dated the day it was received,
        written set-based like the history rows."""
        quote = connection.ops.quote_name
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        for start in range(0, len(pks), BATCH):
            chunk = pks[start : start + BATCH]
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {quote(Activity._meta.db_table)} "
                    "(request_id, occurred_on, kind, description, author_id, recorded_at) "
                    f"SELECT id, received_on, %s, %s, %s, %s "
                    f"FROM {quote(AssessmentRequest._meta.db_table)} "
                    f"WHERE id IN ({', '.join(['%s'] * len(chunk))})",
                    ["imported", f"{self.reason}.", self.user_id, now, *chunk],
                )

    # -- one batch ---------------------------------------------------------------------------

    def _batch(self, batch, problems: list, rejects) -> None:
        self._load_settings({row.setting_urn for row, _ in batch if row.setting_urn})
        people = {
            imported.person_ref: imported.child
            for imported in ImportedPerson.objects.filter(
                person_ref__in={row.person_ref for row, _ in batch}
            ).select_related("child")
        }
        requests = {
            request.reference: request
            for request in AssessmentRequest.objects.filter(
                reference__in=[row.request_ref for row, _ in batch]
            )
        }
        with_plans = set(
            EHCPlan.objects.filter(origin_request__in=requests.values()).values_list(
                "origin_request__reference", flat=True
            )
        )
        upns = {row.upn for row, _ in batch if row.upn}
        taken_upns = dict(
            Child.objects.filter(upn__in=upns).values_list("upn", "pk") if upns else []
        )

        good: list[CaseRow] = []
        for row, values in batch:
            row_problems = self._db_problems(row, people, requests, with_plans, taken_upns)
            if row_problems:
                problems.extend(row_problems)
                self.rejected_lines.add(row.line)
                if rejects:
                    rejects.add(row.line, values)
                if not self.skip_invalid:
                    self.writing = False
            else:
                good.append(row)
        if not self.writing:
            return
        children = self._save_people(good, people)
        saved = self._save_requests(good, children, requests)
        self._save_exceptions(good, saved)
        self._save_plans(good, children, saved)

    def _load_settings(self, urns: set[str]) -> None:
        missing = urns - self.settings.keys()
        if not missing:
            return
        found = {e.urn: e for e in Establishment.objects.filter(urn__in=missing)}
        for urn in missing:
            self.settings[urn] = found.get(urn)

    def _db_problems(self, row: CaseRow, people, requests, with_plans, taken_upns) -> list:
        problems = []
        if row.setting_urn and self.settings.get(row.setting_urn) is None:
            problems.append(
                Problem(
                    row.line,
                    "setting_urn",
                    f"no setting with URN {row.setting_urn} in the settings register",
                )
            )
        child = people.get(row.person_ref)
        request = requests.get(row.request_ref)
        if request is not None and (child is None or request.child_id != child.pk):
            problems.append(
                Problem(row.line, "request_ref", f"{row.request_ref} belongs to another child")
            )
        if row.request_ref in with_plans and row.outcome != "plan_issued":
            problems.append(
                Problem(
                    row.line,
                    "outcome",
                    f"{row.request_ref} already has an EHC plan; an import cannot un-issue it",
                )
            )
        if child is None:
            setting = self.settings.get(row.setting_urn) if row.setting_urn else None
            if not (setting and setting.linked_caseworker_id) and self.default_caseworker is None:
                problems.append(
                    Problem(
                        row.line,
                        "setting_urn",
                        "no caseworker for this new child: the setting has no linked "
                        "caseworker; name a default caseworker for the import",
                    )
                )
        owner = taken_upns.get(row.upn) if row.upn else None
        if owner is not None and (child is None or owner != child.pk):
            problems.append(Problem(row.line, "upn", "is already recorded for another child"))
        return problems

    def _save_people(self, rows: list[CaseRow], people: dict[str, Child]) -> dict[str, Child]:
        latest: dict[str, CaseRow] = {}
        for row in rows:
            latest[row.person_ref] = row
        new, changed, changed_refs, moved = [], [], [], []
        for ref, row in latest.items():
            setting = self.settings.get(row.setting_urn) if row.setting_urn else None
            wanted = {
                "forename": row.forename,
                "surname": row.surname,
                "date_of_birth": row.date_of_birth,
                "sex": row.sex,
                "upn": row.upn,
                "postcode": row.postcode,
                "primary_need": row.primary_need,
            }
            if setting is not None:
                wanted["establishment_id"] = setting.pk
            child = people.get(ref)
            if child is None:
                caseworker_id = (
                    setting.linked_caseworker_id
                    if setting and setting.linked_caseworker_id
                    else self.default_caseworker.pk
                )
                child = Child(caseworker_id=caseworker_id, **wanted)
                new.append((ref, child))
                if setting is not None:
                    moved.append(child)
            elif any(getattr(child, name) != value for name, value in wanted.items()):
                if child.establishment_id != wanted.get("establishment_id", child.establishment_id):
                    moved.append(child)
                for name, value in wanted.items():
                    setattr(child, name, value)
                self._mark_changed(child)
                changed.append(child)
                changed_refs.append(ref)
            people[ref] = child
        if new:
            self._create([child for _, child in new], Child)
            ImportedPerson.objects.bulk_create(
                [ImportedPerson(person_ref=ref, child=child) for ref, child in new]
            )
        if changed:
            self._update(
                changed,
                Child,
                [
                    "forename",
                    "surname",
                    "date_of_birth",
                    "sex",
                    "upn",
                    "postcode",
                    "primary_need",
                    "establishment",
                    *_LOCK_FIELDS,
                ],
            )
        if moved:
            # The setting attended changed: the placement history ends the old placement and
            # starts the new one on the day of the import.
            move_settings_in_bulk(moved, on=self.today, user=self.user)
        # A person counts once: created if new (a person saved earlier in this import is in the
        # database by now, so is never new twice), updated if changed by the first batch that
        # saves them (a later row of a person created or saved earlier does not count again).
        self.summary.people_created += len(new)
        if changed_refs:
            saved_before = self._saved_before(changed_refs, rows[0].line)
            self.summary.people_updated += len(changed_refs) - len(saved_before)
        return people

    def _saved_before(self, person_refs: list[str], line: int) -> set[str]:
        """Which of these people had a row saved by an earlier batch: a row above ``line`` that
        was neither rejected nor failed its checks."""
        return {
            ref
            for ref, earlier in self.keys.lines_before(person_refs, line)
            if earlier not in self.bad_lines and earlier not in self.rejected_lines
        }

    def _save_requests(self, rows, children, requests) -> dict[str, AssessmentRequest]:
        new, changed = [], []
        for row in rows:
            wanted = _request_fields(row, self.settings)
            request = requests.get(row.request_ref)
            if request is None:
                request = AssessmentRequest(
                    reference=row.request_ref,
                    child=children[row.person_ref],
                    created_by=self.user,
                    **wanted,
                )
                new.append(request)
            elif any(getattr(request, name) != value for name, value in wanted.items()):
                for name, value in wanted.items():
                    setattr(request, name, value)
                self._mark_changed(request)
                changed.append(request)
            requests[row.request_ref] = request
        if new:
            self._create(new, AssessmentRequest)
            self._activities([request.pk for request in new])
        if changed:
            self._update(changed, AssessmentRequest, [*_REQUEST_FIELDS, *_LOCK_FIELDS])
        self.summary.requests_created += len(new)
        self.summary.requests_updated += len(changed)
        return requests

    def _save_exceptions(self, rows, requests) -> None:
        """A row's timescale_exception is the request's one recorded exception; blank removes it.

        The file holds the reason only: the period recorded is the statutory assessment period
        (request received to the outcome, or to the 20-week date while pending).
        """
        by_request = {}
        for exception in TimescaleException.objects.filter(
            request__in=[requests[row.request_ref] for row in rows]
        ).order_by("pk"):
            by_request.setdefault(exception.request_id, []).append(exception)
        new, changed, removed = [], [], []
        for row in rows:
            request = requests[row.request_ref]
            existing = by_request.get(request.pk, [])
            if not row.timescale_exception:
                removed.extend(existing)
                continue
            ends_on = row.outcome_date or row.decision_date or row.request_received
            if existing:
                first = existing[0]
                if first.reason != row.timescale_exception:
                    first.reason = row.timescale_exception
                    changed.append(first)
                removed.extend(existing[1:])
            else:
                new.append(
                    TimescaleException(
                        request=request,
                        reason=row.timescale_exception,
                        starts_on=row.request_received,
                        ends_on=ends_on,
                        justification=f"{self.reason}: the period was not recorded.",
                        recorded_by=self.user,
                    )
                )
        if new:
            self._create(new, TimescaleException)
        if changed:
            self._update(changed, TimescaleException, ["reason"])
        for exception in removed:
            exception.delete()

    def _save_plans(self, rows, children, requests) -> None:
        issued = [row for row in rows if row.outcome == "plan_issued"]
        if not issued:
            return
        plans = {
            plan.origin_request_id: plan
            for plan in EHCPlan.objects.filter(
                origin_request__in=[requests[row.request_ref] for row in issued]
            )
        }
        new, changed = [], []
        for row in issued:
            request = requests[row.request_ref]
            setting = self.settings.get(row.setting_urn) if row.setting_urn else None
            wanted = {
                "made_on": row.outcome_date,
                "ceased_on": row.plan_ceased,
                "cease_reason": row.cease_reason,
                "named_establishment_id": setting.pk if setting else None,
            }
            plan = plans.get(request.pk)
            if plan is None:
                plan = EHCPlan(child=children[row.person_ref], origin_request=request, **wanted)
                new.append(plan)
            elif any(getattr(plan, name) != value for name, value in wanted.items()):
                for name, value in wanted.items():
                    setattr(plan, name, value)
                self._mark_changed(plan)
                changed.append(plan)
            plans[request.pk] = plan
        if new:
            self._create(new, EHCPlan)
        if changed:
            self._update(
                changed,
                EHCPlan,
                ["made_on", "ceased_on", "cease_reason", "named_establishment", *_LOCK_FIELDS],
            )
        self._save_reviews(issued, requests, plans)

    def _save_reviews(self, rows, requests, plans) -> None:
        """``last_review`` is the date the council last sent its review decision (SEN2
        ``LastReview``). A review is added when the plan has none decided on or after it; reviews
        recorded in OpenEHCP since are kept."""
        reviewed = [row for row in rows if row.last_review]
        if not reviewed:
            return
        plan_ids = [plans[requests[row.request_ref].pk].pk for row in reviewed]
        latest = dict(
            AnnualReview.objects.filter(plan_id__in=plan_ids)
            .values("plan_id")
            .annotate(latest=Max("decision_on"))
            .values_list("plan_id", "latest")
        )
        new = []
        for row in reviewed:
            plan = plans[requests[row.request_ref].pk]
            known = latest.get(plan.pk)
            if known is None or known < row.last_review:
                new.append(
                    AnnualReview(plan=plan, decision_on=row.last_review, recorded_by=self.user)
                )
        if new:
            self._create(new, AnnualReview)


_LOCK_FIELDS = ("version", "changed_by", "changed_at")
_REQUEST_FIELDS = (
    "received_on",
    "source",
    "decision_to_assess",
    "decision_on",
    "decision_to_issue",
    "issue_decision_on",
    "final_issued_on",
    "named_establishment_id",
    "withdrawn_on",
)


def _request_fields(row: CaseRow, settings: dict) -> dict:
    """How a row's decision and outcome map onto the request's statutory steps."""
    withdrawn_on = None
    decision, decided_on = "", None
    if row.decision_to_assess in ("yes", "no"):
        decision, decided_on = row.decision_to_assess, row.decision_date
    elif row.decision_to_assess == "withdrawn":
        withdrawn_on = row.decision_date
    to_issue, issue_decided_on, final_on, named = "", None, None, None
    if row.outcome == "plan_issued":
        to_issue, final_on = Decision.YES, row.outcome_date
        setting = settings.get(row.setting_urn) if row.setting_urn else None
        named = setting.pk if setting else None
    elif row.outcome == "not_issued":
        to_issue, issue_decided_on = Decision.NO, row.outcome_date
    elif row.outcome == "withdrawn":
        withdrawn_on = row.outcome_date
    return {
        "received_on": row.request_received,
        "source": row.request_source,
        "decision_to_assess": decision,
        "decision_on": decided_on,
        "decision_to_issue": to_issue,
        "issue_decision_on": issue_decided_on,
        "final_issued_on": final_on,
        "named_establishment_id": named,
        "withdrawn_on": withdrawn_on,
    }
