"""Forms for children's records and their contacts, with GOV.UK error messages.

Identifiers are checked by ``openehcp.people.identifiers`` here, for the person typing, and again
by the services, for every other way in.
"""

import hashlib

from django import forms
from django.utils import timezone

from openehcp.accounts.models import Role, User
from openehcp.establishments.models import Establishment
from openehcp.web.forms import GovukDateField, clean_identifier
from openehcp.web.locking import LockedForm

from .ages import age_on
from .codes import Ethnicity, Language, SENNeed, Sex, UPNUnknown
from .identifiers import (
    clean_la_code,
    clean_nhs_number,
    clean_postcode,
    clean_uln,
    clean_upn,
    clean_urn,
)
from .models import Child, Contact
from .services import OLDEST_AGE


def _with_blank(choices, label: str):
    return [("", label), *choices]


def setting_urn_field(label: str, help_text: str) -> forms.CharField:
    """An optional URN of a setting in the register, cleaned by ``setting_for_urn``."""
    return forms.CharField(
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "numeric"}),
    )


def setting_for_urn(value: str, *, otherwise: str = "") -> Establishment | None:
    """The register's setting with this URN (``None`` when blank); an error when there is none.
    ``otherwise`` adds what else the person may do."""
    value = clean_identifier(clean_urn, value)
    if not value:
        return None
    establishment = Establishment.objects.filter(urn=value).first()
    if establishment is None:
        raise forms.ValidationError(
            "There is no setting with this URN in the settings register: add it there first"
            + otherwise
        )
    return establishment


