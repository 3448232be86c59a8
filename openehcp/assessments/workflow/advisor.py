"""Advice sent in by the person asked for it (SEND Regulations 2014 regs 6-8).

A professional, or a school, college or early years setting, asked for advice (reg 6(1)) gives it
within 6 weeks of the request (reg 8(1)). Sent through OpenEHCP, it is recorded exactly as when
the caseworker records advice received (``record_advice_received``), on the day it is sent: the
statutory clock then counts it as given that day. Who may send it is the permission policy's
``submit`` action; this module only records it.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from ..models import AdviceRequest
from .assessment import record_advice_received
from .common import required_text, text_document

logger = logging.getLogger(__name__)


def advice_as_text_file(advice: AdviceRequest, text: str) -> ContentFile:
    """The advice as written, kept on the record when no file is sent with it."""
    case = advice.request
    return text_document(
        f"{case.reference}-advice-{advice.pk}.txt",
        f"{advice.get_advisor_type_display()} from {advice.advisor_name}\n"
        f"{case.child.full_name}, {case.reference}",
        text,
    )


@transaction.atomic
def submit_advice(
    *,
    advice: AdviceRequest,
    version: int,
    user,
    advice_text: str,
    upload: UploadedFile | None = None,
) -> AdviceRequest:
    """Record the advice the advisor sent today: its text as the summary, their file (or, with
    none, the text itself) as the advice document on the child's record, linked to this request
    for advice; the case's activity log; and, once saved, an email to the child's caseworker.

    Refused (``WorkflowError``) when the advice was already given or the request is closed, and
    (``EditConflict``) when the case changed since the page was opened; nothing is then saved.
    """
    text = required_text(advice_text, "Enter your advice", "advice_text")
    saved = record_advice_received(
        advice=advice,
        version=version,
        user=user,
        received_on=timezone.localdate(),
        document=upload if upload is not None else advice_as_text_file(advice, text),
        summary=text,
    )
    transaction.on_commit(lambda: notify_caseworker(saved.pk), robust=True)
    return saved


def notify_caseworker(advice_pk: int) -> None:
    """Tell the child's caseworker that advice has arrived (no names of the child in the
    subject line; the reference leads them to the case)."""
    advice = AdviceRequest.objects.select_related("request__child__caseworker").get(pk=advice_pk)
    caseworker = advice.request.child.caseworker
    if not caseworker.email:
        logger.info("Advice %s sent in; the caseworker has no email address", advice.pk)
        return
    send_mail(
        subject=f"Advice received for {advice.request.reference}",
        message=render_to_string(
            "assessments/email/advice_submitted.txt",
            {"advice": advice, "caseworker": caseworker, "council": settings.COUNCIL_NAME},
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[caseworker.email],
    )
