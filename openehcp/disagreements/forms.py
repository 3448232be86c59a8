"""GOV.UK forms for recording a disagreement step by step: the decision, mediation, the appeal,
and how the appeal ended. Each edit form carries the record's version (the shared edit lock);
the services check every rule again and their refusals land on the form, with what was typed."""

from __future__ import annotations

from django import forms

from openehcp.assessments.models import AssessmentRequest
from openehcp.plans.models import EHCPlan
from openehcp.web.forms import GovukDateField
from openehcp.web.locking import LockedForm

from .models import AppealableDecision, AppealOutcome, MediationOutcome, OrderKind

EXAMPLE = "For example, 27 3 2026"
NONE = "none"


def _date(label: str, *, hint: str = EXAMPLE, future: bool = False, required: bool = False):
    return GovukDateField(label=label, allow_future=future, help_text=hint, required=required)


def _radios(label: str, choices, *, none: str = "", required: bool = False, hint: str = ""):
    """Radios; with ``none``, an extra choice meaning "not yet" (blank in the record)."""
    options = list(choices) + ([(NONE, none)] if none else [])
    return forms.ChoiceField(
        label=label,
        choices=options,
        widget=forms.RadioSelect,
        required=required,
        help_text=hint,
        error_messages={"required": f"Select {label[:1].lower()}{label[1:].rstrip('?')}"},
    )


class _RequestChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.reference}, received {obj.received_on:%-d %B %Y}"


class _PlanChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        state = f"ceased {obj.ceased_on:%-d %B %Y}" if obj.ceased_on else "maintained"
        return f"Plan made {obj.made_on:%-d %B %Y} ({state})"


class DisagreementForm(LockedForm):
    """The decision disagreed with. ``version`` is dropped for a new record."""

    decision = _radios(
        "Which decision does the family disagree with?",
        AppealableDecision.choices,
        required=True,
    )
    request = _RequestChoice(
        label="The request for assessment it was about",
        queryset=AssessmentRequest.objects.none(),
        required=False,
        empty_label="Not about a request",
        help_text="For a refusal to assess or not to issue a plan.",
    )
    plan = _PlanChoice(
        label="The EHC plan it was about",
        queryset=EHCPlan.objects.none(),
        required=False,
        empty_label="Not about a plan",
        help_text="For the plan's contents, the setting named, a reassessment, amending or "
        "ceasing.",
    )
    decision_on = _date(
        "Date the notice of the decision was sent",
        hint="The family's time to appeal runs from it. " + EXAMPLE,
        required=True,
    )
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the family disagree with, in a few words. Do not copy the appeal here.",
    )

    def __init__(self, *args, child, new: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if new:
            del self.fields["version"]
        self.fields["request"].queryset = AssessmentRequest.objects.filter(child=child).order_by(
            "-received_on"
        )
        self.fields["plan"].queryset = EHCPlan.objects.filter(child=child).order_by("-made_on")


class MediationForm(LockedForm):
    adviser_contacted_on = _date("Date the family contacted the mediation adviser")
    mediation_wanted = _radios(
        "Does the family want mediation?",
        (("yes", "Yes"), ("no", "No, they asked for a certificate")),
        none="Not known yet",
    )
    council_told_on = _date(
        "Date the council was told the family wants mediation",
        hint="The council must arrange mediation within 30 days of this. " + EXAMPLE,
    )
    mediation_on = _date("Date mediation was held")
    mediation_outcome = _radios(
        "How did mediation end?", MediationOutcome.choices, none="It has not ended yet"
    )
    certificate_on = _date(
        "Date the mediation certificate was issued",
        hint="The family need it to appeal, unless the appeal is only about the school or "
        "college named. " + EXAMPLE,
    )

    def clean_mediation_wanted(self):
        return {"yes": True, "no": False}.get(self.cleaned_data["mediation_wanted"])

    def clean_mediation_outcome(self):
        value = self.cleaned_data["mediation_outcome"]
        return "" if value == NONE else value


class AppealForm(LockedForm):
    appeal_lodged_on = _date("Date the appeal was registered with the Tribunal", required=True)
    tribunal_reference = forms.CharField(
        label="Tribunal reference (optional)",
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
    )
    response_due_on = _date("Date the council's response is due (optional)", future=True)
    hearing_on = _date("Date of the hearing (optional)", future=True)


class OutcomeForm(LockedForm):
    appeal_outcome = _radios(
        "How did the appeal end?", AppealOutcome.choices, none="It has not ended yet"
    )
    order = _radios(
        "What must the council now do?",
        OrderKind.choices,
        none="Nothing",
        hint="What the Tribunal ordered, or what the council agreed when it did not oppose the "
        "appeal.",
    )
    order_on = _date(
        "Date of the order",
        hint="Or, when the council did not oppose the appeal, the day it told the Tribunal. "
        + EXAMPLE,
    )
    order_complied_on = _date("Date the council carried out the order (when it has)")

    def clean_appeal_outcome(self):
        value = self.cleaned_data["appeal_outcome"]
        return "" if value == NONE else value

    def clean_order(self):
        value = self.cleaned_data["order"]
        return "" if value == NONE else value


#: Each step's form and the words on its page.
STEPS = {
    "decision": (DisagreementForm, "The decision"),
    "mediation": (MediationForm, "Mediation"),
    "appeal": (AppealForm, "The appeal to the Tribunal"),
    "outcome": (OutcomeForm, "How the appeal ended"),
}


def initial_for(form_class, disagreement) -> dict:
    """The record's values as the step's form shows them."""
    initial = {"version": disagreement.version}
    for name in form_class.base_fields:
        if name == "version":
            continue
        value = getattr(disagreement, name)
        if name == "request" or name == "plan":
            value = getattr(disagreement, f"{name}_id")
        elif name == "mediation_wanted":
            value = {True: "yes", False: "no"}.get(value, NONE)
        elif name in ("mediation_outcome", "appeal_outcome", "order") and not value:
            value = NONE
        initial[name] = value
    return initial
