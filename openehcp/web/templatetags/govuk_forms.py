"""Template tags that render Django form fields with GOV.UK Frontend markup.

    {% load govuk_forms %}
    {% govuk_error_summary form %}
    {% govuk_field form.surname %}
    {% govuk_field form.date_of_birth heading=True size="l" %}

``heading=True`` makes the label (or the fieldset legend) the page's h1, for question pages that
ask one thing; ``size`` is the label or legend size (s, m, l, xl); ``classes`` adds classes to the
input (``govuk-input--width-10``); ``hint`` overrides the field's help text.
"""

from django import forms, template

from openehcp.web.govuk_forms import GovukDateWidget

register = template.Library()

_WIDGET_CLASS = {
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "file": "govuk-file-upload",
}


def _kind(bound_field) -> str:
    widget = bound_field.field.widget
    if isinstance(widget, GovukDateWidget):
        return "date"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.FileInput):
        return "file"
    return "input"


def error_anchor(bound_field) -> str:
    """The id the error summary links to: the first input of a group, the day of a date."""
    kind = _kind(bound_field)
    if kind == "date":
        return f"{bound_field.auto_id}_day"
    if kind in {"radios", "checkboxes"}:
        return f"{bound_field.auto_id}_0"
    return bound_field.auto_id


@register.inclusion_tag("web/govuk/error_summary.html")
def govuk_error_summary(*forms_to_check):
    """The error summary for one or more forms: each error links to its field."""
    errors = []
    for form in forms_to_check:
        if form is None or not form.errors:
            continue
        first_field = next(iter(form), None)
        first_href = f"#{error_anchor(first_field)}" if first_field else ""
        for message in form.non_field_errors():
            errors.append({"href": first_href, "text": message})
        for bound_field in form:
            for message in bound_field.errors:
                errors.append({"href": f"#{error_anchor(bound_field)}", "text": message})
    return {"errors": errors}


@register.inclusion_tag("web/govuk/field.html")
def govuk_field(bound_field, heading=False, size="", classes="", hint=None, label=None):
    kind = _kind(bound_field)
    field_id = bound_field.auto_id
    error = bound_field.errors[0] if bound_field.errors else ""
    hint_text = bound_field.help_text if hint is None else hint
    described_by = " ".join(
        part
        for part in (f"{field_id}-hint" if hint_text else "", f"{field_id}-error" if error else "")
        if part
    )
    context = {
        "kind": kind,
        "field": bound_field,
        "id": field_id,
        "name": bound_field.html_name,
        "label": bound_field.label if label is None else label,
        "hint": hint_text,
        "error": error,
        "heading": heading,
        "size": size or ("l" if heading else ""),
        "described_by": described_by,
    }
    widget_classes = " ".join(
        c for c in (bound_field.field.widget.attrs.get("class", ""), classes) if c
    )
    if kind in {"input", "textarea", "select", "file"}:
        base = _WIDGET_CLASS.get(kind, "govuk-input")
        css = [base, widget_classes]
        if error:
            css.append(f"{base}--error")
        attrs = {"class": " ".join(c for c in css if c)}
        if described_by:
            attrs["aria-describedby"] = described_by
        context["widget"] = bound_field.as_widget(attrs=attrs)
    elif kind in {"radios", "checkboxes"}:
        context["items"] = [
            {
                "id": subwidget.data["attrs"]["id"],
                "value": subwidget.data["value"],
                "label": subwidget.data["label"],
                "checked": subwidget.data["selected"],
            }
            for subwidget in bound_field.subwidgets
        ]
        context["small"] = "govuk-radios--small" in widget_classes or "small" in classes
        context["inline"] = "inline" in classes
    elif kind == "checkbox":
        context["checked"] = bool(bound_field.value())
    elif kind == "date":
        values = bound_field.value()
        if not isinstance(values, list | tuple):
            values = bound_field.field.widget.decompress(values)
        failed = set(getattr(bound_field.field, "error_parts", ())) if error else set()
        if error and not failed:
            failed = set(GovukDateWidget.parts)
        context["parts"] = [
            {
                "name": f"{bound_field.html_name}_{index}",
                "id": f"{field_id}_{part}",
                "label": part.capitalize(),
                "value": values[index] if index < len(values) else "",
                "width": 4 if part == "year" else 2,
                "error": part in failed,
            }
            for index, part in enumerate(GovukDateWidget.parts)
        ]
    return context
