"""The dashboards' filter form (GET) and the board report's commentary form."""

import hashlib
from datetime import date

from django import forms

from openehcp.accounts.models import Role, Team, User
from openehcp.establishments.models import SettingType
from openehcp.people.codes import SENNeed
from openehcp.web.locking import conflict

from .filters import AGE_GROUPS, ReportFilters
from .models import BoardReportSection
from .months import Month, month_range
from .services import commentary_noun


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
    """One textarea per section of the board report. Each section carries the version of its
    commentary and a digest of its text as the page showed them, so a save changes only the
    sections the person changed, under the shared edit lock (``openehcp.web.locking``)."""

    def __init__(self, *args, current: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        current = current or {}
        for code, label in BoardReportSection.choices:
            row = current.get(code)
            text = row.text if row else ""
            self.fields[code] = forms.CharField(
                label=label,
                required=False,
                max_length=5000,
                initial=text,
                widget=forms.Textarea,
            )
            self.fields[f"{code}_version"] = forms.IntegerField(
                widget=forms.HiddenInput, initial=row.version if row else 0, min_value=0
            )
            self.fields[f"{code}_shown"] = forms.CharField(
                widget=forms.HiddenInput, initial=digest(text), required=False
            )

    def changes(self) -> dict[str, tuple[str, int]]:
        """The sections whose text the person changed: ``(text, version)`` for the service."""
        data = self.cleaned_data
        return {
            code: (data[code], data[f"{code}_version"])
            for code in BoardReportSection.values
            if digest(data[code]) != data[f"{code}_shown"]
        }

    def show_conflicts(self, current: dict, *, user) -> None:
        """After a conflict: keep what the person wrote in the sections they changed, show the
        latest text of the others, and put the conflict on each section someone else saved
        meanwhile. The form now carries the latest versions, so saving again replaces them."""
        mine = self.changes()
        data = self.data.copy()
        for code in BoardReportSection.values:
            row = current.get(code)
            text = row.text if row else ""
            if code not in mine:
                data[code] = text
            data[f"{code}_version"] = str(row.version if row else 0)
            data[f"{code}_shown"] = digest(text)
        self.data = data
        shown = False
        for code, (_text, version) in mine.items():
            row = current.get(code)
            if row is not None and row.version != version:
                clash = conflict(type(row), row.pk, user=user, noun=commentary_noun(code))
                self.add_error(code, clash.message)
                shown = True
        if not shown:
            self.add_error(
                None,
                "The commentary was changed while you were editing. Your changes have not been "
                "saved: check them, then save again.",
            )


def digest(text: str) -> str:
    """A short fingerprint of a commentary's text, to tell whether the person changed it."""
    normal = (text or "").replace("\r\n", "\n").strip()
    return hashlib.sha256(normal.encode()).hexdigest()[:16]
