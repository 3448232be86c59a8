"""The ``govuk`` template tags render GOV.UK Frontend's own markup.

Most expectations are GOV.UK Frontend's published component examples (``template-*.html`` in the
npm package), so an upgrade that changes the markup shows up here.
"""

import datetime
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.template import Context, Template, TemplateSyntaxError
from pytest_django.asserts import assertHTMLEqual, assertInHTML

from openehcp.web.forms import GovukDateField

COMPONENTS = Path(settings.BASE_DIR) / "node_modules/govuk-frontend/dist/govuk/components"


def govuk_example(component: str, name: str) -> str:
    return (COMPONENTS / component / f"template-{name}.html").read_text()


def make_form(fields: dict, data=None, errors=None) -> forms.Form:
    """A form with the given fields (names as GOV.UK's examples spell them) and errors."""
    form = forms.Form(data=data, auto_id="%s")
    form.fields.update(fields)
    if errors:
        form.full_clean()
        for name, message in errors.items():
            form.add_error(name, message)
    return form


def render(source: str, **context) -> str:
    return Template("{% load govuk %}" + source).render(Context(context))


def field_html(form, name, options: str = "") -> str:
    return render(f"{{% govuk_field field {options} %}}", field=form[name])


def test_text_input_with_hint_and_error_matches_govuk():
    form = make_form(
        {
            "with-error-hint": forms.CharField(
                label="National insurance number",
                required=False,
                help_text="It’s on your National Insurance card, benefit letter, payslip or P60. "
                "For example, ‘QQ 12 34 56 C’.",
            )
        },
        data={},
        errors={"with-error-hint": "Enter a National Insurance number in the correct format"},
    )
    assertHTMLEqual(
        field_html(form, "with-error-hint"), govuk_example("input", "with-error-and-hint")
    )


def test_text_input_label_as_page_heading_matches_govuk():
    field = forms.CharField(
        label="National Insurance number",
        widget=forms.TextInput(attrs={"id": "input-with-page-heading"}),
    )
    form = make_form({"test-name": field})
    assertHTMLEqual(
        field_html(form, "test-name", 'label_size="l" page_heading=True'),
        govuk_example("input", "with-label-as-page-heading"),
    )


def test_textarea_with_error_matches_govuk():
    form = make_form(
        {
            "no-ni-reason": forms.CharField(
                label="Why can’t you provide a National Insurance number?",
                widget=forms.Textarea,
                required=False,
            )
        },
        data={},
        errors={"no-ni-reason": "You must provide an explanation"},
    )
    assertHTMLEqual(
        field_html(form, "no-ni-reason"), govuk_example("textarea", "with-error-message")
    )


def test_select_with_hint_and_error_matches_govuk():
    choices = [(str(n), f"GOV.UK frontend option {n}") for n in (1, 2, 3)]
    form = make_form(
        {
            "select-2": forms.ChoiceField(
                label="Label text goes here",
                choices=choices,
                help_text="Hint text goes here",
                required=False,
            )
        },
        data={},
        errors={"select-2": "Error message goes here"},
    )
    assertHTMLEqual(
        field_html(form, "select-2"), govuk_example("select", "with-hint-text-and-error-message")
    )


def test_select_marks_the_chosen_option():
    form = make_form(
        {"team": forms.ChoiceField(choices=[("a", "Assessment"), ("r", "Review")])},
        data={"team": "r"},
    )
    assertInHTML('<option value="r" selected>Review</option>', field_html(form, "team"))


def test_radios_with_error_keep_the_answer_and_match_govuk():
    form = make_form(
        {
            "example": forms.ChoiceField(
                label="Have you changed your name?",
                choices=[("yes", "Yes"), ("no", "No")],
                widget=forms.RadioSelect,
                required=False,
            )
        },
        data={"example": "no"},
        errors={"example": "Please select an option"},
    )
    assertHTMLEqual(
        field_html(form, "example"), govuk_example("radios", "with-fieldset-and-error-message")
    )


def test_inline_radios_match_govuk():
    form = make_form(
        {
            "example": forms.ChoiceField(
                label="Have you changed your name?",
                help_text="This includes changing your last name or spelling your name "
                "differently.",
                choices=[("yes", "Yes"), ("no", "No")],
                widget=forms.RadioSelect,
            )
        },
        data={"example": "no"},
    )
    assertHTMLEqual(field_html(form, "example", "inline=True"), govuk_example("radios", "inline"))


def test_radios_leave_out_the_blank_choice_and_can_be_the_page_heading():
    form = make_form(
        {
            "role": forms.ChoiceField(
                label="What is their role?",
                choices=[("", "---------"), ("caseworker", "Caseworker")],
                widget=forms.RadioSelect,
            )
        }
    )
    html = field_html(form, "role", 'label_size="l" page_heading=True')
    assert "---------" not in html
    assertInHTML(
        '<legend class="govuk-fieldset__legend govuk-fieldset__legend--l">'
        '<h1 class="govuk-fieldset__heading">What is their role?</h1></legend>',
        html,
    )


