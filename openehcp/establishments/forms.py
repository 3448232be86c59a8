"""Forms for the settings register."""

from django import forms

from openehcp.accounts.models import Role, User
from openehcp.people.identifiers import clean_la_code, clean_postcode, clean_ukprn, clean_urn
from openehcp.web.forms import clean_identifier
from openehcp.web.locking import LockedForm

from .models import Establishment, Phase, SettingType


class EstablishmentForm(forms.Form):
    urn = forms.CharField(
        label="URN",
        help_text="The 6-digit unique reference number from Get Information About Schools",
        error_messages={"required": "Enter the setting's URN"},
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-10", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )
    ukprn = forms.CharField(
        label="UKPRN (optional)",
        required=False,
        help_text="8 digits: colleges and other post-16 providers have one",
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-10", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )
    name = forms.CharField(
        label="Name",
        max_length=200,
        error_messages={"required": "Enter the setting's name"},
    )
    setting_type = forms.ChoiceField(
        label="Type of setting",
        choices=SettingType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the type of setting"},
    )
    phase = forms.ChoiceField(
        label="Phase of education (optional)",
        choices=[("", "Not applicable"), *Phase.choices],
        required=False,
    )
    la_code = forms.CharField(
        label="LA code (optional)",
        required=False,
        help_text="The DfE's 3-digit code of the council the setting is in",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "numeric"}),
    )
    postcode = forms.CharField(
        label="Postcode (optional)",
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    linked_caseworker = forms.ModelChoiceField(
        label="Linked caseworker (optional)",
        queryset=User.objects.none(),
        required=False,
        empty_label="No linked caseworker",
        help_text="New requests from this setting's children go to them",
    )
    is_open = forms.BooleanField(label="The setting is open", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["linked_caseworker"].queryset = User.objects.filter(
            role__in=[Role.CASEWORKER, Role.TEAM_MANAGER], is_active=True
        ).order_by("first_name", "last_name")

    @classmethod
    def initial_for(cls, establishment: Establishment) -> dict:
        return {name: getattr(establishment, name) for name in cls.base_fields} | {
            "linked_caseworker": establishment.linked_caseworker_id
        }

    def clean_urn(self):
        return clean_identifier(clean_urn, self.cleaned_data["urn"])

    def clean_ukprn(self):
        return clean_identifier(clean_ukprn, self.cleaned_data["ukprn"])

    def clean_la_code(self):
        return clean_identifier(clean_la_code, self.cleaned_data["la_code"])

    def clean_postcode(self):
        return clean_identifier(clean_postcode, self.cleaned_data["postcode"])

    def establishment_fields(self) -> dict:
        """The cleaned values as keyword arguments for the services."""
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class EditEstablishmentForm(EstablishmentForm, LockedForm):
    """Changing an entry: carries its version (the shared edit lock)."""


class RegisterFilterForm(forms.Form):
    q = forms.CharField(label="Name, URN or UKPRN", required=False, max_length=100)
    setting_type = forms.ChoiceField(
        label="Type of setting",
        choices=[("", "All types"), *SettingType.choices],
        required=False,
    )
