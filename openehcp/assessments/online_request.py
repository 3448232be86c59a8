"""The public online form to ask for an EHC needs assessment: its questions, drafts kept for save
and return, and sending the request into the council's triage queue.

A parent, a young person or someone acting for a school or college may ask (CFA 2014 s36(1)-(2)).
Each page asks one thing. Answers are kept server-side in an ``OnlineRequestDraft`` found by a
random token held in the person's session; "save and come back later" emails a link carrying the
token. Drafts expire 28 days after they were last saved.

On sending, the child is matched to an existing record by duplicate detection (same name and date
of birth): one match is used; none makes a new record; several make a new record flagged for
triage. A new record goes to the caseworker linked to the child's setting, or else to the
assessment team's default caseworker.
"""

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from openehcp import clock
from openehcp.accounts.models import Team
from openehcp.establishments.models import Establishment
from openehcp.people.ages import age_on, is_young_person
from openehcp.people.identifiers import IdentifierError, clean_postcode
from openehcp.people.models import Contact
from openehcp.people.selectors import find_possible_duplicates
from openehcp.people.services import OLDEST_AGE, child_create, contact_add
from openehcp.web.files import save_file
from openehcp.web.forms import GovukDateField

from .models import (
    Activity,
    AssessmentRequest,
    OnlineRequestDraft,
    OnlineRequestUpload,
    RequestSource,
)
from .services import request_create
from .timeline import case_facts
from .uploads import MAX_FILES, MAX_UPLOAD_MB, SupportingDocumentsField

DRAFT_DAYS = 28
SESSION_KEY = "online_request_token"
NOT_IN_A_SETTING = "none"

PUBLIC_SOURCES = [
    (RequestSource.PARENT, "A parent or carer of the child"),
    (RequestSource.YOUNG_PERSON, "A young person asking for myself"),
    (RequestSource.SETTING, "Someone from the child’s school, college or nursery"),
    (RequestSource.HEALTH, "A health professional"),
    (RequestSource.SOCIAL_CARE, "A social worker"),
    (RequestSource.OTHER, "Another professional"),
]
FAMILY = {RequestSource.PARENT, RequestSource.YOUNG_PERSON}


class NoCaseworker(Exception):
    """No caseworker can receive the request: the setting has no linked caseworker and no
    assessment team has a default caseworker."""


# --- drafts ----------------------------------------------------------------------------------


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _expiry() -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=DRAFT_DAYS)


def draft_start() -> tuple[OnlineRequestDraft, str]:
    """A new empty draft and its token. Expired drafts, and their files, are removed first."""
    purge_expired_drafts()
    token = secrets.token_urlsafe(32)
    draft = OnlineRequestDraft.objects.create(token_hash=_hash(token), expires_at=_expiry())
    return draft, token


def draft_for(token: str | None) -> OnlineRequestDraft | None:
    """The unexpired draft of a token, or ``None``."""
    if not token:
        return None
    return OnlineRequestDraft.objects.filter(
        token_hash=_hash(token), expires_at__gt=timezone.now()
    ).first()


def draft_save(draft: OnlineRequestDraft, answers: dict) -> None:
    """Keep these answers; saving pushes the expiry 28 days on."""
    draft.answers = {**draft.answers, **answers}
    draft.expires_at = _expiry()
    draft.save(update_fields=["answers", "expires_at", "updated_at"])


@transaction.atomic
def draft_add_upload(draft: OnlineRequestDraft, upload, content_type: str, name: str):
    if draft.uploads.count() >= MAX_FILES:
        raise forms.ValidationError(f"You can upload up to {MAX_FILES} files")
    stored = OnlineRequestUpload(
        draft=draft, original_name=name[:200], content_type=content_type, size=upload.size
    )
    save_file(stored.file, upload.name, upload)
    stored.save()
    draft_save(draft, {})
    return stored


def draft_remove_upload(draft: OnlineRequestDraft, pk: int) -> None:
    upload = draft.uploads.filter(pk=pk).first()
    if upload is not None:
        upload.file.delete(save=False)
        upload.delete()


def purge_expired_drafts() -> int:
    """Delete drafts past their expiry, with their uploaded files."""
    expired = OnlineRequestDraft.objects.filter(expires_at__lte=timezone.now())
    for upload in OnlineRequestUpload.objects.filter(draft__in=expired):
        upload.file.delete(save=False)
    _, deleted = expired.delete()
    return deleted.get(OnlineRequestDraft._meta.label, 0)


# --- questions -------------------------------------------------------------------------------


def is_family(answers: dict) -> bool:
    return answers.get("source") in FAMILY


def child_word(answers: dict) -> str:
    """How the questions name the child: "your" for a young person asking for themselves."""
    return "your" if answers.get("source") == RequestSource.YOUNG_PERSON else "the child’s"