def test_checkboxes_with_hint_match_govuk():
    form = make_form(
        {
            "nationality": forms.MultipleChoiceField(
                label="What is your nationality?",
                help_text="Select all that apply",
                choices=[
                    ("british", "British"),
                    ("irish", "Irish"),
                    ("other", "Citizen of another country"),
                ],
                widget=forms.CheckboxSelectMultiple,
            )
        }
    )
    assertHTMLEqual(field_html(form, "nationality"), govuk_example("checkboxes", "with-hint"))


def test_small_checkboxes_match_govuk_and_keep_what_was_ticked():
    field = forms.MultipleChoiceField(
        label="Filter by",
        choices=[("a", "a thing"), ("b", "another thing"), ("c", "this thing")],
        widget=forms.CheckboxSelectMultiple,
    )
    assertHTMLEqual(
        field_html(make_form({"nationality": field}), "nationality", "small=True"),
        govuk_example("checkboxes", "small"),
    )
    ticked = make_form({"nationality": field}, data={"nationality": ["b", "c"]})
    html = field_html(ticked, "nationality")
    assertInHTML(
        '<input class="govuk-checkboxes__input" id="nationality-3" name="nationality" '
        'type="checkbox" value="c" checked>',
        html,
    )
    assertInHTML(
        '<input class="govuk-checkboxes__input" id="nationality" name="nationality" '
        'type="checkbox" value="a">',
        html,
    )


def test_single_checkbox_ties_its_error_to_the_box():
    form = make_form(
        {"confirm": forms.BooleanField(label="I have read the advice")},
        data={},
    )
    form.full_clean()
    html = field_html(form, "confirm")
    assertHTMLEqual(
        html,
        """
        <div class="govuk-form-group govuk-form-group--error">
          <p id="confirm-error" class="govuk-error-message">
            <span class="govuk-visually-hidden">Error:</span> This field is required.
          </p>
          <div class="govuk-checkboxes" data-module="govuk-checkboxes">
            <div class="govuk-checkboxes__item">
              <input class="govuk-checkboxes__input" id="confirm" name="confirm" type="checkbox"
                value="true" aria-describedby="confirm-error">
              <label class="govuk-label govuk-checkboxes__label" for="confirm">
                I have read the advice
              </label>
            </div>
          </div>
        </div>
        """,
    )
    ticked = make_form({"confirm": forms.BooleanField(label="x")}, data={"confirm": "true"})
    assert ticked.is_valid()
    assert " checked" in field_html(ticked, "confirm")


def test_file_upload_with_hint_and_error_matches_govuk():
    form = make_form(
        {
            "file-upload-3": forms.FileField(
                label="Upload a file",
                required=False,
                help_text="Your photo may be in your Pictures, Photos, Downloads or Desktop "
                "folder. Or in an app like iPhoto.",
            )
        },
        data={},
        errors={"file-upload-3": "Error message goes here"},
    )
    assertHTMLEqual(
        field_html(form, "file-upload-3"),
        govuk_example("file-upload", "with-error-message-and-hint"),
    )


def test_date_input_with_values_matches_govuk():
    field = GovukDateField(
        label="What is your date of birth?",
        help_text="For example, 31 3 1980",
        widget=GovukDateField.widget(attrs={"id": "with-values-name-prefix"}),
    )
    form = make_form({"dob": field}, data={"dob-day": "31", "dob-month": "3", "dob-year": "1980"})
    assertHTMLEqual(
        field_html(form, "dob"), govuk_example("date-input", "with-values-and-name-prefix")
    )


def date_form(data=None, **field_options):
    field = GovukDateField(label="What is the child’s date of birth?", **field_options)
    return make_form({"dob": field}, data=data)


def test_date_input_highlights_only_the_box_in_error():
    form = date_form(
        {"dob-day": "12", "dob-month": "", "dob-year": "2019"}, error_name="Date of birth"
    )
    assert not form.is_valid()
    html = field_html(form, "dob")
    assertInHTML(
        '<p id="dob-error" class="govuk-error-message">'
        '<span class="govuk-visually-hidden">Error:</span> Date of birth must include a month</p>',
        html,
    )
    assertInHTML(
        '<input class="govuk-input govuk-date-input__input govuk-input--width-2 '
        'govuk-input--error" id="dob-month" name="dob-month" type="text" inputmode="numeric">',
        html,
    )
    assertInHTML(
        '<input class="govuk-input govuk-date-input__input govuk-input--width-2" id="dob-day" '
        'name="dob-day" type="text" value="12" inputmode="numeric">',
        html,
    )
    assert 'role="group" aria-describedby="dob-error"' in html


def test_date_input_highlights_the_whole_impossible_date_and_keeps_what_was_typed():
    form = date_form({"dob-day": "31", "dob-month": "02", "dob-year": "2023"})
    assert not form.is_valid()
    html = field_html(form, "dob")
    assert html.count("govuk-input--error") == 3
    assert 'value="31"' in html and 'value="02"' in html and 'value="2023"' in html


