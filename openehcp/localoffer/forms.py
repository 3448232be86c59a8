"""Forms for the public directory's search and the Local Offer team's editing pages."""

import re

from django import forms

from openehcp.people.identifiers import IdentifierError, clean_postcode
from openehcp.web.forms import GovukDateField
from openehcp.web.locking import LockedForm

from .models import Area, Location, Organization, ServiceStatus, TaxonomyTerm
from .rules import MAX_AGE, MIN_AGE
from .taxonomy import CATEGORIES, NEEDS

EMAIL_ERROR = "Enter an email address in the correct format, like name@example.com"
URL_ERROR = "Enter a web address in the correct format, like https://www.example.com"


def clean_uk_phone(value: str) -> str:
    """A UK phone number: 10 or 11 digits starting with 0 (or +44), spaces allowed."""
    value = " ".join(value.split())
    digits = re.sub(r"[\s()-]", "", value)
    if digits.startswith("+44"):
        digits = "0" + digits[3:]
    if not re.fullmatch(r"0\d{9,10}", digits):
        raise forms.ValidationError("Enter a UK phone number, like 01632 960 001 or 07700 900 982")
    return value


def _age_field(label: str) -> forms.IntegerField:
    message = f"{label} must be a whole number from {MIN_AGE} to {MAX_AGE}"
    return forms.IntegerField(
        label=f"{label} (optional)",
        required=False,
        min_value=MIN_AGE,
        max_value=MAX_AGE,
        error_messages={"invalid": message, "min_value": message, "max_value": message},
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-2", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )


def _email_field() -> forms.EmailField:
    return forms.EmailField(
        label="Email address (optional)",
        required=False,
        error_messages={"invalid": EMAIL_ERROR},
        widget=forms.EmailInput(attrs={"spellcheck": "false"}),
    )


def _website_field() -> forms.URLField:
    """A web address; ``https://`` is added when it is left out."""
    return forms.URLField(
        label="Website (optional)",
        required=False,
        assume_scheme="https",
        error_messages={"invalid": URL_ERROR},
    )


def _terms(taxonomy_name: str):
    return TaxonomyTerm.objects.filter(taxonomy__name=taxonomy_name).select_related("parent")


class TermChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, term):
        return f"{term.parent.name}: {term.name}" if term.parent_id else term.name


# --- Public search ---------------------------------------------------------------------------


class DirectorySearchForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=100)
    category = forms.ChoiceField(label="Type of help", required=False)
    age = forms.IntegerField(
        label="Age of the child or young person",
        required=False,
        min_value=MIN_AGE,
        max_value=MAX_AGE,
        error_messages={
            "invalid": f"Enter an age as a whole number from {MIN_AGE} to {MAX_AGE}",
            "min_value": f"Enter an age from {MIN_AGE} to {MAX_AGE}",
            "max_value": f"Enter an age from {MIN_AGE} to {MAX_AGE}",
        },
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-2", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )
    area = forms.ChoiceField(label="Where you live", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        terms = [
            (str(term.pk), f"{term.parent.name}: {term.name}" if term.parent_id else term.name)
            for term in _terms(CATEGORIES)
        ]
        needs = [(str(term.pk), term.name) for term in _terms(NEEDS)]
        self.fields["category"].choices = [
            ("", "Any type of help"),
            ("Type of help", terms),
            ("Area of need", needs),
        ]
        self.fields["area"].choices = [("", "Anywhere")] + [
            (str(area.pk), area.name) for area in Area.objects.filter(whole_council=False)
        ]

    def filters(self) -> dict:
        """The chosen filters, empty ones left out (an invalid form filters nothing)."""
        if not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value not in ("", None)}


# --- Editing ---------------------------------------------------------------------------------


class RecordForm(LockedForm):
    """A form for one record's ``FIELDS``; ``new=True`` for adding one (no version yet)."""

    FIELDS: tuple[str, ...] = ()

    def __init__(self, *args, new: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if new:
            del self.fields["version"]

    @classmethod
    def initial_for(cls, record) -> dict:
        return {name: getattr(record, name) for name in cls.FIELDS} | {"version": record.version}

    def record_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.FIELDS}


class OrganizationForm(RecordForm):
    name = forms.CharField(
        label="Name of the organisation",
        max_length=200,
        error_messages={"required": "Enter the name of the organisation"},
    )
    description = forms.CharField(
        label="What the organisation does",
        widget=forms.Textarea,
        error_messages={"required": "Enter what the organisation does"},
    )
    email = _email_field()
    website = _website_field()

    FIELDS = ("name", "description", "email", "website")


class LocationForm(RecordForm):
    name = forms.CharField(
        label="Name of the place",
        max_length=200,
        help_text="For example, Riverside Children's Centre",
        error_messages={"required": "Enter the name of the place"},
    )
    location_type = forms.ChoiceField(
        label="Is it a place people go to?",
        choices=Location.Type.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether it is a place people go to"},
    )
    address_1 = forms.CharField(label="Address (optional)", max_length=200, required=False)
    city = forms.CharField(
        label="Town or city (optional)",
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-!-width-two-thirds"}),
    )
    postal_code = forms.CharField(
        label="Postcode (optional)",
        max_length=10,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    accessibility = forms.CharField(
        label="Accessibility (optional)",
        required=False,
        help_text="Step-free access, accessible toilets, hearing loops, parking",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    FIELDS = ("name", "location_type", "address_1", "city", "postal_code", "accessibility")

    def clean_postal_code(self):
        value = self.cleaned_data["postal_code"].strip()
        if not value:
            return ""
        try:
            return clean_postcode(value)
        except IdentifierError as error:
            raise forms.ValidationError(str(error)) from error

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("location_type") == Location.Type.PHYSICAL:
            if not cleaned.get("address_1") and "address_1" not in self.errors:
                self.add_error("address_1", "Enter the address of the place")
            if not cleaned.get("postal_code") and "postal_code" not in self.errors:
                self.add_error("postal_code", "Enter the postcode of the place")
        return cleaned


class ServiceForm(RecordForm):
    name = forms.CharField(
        label="Name of the service",
        max_length=200,
        error_messages={"required": "Enter the name of the service"},
    )
    organization = forms.ModelChoiceField(
        label="Who provides it",
        queryset=Organization.objects.filter(retired_on__isnull=True),
        empty_label="Choose an organisation",
        error_messages={"required": "Choose who provides the service"},
    )
    description = forms.CharField(
        label="What the service does and who it is for",
        help_text="Say how to get it: whether a referral is needed, and who can refer",
        widget=forms.Textarea,
        error_messages={"required": "Enter what the service does and who it is for"},
    )
    categories = TermChoiceField(
        label="Type of help",
        queryset=_terms(CATEGORIES),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one type of help"},
    )
    needs = TermChoiceField(
        label="Areas of need it is for (optional)",
        queryset=_terms(NEEDS),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    minimum_age = _age_field("Youngest age")
    maximum_age = _age_field("Oldest age")
    areas = forms.ModelMultipleChoiceField(
        label="Which parts of the area it covers",
        queryset=Area.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select which parts of the area the service covers"},
    )
    locations = forms.ModelMultipleChoiceField(
        label="Where it runs (optional)",
        queryset=Location.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    opening_times = forms.CharField(
        label="When it runs (optional)",
        required=False,
        help_text="For example, Monday to Friday, 9am to 5pm, term time only",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    cost = forms.CharField(
        label="Cost (optional)",
        max_length=200,
        required=False,
        help_text="For example, Free, or £5 a session",
    )
    cost_amount = forms.DecimalField(
        label="Amount in pounds (optional)",
        required=False,
        min_value=0,
        max_digits=8,
        decimal_places=2,
        error_messages={
            "invalid": "Enter the amount in pounds, like 5 or 12.50",
            "min_value": "The amount cannot be less than 0",
            "max_decimal_places": "Enter the amount in pounds and pence, like 12.50",
        },
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "decimal"}),
    )
    contact_name = forms.CharField(
        label="Contact name or team (optional)", max_length=200, required=False
    )
    phone = forms.CharField(
        label="Phone number (optional)",
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "type": "tel"}),
    )
    email = _email_field()
    url = _website_field()
    alert = forms.CharField(
        label="Notice to show on the service's page (optional)",
        required=False,
        help_text="For example, No sessions in the summer holidays",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reviewed = forms.BooleanField(
        label="I have checked these details with the provider today",
        required=False,
        help_text="The Local Offer must be kept up to date: each service is checked every year",
    )

    FIELDS = (
        "name",
        "organization",
        "description",
        "categories",
        "needs",
        "minimum_age",
        "maximum_age",
        "areas",
        "locations",
        "opening_times",
        "cost",
        "cost_amount",
        "contact_name",
        "phone",
        "email",
        "url",
        "alert",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewed"] = self.fields.pop("reviewed")
        if "version" in self.fields:
            self.fields["version"] = self.fields.pop("version")

    def clean_phone(self):
        value = self.cleaned_data["phone"].strip()
        return clean_uk_phone(value) if value else ""

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("minimum_age"), cleaned.get("maximum_age")
        if low is not None and high is not None and low > high:
            self.add_error(
                "maximum_age", "Oldest age must be the same as or more than youngest age"
            )
        if not (cleaned.get("phone") or cleaned.get("email") or cleaned.get("url")):
            if not {"phone", "email", "url"} & set(self.errors):
                self.add_error("phone", "Enter a phone number, email address or website")
        return cleaned

    def record_fields(self) -> dict:
        return super().record_fields() | {"reviewed": self.cleaned_data["reviewed"]}


class CommentForm(RecordForm):
    received_on = GovukDateField(
        label="Date the comment was received",
        help_text="For example, 27 3 2026",
        allow_future=False,
    )
    comment = forms.CharField(
        label="What people told us",
        help_text="Summarise it without names or other personal details",
        widget=forms.Textarea,
        error_messages={"required": "Enter what people told us"},
    )
    response = forms.CharField(
        label="What we did (optional until it is published)",
        required=False,
        widget=forms.Textarea,
    )
    publish = forms.BooleanField(
        label="Publish it on the Local Offer",
        required=False,
        help_text="The council publishes the comments it receives and what it did (reg 55)",
    )

    FIELDS = ("received_on", "comment", "response")

    @classmethod
    def initial_for(cls, record) -> dict:
        return super().initial_for(record) | {"publish": record.published_on is not None}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("publish") and not cleaned.get("response", "").strip():
            self.add_error("response", "Enter what we did before publishing the comment")
        return cleaned

    def record_fields(self) -> dict:
        return super().record_fields() | {"publish": self.cleaned_data["publish"]}


class RetireServiceForm(LockedForm):
    status = forms.ChoiceField(
        label="Why is the service leaving the Local Offer?",
        choices=[
            (ServiceStatus.TEMPORARILY_CLOSED, "It is closed for a while and will reopen"),
            (ServiceStatus.INACTIVE, "It is not running for now"),
            (ServiceStatus.DEFUNCT, "It has stopped for good"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select why the service is leaving the Local Offer"},
    )


class ConfirmForm(LockedForm):
    """A button that acts on a record as the page showed it (retire, mark reviewed, restore)."""


class ManageFilterForm(forms.Form):
    q = forms.CharField(label="Name", required=False, max_length=100)
    show = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[
            ("", "All services"),
            ("review_due", "Due a review"),
            ("active", "Active"),
            ("not_active", "Not in the public directory"),
        ],
    )
