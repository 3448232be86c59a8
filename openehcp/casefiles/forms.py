from django import forms

from openehcp.accounts.models import Role, User

ALLOWED_SUFFIXES = (".csv", ".xlsx")
MAX_UPLOAD_BYTES = 200 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Case history file",
        help_text="A CSV (UTF-8) or Excel (.xlsx) file in the OpenEHCP case-history format.",
        error_messages={"required": "Select a case history file"},
    )
    skip_invalid = forms.BooleanField(
        required=False,
        label="Import the valid rows even if some rows have problems",
        help_text="The rows with problems are listed and can be downloaded to correct.",
    )
    dry_run = forms.BooleanField(
        required=False,
        label="Only check the file: do not save anything",
    )
    default_caseworker = forms.ModelChoiceField(
        queryset=User.objects.none(),
        required=False,
        label="Caseworker for new children (optional)",
        help_text="Given to new children whose setting has no linked caseworker.",
        empty_label="No default caseworker",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["default_caseworker"].queryset = User.objects.filter(
            role__in=[Role.CASEWORKER, Role.TEAM_MANAGER], is_active=True
        ).order_by("first_name", "last_name")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(ALLOWED_SUFFIXES):
            raise forms.ValidationError("The selected file must be a CSV or an Excel (.xlsx) file")
        if upload.size == 0:
            raise forms.ValidationError("The selected file is empty")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 200 MB")
        return upload
