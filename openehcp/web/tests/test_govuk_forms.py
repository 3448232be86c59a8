"""The GOV.UK date input and field rendering used by every form."""

import datetime

import pytest
from django import forms
from django.template import Context, Template
from django.utils import timezone

from openehcp.web.govuk_forms import GovukDateField, GovukForm, MultipleFileField


class BirthForm(GovukForm):
    date_of_birth = GovukDateField(noun="the child's date of birth", past=True)
    name = forms.CharField(error_messages={"required": "Enter the child's name"})
    kind = forms.ChoiceField(
        choices=[("a", "First"), ("b", "Second")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select who you are"},
    )


def birth_form(day, month, year, **extra):
    data = {"date_of_birth_0": day, "date_of_birth_1": month, "date_of_birth_2": year}
    data.update({"name": "Ada", "kind": "a"} | extra)
    return BirthForm(data)


def test_a_real_past_date_is_accepted():
    form = birth_form("29", "2", "2016")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["date_of_birth"] == datetime.date(2016, 2, 29)


ALL = {"day", "month", "year"}
DOB = "The child's date of birth"


@pytest.mark.parametrize(
    ("day", "month", "year", "message", "parts"),
    [
        ("", "", "", "Enter the child's date of birth", ALL),
        ("1", "", "2016", f"{DOB} must include a month", {"month"}),
        ("", "", "2016", f"{DOB} must include a day and a month", {"day", "month"}),
        ("31", "2", "2016", f"{DOB} must be a real date", ALL),
        ("29", "2", "2017", f"{DOB} must be a real date", ALL),
        ("1", "13", "2016", f"{DOB} must be a real date", {"month"}),
        ("1", "two", "2016", f"{DOB} must be a real date", {"month"}),
        ("1", "2", "16", "Year must include 4 numbers", {"year"}),
    ],
)
def test_impossible_or_incomplete_dates_get_govuk_messages(day, month, year, message, parts):
    form = birth_form(day, month, year)
    assert not form.is_valid()
    assert form.errors["date_of_birth"] == [message]
    assert set(form.fields["date_of_birth"].error_parts) == parts


def test_a_date_in_the_future_is_refused_for_a_past_date():
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    form = birth_form(str(tomorrow.day), str(tomorrow.month), str(tomorrow.year))
    assert form.errors["date_of_birth"] == [f"{DOB} must be today or in the past"]


def render(template, **context):
    return Template("{% load govuk_forms %}" + template).render(Context(context))


def test_error_summary_links_to_the_day_field_and_the_first_radio():
    form = birth_form("", "", "", kind="")
    form.is_valid()
    html = render("{% govuk_error_summary form %}", form=form)
    assert 'href="#id_date_of_birth_day"' in html
    assert 'href="#id_kind_0"' in html
    assert "There is a problem" in html


def test_field_keeps_what_was_typed_and_marks_only_the_missing_part():
    form = birth_form("12", "", "2016")
    form.is_valid()
    html = render("{% govuk_field form.date_of_birth heading=True %}", form=form)
    assert 'value="12"' in html and 'value="2016"' in html
    assert html.count("govuk-input--error") == 1
    assert 'id="id_date_of_birth_month"' in html
    assert '<h1 class="govuk-fieldset__heading">' in html
    assert "govuk-form-group--error" in html


def test_text_input_gets_govuk_classes_and_describedby():
    form = birth_form("1", "1", "2016", name="")
    form.is_valid()
    html = render('{% govuk_field form.name classes="govuk-input--width-20" %}', form=form)
    assert 'class="govuk-input govuk-input--width-20 govuk-input--error"' in html
    assert 'aria-describedby="id_name-error"' in html
    assert '<label class="govuk-label" for="id_name">' in html


def test_multiple_file_field_cleans_to_a_list():
    from django.core.files.uploadedfile import SimpleUploadedFile

    field = MultipleFileField(required=False)
    files = [SimpleUploadedFile("a.pdf", b"%PDF-1"), SimpleUploadedFile("b.pdf", b"%PDF-1")]
    assert [f.name for f in field.clean(files)] == ["a.pdf", "b.pdf"]
    assert field.clean([]) == []
