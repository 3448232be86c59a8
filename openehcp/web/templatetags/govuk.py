"""Django form fields rendered as GOV.UK Design System components, with GOV.UK's exact markup.

    {% load govuk %}
    {% include "web/includes/error_summary.html" %}
    {% govuk_field form.name %}
    {% govuk_field form.date_of_birth legend_size="m" %}
    {% govuk_field form.reason label_size="l" page_heading=True hint="Say why in a few words" %}

The component follows the field's widget: text inputs (TextInput, EmailInput, NumberInput,
PasswordInput, URLInput) → text input; Textarea → textarea; Select → select; RadioSelect → radios;
CheckboxSelectMultiple → checkboxes; CheckboxInput → a single checkbox; FileInput → file upload;
``openehcp.web.forms.DateInputWidget`` → date input; HiddenInput → the hidden input, as Django
renders it.

Options: ``label_size`` (s, m, l or xl: the label or legend size), ``page_heading`` (the label
or legend is the page's h1), ``classes`` (extra classes on the input, e.g.
``govuk-input--width-10``; classes in the widget's ``attrs`` count too), ``hint`` (replaces the
field's help_text), ``rows`` (textarea), ``inline`` and ``small`` (radios and checkboxes).

Each field shows its first error inline, marks the form group with ``govuk-form-group--error`` and
ties hint and error to the input with ``aria-describedby``; the error summary links to the same ids.
"""

from django import forms, template
from django.forms.utils import flatatt
from django.forms.widgets import Input
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from openehcp.web.forms import DATE_PARTS, DateInputWidget

register = template.Library()

# Attributes GOV.UK sets itself, or advises against (maxlength: use the character count;
# required: forms are novalidate and errors come from the server).
_OWN_ATTRS = {
    "id",
    "class",
    "type",
    "name",
    "value",
    "required",
    "maxlength",
    "minlength",
    "min",
    "max",
    "step",
    "cols",
    "rows",
    "aria-describedby",
    "multiple",
    "checked",
    "disabled",
    "aria-invalid",
}
_SIZES = {"s", "m", "l", "xl"}


def component_for(widget: forms.Widget) -> str:
    """The GOV.UK component that renders this widget."""
    if isinstance(widget, DateInputWidget):
        return "date_input"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.SelectMultiple):
        raise template.TemplateSyntaxError(
            "GOV.UK has no multiple select: use CheckboxSelectMultiple"
        )
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.FileInput):
        return "file_upload"
    if isinstance(widget, Input):
        return "input"
    raise template.TemplateSyntaxError(f"govuk_field cannot render a {widget.__class__.__name__}")


def field_id(bound_field) -> str:
    """The id of the field's input (the first item's, for radios and checkboxes)."""
    return bound_field.field.widget.attrs.get("id") or bound_field.auto_id


def error_parts(bound_field) -> tuple[str, ...]:
    """Which boxes of a date input the first error is about (all three unless it says)."""
    errors = bound_field.errors.as_data()
    if not errors:
        return ()
    params = errors[0].params or {}
    return tuple(params.get("parts", DATE_PARTS))


def error_anchor(bound_field) -> str:
    """Where the error summary sends the user: the input to fix."""
    widget = bound_field.field.widget
    if component_for(widget) == "date_input":
        return f"{field_id(bound_field)}-{error_parts(bound_field)[0]}"
    return field_id(bound_field)


def _extra_attributes(bound_field) -> str:
    attrs = bound_field.build_widget_attrs(dict(bound_field.field.widget.attrs))
    return flatatt({key: value for key, value in attrs.items() if key not in _OWN_ATTRS})


def _join(*classes: str) -> str:
    return " ".join(c for c in classes if c)


def _choices(bound_field) -> list[dict]:
    """The widget's options, flattened, with Django's idea of which are selected."""
    widget = bound_field.field.widget
    context = widget.get_context(bound_field.html_name, bound_field.value(), {})
    return [
        option for _group, options, _index in context["widget"]["optgroups"] for option in options
    ]