def test_date_input_shows_a_saved_date():
    form = forms.Form(initial={"dob": datetime.date(2016, 9, 4)})
    form.fields["dob"] = GovukDateField(label="Date of birth")
    html = field_html(form, "dob")
    assert 'id="id_dob-day" name="dob-day" type="text" value="4"' in html
    assert 'value="9"' in html and 'value="2016"' in html


def test_number_input_is_text_with_a_numeric_keyboard_and_widget_attributes_pass_through():
    form = make_form(
        {
            "age": forms.IntegerField(label="Age", min_value=0),
            "email": forms.EmailField(
                label="Email address",
                max_length=200,
                widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
            ),
        }
    )
    assertInHTML(
        '<input class="govuk-input" id="age" name="age" type="text" inputmode="numeric">',
        field_html(form, "age"),
    )
    assertInHTML(
        '<input class="govuk-input govuk-input--width-20" id="email" name="email" type="email" '
        'autocomplete="email" spellcheck="false">',
        field_html(form, "email", 'classes="govuk-input--width-20"'),
    )


def test_classes_set_on_the_widget_are_kept():
    form = make_form(
        {"upn": forms.CharField(widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}))}
    )
    assertInHTML(
        '<input class="govuk-input govuk-input--width-10 govuk-!-font-weight-bold" id="upn" '
        'name="upn" type="text">',
        field_html(form, "upn", 'classes="govuk-!-font-weight-bold"'),
    )


def test_password_is_never_shown_back():
    form = make_form(
        {"password": forms.CharField(widget=forms.PasswordInput)}, data={"password": "secret"}
    )
    assert "secret" not in field_html(form, "password")


def test_hint_option_replaces_help_text_and_is_escaped():
    form = make_form({"name": forms.CharField(help_text="Old hint")})
    html = render(
        "{% govuk_field field hint=hint %}", field=form["name"], hint="Use <b>their</b> name"
    )
    assert "Old hint" not in html
    assert "Use &lt;b&gt;their&lt;/b&gt; name" in html
    assert 'aria-describedby="name-hint"' in html


def test_hidden_fields_render_as_hidden_inputs():
    form = make_form({"version": forms.IntegerField(widget=forms.HiddenInput)})
    assertHTMLEqual(
        field_html(form, "version"), '<input type="hidden" name="version" id="version">'
    )


def test_widgets_without_a_govuk_component_are_refused():
    form = make_form({"many": forms.MultipleChoiceField(choices=[("a", "A")])})
    with pytest.raises(TemplateSyntaxError, match="CheckboxSelectMultiple"):
        field_html(form, "many")
    with pytest.raises(TemplateSyntaxError, match="label_size"):
        field_html(make_form({"name": forms.CharField()}), "name", 'label_size="huge"')


def summary_form():
    form = forms.Form(data={"dob-day": "31", "dob-month": "2", "dob-year": "2023"})
    form.fields["name"] = forms.CharField(label="Name", error_messages={"required": "Enter a name"})
    form.fields["dob"] = GovukDateField(label="Date of birth")
    form.fields["when"] = GovukDateField(label="Date received", required=False)
    form.fields["colour"] = forms.ChoiceField(
        choices=[("r", "Red")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select a colour"},
    )
    form.fields["version"] = forms.IntegerField(widget=forms.HiddenInput)
    form.full_clean()
    form.add_error(None, "Someone else changed this record while you were editing it")
    return form


def test_error_summary_links_each_error_to_the_input_to_fix():
    form = summary_form()
    html = render('{% include "web/includes/error_summary.html" %}', form=form)
    assertInHTML(
        """
        <div class="govuk-error-summary" data-module="govuk-error-summary">
          <div role="alert">
            <h2 class="govuk-error-summary__title">There is a problem</h2>
            <div class="govuk-error-summary__body">
              <ul class="govuk-list govuk-error-summary__list">
                <li>Someone else changed this record while you were editing it</li>
                <li><a href="#id_name">Enter a name</a></li>
                <li><a href="#id_dob-day">Date of birth must be a real date</a></li>
                <li><a href="#id_colour">Select a colour</a></li>
                <li>This field is required.</li>
              </ul>
            </div>
          </div>
        </div>
        """,
        html,
    )


def test_error_summary_links_to_the_date_box_in_error():
    form = forms.Form(data={"when-day": "3", "when-month": "13", "when-year": "2024"})
    form.fields["when"] = GovukDateField(label="Date received")
    html = render('{% include "web/includes/error_summary.html" %}', form=form)
    assertInHTML('<a href="#id_when-month">Date received must be a real date</a>', html)
    # The link target exists in the rendered field.
    assert 'id="id_when-month"' in field_html(form, "when")


def test_error_summary_is_empty_without_errors_or_without_a_form():
    assert render('{% include "web/includes/error_summary.html" %}').strip() == ""
    valid = make_form({"name": forms.CharField()}, data={"name": "Ada"})
    assert render('{% include "web/includes/error_summary.html" %}', form=valid).strip() == ""
