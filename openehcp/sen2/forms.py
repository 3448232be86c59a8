from django import forms
from django.utils import timezone

from .census import reference_date

FIRST_YEAR = 2023  # the first person-level return


def default_year(today=None) -> int:
    """The return being prepared: this January's until its census day, then next January's."""
    today = today or timezone.localdate()
    return today.year if today <= reference_date(today.year) else today.year + 1


class YearForm(forms.Form):
    year = forms.TypedChoiceField(
        label="Collection year",
        coerce=int,
        help_text="The January census the return is for",
        error_messages={"invalid_choice": "Choose a collection year from the list"},
    )

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        latest = default_year(today)
        self.fields["year"].choices = [
            (year, f"{year} (census day {reference_date(year):%-d %B %Y})")
            for year in range(latest, FIRST_YEAR - 1, -1)
        ]
        self.fields["year"].initial = latest

    def chosen_year(self) -> int:
        if self.is_bound and self.is_valid():
            return self.cleaned_data["year"]
        return self.fields["year"].initial