@register.simple_tag
def govuk_field(
    bound_field,
    *,
    label_size: str = "",
    page_heading: bool = False,
    classes: str = "",
    hint: str | None = None,
    rows: int = 5,
    inline: bool = False,
    small: bool = False,
):
    """Render a bound form field as the matching GOV.UK component."""
    widget = bound_field.field.widget
    component = component_for(widget)
    if component == "hidden":
        return bound_field.as_widget()
    # Classes set on the widget in the form (attrs={"class": "govuk-input--width-10"}) count too.
    classes = _join(widget.attrs.get("class", ""), classes)
    if label_size and label_size not in _SIZES:
        raise template.TemplateSyntaxError(f"label_size must be one of {sorted(_SIZES)}")

    id_ = field_id(bound_field)
    errors = bound_field.errors
    error = errors[0] if errors else ""
    hint_text = bound_field.help_text if hint is None else hint
    described = [widget.attrs["aria-describedby"]] if widget.attrs.get("aria-describedby") else []
    if hint_text:
        described.append(f"{id_}-hint")
    if error:
        described.append(f"{id_}-error")

    context = {
        "id": id_,
        "name": bound_field.html_name,
        "label": bound_field.label,
        "label_classes": f"govuk-label--{label_size}" if label_size else "",
        "legend_classes": f"govuk-fieldset__legend--{label_size}" if label_size else "",
        "page_heading": page_heading,
        "hint": hint_text,
        "error": error,
        "described_by": " ".join(described),
        "disabled": bound_field.field.disabled,
        "attributes": mark_safe(_extra_attributes(bound_field)),
    }
    if component in {"input", "textarea"}:
        context["value"] = widget.get_context(bound_field.html_name, bound_field.value(), {})[
            "widget"
        ]["value"]

    if component == "input":
        numeric = isinstance(widget, forms.NumberInput)
        context.update(
            type="text" if numeric else widget.input_type,
            inputmode="numeric" if numeric and "inputmode" not in widget.attrs else "",
            classes=_join("govuk-input", classes, "govuk-input--error" if error else ""),
        )
    elif component == "textarea":
        context.update(
            rows=rows,
            classes=_join("govuk-textarea", "govuk-textarea--error" if error else "", classes),
        )
    elif component == "select":
        context.update(
            options=_choices(bound_field),
            classes=_join("govuk-select", classes, "govuk-select--error" if error else ""),
        )
    elif component == "file_upload":
        context.update(
            multiple=bool(widget.attrs.get("multiple")),
            classes=_join(
                "govuk-file-upload", classes, "govuk-file-upload--error" if error else ""
            ),
        )
    elif component in {"radios", "checkboxes"}:
        items = []
        for option in _choices(bound_field):
            if option["value"] in ("", None):
                continue
            number = len(items) + 1
            items.append(
                {
                    "id": id_ if number == 1 else f"{id_}-{number}",
                    "value": option["value"],
                    "label": option["label"],
                    "checked": option["selected"],
                }
            )
        base = "govuk-radios" if component == "radios" else "govuk-checkboxes"
        context.update(
            items=items,
            classes=_join(
                base,
                classes,
                f"{base}--inline" if inline else "",
                f"{base}--small" if small else "",
            ),
        )
    elif component == "checkbox":
        context.update(
            checked=widget.check_test(bound_field.value()),
            classes=_join("govuk-checkboxes", classes, "govuk-checkboxes--small" if small else ""),
        )
    elif component == "date_input":
        parts_in_error = error_parts(bound_field)
        value = bound_field.value()
        values = value if isinstance(value, list | tuple) else widget.decompress(value)
        context["items"] = [
            {
                "id": f"{id_}-{part}",
                "name": f"{bound_field.html_name}-{part}",
                "label": part.capitalize(),
                "value": "" if part_value is None else part_value,
                "classes": _join(
                    "govuk-input",
                    "govuk-date-input__input",
                    "govuk-input--error" if part in parts_in_error else "",
                    "govuk-input--width-4" if part == "year" else "govuk-input--width-2",
                ),
            }
            for part, part_value in zip(DATE_PARTS, values, strict=True)
        ]
        context["classes"] = _join("govuk-date-input", classes)
    return render_to_string(f"web/govuk/{component}.html", context)


@register.simple_tag
def govuk_error_items(form) -> list[dict]:
    """The error summary's list: errors not about one field first, then each field's first
    error in the order the fields appear, each linking to the input to fix."""
    if form is None or not getattr(form, "errors", None):
        return []
    items = [{"text": message, "href": ""} for message in form.non_field_errors()]
    for bound_field in form:
        if not bound_field.errors:
            continue
        if bound_field.is_hidden:
            items.append({"text": bound_field.errors[0], "href": ""})
        else:
            items.append({"text": bound_field.errors[0], "href": f"#{error_anchor(bound_field)}"})
    return items
