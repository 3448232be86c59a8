"""Form pieces that follow the GOV.UK Design System: a form base class, the date input (day, month
and year fields) and a multiple-file field.

Render the fields with the ``govuk_forms`` template tags (``{% govuk_field form.name %}``,
``{% govuk_error_summary form %}``), which produce the GOV.UK Frontend markup.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone


class GovukForm(forms.Form):
    """A form whose pages rely on server-side validation only (GOV.UK forms use ``novalidate``)."""

    use_required_attribute = False


class GovukModelForm(forms.ModelForm):
    use_required_attribute = False


class GovukDateWidget(forms.MultiWidget):
    """Three text inputs, day, month and year, as the GOV.UK date input pattern asks."""

    parts = ("day", "month", "year")

    def __init__(self, attrs=None):
        widgets = [
            forms.TextInput(attrs={"inputmode": "numeric"}),
            forms.TextInput(attrs={"inputmode": "numeric"}),
            forms.TextInput(attrs={"inputmode": "numeric"}),
        ]
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [str(value.day), str(value.month), str(value.year)]
        return ["", "", ""]

    def value_from_datadict(self, data, files, name):
        return [(data.get(f"{name}_{index}") or "").strip() for index in range(3)]

    def value_omitted_from_data(self, data, files, name):
        return all(f"{name}_{index}" not in data for index in range(3))


class GovukDateField(forms.Field):
    """A date typed as day, month and year, with the GOV.UK error messages.

    ``noun`` names the date in messages ("the child's date of birth"); ``past`` requires a date
    before today (``allow_today`` lets today through) and ``future`` one after today. After a
    failed clean, ``error_parts`` holds the parts to highlight.
    """

    widget = GovukDateWidget

    def __init__(
        self,
        *,
        noun: str,
        past: bool = False,
        future: bool = False,
        allow_today: bool = True,
        earliest: datetime.date | None = None,
        **kwargs,
    ):
        self.noun = noun
        self.past = past
        self.future = future
        self.allow_today = allow_today
        self.earliest = earliest
        self.error_parts: tuple[str, ...] = ()
        super().__init__(**kwargs)

    def _fail(self, message: str, parts: tuple[str, ...] = GovukDateWidget.parts):
        self.error_parts = parts
        raise ValidationError(message)

    def to_python(self, value):
        if isinstance(value, datetime.date):
            return value
        day, month, year = value if value else ("", "", "")
        self.error_parts = ()
        typed = {"day": day, "month": month, "year": year}
        missing = tuple(part for part in GovukDateWidget.parts if not typed[part])
        if len(missing) == 3:
            if self.required:
                self._fail(f"Enter {self.noun}")
            return None
        subject = self.noun[0].upper() + self.noun[1:]
        if missing:
            names = " and a ".join(missing)
            self._fail(f"{subject} must include a {names}", missing)
        not_numbers = tuple(p for p in GovukDateWidget.parts if not typed[p].isdigit())
        if not_numbers:
            self._fail(f"{subject} must be a real date", not_numbers)
        if len(year) != 4:
            self._fail("Year must include 4 numbers", ("year",))
        try:
            return datetime.date(int(year), int(month), int(day))
        except ValueError:
            parts = ("month",) if not 1 <= int(month) <= 12 else GovukDateWidget.parts
            self._fail(f"{subject} must be a real date", parts)

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        subject = self.noun[0].upper() + self.noun[1:]
        today = timezone.localdate()
        if self.past and (value > today or (value == today and not self.allow_today)):
            self._fail(
                f"{subject} must be today or in the past"
                if self.allow_today
                else f"{subject} must be in the past"
            )
        if self.future and (value < today or (value == today and not self.allow_today)):
            self._fail(f"{subject} must be in the future")
        if self.earliest and value < self.earliest:
            self._fail(f"{subject} must be after {self.earliest:%-d %B %Y}")

    def clean(self, value):
        try:
            return super().clean(value)
        except ValidationError:
            if not self.error_parts:
                self.error_parts = GovukDateWidget.parts
            raise


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one ``<input type="file" multiple>``; cleans to a list."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if not files and self.required:
            raise ValidationError(self.error_messages["required"], code="required")
        return [super(MultipleFileField, self).clean(file, initial) for file in files]
