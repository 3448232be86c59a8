"""GovukDateField: the GOV.UK date input's validation and error messages."""

import datetime

import pytest
from django import forms
from django.utils import timezone

from openehcp.web.forms import GovukDateField


class ChildForm(forms.Form):
    date_of_birth = GovukDateField(
        label="What is the child’s date of birth?", error_name="Date of birth"
    )
    date_received = GovukDateField(label="Date received", required=False, allow_future=False)


def submit(day="", month="", year="", prefix="date_of_birth", **other):
    data = {f"{prefix}-day": day, f"{prefix}-month": month, f"{prefix}-year": year, **other}
    form = ChildForm(data=data)
    form.is_valid()
    return form


def only_error(form, name="date_of_birth"):
    (error,) = form.errors.as_data()[name]
    return error.message, error.params["parts"]


def test_a_real_date_is_accepted():
    form = submit(" 4 ", "09", "2016")
    assert form.is_valid()
    assert form.cleaned_data["date_of_birth"] == datetime.date(2016, 9, 4)


@pytest.mark.parametrize("month", ["June", "jun", "JUNE", "6", "06"])
def test_the_month_may_be_a_number_or_a_name(month):
    assert submit("4", month, "2019").cleaned_data["date_of_birth"] == datetime.date(2019, 6, 4)


def test_29_february_in_a_leap_year_is_a_real_date():
    assert submit("29", "2", "2024").cleaned_data["date_of_birth"] == datetime.date(2024, 2, 29)


def test_nothing_entered_asks_for_the_date():
    assert only_error(submit()) == ("Enter the date of birth", ("day", "month", "year"))


def test_an_optional_date_may_be_left_empty():
    form = submit("1", "1", "2020")
    assert form.is_valid()
    assert form.cleaned_data["date_received"] is None


@pytest.mark.parametrize(
    ("day", "month", "year", "message", "parts"),
    [
        ("12", "", "2019", "Date of birth must include a month", ("month",)),
        ("", "", "2019", "Date of birth must include a day and month", ("day", "month")),
        ("", "5", "", "Date of birth must include a day and year", ("day", "year")),
        ("4", "Juno", "2019", "Date of birth must be a real date", ("month",)),
        ("4", "6", "2O19", "Date of birth must be a real date", ("year",)),
        ("4", "6", "19", "Year must include 4 numbers", ("year",)),
        ("4", "13", "2019", "Date of birth must be a real date", ("month",)),
        ("0", "6", "2019", "Date of birth must be a real date", ("day",)),
        ("32", "1", "2019", "Date of birth must be a real date", ("day",)),
        ("31", "02", "2023", "Date of birth must be a real date", ("day", "month", "year")),
        ("29", "2", "2023", "Date of birth must be a real date", ("day", "month", "year")),
        ("31", "4", "2023", "Date of birth must be a real date", ("day", "month", "year")),
    ],
)
def test_impossible_and_incomplete_dates_get_govuk_messages(day, month, year, message, parts):
    assert only_error(submit(day, month, year)) == (message, parts)


def test_a_date_that_must_not_be_in_the_future():
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)

    def received(date):
        return submit(
            "1",
            "1",
            "2020",
            **{
                "date_received-day": str(date.day),
                "date_received-month": str(date.month),
                "date_received-year": str(date.year),
            },
        )

    assert received(today).is_valid()
    assert only_error(received(tomorrow), "date_received") == (
        "Date received must be today or in the past",
        ("day", "month", "year"),
    )


def test_error_name_defaults_to_the_label_and_messages_can_be_replaced():
    class Form(forms.Form):
        start = GovukDateField(label="Start date")
        end = GovukDateField(label="End date", error_messages={"required": "Enter when it ended"})

    form = Form(data={})
    assert not form.is_valid()
    assert form.errors["start"] == ["Enter the start date"]
    assert form.errors["end"] == ["Enter when it ended"]


def test_a_saved_date_is_split_into_its_boxes_and_unchanged_data_is_not_a_change():
    form = ChildForm(initial={"date_of_birth": datetime.date(2016, 9, 4)})
    assert form["date_of_birth"].field.widget.decompress(datetime.date(2016, 9, 4)) == [
        "4",
        "9",
        "2016",
    ]
    same = ChildForm(
        initial={"date_of_birth": datetime.date(2016, 9, 4)},
        data={"date_of_birth-day": "4", "date_of_birth-month": "9", "date_of_birth-year": "2016"},
    )
    assert "date_of_birth" not in same.changed_data
    assert form["date_of_birth"].value() == datetime.date(2016, 9, 4)
