"""What families and young people do in the portal: give their views, comment on the draft plan
or on proposed amendments to the plan; and what a caseworker does for them: give online access.

Each function is one database transaction (all or nothing) and reuses the step the caseworker
would record: the draft plan's comments are ``plans.services.record_comment`` rows and the
family's representations ``assessments.workflow.record_representations``, so a comment from the
portal blocks the plan's issue until it is answered, exactly as one a caseworker typed in. The
same holds for an amendment notice (``reviews.services.record_amendment_representations``).
"""

from __future__ import annotations

import logging
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from openehcp.accounts import services as account_services
from openehcp.accounts import tasks as account_tasks
from openehcp.accounts.models import Role, User
from openehcp.accounts.policy import require_family
from openehcp.assessments import workflow
from openehcp.assessments.models import AssessmentRequest, Document
from openehcp.assessments.workflow.common import log_activity
from openehcp.establishments.models import Establishment
from openehcp.people.models import Child, Contact
from openehcp.plans import services as plan_services
from openehcp.plans.models import EHCPlan, PlanComment
from openehcp.plans.structure import BY_CODE
from openehcp.reviews import services as review_services
from openehcp.reviews.models import AmendmentNotice
from openehcp.reviews.services import common as review_common
from openehcp.reviews.services.reviews import open_review
from openehcp.web.files import save_file
from openehcp.web.locking import EditConflict, stamp

from . import selectors

logger = logging.getLogger(__name__)

MAX_TEXT = 10_000


class PortalError(Exception):
    """What a family or caseworker asked cannot be done; ``message`` is for the person and
    ``field`` names the form field it is about, if any."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def source_for(user) -> str:
    """Who a comment is from, in the plan's own terms."""
    if user.role == Role.YOUNG_PERSON:
        return PlanComment.Source.YOUNG_PERSON
    return PlanComment.Source.PARENT


def _name(user) -> str:
    return user.get_full_name() or user.username


# --- giving views --------------------------------------------------------------------------------


def views_target(child: Child) -> tuple[AssessmentRequest | None, EHCPlan | None]:
    """Where views go: the open request for assessment (the advice the council gathers includes
    the views of the child, parent or young person, reg 6(1)(a)), or else the maintained plan
    for its next annual review (reg 20(1)). (None, None) when there is neither."""
    case = selectors.current_request(child)
    if case is not None and case.is_open:
        return case, None
    return None, selectors.maintained_plan(child)


@transaction.atomic
def give_views(
    *,
    child: Child,
    user,
    whose: str,
    text: str,
    upload: tuple[UploadedFile, str, str] | None = None,
) -> list[Document]:
    """Keep the views on the child's record as documents (the words as a text file, and the
    upload if any) and note them on the case's activity log, so the caseworker sees them.
    ``upload`` is ``(file, content type, name)`` as ``assessments.uploads.check_upload`` passed
    it. Returns the documents."""
    require_family(user, child)
    text = (text or "").strip()
    if not text and upload is None:
        raise PortalError("Enter your views, or choose a file to upload", field="text")
    if len(text) > MAX_TEXT:
        raise PortalError(f"Your views must be {MAX_TEXT:,} characters or fewer", field="text")
    case, plan = views_target(child)
    if case is None and plan is None:
        raise PortalError("There is no request or plan to give views on yet")
    today = timezone.localdate()
    title = f"Views of {whose}, sent online by {_name(user)}"[:200]
    documents = []
    if text:
        document = Document(
            child=child,
            request=case,
            kind=Document.Kind.SUPPORTING,
            title=title,
            content_type="text/plain",
            created_by=user,
        )
        save_file(document.file, f"views-{today:%Y%m%d}.txt", ContentFile(text.encode()))
        document.save()
        documents.append(document)
    if upload is not None:
        file, content_type, name = upload
        document = Document(
            child=child,
            request=case,
            kind=Document.Kind.SUPPORTING,
            title=f"{title}: {name}"[:200],
            content_type=content_type,
            created_by=user,
        )
        save_file(document.file, name, file)
        document.save()
        documents.append(document)
    description = f"{_name(user)} sent the views of {whose} online."
    if text:
        description += f"\n{text}"
    if case is not None:
        log_activity(
            case,
            kind="family_views",
            on=today,
            user=user,
            description=description,
            documents=documents,
        )
    else:
        review_common.log_activity(
            plan,
            kind="family_views",
            on=today,
            user=user,
            description=description,
            review=open_review(plan),
            documents=documents,
        )
    _tell_caseworker(
        child,
        sent="The family sent their views",
        about=f"request {case.reference}"
        if case is not None
        else f"the EHC plan on child record {child.pk}",
        where="They are on the case's activity log and kept on the child's record.",
    )
    return documents


