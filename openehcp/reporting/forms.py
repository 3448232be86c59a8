"""The dashboards' filter form (GET) and the board report's commentary form."""

from datetime import date

from django import forms

from openehcp.accounts.models import Role, Team, User
from openehcp.establishments.models import SettingType
from openehcp.people.codes import SENNeed

from .filters import AGE_GROUPS, ReportFilters
from .models import BoardReportSection
from .months import Month, month_range


def default_range(today: date) -> tuple[Month, Month]:
    """The 12 months ending with the current one."""
    last = Month.of(today)
    return last.plus(-11), last


class FilterForm(forms.Form):
    from_month = forms.CharField(
        label="From (month)",
        required=False,
        help_text="For example, 2024-01",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "numeric"}),
    )
    to_month = forms.CharField(
        label="To (month)",
        required=False,
        help_text="For example, 2024-12",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "numeric"}),
    )
    team = forms.TypedChoiceField(label="Team", required=False, coerce=int, empty_value=None)
    caseworker = forms.TypedChoiceField(
        label="Caseworker", required=False, coerce=int, empty_value=None
    )
    age_group = forms.ChoiceField(
        label="Age group",
        required=False,
        choices=[("", "All ages")] + [(code, label) for code, label, _, _ in AGE_GROUPS],
    )
    need = forms.ChoiceField(
        label="Primary need", required=False, choices=[("", "All needs"), *SENNeed.choices]
    )
    setting_type = forms.ChoiceField(
        label="Type of setting",
        required=False,
        choices=[("", "All settings"), *SettingType.choices],
    )

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["team"].choices = [("", "All teams")] + [
            (team.pk, team.name) for team in Team.objects.order_by("name")
        ]
        caseworkers = User.objects.filter(role=Role.CASEWORKER).order_by("last_name", "first_name")
        self.fields["caseworker"].choices = [("", "All caseworkers")] + [
            (user.pk, user.get_full_name() or user.username) for user in caseworkers
        ]

    def _month(self, name: str) -> Month | None:
        text = self.cleaned_data.get(name, "").strip()
        if not text:
            return None
        try:
            return Month.parse(text)
        except ValueError:
            raise forms.ValidationError(
                "Enter a month as a year and month, like 2024-01", code="invalid"
            ) from None

    def clean_from_month(self):
        return self._month("from_month")

    def clean_to_month(self):
        return self._month("to_month")

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("from_month"), cleaned.get("to_month")
        if first and last:
            try:
                month_range(first, last)
            except ValueError as error:
                if last < first:
                    self.add_error(
                        "to_month", "The last month must be the same as or after the first"
                    )
                else:
                    self.add_error("to_month", f"Choose a range of 60 months or fewer ({error})")
        return cleaned

    def months(self) -> tuple[Month, Month]:
        """The range asked for, or the default 12 months (also when the form has errors)."""
        default_first, default_last = default_range(self.today)
        if not self.is_valid():
            return default_first, default_last
        first = self.cleaned_data.get("from_month")
        last = self.cleaned_data.get("to_month")
        if first and not last:
            last = min(first.plus(11), default_last) if first <= default_last else first
        if last and not first:
            first = last.plus(-11)
        return first or default_first, last or default_last

    def filters(self) -> ReportFilters:
        if not self.is_valid():
            return ReportFilters()
        data = self.cleaned_data
        return ReportFilters(
            team=data.get("team"),
            caseworker=data.get("caseworker"),
            age_group=data.get("age_group") or "",
            need=data.get("need") or "",
            setting_type=data.get("setting_type") or "",
        )


class CommentaryForm(forms.Form):
    """One textarea per section of the board report."""

    def __init__(self, *args, initial_texts: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        initial_texts = initial_texts or {}
        for code, label in BoardReportSection.choices:
            self.fields[code] = forms.CharField(
                label=label,
                required=False,
                max_length=5000,
                initial=initial_texts.get(code, ""),
                widget=forms.Textarea,
            )

    def texts(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(code, "") for code, _ in BoardReportSection.choices}
