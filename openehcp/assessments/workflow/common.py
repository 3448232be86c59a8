"""What every step of the workflow shares: its errors, the lock, the date and order checks,
uploads, the activity log and letters."""

from __future__ import annotations

from datetime import date

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from openehcp import clock
from openehcp.people.identifiers import IdentifierError, clean_la_code
from openehcp.web.files import save_file
from openehcp.web.locking import take_lock

from ..models import Activity, AssessmentRequest, Decision, Document

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
UPLOAD_TYPES = {
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".rtf": "application/rtf",
    ".txt": "text/plain",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}


class WorkflowError(Exception):
    """A step that cannot be recorded as asked.

    ``message`` is a GOV.UK error message for the person; ``field`` names the form field it is
    about, if any. ``overridable`` is True when the step is only out of the usual order and giving
    an ``override_reason`` would record it.
    """

    def __init__(self, message: str, *, field: str | None = None, overridable: bool = False):
        super().__init__(message)
        self.message = message
        self.field = field
        self.overridable = overridable


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def school_year(child, on: date) -> int:
    """The national curriculum year the child is taught in on a date (Reception = 0): the
    clock's age-related year, moved by the years the child is taught out of their age group."""
    return clock.national_curriculum_year(child.date_of_birth, on) + child.ncy_offset


def year_group_name(year: int) -> str:
    if year < 0:
        return "early years"
    return "Reception" if year == 0 else f"Year {year}"


# --- shared checks ------------------------------------------------------------------------------


def lock_case(case: AssessmentRequest, version: int, user) -> AssessmentRequest:
    """Take the shared edit lock on the request (``openehcp.web.locking.take_lock``): a step
    recorded after someone else's, on a page loaded before it, raises ``EditConflict``. A step
    pressed twice is refused the same way, so it is never recorded twice."""
    return take_lock(
        AssessmentRequest,
        case.pk,
        version,
        user=user,
        noun=f"Request {case.reference}",
        related=("child",),
    )


def closed_reason(case: AssessmentRequest) -> str:
    """Why no further step can be recorded on this request, or "" while it is open."""
    if case.withdrawn_on:
        return f"This request was withdrawn on {long_date(case.withdrawn_on)}"
    if case.decision_to_assess == Decision.NO:
        return f"The council decided not to assess on {long_date(case.decision_on)}"
    if case.decision_to_issue == Decision.NO:
        return f"The council decided not to issue a plan on {long_date(case.issue_decision_on)}"
    if case.final_issued_on:
        return f"The final plan was issued on {long_date(case.final_issued_on)}"
    return ""


def require_open(case: AssessmentRequest) -> None:
    reason = closed_reason(case)
    if reason:
        raise WorkflowError(f"{reason}, so no further steps can be recorded")


def check_date(
    case: AssessmentRequest,
    value: date | None,
    *,
    noun: str,
    field: str,
    after: tuple[date | None, str] | None = None,
) -> date:
    """A step's date: given, not in the future, not before the request or the step it follows."""
    subject = noun[:1].upper() + noun[1:]
    if value is None:
        raise WorkflowError(f"Enter {noun}", field=field)
    if value > timezone.localdate():
        raise WorkflowError(f"{subject} must be today or in the past", field=field)
    if value < case.received_on:
        raise WorkflowError(
            f"{subject} must be on or after the day the request was received, "
            f"{long_date(case.received_on)}",
            field=field,
        )
    if after and after[0] and value < after[0]:
        raise WorkflowError(
            f"{subject} must be on or after {after[1]}, {long_date(after[0])}", field=field
        )
    return value


def check_la_code(value: str, *, field: str) -> str:
    """Another council's 3-digit LA code (``openehcp.people.identifiers.clean_la_code``)."""
    try:
        return clean_la_code((value or "").strip())
    except IdentifierError as error:
        raise WorkflowError(str(error), field=field) from error


def required_text(value: str, message: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise WorkflowError(message, field=field)
    return value


def out_of_order(problem: str | None, override_reason: str) -> str:
    """Refuse a step recorded out of the usual order unless a reason is given; return the note
    the activity log keeps."""
    reason = (override_reason or "").strip()
    if problem and not reason:
        raise WorkflowError(problem, field="override_reason", overridable=True)
    if problem:
        return f"\nRecorded out of the usual order: {reason}"
    return ""


def check_upload(upload: UploadedFile | None, *, field: str, required: bool, noun: str) -> None:
    """A supporting document: one of the accepted types, at most 20 MB."""
    if upload is None:
        if required:
            raise WorkflowError(f"Select {noun}", field=field)
        return
    name = (upload.name or "").lower()
    if not any(name.endswith(ext) for ext in UPLOAD_TYPES):
        raise WorkflowError(
            "The selected file must be a PDF, Word document, OpenDocument text, RTF, text file, "
            "JPG or PNG",
            field=field,
        )
    if upload.size > MAX_UPLOAD_BYTES:
        raise WorkflowError("The selected file must be smaller than 20MB", field=field)
    if upload.size == 0:
        raise WorkflowError("The selected file is empty", field=field)


def _content_type(upload: UploadedFile) -> str:
    name = (upload.name or "").lower()
    return next(kind for ext, kind in UPLOAD_TYPES.items() if name.endswith(ext))


def store_upload(
    case, *, upload: UploadedFile, kind: str, title: str, user, advice=None
) -> Document:
    document = Document(
        child=case.child,
        request=case,
        advice_request=advice,
        kind=kind,
        title=title,
        content_type=_content_type(upload),
        created_by=user,
    )
    save_file(document.file, upload.name, upload)
    document.save()
    return document


def text_document(name: str, heading: str, text: str) -> ContentFile:
    """Words typed into a form, kept on the record as a document when no file came with them:
    UTF-8 text with a byte order mark, so every program opening it reads the characters right."""
    return ContentFile(f"\ufeff{heading}\n\n{text.strip()}\n".encode(), name=name)


def log_activity(case, *, kind: str, on: date, user, description: str, documents=()) -> Activity:
    activity = Activity.objects.create(
        request=case, occurred_on=on, kind=kind, description=description.strip(), author=user
    )
    if documents:
        activity.documents.add(*documents)
    return activity


def write_letter(kind: str, *, case, activity: Activity, user, on: date, advice=None) -> Document:
    # Imported here: the letters app builds on this app's models.
    from openehcp.letters.services import generate_letter

    return generate_letter(kind=kind, case=case, activity=activity, user=user, on=on, advice=advice)