class ChildForm(forms.Form):
    """A child's details, as typed by council staff."""

    forename = forms.CharField(
        label="First name",
        max_length=100,
        error_messages={
            "required": "Enter the first name",
            "max_length": "First name must be 100 characters or fewer",
        },
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    surname = forms.CharField(
        label="Last name",
        max_length=100,
        error_messages={
            "required": "Enter the last name",
            "max_length": "Last name must be 100 characters or fewer",
        },
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    preferred_name = forms.CharField(
        label="Preferred name (optional)",
        max_length=100,
        required=False,
        help_text="The name the child or young person likes to be called, if different",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    date_of_birth = GovukDateField(
        label="Date of birth",
        error_name="Date of birth",
        allow_future=False,
        help_text="For example, 27 3 2015",
    )
    sex = forms.ChoiceField(
        label="Sex (optional)",
        choices=Sex.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    upn = forms.CharField(
        label="Unique pupil number (UPN) (optional)",
        required=False,
        help_text="13 characters, for example H801200001001",
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-20", "spellcheck": "false", "autocomplete": "off"}
        ),
    )
    uln = forms.CharField(
        label="Unique learner number (ULN) (optional)",
        required=False,
        help_text="10 digits, for young people in further education or training",
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-10", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )
    upn_unknown_reason = forms.ChoiceField(
        label="If there is no UPN or ULN, why not? (optional)",
        choices=_with_blank(UPNUnknown.choices, "Not applicable"),
        required=False,
        help_text="The reason the DfE's SEN2 return asks for when a child has neither number",
    )
    nhs_number = forms.CharField(
        label="NHS number (optional)",
        required=False,
        help_text="10 digits, for example 943 476 5919",
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-10", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )
    address = forms.CharField(
        label="Home address (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off"}),
    )
    postcode = forms.CharField(
        label="Postcode (optional)",
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off"}),
    )
    home_la = forms.CharField(
        label="Home council LA code (optional)",
        required=False,
        help_text="The DfE's 3-digit code of the council where the child lives, for example 210",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "numeric"}),
    )
    ethnicity = forms.ChoiceField(
        label="Ethnicity (optional)",
        choices=_with_blank(Ethnicity.choices, "Not recorded"),
        required=False,
    )
    first_language = forms.ChoiceField(
        label="First language (optional)",
        choices=_with_blank(Language.choices, "Not recorded"),
        required=False,
    )
    setting_urn = setting_urn_field(
        "Current setting URN (optional)",
        "The 6-digit URN of the school, college or early years setting in the settings "
        "register. Leave blank if the child is not in a setting.",
    )
    primary_need = forms.ChoiceField(
        label="Primary need (optional)",
        choices=_with_blank(SENNeed.choices, "Not yet known"),
        required=False,
    )
    secondary_need = forms.ChoiceField(
        label="Secondary need (optional)",
        choices=_with_blank(SENNeed.choices, "None"),
        required=False,
    )
    caseworker = forms.ModelChoiceField(
        label="Caseworker",
        queryset=User.objects.none(),
        empty_label="Choose a caseworker",
        error_messages={
            "required": "Choose the child's caseworker",
            "invalid_choice": "Choose a caseworker from the list",
        },
    )
    lead_professional = forms.CharField(
        label="Lead professional (optional)",
        max_length=200,
        required=False,
        help_text="The person who coordinates the support around the child, and their role",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caseworker"].queryset = User.objects.filter(
            role__in=[Role.CASEWORKER, Role.TEAM_MANAGER], is_active=True
        ).order_by("first_name", "last_name")

    @classmethod
    def initial_for(cls, child: Child) -> dict:
        return {
            "forename": child.forename,
            "surname": child.surname,
            "preferred_name": child.preferred_name,
            "date_of_birth": child.date_of_birth,
            "sex": child.sex,
            "upn": child.upn,
            "uln": child.uln,
            "upn_unknown_reason": child.upn_unknown_reason,
            "nhs_number": child.nhs_number,
            "address": child.address,
            "postcode": child.postcode,
            "home_la": child.home_la,
            "ethnicity": child.ethnicity,
            "first_language": child.first_language,
            "setting_urn": child.establishment.urn if child.establishment_id else "",
            "primary_need": child.primary_need,
            "secondary_need": child.secondary_need,
            "caseworker": child.caseworker_id,
            "lead_professional": child.lead_professional,
        }

    def clean_upn(self):
        return clean_identifier(clean_upn, self.cleaned_data["upn"])

    def clean_uln(self):
        return clean_identifier(clean_uln, self.cleaned_data["uln"])

    def clean_nhs_number(self):
        return clean_identifier(clean_nhs_number, self.cleaned_data["nhs_number"])

    def clean_postcode(self):
        return clean_identifier(clean_postcode, self.cleaned_data["postcode"])

    def clean_home_la(self):
        return clean_identifier(clean_la_code, self.cleaned_data["home_la"])

    def clean_setting_urn(self):
        return setting_for_urn(self.cleaned_data["setting_urn"])

    def clean(self):
        cleaned = super().clean()
        primary, secondary = cleaned.get("primary_need"), cleaned.get("secondary_need")
        if secondary and secondary == primary:
            self.add_error(
                "secondary_need", "The secondary need must be different from the primary need"
            )
        elif secondary and not primary:
            self.add_error("primary_need", "Choose the primary need before a secondary need")
        if cleaned.get("upn_unknown_reason") and (cleaned.get("upn") or cleaned.get("uln")):
            self.add_error(
                "upn_unknown_reason",
                "Leave the reason blank when the child has a UPN or ULN",
            )
        return cleaned

    def child_fields(self) -> dict:
        """The cleaned values as keyword arguments for ``child_create`` / ``child_update``."""
        data = dict(self.cleaned_data)
        data["establishment"] = data.pop("setting_urn")
        data.pop("confirm_different", None)
        data.pop("checked", None)
        data.pop("version", None)
        return data


class NewChildForm(ChildForm):
    """Adding a child: if possible duplicates are found the person must confirm it is a
    different child before the record is made."""

    confirm_different = forms.BooleanField(
        label="I have checked these records: this is a different child",
        required=False,
    )
    # Which possible duplicates the confirmation is about (a digest of their ids): a record added
    # after the person checked (the same child sent twice) needs checking again.
    checked = forms.CharField(widget=forms.HiddenInput, required=False)

    @staticmethod
    def fingerprint(records) -> str:
        ids = ",".join(str(pk) for pk in sorted(record.pk for record in records))
        return hashlib.sha256(ids.encode()).hexdigest()[:16]

    def clean_date_of_birth(self):
        """The SEND service is for children and young people up to their 25th birthday
        (CFA 2014 s83(2)), so a new record is for someone under 26."""
        born = self.cleaned_data["date_of_birth"]
        if age_on(born, timezone.localdate()) > OLDEST_AGE:
            raise forms.ValidationError(
                "Date of birth must be within the last 26 years: the SEND service is for "
                "children and young people up to 25"
            )
        return born


class EditChildForm(ChildForm, LockedForm):
    """Changing a child's details: carries the record's version (the shared edit lock)."""


class ContactForm(forms.Form):
    name = forms.CharField(
        label="Full name",
        max_length=200,
        error_messages={"required": "Enter the contact's full name"},
    )
    relationship = forms.ChoiceField(
        label="Relationship to the child",
        choices=_with_blank(Contact.Relationship.choices, "Choose a relationship"),
        error_messages={"required": "Choose the contact's relationship to the child"},
    )
    parental_responsibility = forms.BooleanField(
        label="Has parental responsibility",
        required=False,
    )
    is_main_contact = forms.BooleanField(
        label="Main contact: letters and notices go to this person",
        required=False,
        help_text="From the end of compulsory school age the young person is the main contact "
        "and makes their own decisions",
    )
    young_person_agreed_access = forms.BooleanField(
        label="The young person agrees this person may see their case online",
        required=False,
        help_text="From the end of compulsory school age the rights are the young person's own: "
        "a parent or carer sees the case in the family portal only with their agreement",
    )
    preferred_method = forms.ChoiceField(
        label="How do they prefer to be contacted?",
        choices=Contact.Method.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how they prefer to be contacted"},
    )
    email = forms.EmailField(
        label="Email address (optional)",
        required=False,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    phone = forms.CharField(
        label="Phone number (optional)",
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "type": "tel"}),
    )
    address = forms.CharField(
        label="Address (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    postcode = forms.CharField(
        label="Postcode (optional)",
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    interpreter_language = forms.ChoiceField(
        label="Interpreter (optional)",
        choices=_with_blank(
            [
                (code, label)
                for code, label in Language.choices
                if code not in {"ENG", "ENB", "REF", "NOT"}
            ],
            "No interpreter needed",
        ),
        required=False,
        help_text="The language to interpret into at meetings and phone calls",
    )
    accessible_format = forms.ChoiceField(
        label="Format for letters and documents",
        choices=Contact.Format.choices,
        required=False,
    )

    @classmethod
    def initial_for(cls, contact: Contact) -> dict:
        return {name: getattr(contact, name) for name in cls.base_fields}

    def contact_fields(self) -> dict:
        """The cleaned values as keyword arguments for ``contact_add`` / ``contact_update``."""
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}

    def clean_postcode(self):
        return clean_identifier(clean_postcode, self.cleaned_data["postcode"])

    def clean(self):
        cleaned = super().clean()
        method = cleaned.get("preferred_method")
        if (
            method == Contact.Method.EMAIL
            and not cleaned.get("email")
            and "email" not in self.errors
        ):
            self.add_error("email", "Enter an email address, or choose another way to contact them")
        if method in {Contact.Method.PHONE, Contact.Method.TEXT} and not cleaned.get("phone"):
            self.add_error("phone", "Enter a phone number, or choose another way to contact them")
        if method == Contact.Method.POST and not (
            cleaned.get("address") and cleaned.get("postcode")
        ):
            if "postcode" not in self.errors:
                self.add_error(
                    "address",
                    "Enter an address and postcode, or choose another way to contact them",
                )
        return cleaned


class EditContactForm(ContactForm, LockedForm):
    """Changing a contact: carries the contact's version (the shared edit lock)."""


class ChildSearchForm(forms.Form):
    q = forms.CharField(label="Search by name or UPN", required=False, max_length=100)
