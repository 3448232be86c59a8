"""Writes for requests for an EHC needs assessment arriving at the council (CFA 2014 s36(1)).

``request_create`` is the one way a request comes in - typed by staff, sent through the public
online form, or imported - so each gets a unique reference, its supporting documents and a
"request received" entry in the case's activity.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models.functions import Length
from django.utils import timezone

from openehcp.accounts.models import Team
from openehcp.people.models import Child
from openehcp.people.services import record_noun
from openehcp.web.files import save_file
from openehcp.web.locking import take_lock

from .models import Activity, AssessmentRequest, Document, RequestSource

REFERENCE_PREFIX = "EHC"
_ATTEMPTS = 5


# The advisory-lock namespace for reference allocation: "EHC" in ASCII.
_LOCK_NAMESPACE = 0x454843


def _take_turns(year: int) -> None:
    """On PostgreSQL, requests allocating a reference of the same year take turns: a transaction
    advisory lock, held until the request is committed, so the next one reads the number just
    used. Other databases run one writer at a time; the unique constraint and the retry in
    ``request_create`` stay as the backstop everywhere."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_LOCK_NAMESPACE, year])


def _next_reference(year: int) -> str:
    """The next free reference of the year, like ``EHC-2026-00042``."""
    prefix = f"{REFERENCE_PREFIX}-{year}-"
    last = (
        AssessmentRequest.objects.filter(reference__startswith=prefix)
        .order_by(Length("reference").desc(), "-reference")
        .values_list("reference", flat=True)
        .first()
    )
    serial = last.removeprefix(prefix) if last else ""
    number = int(serial) + 1 if serial.isdigit() else 1
    return f"{prefix}{number:05d}"


def _check(child, received_on: datetime.date, source: str, requester_email: str) -> None:
    errors = {}
    if received_on > timezone.localdate():
        errors["received_on"] = "The date the request was received must be today or in the past"
    elif received_on < child.date_of_birth:
        errors["received_on"] = "The date the request was received must be after the child was born"
    if source not in RequestSource.values:
        errors["source"] = "Select who made the request"
    if child.merged_into_id:
        errors["child"] = "This record was merged into another: record the request there"
    if requester_email and "@" not in requester_email:
        errors["requester_email"] = (
            "Enter an email address in the correct format, like name@example.com"
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def request_create(
    *,
    child,
    received_on: datetime.date,
    source: str,
    created_by,
    requester_name: str = "",
    requester_email: str = "",
    requester_phone: str = "",
    reasons: str = "",
    documents=(),
    via_online_form: bool = False,
    version: int | None = None,
    in_youth_accommodation: bool = False,
) -> AssessmentRequest:
    """Record a request for an EHC needs assessment (CFA 2014 s36(1)); the 6-week clock for the
    decision whether to assess starts on ``received_on`` (reg 5(1)).

    ``documents`` are ``(file, content_type, title)`` triples, already checked by
    ``uploads.check_upload``. References are allocated in turn per year and kept unique by a
    constraint: if two requests still take the same number, the loser takes the next one.
    ``version``, when staff type the request in, is the child's record as the page showed it:
    the shared edit lock, so the same request sent twice is recorded once (``EditConflict``).
    """
    if version is not None:
        child = take_lock(Child, child.pk, version, user=created_by, noun=record_noun(child))
    _check(child, received_on, source, requester_email)
    _take_turns(received_on.year)
    case = None
    for attempt in range(_ATTEMPTS):
        case = AssessmentRequest(
            reference=_next_reference(received_on.year),
            child=child,
            received_on=received_on,
            source=source,
            requester_name=requester_name.strip(),
            requester_email=requester_email.strip(),
            requester_phone=requester_phone.strip(),
            reasons=reasons.strip(),
            via_online_form=via_online_form,
            in_youth_accommodation=in_youth_accommodation,
            created_by=created_by,
        )
        case._history_user = created_by
        try:
            with transaction.atomic():
                case.save()
            break
        except IntegrityError:
            if attempt == _ATTEMPTS - 1:
                raise
    stored = []
    for file, content_type, title in documents:
        document = Document(
            child=child,
            request=case,
            kind=Document.Kind.SUPPORTING,
            title=title[:200],
            content_type=content_type,
            created_by=created_by,
        )
        save_file(document.file, file.name, file)
        document.save()
        stored.append(document)
    via = " through the online form" if via_online_form else ""
    who = f" ({case.requester_name})" if case.requester_name else ""
    activity = Activity.objects.create(
        request=case,
        occurred_on=received_on,
        kind="request_received",
        description=f"Request for an EHC needs assessment received{via} from "
        f"{case.get_source_display().lower()}{who}.",
        author=created_by,
    )
    if stored:
        activity.documents.add(*stored)
    return case


@transaction.atomic
def default_caseworker_set(*, team, version: int, user, caseworker) -> Team:
    """Choose who in ``team`` receives new requests that no setting's linked caseworker takes.
    The shared edit lock on ``version``: ``EditConflict`` when another manager chose meanwhile."""
    if caseworker.team_id != team.pk or not caseworker.is_active:
        raise ValidationError({"default_caseworker": "Select an active member of the team"})
    team = take_lock(
        Team, team.pk, version, user=user, noun=f"Who receives new requests for {team}"
    )
    team.default_caseworker = caseworker
    team.save(update_fields=["default_caseworker"])
    return team
