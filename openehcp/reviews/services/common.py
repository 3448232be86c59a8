"""What the review, amendment, phase transfer, ceasing and transfer services share: the errors
(those of the assessment workflow), the shared edit lock (``openehcp.web.locking``), the rule that
a ceased plan is read only, date checks, uploads, the plan's activity log and its letters."""

from __future__ import annotations

from datetime import date

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Model
from django.utils import timezone

from openehcp.assessments.models import Document
from openehcp.assessments.workflow import WorkflowError, check_upload
from openehcp.assessments.workflow.common import UPLOAD_TYPES
from openehcp.people.models import Child
from openehcp.plans.models import EHCPlan
from openehcp.web.files import save_file
from openehcp.web.locking import EditConflict, take_lock

from ..models import (
    AmendmentNotice,
    AnnualReview,
    Cessation,
    CouncilTransfer,
    PhaseTransfer,
    PlanActivity,
)

__all__ = [
    "EditConflict",
    "WorkflowError",
    "check_date",
    "check_upload",
    "lock",
    "log_activity",
    "long_date",
    "require_maintained",
    "required_text",
    "store_upload",
    "write_letter",
]


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


#: How a conflict names each kind of record these services lock.
NOUNS = {
    Child: "This child’s record",
    EHCPlan: "This EHC plan",
    AnnualReview: "This review",
    AmendmentNotice: "This amendment",
    PhaseTransfer: "This phase transfer",
    Cessation: "This proposal to cease the plan",
    CouncilTransfer: "This transfer between councils",
}


def lock(model: type[Model], pk: int, version: int, user, *, related=()) -> Model:
    """Take the shared edit lock on a record (``take_lock``): a form loaded before someone else
    saved it raises ``EditConflict`` and nothing is saved; so does a step sent twice."""
    return take_lock(model, pk, version, user=user, noun=NOUNS[model], related=related)


def require_maintained(plan: EHCPlan) -> EHCPlan:
    """A ceased plan stays on record, read only: refuse any change to it (CFA s45). Reads the
    plan again inside the transaction, so a plan ceased a moment ago is refused too."""
    ceased_on = EHCPlan.objects.filter(pk=plan.pk).values_list("ceased_on", flat=True).get()
    if ceased_on is not None:
        raise WorkflowError(
            f"This plan ceased on {long_date(ceased_on)}. It stays on record but cannot be changed"
        )
    return plan


def check_date(
    value: date | None,
    *,
    noun: str,
    field: str,
    not_before: tuple[tuple[date | None, str], ...] = (),
    allow_future: bool = False,
) -> date:
    """A step's date: given, not in the future (unless it is an arrangement, like a meeting
    date), and not before the steps it follows."""
    subject = noun[:1].upper() + noun[1:]
    if value is None:
        raise WorkflowError(f"Enter {noun}", field=field)
    if not allow_future and value > timezone.localdate():
        raise WorkflowError(f"{subject} must be today or in the past", field=field)
    for earliest, label in not_before:
        if earliest is not None and value < earliest:
            raise WorkflowError(
                f"{subject} must be on or after {label}, {long_date(earliest)}", field=field
            )
    return value


def required_text(value: str, message: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise WorkflowError(message, field=field)
    return value


def _content_type(upload: UploadedFile) -> str:
    name = (upload.name or "").lower()
    return next(kind for ext, kind in UPLOAD_TYPES.items() if name.endswith(ext))


def store_upload(plan: EHCPlan, *, upload: UploadedFile, kind: str, title: str, user) -> Document:
    """Keep an uploaded report or advice on the child's record (checked by ``check_upload``)."""
    document = Document(
        child=plan.child,
        request=None,
        kind=kind,
        title=title[:200],
        content_type=_content_type(upload),
        created_by=user,
    )
    save_file(document.file, upload.name, upload)
    document.save()
    return document


def log_activity(
    plan: EHCPlan,
    *,
    kind: str,
    on: date,
    user,
    description: str,
    review=None,
    phase_transfer=None,
    documents=(),
) -> PlanActivity:
    activity = PlanActivity.objects.create(
        plan=plan,
        review=review,
        phase_transfer=phase_transfer,
        occurred_on=on,
        kind=kind,
        description=description.strip(),
        author=user,
    )
    if documents:
        activity.documents.add(*documents)
    return activity


def write_letter(
    kind: str, *, plan: EHCPlan, activity: PlanActivity, user, on: date, **values
) -> Document:
    """Write the council's letter of ``kind`` about the plan as a tagged PDF, keep it on the
    child's record and link it to the step that sent it."""
    from ..letters import render_plan_letter

    title, pdf = render_plan_letter(kind, plan=plan, on=on, **values)
    document = Document(
        child=plan.child,
        request=None,
        kind=Document.Kind.LETTER,
        title=title[:200],
        content_type="application/pdf",
        created_by=user,
    )
    save_file(document.file, f"plan-{plan.pk}-{kind}-{on:%Y%m%d}.pdf", ContentFile(pdf))
    document.save()
    activity.documents.add(document)
    return document
