"""GOV.UK forms for the steps of an assessment, one form per step.

Each form carries the request's ``version`` as it was when the page loaded (the shared edit lock)
and, where a step may be recorded out of the usual order, an ``override_reason`` box that appears
once the service has said why the step is out of order.
"""

from django import forms

from openehcp.accounts.models import Role, User
from openehcp.establishments.models import Establishment
from openehcp.web.forms import GovukDateField
from openehcp.web.locking import EditConflict, LockedForm

from .models import AdviceRequest, AdvisorType, Consultation, Decision, ExceptionReason
from .workflow import WorkflowError

TEXTAREA = forms.Textarea(attrs={"rows": 4})


def _date(label: str, hint: str = "For example, 27 3 2025"):
    """A date of a step: it has happened, so it cannot be in the future."""
    return GovukDateField(label=label, allow_future=False, help_text=hint)


def _settings():
    return Establishment.objects.filter(is_open=True).order_by("name")


class SettingChoiceField(forms.ModelChoiceField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("empty_label", "Choose a setting")
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        return f"{obj.name} (URN {obj.urn})"


class StepForm(LockedForm):
    """A step of the workflow: the version it was loaded with, and the out-of-order reason."""

    allows_override = False

    def __init__(self, *args, case, record=None, **kwargs):
        self.case = case
        self.record = record
        super().__init__(*args, **kwargs)
        if self.allows_override:
            self.fields["override_reason"] = forms.CharField(
                label="Why are you recording this step out of the usual order?",
                help_text="This is kept in the case's activity log.",
                required=False,
                widget=TEXTAREA,
            )
            if not (self.data.get("override_reason") or "").strip():
                self.fields["override_reason"].widget = forms.HiddenInput()
            # Keep the version last, so that a form-wide error's link goes to a visible field.
            self.fields["version"] = self.fields.pop("version")

    def add_workflow_error(self, error: WorkflowError | EditConflict) -> None:
        """Show the service's refusal on the form, keeping everything the person typed."""
        if isinstance(error, EditConflict):
            # The person has now been told; submitting again records their step on top.
            self.show_conflict(error)
            return
        if error.overridable and "override_reason" in self.fields:
            self.fields["override_reason"].widget = TEXTAREA
        field = error.field if error.field in self.fields else None
        self.add_error(field, error.message)


class DecisionToAssessForm(StepForm):
    decision = forms.ChoiceField(
        label="Will the council carry out an EHC needs assessment?",
        choices=[(Decision.YES, "Yes"), (Decision.NO, "No")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the council will carry out an assessment"},
    )
    decided_on = _date("Date of the decision")
    panel_recommendation = forms.CharField(
        label="Panel recommendation",
        help_text="What the panel recommended, if the request went to panel.",
        required=False,
        widget=TEXTAREA,
    )
    reasons = forms.CharField(
        label="Reasons for the decision",
        help_text="Required if the council will not assess. The family's letter gives them.",
        required=False,
        widget=TEXTAREA,
    )


class RequestAdviceForm(StepForm):
    allows_override = True

    advisor_type = forms.ChoiceField(
        label="What advice are you asking for?",
        choices=AdvisorType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of advice"},
    )
    advisor_name = forms.CharField(
        label="Name of the person or service giving the advice",
        max_length=200,
        error_messages={"required": "Enter the name of the person or service giving the advice"},
    )
    advisor_email = forms.EmailField(
        label="Their email address (optional)",
        required=False,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
    )
    advisor_user = forms.ModelChoiceField(
        label="Their OpenEHCP account (optional)",
        help_text="If they will give their advice through OpenEHCP.",
        queryset=User.objects.none(),
        empty_label="No account",
        required=False,
    )
    establishment = SettingChoiceField(
        label="Setting asked for advice",
        help_text="Only for educational advice from a school, college or early years setting.",
        queryset=Establishment.objects.none(),
        required=False,
    )
    requested_on = _date("Date the advice was requested")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["advisor_user"].queryset = User.objects.filter(
            role__in=[Role.PROFESSIONAL, Role.SETTING_STAFF], is_active=True
        ).order_by("last_name", "first_name")
        self.fields["establishment"].queryset = _settings()


class ChaseAdviceForm(StepForm):
    chased_on = _date("Date you chased the advice")
    note = forms.CharField(
        label="Note (optional)",
        help_text="For example, who you spoke to and when they expect to reply.",
        required=False,
        widget=TEXTAREA,
    )


class AdviceReceivedForm(StepForm):
    received_on = _date("Date the advice was received")
    document = forms.FileField(
        label="Upload the advice report",
        help_text="PDF, Word, OpenDocument, RTF, text, JPG or PNG, smaller than 20MB.",
        error_messages={"required": "Select the advice report"},
    )
    summary = forms.CharField(label="Summary (optional)", required=False, widget=TEXTAREA)


class DecisionToIssueForm(StepForm):
    allows_override = True

    decision = forms.ChoiceField(
        label="Will the council issue an EHC plan?",
        choices=[(Decision.YES, "Yes"), (Decision.NO, "No")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the council will issue a plan"},
    )
    decided_on = _date("Date of the decision")
    reasons = forms.CharField(
        label="Reasons for the decision",
        help_text="Required if the council will not issue a plan. The family's letter gives them.",
        required=False,
        widget=TEXTAREA,
    )


class ServeDraftForm(StepForm):
    served_on = _date(
        "Date the draft plan was sent",
        hint="The day it was sent by email or, if posted, the day it is treated as delivered.",
    )
    document = forms.FileField(
        label="Upload the draft plan (optional)",
        help_text="PDF or Word, smaller than 20MB.",
        required=False,
    )


class RepresentationsForm(StepForm):
    received_on = _date("Date the family's comments were received")
    preferred_establishment = SettingChoiceField(
        label="Setting the family asked to be named (optional)",
        queryset=Establishment.objects.none(),
        required=False,
    )
    notes = forms.CharField(label="What the family said", required=False, widget=TEXTAREA)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preferred_establishment"].queryset = _settings()


class ConsultForm(StepForm):
    allows_override = True

    establishment = SettingChoiceField(
        label="Setting consulted",
        queryset=Establishment.objects.none(),
        error_messages={"required": "Select the setting you consulted"},
    )
    sent_on = _date("Date the consultation was sent")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["establishment"].queryset = _settings()
        if not self.is_bound and self.case.preferred_establishment_id:
            self.initial.setdefault("establishment", self.case.preferred_establishment_id)


class ConsultationReplyForm(StepForm):
    reply = forms.ChoiceField(
        label="What did the setting reply?",
        choices=Consultation.Reply.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what the setting replied"},
    )
    replied_on = _date("Date of the reply")
    notes = forms.CharField(label="Notes (optional)", required=False, widget=TEXTAREA)


class FinalPlanForm(StepForm):
    allows_override = True

    named_establishment = SettingChoiceField(
        label="Setting named in the plan (section I)",
        queryset=Establishment.objects.none(),
        error_messages={"required": "Select the setting named in the plan"},
    )
    issued_on = _date("Date the final plan was issued")
    document = forms.FileField(
        label="Upload the final plan (optional)",
        help_text="PDF or Word, smaller than 20MB.",
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["named_establishment"].queryset = _settings()
        if not self.is_bound and self.case.preferred_establishment_id:
            self.initial.setdefault("named_establishment", self.case.preferred_establishment_id)


class WithdrawForm(StepForm):
    withdrawn_on = _date("Date of withdrawal")
    reason = forms.CharField(
        label="Why was the request withdrawn?",
        widget=TEXTAREA,
        error_messages={"required": "Enter why the request was withdrawn"},
    )


class TransferInForm(StepForm):
    from_la = forms.CharField(
        label="Council the case came from (LA code)",
        help_text="The 3-digit local authority code, like 886.",
        max_length=3,
        error_messages={"required": "Enter the other council's code as 3 digits, like 886"},
    )
    responsible_from = _date("Date this council became responsible")


class ExceptionForm(StepForm):
    reason = forms.ChoiceField(
        label="Reason for the exception",
        choices=ExceptionReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the reason for the exception"},
    )
    starts_on = GovukDateField(
        label="Start of the period",
        help_text="For a closure, the first day the setting is closed.",
    )
    ends_on = GovukDateField(
        label="End of the period",
        help_text="For a closure, the day the setting re-opens.",
    )
    advice = forms.ModelChoiceField(
        label="Advice affected (optional)",
        help_text="Required for a missed appointment.",
        queryset=AdviceRequest.objects.none(),
        empty_label="Choose the advice",
        required=False,
    )
    justification = forms.CharField(
        label="Why is meeting the time limit impractical?",
        help_text="Explain the circumstances. This is kept on the record.",
        widget=TEXTAREA,
        error_messages={"required": "Enter why meeting the time limit is impractical"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["advice"].queryset = self.case.advice_requests.all()
        self.fields["advice"].label_from_instance = lambda a: (
            f"{a.get_advisor_type_display()} from {a.advisor_name}"
        )


class RemoveExceptionForm(StepForm):
    reason = forms.CharField(
        label="Why are you removing this exception?",
        widget=TEXTAREA,
        error_messages={"required": "Enter why you are removing the exception"},
    )