# --- comments on a plan being written: the draft plan, and proposed amendments -----------------


@transaction.atomic
def comment_on_plan(
    *,
    child: Child,
    kind: str,
    user,
    comments: dict[str, str],
    meeting: bool = False,
    preferred_establishment: Establishment | None = None,
) -> list[PlanComment]:
    """Comments from the family on a plan being written while their window of ``kind`` is open
    (``selectors.comment_window``, read again here): the draft plan (reg 13(1); CFA s38(2)) or
    the proposed amendments (reg 22(2)(c)). On the whole plan (key "") or on a section ("a" …
    "k"), a request for a meeting with a council officer, and - where the window offers it -
    the school or college they ask to be named (CFA s38(2)(b)). Each becomes a comment on the
    version being written (``plans.services.record_comment``), which cannot be issued until it
    is answered. The first time, the window's step is recorded as the caseworker's would be: the
    representations on the request (``record_representations``: the date and the setting asked
    for), or on the notice (``record_amendment_representations``: the date, what they said, the
    setting). All or nothing."""
    require_family(user, child)
    window = selectors.comment_window(child, kind, today=timezone.localdate())
    if window is None or not window.is_open:
        raise PortalError(
            f"The time to comment on {window.subject if window else 'the plan'} has ended"
        )
    if window.version is None:
        raise PortalError(
            "The plan cannot take comments online at the moment: contact your caseworker"
        )
    unknown = set(comments) - set(BY_CODE) - {""}
    if unknown:
        raise PortalError("Choose a section of the plan", field="section")
    texts = {code: (text or "").strip() for code, text in comments.items() if (text or "").strip()}
    for code, text in texts.items():
        if len(text) > MAX_TEXT:
            raise PortalError(
                f"Each comment must be {MAX_TEXT:,} characters or fewer",
                field=f"section_{code}" if code else "general",
            )
    if not texts and not meeting and preferred_establishment is None:
        raise PortalError(
            "Enter a comment, ask for a meeting or choose a school or college",
            field="general",
        )
    if preferred_establishment is not None and not preferred_establishment.is_open:
        raise PortalError("Choose a school or college that is open", field="preferred_urn")

    wanted = list(texts.items())
    if meeting:
        wanted.append(
            ("", f"I would like a meeting with a council officer about {window.subject}.")
        )
    if preferred_establishment is not None:
        wanted.append(
            (
                "i",
                f"I would like {preferred_establishment.name} (URN {preferred_establishment.urn}) "
                "to be named in the plan.",
            )
        )
    try:
        recorded = [
            plan_services.record_comment(
                version=window.version,
                user=user,
                source=source_for(user),
                text=text,
                received_on=timezone.localdate(),
                made_by=_name(user),
                section=code,
            )
            for code, text in wanted
        ]
        RECORD_STEP[window.kind](window, user, recorded, preferred_establishment)
    except (workflow.WorkflowError, EditConflict) as error:
        raise PortalError(getattr(error, "message", str(error))) from error
    _tell_caseworker(
        child,
        sent=f"The family sent comments on {window.subject}",
        about=f"request {window.case.reference}"
        if window.case
        else f"the EHC plan on child record {child.pk}",
        where="Each is a comment on the plan, to be answered before the plan is issued.",
    )
    return recorded


def _tell_caseworker(child: Child, *, sent: str, about: str, where: str) -> None:
    """Once saved, email the child's caseworker that the family sent something, as advisors'
    advice is announced: the request's reference, never the child's name."""
    child_pk = child.pk
    transaction.on_commit(
        lambda: notify_caseworker(child_pk, sent=sent, about=about, where=where), robust=True
    )


