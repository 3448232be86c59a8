"""Reading the audit trail: field-by-field change history and the access log of a case.

Set-based: one query per kind of record for the history (whatever its length), one per kind of
related record named in it, and one for the access log.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import formats, timezone

from openehcp.assessments.models import (
    AdviceRequest,
    AssessmentRequest,
    Consultation,
    TimescaleException,
)
from openehcp.disagreements.models import Disagreement
from openehcp.people.models import Child, Contact
from openehcp.plans.models import EHCPlan
from openehcp.reviews.models import AnnualReview

from .models import AccessLog

# Bookkeeping fields whose changes say nothing to a reader of the history.
NOT_SHOWN = frozenset(
    {"id", "version", "changed_by", "changed_at", "created_at", "updated_at", "recorded_at"}
)
BLANK = "(blank)"


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    """One saved change to one record: who, when, which record, and what changed."""

    when: datetime
    who: object
    record: str
    kind: str
    changes: list[FieldChange] = field(default_factory=list)


def _labels():
    return {
        Child: lambda h: "Child's details",
        Contact: lambda h: f"Contact: {h.name}",
        AssessmentRequest: lambda h: f"Assessment request {h.reference}",
        AdviceRequest: lambda h: f"Advice request: {h.get_advisor_type_display()}",
        Consultation: lambda h: f"Consultation sent {_format(h.sent_on)}",
        TimescaleException: lambda h: f"Exception to the time limits: {h.get_reason_display()}",
        EHCPlan: lambda h: f"EHC plan made {_format(h.made_on)}",
        AnnualReview: lambda h: (
            "Annual review" + (f" on {_format(h.meeting_on)}" if h.meeting_on else "")
        ),
        Disagreement: lambda h: f"Disagreement: {h.get_decision_display()}",
    }


def _format(value) -> str:
    if value is None or value == "":
        return BLANK
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "j F Y H:i")
    if isinstance(value, date):
        return formats.date_format(value, "j F Y")
    return str(value)


class _Describer:
    """Turns raw values into words: choice labels, and names for ids of related records (fetched
    in one query per related model once every entry is known)."""

    def __init__(self):
        self.wanted: dict[type, set] = defaultdict(set)
        self.pending: list[tuple[FieldChange, models.Field, object, object]] = []

    def change(self, model_field, old, new) -> FieldChange:
        change = FieldChange(
            label=str(model_field.verbose_name).capitalize(),
            old=self._word(model_field, old),
            new=self._word(model_field, new),
        )
        if model_field.is_relation:
            for value in (old, new):
                if value is not None:
                    self.wanted[model_field.related_model].add(value)
            self.pending.append((change, model_field, old, new))
        return change

    @staticmethod
    def _word(model_field, value) -> str:
        if model_field.choices and value not in (None, ""):
            return str(dict(model_field.flatchoices).get(value, value))
        return _format(value)

    def resolve(self) -> None:
        names = {
            model: {pk: str(obj) for pk, obj in model._default_manager.in_bulk(ids).items()}
            for model, ids in self.wanted.items()
        }
        for change, model_field, old, new in self.pending:
            known = names[model_field.related_model]
            if old is not None:
                change.old = known.get(old, f"deleted record {old}")
            if new is not None:
                change.new = known.get(new, f"deleted record {new}")


def _entries(history_querysets) -> list[HistoryEntry]:
    labels = _labels()
    describer = _Describer()
    entries = []
    for model, queryset in history_querysets:
        rows = list(queryset.select_related("history_user").order_by("id", "history_date"))
        previous = {}
        for row in rows:
            before = previous.get(row.id)
            previous[row.id] = row
            entry = HistoryEntry(
                when=row.history_date,
                who=row.history_user,
                record=labels[model](row),
                kind={"+": "Created", "~": "Changed", "-": "Deleted"}[row.history_type],
            )
            if row.history_type == "~" and before is not None:
                delta = row.diff_against(before, excluded_fields=NOT_SHOWN)
                fields = {f.name: f for f in row.tracked_fields}
                entry.changes = [
                    describer.change(fields[c.field], c.old, c.new) for c in delta.changes
                ]
                if not entry.changes:
                    continue
            entries.append(entry)
    describer.resolve()
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries


def _request_parts(request_ids) -> list[tuple[type, models.QuerySet]]:
    return [
        (AdviceRequest, AdviceRequest.history.filter(request_id__in=request_ids)),
        (TimescaleException, TimescaleException.history.filter(request_id__in=request_ids)),
        (Consultation, Consultation.history.filter(request_id__in=request_ids)),
    ]


def child_history(*, child: Child) -> list[HistoryEntry]:
    """Every change to the child's details, contacts, requests (with their advice, exceptions and
    consultations), plans, annual reviews and disagreements (mediation and appeals), newest first;
    deleted records included."""
    request_ids = AssessmentRequest.history.filter(child_id=child.pk).values("id")
    plan_ids = EHCPlan.history.filter(child_id=child.pk).values("id")
    return _entries(
        [
            (Child, Child.history.filter(id=child.pk)),
            (Contact, Contact.history.filter(child_id=child.pk)),
            (AssessmentRequest, AssessmentRequest.history.filter(child_id=child.pk)),
            *_request_parts(request_ids),
            (EHCPlan, EHCPlan.history.filter(child_id=child.pk)),
            (AnnualReview, AnnualReview.history.filter(plan_id__in=plan_ids)),
            (Disagreement, Disagreement.history.filter(child_id=child.pk)),
        ]
    )


def request_history(*, request: AssessmentRequest) -> list[HistoryEntry]:
    """Every change to the request and its advice, exceptions and consultations, newest first."""
    return _entries(
        [
            (AssessmentRequest, AssessmentRequest.history.filter(id=request.pk)),
            *_request_parts([request.pk]),
        ]
    )


def _log(condition: Q):
    return AccessLog.objects.filter(condition).select_related("user", "content_type")


def child_access_log(*, child: Child):
    """Who looked at any part of the child's record, newest first."""
    return _log(Q(child=child))


def request_access_log(*, request: AssessmentRequest):
    """Who looked at the request or at its advice, exceptions or consultations, newest first."""
    condition = Q()
    parts = [
        (AssessmentRequest, [request.pk]),
        (AdviceRequest, request.advice_requests.values("pk")),
        (TimescaleException, request.timescale_exceptions.values("pk")),
        (Consultation, request.consultations.values("pk")),
    ]
    for model, ids in parts:
        content_type = ContentType.objects.get_for_model(model)
        condition |= Q(content_type=content_type, object_id__in=ids)
    return _log(condition)
