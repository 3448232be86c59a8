"""Forms for requests arriving: typed in by staff, and the triage queue's merge of a duplicate."""

from django import forms

from openehcp.accounts.models import Role, User
from openehcp.people.models import Child
from openehcp.web.forms import GovukDateField
from openehcp.web.locking import LockedForm

from .models import RequestSource
from .uploads import MAX_FILES, MAX_UPLOAD_MB, SupportingDocumentsField


class StaffRequestForm(LockedForm):
    """A request for assessment received by letter, email or phone and typed in by staff. It
    carries the child's version: a request sent twice (or after the record was merged) is
    refused, not recorded twice."""

    received_on = GovukDateField(
        label="When did the council receive the request?",
        error_name="The date the request was received",
        allow_future=False,
        help_text="The 6 weeks for the decision whether to assess start from this day. For "
        "example, 27 3 2026",
    )
    source = forms.ChoiceField(
        label="Who made the request?",
        choices=RequestSource.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who made the request"},
    )
    requester_name = forms.CharField(
        label="Name of the person or organisation asking (optional)",
        max_length=200,
        required=False,
    )
    requester_email = forms.EmailField(
        label="Their email address (optional)",
        required=False,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
        widget=forms.EmailInput(attrs={"spellcheck": "false"}),
    )
    requester_phone = forms.CharField(
        label="Their phone number (optional)",
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel"}),
    )
    in_youth_accommodation = forms.BooleanField(
        label="The child or young person was in youth custody when the request was made",
        required=False,
        help_text="Detained in relevant youth accommodation (Children and Families Act 2014 "
        "section 70): the DfE's SEN2 return counts these requests",
    )
    reasons = forms.CharField(
        label="Why do they ask for an assessment? (optional)",
        required=False,
        widget=forms.Textarea,
    )
    documents = SupportingDocumentsField(
        label="Supporting documents (optional)",
        required=False,
        help_text=f"PDF, Word, JPG or PNG files, each smaller than {MAX_UPLOAD_MB}MB, up to "
        f"{MAX_FILES} files",
    )

    def __init__(self, *args, child: Child, **kwargs):
        super().__init__(*args, **kwargs)
        self.child = child

    def clean_received_on(self):
        received_on = self.cleaned_data["received_on"]
        if received_on < self.child.date_of_birth:
            raise forms.ValidationError(
                "The date the request was received must be after the child was born"
            )
        return received_on


class MergeForm(LockedForm):
    """Choose the existing record a duplicate child belongs to; carries the duplicate's version."""

    into = forms.TypedChoiceField(
        label="Which record is the same child?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the record that is the same child",
            "invalid_choice": "The record you chose cannot be merged into any more: it may "
            "have been merged already. Check the records below",
        },
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].choices = [
            (
                child.pk,
                f"{child.forename} {child.surname}, born {child.date_of_birth:%-d %B %Y}"
                + (f", UPN {child.upn}" if child.upn else "")
                + (f", {child.establishment.name}" if child.establishment_id else ""),
            )
            for child in candidates
        ]


class DefaultCaseworkerForm(LockedForm):
    """Who in the team receives new requests when the child's setting has no linked caseworker."""

    default_caseworker = forms.ModelChoiceField(
        label="Who receives new requests that no setting’s caseworker takes?",
        queryset=User.objects.none(),
        widget=forms.RadioSelect,
        error_messages={"required": "Select a caseworker"},
    )

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["default_caseworker"].queryset = User.objects.filter(
            team=team, role__in=[Role.CASEWORKER, Role.TEAM_MANAGER], is_active=True
        ).order_by("first_name", "last_name")