class WhoForm(forms.Form):
    source = forms.ChoiceField(
        label="Who are you?",
        choices=PUBLIC_SOURCES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who you are"},
    )


class NameForm(forms.Form):
    forename = forms.CharField(
        label="First name",
        max_length=100,
        error_messages={"required": "Enter the first name"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    surname = forms.CharField(
        label="Last name",
        max_length=100,
        error_messages={"required": "Enter the last name"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class DateOfBirthForm(forms.Form):
    date_of_birth = GovukDateField(
        label="What is the date of birth?",
        error_name="Date of birth",
        allow_future=False,
        help_text="For example, 27 3 2015",
    )

    def __init__(self, *args, answers: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.answers = answers

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        if age_on(born, today) > OLDEST_AGE:
            raise forms.ValidationError(
                "Date of birth must be within the last 26 years: EHC plans are for children and "
                "young people up to 25"
            )
        if self.answers.get("source") == RequestSource.YOUNG_PERSON and not is_young_person(
            born, today
        ):
            raise forms.ValidationError(
                "You can ask for yourself once you are over compulsory school age (after the "
                "last Friday in June of the school year you turn 16). Ask your parent, carer or "
                "school to make the request instead"
            )
        return born


class AddressForm(forms.Form):
    address_line_1 = forms.CharField(
        label="Address line 1",
        max_length=200,
        error_messages={"required": "Enter address line 1, typically the building and street"},
        widget=forms.TextInput(attrs={"autocomplete": "address-line1"}),
    )
    address_line_2 = forms.CharField(
        label="Address line 2 (optional)",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "address-line2"}),
    )
    town = forms.CharField(
        label="Town or city",
        max_length=100,
        error_messages={"required": "Enter the town or city"},
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    postcode = forms.CharField(
        label="Postcode",
        error_messages={"required": "Enter the postcode"},
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )

    def clean_postcode(self):
        try:
            return clean_postcode(self.cleaned_data["postcode"])
        except IdentifierError as error:
            raise forms.ValidationError(str(error)) from error


class SettingForm(forms.Form):
    """The choice among the settings found by the search (or none): the choices are the
    search results, so the chosen URN is checked against the register again."""

    setting = forms.ChoiceField(
        label="Choose the school, college or nursery",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the school, college or nursery, or that the child is not in one",
            "invalid_choice": "Select the school, college or nursery, or that the child is not in "
            "one",
        },
    )
    setting_other = forms.CharField(
        label="If it is not in the list, tell us its name and town (optional)",
        max_length=200,
        required=False,
    )

    def __init__(self, *args, results=(), chosen: Establishment | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        options = {e.urn: e for e in results}
        if chosen is not None:
            options.setdefault(chosen.urn, chosen)
        self.fields["setting"].choices = [
            *((urn, f"{e.name} (URN {urn})") for urn, e in options.items()),
            (NOT_IN_A_SETTING, "Not in a school, college or nursery, or not in the list"),
        ]

    def clean_setting(self):
        value = self.cleaned_data["setting"]
        if (
            value != NOT_IN_A_SETTING
            and not Establishment.objects.filter(urn=value, is_open=True).exists()
        ):
            raise forms.ValidationError("Select a school, college or nursery from the list")
        return value


class NeedsForm(forms.Form):
    needs = forms.CharField(
        label="Tell us about the special educational needs",
        max_length=10000,
        help_text="In your own words: what the child finds hard, at home and in education, and "
        "how long this has been happening",
        error_messages={
            "required": "Tell us about the special educational needs",
            "max_length": "Your answer must be 10,000 characters or fewer",
        },
        widget=forms.Textarea,
    )


class SupportForm(forms.Form):
    support = forms.CharField(
        label="What support is in place now?",
        max_length=10000,
        help_text="For example, help in class, speech and language therapy, or a plan from the "
        "school’s special educational needs coordinator (SENCO). Say if there is none",
        error_messages={
            "required": "Tell us what support is in place now, or say there is none",
            "max_length": "Your answer must be 10,000 characters or fewer",
        },
        widget=forms.Textarea,
    )


class ParentForm(forms.Form):
    parent_name = forms.CharField(
        label="Parent or carer’s full name",
        max_length=200,
        error_messages={"required": "Enter the parent or carer’s full name"},
    )
    parent_email = forms.EmailField(
        label="Their email address (optional)",
        required=False,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
        widget=forms.EmailInput(attrs={"spellcheck": "false"}),
    )
    parent_phone = forms.CharField(
        label="Their phone number (optional)",
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel"}),
    )


class ContactDetailsForm(forms.Form):
    requester_name = forms.CharField(
        label="Full name",
        max_length=200,
        error_messages={"required": "Enter your full name"},
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )
    organisation = forms.CharField(
        label="Organisation and job title",
        max_length=200,
        error_messages={"required": "Enter your organisation and job title"},
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    requester_email = forms.EmailField(
        label="Email address",
        help_text="We will send your reference number here",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    requester_phone = forms.CharField(
        label="Phone number (optional)",
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )

    def __init__(self, *args, answers: dict, **kwargs):
        super().__init__(*args, **kwargs)
        if is_family(answers):
            del self.fields["organisation"]


class DocumentsForm(forms.Form):
    documents = SupportingDocumentsField(
        label="Upload a file",
        required=False,
        help_text=f"PDF, Word, JPG or PNG, each smaller than {MAX_UPLOAD_MB}MB, up to "
        f"{MAX_FILES} files",
    )


class SaveForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        help_text="We will email you a link to come back to your request",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )


@dataclass(frozen=True)
class Question:
    slug: str
    form: type[forms.Form]
    fields: tuple[str, ...]

    def applies(self, answers: dict) -> bool:
        return self.slug != "parent" or not is_family(answers)

    def answered(self, answers: dict) -> bool:
        required = [
            name
            for name, field in self.form.base_fields.items()
            if field.required and name in self.fields and name != "organisation"
        ]
        if self.slug == "contact" and not is_family(answers):
            required.append("organisation")
        return all(answers.get(name) for name in required)


QUESTIONS = (
    Question("who", WhoForm, ("source",)),
    Question("name", NameForm, ("forename", "surname")),
    Question("date-of-birth", DateOfBirthForm, ("date_of_birth",)),
    Question("address", AddressForm, ("address_line_1", "address_line_2", "town", "postcode")),
    Question("setting", SettingForm, ("setting", "setting_other")),
    Question("needs", NeedsForm, ("needs",)),
    Question("support", SupportForm, ("support",)),
    Question("parent", ParentForm, ("parent_name", "parent_email", "parent_phone")),
    Question(
        "contact",
        ContactDetailsForm,
        ("requester_name", "organisation", "requester_email", "requester_phone"),
    ),
)
BY_SLUG = {q.slug: q for q in QUESTIONS}


def questions_for(answers: dict) -> list[Question]:
    return [q for q in QUESTIONS if q.applies(answers)]


def first_unanswered(answers: dict) -> Question | None:
    return next((q for q in questions_for(answers) if not q.answered(answers)), None)


def next_slug(slug: str, answers: dict) -> str:
    """The page after ``slug``: the next question that applies, then the documents page."""
    steps = [q.slug for q in questions_for(answers)]
    if slug in steps and steps.index(slug) + 1 < len(steps):
        return steps[steps.index(slug) + 1]
    return "documents"


def previous_slug(slug: str, answers: dict) -> str | None:
    steps = [q.slug for q in questions_for(answers)] + ["documents", "check"]
    if slug in steps and steps.index(slug) > 0:
        return steps[steps.index(slug) - 1]
    return None


def to_answers(cleaned: dict) -> dict:
    """Form values as JSON-ready answers (dates as ISO strings)."""
    return {
        name: value.isoformat() if isinstance(value, datetime.date) else value
        for name, value in cleaned.items()
    }


def from_answers(answers: dict, fields: tuple[str, ...]) -> dict:
    initial = {name: answers[name] for name in fields if name in answers}
    if "date_of_birth" in initial:
        initial["date_of_birth"] = datetime.date.fromisoformat(initial["date_of_birth"])
    return initial


def chosen_setting(answers: dict) -> Establishment | None:
    urn = answers.get("setting")
    if not urn or urn == NOT_IN_A_SETTING:
        return None
    return Establishment.objects.filter(urn=urn).first()


# --- sending ---------------------------------------------------------------------------------


def allocate_caseworker(establishment: Establishment | None):
    """The caseworker linked to the child's setting, or else the default caseworker of the
    (first, by name) assessment team that has one."""
    linked = establishment.linked_caseworker if establishment is not None else None
    if linked is not None and linked.is_active:
        return linked
    team = (
        Team.objects.filter(
            function=Team.Function.ASSESSMENT,
            default_caseworker__isnull=False,
            default_caseworker__is_active=True,
        )
        .select_related("default_caseworker")
        .order_by("name")
        .first()
    )
    if team is None:
        raise NoCaseworker("No caseworker can receive online requests: set a team's default")
    return team.default_caseworker


def _address(answers: dict) -> str:
    lines = (answers.get("address_line_1"), answers.get("address_line_2"), answers.get("town"))
    return "\n".join(line for line in lines if line)


def _reasons(answers: dict) -> str:
    parts = [
        f"The special educational needs, in the requester’s words:\n{answers['needs']}",
        f"Support in place now:\n{answers['support']}",
    ]
    if answers.get("setting_other"):
        parts.append(
            f"Setting named by the requester (not found in the register): "
            f"{answers['setting_other']}"
        )
    if answers.get("organisation"):
        parts.append(f"Requester’s organisation and job title: {answers['organisation']}")
    if answers.get("parent_name"):
        parent = ", ".join(
            v
            for v in (
                answers["parent_name"],
                answers.get("parent_email"),
                answers.get("parent_phone"),
            )
            if v
        )
        parts.append(f"Parent or carer named by the requester: {parent}")
    return "\n\n".join(parts)


@transaction.atomic
def submit(draft: OnlineRequestDraft) -> AssessmentRequest:
    """Send the draft as a request for assessment (CFA 2014 s36(1)), received today."""
    answers = draft.answers
    missing = first_unanswered(answers)
    if missing is not None:
        raise forms.ValidationError(f"The question “{missing.slug}” has not been answered")
    born = datetime.date.fromisoformat(answers["date_of_birth"])
    establishment = chosen_setting(answers)
    matches = list(find_possible_duplicates(answers["forename"], answers["surname"], born))
    if len(matches) == 1:
        child, new_child = matches[0], False
    else:
        new_child = True
        child = child_create(
            forename=answers["forename"],
            surname=answers["surname"],
            date_of_birth=born,
            address=_address(answers),
            postcode=answers["postcode"],
            establishment=establishment,
            caseworker=allocate_caseworker(establishment),
            created_by=None,
            possible_duplicate=bool(matches),
        )
    source = answers["source"]
    if (
        source in FAMILY
        and not child.contacts.filter(email__iexact=answers["requester_email"]).exists()
    ):
        contact_add(
            child=child,
            added_by=None,
            name=answers["requester_name"],
            relationship=(
                Contact.Relationship.YOUNG_PERSON
                if source == RequestSource.YOUNG_PERSON
                else Contact.Relationship.PARENT
            ),
            email=answers["requester_email"],
            phone=answers.get("requester_phone", ""),
            preferred_method=Contact.Method.EMAIL,
            is_main_contact=new_child,
        )
    elif new_child and answers.get("parent_name"):
        if answers.get("parent_email"):
            method = Contact.Method.EMAIL
        elif answers.get("parent_phone"):
            method = Contact.Method.PHONE
        else:
            method = Contact.Method.POST
        contact_add(
            child=child,
            added_by=None,
            name=answers["parent_name"],
            relationship=Contact.Relationship.PARENT,
            email=answers.get("parent_email", ""),
            phone=answers.get("parent_phone", ""),
            preferred_method=method,
            address=_address(answers),
            postcode=answers["postcode"],
            is_main_contact=True,
        )
    case = request_create(
        child=child,
        received_on=timezone.localdate(),
        source=source,
        created_by=None,
        requester_name=answers["requester_name"],
        requester_email=answers["requester_email"],
        requester_phone=answers.get("requester_phone", ""),
        reasons=_reasons(answers),
        documents=[(u.file, u.content_type, u.original_name) for u in draft.uploads.all()],
        via_online_form=True,
    )
    if not new_child:
        note = "Matched to this existing record by the child’s name and date of birth."
    elif matches:
        note = (
            f"The child’s name and date of birth match {len(matches)} existing records: a new "
            "record was made and flagged for checking in triage."
        )
    else:
        note = "No existing record matched: a new record was made."
    Activity.objects.create(
        request=case, occurred_on=case.received_on, kind="online_request_matched", description=note
    )
    draft.delete()
    return case


def decision_due(case: AssessmentRequest) -> datetime.date:
    """The date the council must decide by (reg 5(1)), from the clock."""
    return next(
        d.due
        for d in clock.assessment_deadlines(case_facts(case))
        if d.key == "decision_to_assess_due"
    )


def send_confirmation(case: AssessmentRequest) -> None:
    due = decision_due(case)
    send_mail(
        subject=f"Your request for an EHC needs assessment: {case.reference}",
        message=(
            f"Dear {case.requester_name},\n\n"
            f"{settings.COUNCIL_NAME} received your request for an education, health and care "
            f"(EHC) needs assessment on {case.received_on:%-d %B %Y}.\n\n"
            f"Your reference number is {case.reference}. Please quote it if you contact us.\n\n"
            "What happens next: a caseworker will look at the request and may contact you. The "
            f"council must decide whether to carry out an assessment and tell the family by "
            f"{due:%-d %B %Y} (within 6 weeks of the request).\n"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[case.requester_email],
    )


def send_return_link(email: str, link: str, expires_at: datetime.datetime) -> None:
    expires = timezone.localtime(expires_at)
    send_mail(
        subject="Return to your request for an EHC needs assessment",
        message=(
            "You saved a request for an education, health and care (EHC) needs assessment.\n\n"
            f"To carry on, open this link:\n{link}\n\n"
            f"The link works until {expires:%-d %B %Y}. After that your answers are deleted.\n\n"
            "Do not share this link: anyone with it can see your answers.\n"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[email],
    )
