"""Writing letters onto a child's record, and editing the council's letter templates."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from openehcp import clock
from openehcp.assessments.models import Activity, AssessmentRequest, Document, RequestSource
from openehcp.assessments.timeline import deadline_for
from openehcp.web.files import save_file
from openehcp.web.locking import take_lock

from .models import APPEALABLE_KINDS, LetterKind, LetterTemplate
from .rendering import Letter, LetterTemplateError, check_template, render_letter, render_pdf

FAMILY_KINDS = frozenset(LetterKind.values) - {LetterKind.ADVICE_REQUEST}


def _d(day: date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""


def _recipient(case: AssessmentRequest, kind: str, advice) -> tuple[str, str]:
    """Who the letter is for and their postal address: the advisor for an advice request; the
    young person when they made the request or have their own account; otherwise the parent or
    carer who is the main contact."""
    child = case.child
    child_address = "\n".join(p for p in (child.address, child.postcode) if p)
    if kind == LetterKind.ADVICE_REQUEST:
        return advice.advisor_name, advice.advisor_email
    if case.source == RequestSource.YOUNG_PERSON or child.young_person_user_id:
        return child.full_name, child_address
    contact = child.contacts.order_by("-is_main_contact", "name").first()
    if contact is None:
        return f"Parent or carer of {child.full_name}", child_address
    address = "\n".join(p for p in (contact.address, contact.postcode) if p) or child_address
    return contact.name, address


def letter_values(
    case: AssessmentRequest, *, kind: str, on: date, advice=None
) -> tuple[dict[str, str], str]:
    """The placeholder values of one letter (all text) and the recipient's address."""
    child = case.child
    caseworker = child.caseworker
    recipient, address = _recipient(case, kind, advice)
    not_to_issue = kind == LetterKind.DECISION_NOT_TO_ISSUE
    final_due = deadline_for(case, "final_plan_due")
    values = {
        "council.name": settings.COUNCIL_NAME,
        "letter.date": _d(on),
        "recipient.name": recipient,
        "child.name": child.full_name,
        "child.date_of_birth": _d(child.date_of_birth),
        "child.setting": child.establishment.name if child.establishment_id else "their setting",
        "request.reference": case.reference,
        "request.received_on": _d(case.received_on),
        "caseworker.name": caseworker.get_full_name() or caseworker.username,
        "caseworker.email": caseworker.email,
        "decision.date": _d(case.issue_decision_on if not_to_issue else case.decision_on),
        "decision.reasons": case.issue_decision_reasons if not_to_issue else case.decision_reasons,
        "deadlines.final_plan_due": _d(final_due.due) if final_due else "",
        "advice.type": advice.get_advisor_type_display() if advice else "",
        "advice.advisor": advice.advisor_name if advice else "",
        "advice.requested_on": _d(advice.requested_on) if advice else "",
        "advice.due_on": _d(clock.advice_due(advice.requested_on).due) if advice else "",
        "draft.served_on": _d(case.draft_served_on),
        "draft.comments_by": (
            _d(clock.representations_due(case.draft_served_on).due) if case.draft_served_on else ""
        ),
        "plan.issued_on": _d(case.final_issued_on),
        "plan.named_setting": case.named_establishment.name if case.named_establishment_id else "",
        # HESC Rules r.20(1)(c): 2 months from the written notice (the letter), moved by r.12.
        "appeal.deadline": _d(clock.appeal_deadline(on).due) if kind in APPEALABLE_KINDS else "",
    }
    return values, address


def compose_letter(
    case: AssessmentRequest, *, kind: str, on: date, advice=None
) -> tuple[Letter, str]:
    """Render the council's current template of ``kind`` for this case: (letter, address)."""
    template = LetterTemplate.objects.get(kind=kind)
    values, address = letter_values(case, kind=kind, on=on, advice=advice)
    return render_letter(template.subject, template.body, values), address


@transaction.atomic
def generate_letter(
    *, kind: str, case: AssessmentRequest, activity: Activity, user, on: date, advice=None
) -> Document:
    """Write the letter as a tagged PDF, keep it on the child's record and link it to the step
    (the ``Activity``) that sent it."""
    letter, address = compose_letter(case, kind=kind, on=on, advice=advice)
    pdf = render_pdf(letter, recipient_address=address)
    document = Document(
        child=case.child,
        request=case,
        kind=Document.Kind.LETTER,
        title=letter.subject[:200],
        content_type="application/pdf",
        created_by=user,
    )
    save_file(document.file, f"{case.reference}-{kind}-{on:%Y%m%d}.pdf", ContentFile(pdf))
    document.save()
    activity.documents.add(document)
    return document


@transaction.atomic
def update_template(
    *, template: LetterTemplate, version: int, user, subject: str, body: str
) -> LetterTemplate:
    """Save a council's edit of a letter, after checking it renders safely and, for letters the
    family can appeal against, still gives the appeal rights. The shared edit lock on ``version``:
    ``EditConflict`` when someone else saved the letter after this person opened it."""
    subject = " ".join((subject or "").split())
    body = (body or "").replace("\r\n", "\n").strip()
    if not subject:
        raise LetterTemplateError("Enter the subject of the letter")
    if not body:
        raise LetterTemplateError("Enter the text of the letter")
    check_template(subject, body, needs_appeal_rights=template.needs_appeal_rights)
    template = take_lock(
        LetterTemplate,
        template.pk,
        version,
        user=user,
        noun=f"The letter ‘{template.get_kind_display()}’",
    )
    template.subject = subject
    template.body = body
    template.save()
    return template