def notify_caseworker(child_pk: int, *, sent: str, about: str, where: str) -> None:
    caseworker = Child.objects.select_related("caseworker").get(pk=child_pk).caseworker
    if caseworker is None or not caseworker.email:
        logger.info("The family of child %s sent something; no caseworker email", child_pk)
        return
    send_mail(
        subject=f"{sent} ({about})",
        message=render_to_string(
            "portal/email/family_sent.txt",
            {
                "caseworker": caseworker,
                "what": sent,
                "about": about,
                "where": where,
                "today": timezone.localdate(),
                "council": settings.COUNCIL_NAME,
            },
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[caseworker.email],
    )


def _draft_step(window, user, recorded, preferred_establishment) -> None:
    """The first time: the representations on the request (``record_representations``, under
    the request's edit lock)."""
    fresh = AssessmentRequest.objects.get(pk=window.case.pk)
    if not fresh.representations_received_on:
        workflow.record_representations(
            case=fresh,
            version=fresh.version,
            user=user,
            received_on=timezone.localdate(),
            preferred_establishment=preferred_establishment,
            notes=f"Sent online by {_name(user)}.",
        )


def _amendment_step(window, user, recorded, preferred_establishment) -> None:
    """The first time: the family's comments on the notice (``record_amendment_representations``,
    under the notice's edit lock), so the caseworker's page shows them received."""
    fresh = AmendmentNotice.objects.get(pk=window.notice.pk)
    if not fresh.representations_on:
        review_services.record_amendment_representations(
            notice=fresh,
            version=fresh.version,
            user=user,
            received_on=timezone.localdate(),
            representations=f"Sent online by {_name(user)}:\n"
            + "\n".join(comment.text for comment in recorded),
            requested_establishment=preferred_establishment,
        )


RECORD_STEP = {"draft": _draft_step, "amendment": _amendment_step}


# --- online access, given by the caseworker ------------------------------------------------------


def access_problem(contact: Contact) -> str:
    """Why this contact cannot be given online access, or ""."""
    if contact.user_id or (
        contact.relationship == Contact.Relationship.YOUNG_PERSON
        and contact.child.young_person_user_id
    ):
        return f"{contact.name} already has online access"
    if not contact.email:
        return f"Add {contact.name}’s email address before giving them online access"
    if (
        contact.relationship != Contact.Relationship.YOUNG_PERSON
        and not contact.parental_responsibility
    ):
        return (
            f"{contact.name} does not have parental responsibility, so cannot see the case online"
        )
    return ""


def _save_changed(record, *, by, reason: str) -> None:
    """Save a shared record changed without a form: its version moves on (the edit lock, so a
    form opened before reports the change) and its history names who and why."""
    record.version += 1
    stamp(record, user=by)
    record._history_user = by
    record._change_reason = reason
    record.save()


@transaction.atomic
def give_online_access(*, contact: Contact, by, domain: str, use_https: bool) -> tuple[User, bool]:
    """Open (or link) the family portal account of a contact: a parent or carer's own login
    (``Contact.user``, role parent), or the young person's (``Child.young_person_user``, role
    young person). A new account gets an unguessable password nobody knows and the
    password-reset email (``accounts.tasks.send_password_reset``) asking the person to choose
    their own; an existing parent account with the same email address (a family with two
    children) is linked instead. Refused without an email address, for a contact who already
    has access, and for an address that belongs to someone else's account. Returns (user,
    created). The change histories of the contact, child and user name ``by``."""
    contact = (
        Contact.objects.select_for_update(of=("self",)).select_related("child").get(pk=contact.pk)
    )
    child = Child.objects.select_for_update().get(pk=contact.child_id)
    contact.child = child
    problem = access_problem(contact)
    if problem:
        raise PortalError(problem)
    young = contact.relationship == Contact.Relationship.YOUNG_PERSON
    role = Role.YOUNG_PERSON if young else Role.PARENT
    existing = list(User.objects.filter(email__iexact=contact.email))
    created = False
    if existing:
        user = existing[0]
        usable = (
            len(existing) == 1
            and user.role == role
            and user.is_active
            and (not young or not Child.objects.filter(young_person_user=user).exists())
        )
        if not usable:
            raise PortalError(
                f"Another account already uses {contact.email}: check the email address"
            )
    else:
        first, _, last = contact.name.strip().partition(" ")
        try:
            user = account_services.create_user(
                username=contact.email.lower()[:150],
                first_name=first[:150],
                last_name=last[:150],
                email=contact.email,
                role=role,
                password=secrets.token_urlsafe(32),
            )
        except ValidationError as error:
            raise PortalError(" ".join(error.messages)) from error
        created = True
    if young:
        child.young_person_user = user
        _save_changed(child, by=by, reason="Online access given to the young person")
    contact.user = user
    _save_changed(contact, by=by, reason="Online access given")
    if created:
        email = contact.email
        transaction.on_commit(
            lambda: account_tasks.send_password_reset.enqueue(
                email=email, domain=domain, use_https=use_https, welcome=True
            ),
            robust=True,
        )
    return user, created
