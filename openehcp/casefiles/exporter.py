"""Exporting case history in the same format the import reads, so an export imports back unchanged.

One row per request for assessment, streamed from one query (the plan, its last review and the
request's exception come from joins and subqueries, not a query per row). Cells that a spreadsheet
would run as a formula are neutralised.
"""

import csv
from collections.abc import Iterator
from pathlib import Path

from django.db.models import Max, OuterRef, Subquery

from openehcp.assessments.models import AssessmentRequest, Decision, TimescaleException

from .format import COLUMNS, neutralise
from .models import ImportedPerson


def export_rows(queryset=None) -> Iterator[dict[str, str]]:
    """Every request (or those of ``queryset``) as a row of the case-history format."""
    requests = (queryset if queryset is not None else AssessmentRequest.objects.all()).order_by(
        "child_id", "received_on", "reference"
    )
    requests = requests.select_related("child", "plan", "named_establishment").annotate(
        person_ref=Subquery(
            ImportedPerson.objects.filter(child=OuterRef("child")).values("person_ref")[:1]
        ),
        exception_reason=Subquery(
            TimescaleException.objects.filter(request=OuterRef("pk"))
            .order_by("pk")
            .values("reason")[:1]
        ),
        last_review=Max("plan__reviews__decision_on"),
    )
    for request in requests.iterator(chunk_size=2000):
        yield _row(request)


def _row(request: AssessmentRequest) -> dict[str, str]:
    child = request.child
    plan = getattr(request, "plan", None)
    decision, decision_date = request.decision_to_assess, request.decision_on
    outcome, outcome_date = "", None
    if request.final_issued_on:
        outcome, outcome_date = "plan_issued", request.final_issued_on
    elif request.decision_to_issue == Decision.NO:
        outcome, outcome_date = "not_issued", request.issue_decision_on
    elif request.withdrawn_on and decision == Decision.YES:
        outcome, outcome_date = "withdrawn", request.withdrawn_on
    elif request.withdrawn_on:
        decision, decision_date = "withdrawn", request.withdrawn_on
    setting = request.named_establishment if outcome == "plan_issued" else child.establishment
    values = {
        "person_ref": request.person_ref or f"OEH-{child.pk}",
        "forename": child.forename,
        "surname": child.surname,
        "date_of_birth": child.date_of_birth,
        "sex": child.sex,
        "upn": child.upn,
        "postcode": child.postcode,
        "primary_need": child.primary_need,
        "request_ref": request.reference,
        "request_received": request.received_on,
        "request_source": request.source,
        "decision_to_assess": decision,
        "decision_date": decision_date,
        "outcome": outcome,
        "outcome_date": outcome_date,
        "timescale_exception": request.exception_reason or "",
        "setting_urn": setting.urn if setting else "",
        "plan_ceased": plan.ceased_on if plan else None,
        "cease_reason": plan.cease_reason if plan else "",
        "last_review": request.last_review,
    }
    return {name: _cell(value) for name, value in values.items()}


def _cell(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return neutralise(str(value))


def export_cases(path: str | Path, queryset=None) -> int:
    """Write the case history to ``path`` (.csv, or .xlsx for Excel); return the rows written."""
    path = Path(path)
    rows = export_rows(queryset)
    if path.suffix.lower() == ".xlsx":
        return _write_xlsx(path, rows)
    count = 0
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def _write_xlsx(path: Path, rows) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Case history")
    sheet.append(list(COLUMNS))
    count = 0
    for row in rows:
        cells = []
        for name in COLUMNS:
            cell = WriteOnlyCell(sheet, value=row[name])
            cell.data_type = "s"  # text, never a formula
            cells.append(cell)
        sheet.append(cells)
        count += 1
    workbook.save(path)
    return count
