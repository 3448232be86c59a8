"""Form fields for the GOV.UK patterns that Django does not have.

``GovukDateField`` is the GOV.UK date input: three boxes (day, month, year) that arrive as
``<name>-day``, ``<name>-month`` and ``<name>-year`` and are checked with the GOV.UK Design
System's error messages ("Date of birth must include a month", "Date of birth must be a real
date"). Render it with ``{% govuk_field form.date_of_birth %}`` from the ``govuk`` template tags.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

DATE_PARTS = ("day", "month", "year")
# GOV.UK asks services to accept a month written as a word ("March", "mar") as well as "3".
MONTH_NAMES = {
    name: number
    for number, full in enumerate(
        (
            "january february march april may june july august september october november december"
        ).split(),
        start=1,
    )
    for name in (full, full[:3])
}


class DateInputWidget(forms.MultiWidget):
    """Day, month and year text boxes named ``<name>-day``, ``<name>-month``, ``<name>-year``."""

    def __init__(self, attrs=None):
        widgets = {part: forms.TextInput() for part in DATE_PARTS}
        super().__init__(widgets, attrs)
        self.widgets_names = [f"-{part}" for part in DATE_PARTS]

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [str(value.day), str(value.month), str(value.year)]
        return [None, None, None]


def _join_parts(parts: list[str]) -> str:
    """ "day", "day and month", "day, month and year" - as GOV.UK writes them."""
    if len(parts) == 1:
        return parts[0]
    return f"{', '.join(parts[:-1])} and {parts[-1]}"


class GovukDateField(forms.Field):
    """A date typed as day, month and year, validated as the GOV.UK date input pattern says.

    ``error_name`` is how messages name the date ("Date of birth"); it defaults to the label.
    ``allow_future=False`` refuses dates after today (the council's today, Europe/London).

    Every error carries ``params["parts"]``: the boxes to highlight ("day", "month", "year").
    """

    widget = DateInputWidget

    def __init__(self, *, error_name: str | None = None, allow_future: bool = True, **kwargs):
        self.error_name = error_name or str(kwargs.get("label") or "Date")
        self.allow_future = allow_future
        messages = {"required": f"Enter the {self.error_name[:1].lower()}{self.error_name[1:]}"}
        messages.update(kwargs.pop("error_messages", None) or {})
        super().__init__(error_messages=messages, **kwargs)

    def _error(self, message: str, code: str, parts=DATE_PARTS) -> ValidationError:
        return ValidationError(message, code=code, params={"parts": tuple(parts)})

    def to_python(self, value):
        if value is None or isinstance(value, datetime.date):
            return value
        raw = dict(
            zip(DATE_PARTS, ("" if v is None else str(v).strip() for v in value), strict=False)
        )
        if raw.get("month", "").lower() in MONTH_NAMES:
            raw["month"] = str(MONTH_NAMES[raw["month"].lower()])
        if not any(raw.values()):
            return None
        name = self.error_name
        missing = [part for part in DATE_PARTS if not raw.get(part)]
        if missing:
            raise self._error(
                f"{name} must include a {_join_parts(missing)}", "incomplete", missing
            )
        not_numbers = [part for part in DATE_PARTS if not raw[part].isdigit()]
        if not_numbers:
            raise self._error(f"{name} must be a real date", "invalid", not_numbers)
        if len(raw["year"]) != 4:
            raise self._error("Year must include 4 numbers", "year_digits", ["year"])
        day, month, year = (int(raw[part]) for part in DATE_PARTS)
        if not 1 <= month <= 12:
            raise self._error(f"{name} must be a real date", "invalid", ["month"])
        if not 1 <= day <= 31:
            raise self._error(f"{name} must be a real date", "invalid", ["day"])
        try:
            return datetime.date(year, month, day)
        except ValueError:
            # Day and month are each possible but not together (31 February): the whole date.
            raise self._error(f"{name} must be a real date", "invalid") from None

    def validate(self, value):
        if value is None:
            if self.required:
                raise self._error(self.error_messages["required"], "required")
            return
        if not self.allow_future and value > timezone.localdate():
            raise self._error(f"{self.error_name} must be today or in the past", "future")


def clean_identifier(cleaner, value: str | None) -> str:
    """An optional identifier typed into a form: blank stays blank; otherwise ``cleaner`` (one of
    ``openehcp.people.identifiers``) normalises it, or its message is the field's GOV.UK error."""
    value = (value or "").strip()
    if not value:
        return ""
    try:
        return cleaner(value)
    except ValueError as error:
        raise forms.ValidationError(str(error)) from error


def posted(request):
    """The submitted data on a POST (even an empty one, so the form is bound and shows its
    errors); ``None`` otherwise."""
    return request.POST if request.method == "POST" else None


def show_model_errors(form, error: ValidationError) -> None:
    """Put a service's ``ValidationError`` on the form: each message on its field where the form
    has that field, otherwise at the top of the error summary."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
