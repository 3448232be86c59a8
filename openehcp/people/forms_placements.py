"""Forms for a child's placements (the placement history), with GOV.UK error messages."""

from django import forms

from openehcp.establishments.models import SettingType
from openehcp.web.forms import GovukDateField
from openehcp.web.locking import LockedForm

from .codes import Residential, WorkBased
from .forms import setting_for_urn, setting_urn_field
from .placements import NewPlacement

MAIN, DUAL = "main", "dual"


class PlacementForm(LockedForm):
    setting_urn = setting_urn_field(
        "URN of the setting (optional)",
        "The 6-digit URN in the settings register. Leave blank for a setting that is not in the "
        "register, and choose its type below.",
    )
    setting_type = forms.ChoiceField(
        label="Type of setting (optional)",
        help_text="Only for a setting with no URN in the register.",
        choices=[("", "Not needed: the setting is in the register"), *SettingType.choices],
        required=False,
    )
    kind = forms.ChoiceField(
        label="Main or dual placement",
        choices=[
            (MAIN, "Main placement (where the child is mainly registered)"),
            (DUAL, "Dual (subsidiary) placement, beside the main one"),
        ],
        widget=forms.RadioSelect,
        initial=MAIN,
        error_messages={"required": "Choose a main or a dual placement"},
    )
    starts_on = GovukDateField(
        label="Start date", help_text="The first day at the setting. For example, 1 9 2026"
    )
    ends_on = GovukDateField(
        label="End date (optional)",
        help_text="The last day at the setting. Leave blank while the placement goes on.",
        required=False,
    )
    residential = forms.ChoiceField(
        label="Residential placement",
        choices=[("", "Not residential"), *Residential.choices],
        required=False,
    )
    work_based = forms.ChoiceField(
        label="Work-based learning",
        choices=[("", "No work-based learning"), *WorkBased.choices],
        required=False,
    )

    def clean_setting_urn(self):
        return setting_for_urn(
            self.cleaned_data["setting_urn"],
            otherwise=", or leave the URN blank and choose a type of setting",
        )

    def clean(self):
        cleaned = super().clean()
        if "setting_urn" in cleaned and not cleaned["setting_urn"] and not cleaned["setting_type"]:
            self.add_error(
                "setting_urn", "Enter the URN of the setting, or choose a type of setting"
            )
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The end date must be on or after the start date")
        return cleaned

    def placement(self) -> NewPlacement:
        data = self.cleaned_data
        return NewPlacement(
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            establishment=data["setting_urn"],
            setting_type="" if data["setting_urn"] else data["setting_type"],
            is_main=data["kind"] == MAIN,
            residential=data["residential"],
            work_based=data["work_based"],
        )


class EndPlacementForm(LockedForm):
    ends_on = GovukDateField(
        label="End date", help_text="The last day at the setting. For example, 31 8 2026"
    )
