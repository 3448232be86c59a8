"""GOV.UK forms for the review, amendment, phase transfer, ceasing and transfer steps.

Each form carries the version of the record as it was when the page loaded (the shared edit lock
of ``openehcp.web.locking``).
Forms check what a person can get wrong in one field; the services check the rest again and their
refusals land on the form (``add_workflow_error``), keeping everything the person typed.
"""

from django import forms

from openehcp.assessments.uploads import MAX_UPLOAD_MB, CheckedFileField
from openehcp.establishments.models import Establishment
from openehcp.people.identifiers import clean_urn
from openehcp.plans.models import CeaseReason
from openehcp.web.forms import GovukDateField, clean_identifier
from openehcp.web.locking import EditConflict, LockedForm

from .models import CeaseDecision, InviteeRole, ReviewOutcome
from .services import WorkflowError

TEXTAREA = forms.Textarea(attrs={"rows": 4})
EXAMPLE = "For example, 27 3 2026"


def _date(label: str, hint: str = EXAMPLE, *, future: bool = False, required: bool = True):
    return GovukDateField(label=label, allow_future=future, help_text=hint, required=required)


def _text(label: str, *, hint: str = "", required: bool = True, message: str = ""):
    errors = {"required": message} if message else {}
    return forms.CharField(
        label=label, help_text=hint, required=required, widget=TEXTAREA, error_messages=errors
    )


class SettingField(forms.ModelChoiceField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", Establishment.objects.filter(is_open=True).order_by("name"))
        kwargs.setdefault("empty_label", "Choose a setting")
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        return f"{obj.name} (URN {obj.urn})"


class StepForm(LockedForm):
    """A step: the version it was loaded with, and the service's refusals shown on the form."""

    def add_workflow_error(self, error: WorkflowError | EditConflict, *, record) -> None:
        if isinstance(error, EditConflict):
            # The person has now been told; submitting again records their step on top. A
            # conflict on another record (the plan's draft, say) leaves the form's version as is.
            self.show_conflict(error, field="version" if error.model is type(record) else None)
            return
        field = error.field if error.field in self.fields else None
        self.add_error(field, error.message)


# --- the review ---------------------------------------------------------------------------------


class ArrangeReviewForm(StepForm):
    interim_reason = _text(
        "Who asked for the interim review, and why?",
        required=False,
        hint="For example, the school asked because the child's needs have changed.",
    )
    planned_meeting_on = _date(
        "Date of the review meeting", "At least 2 weeks after the invitations", future=True
    )
    invitations_sent_on = _date("Date the invitations were sent")

    def __init__(self, *args, interim: bool = False, invitees=(), **kwargs):
        super().__init__(*args, **kwargs)
        if not interim:
            del self.fields["interim_reason"]
        defaults = {role: (name, email) for role, name, email in invitees}
        for role, label in InviteeRole.choices:
            name, email = defaults.get(role, ("", ""))
            self.fields[f"invitee_{role}"] = forms.CharField(
                label=f"{label}: name",
                required=False,
                max_length=200,
                initial=name,
                help_text="Leave blank if nobody else is invited."
                if role == InviteeRole.OTHER
                else "",
            )
            self.fields[f"invitee_{role}_email"] = forms.EmailField(
                label=f"{label}: email address (optional)",
                required=False,
                initial=email,
                error_messages={
                    "invalid": "Enter an email address in the correct format, like name@example.com"
                },
            )
        self.fields["version"] = self.fields.pop("version")

    def invitees(self) -> list[tuple[str, str, str]]:
        data = self.cleaned_data
        return [
            (role, data.get(f"invitee_{role}", ""), data.get(f"invitee_{role}_email", ""))
            for role in InviteeRole.values
        ]


class EvidenceForm(StepForm):
    title = forms.CharField(
        label="What is the document?",
        max_length=200,
        help_text="For example, speech and language therapy report",
        error_messages={"required": "Enter what the document is"},
    )
    received_on = _date("Date it was received")
    upload = forms.FileField(
        label="Upload the document",
        help_text="A PDF, Word document, OpenDocument text, RTF, text file, JPG or PNG, up to 20MB",
        error_messages={"required": "Select the document"},
    )


class MeetingForm(StepForm):
    held_on = _date("Date the meeting was held")
    attended = forms.MultipleChoiceField(
        label="Who attended?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select everyone who came.",
    )
    officer_attended = forms.ChoiceField(
        label="Did a council officer attend?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether a council officer attended"},
    )
    family_views = _text("The family's views", required=False)
    young_person_views = _text("The child's or young person's views", required=False)

    def __init__(self, *args, invitees=(), key_year_hint: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].choices = [
            (str(i.pk), f"{i.name} ({i.get_role_display()})") for i in invitees
        ]
        if key_year_hint:
            self.fields["officer_attended"].help_text = key_year_hint


class ReportForm(StepForm):
    received_on = _date("Date the report was received")
    recommendations = _text(
        "What does the report recommend?",
        hint="Including any amendments it recommends and any disagreement.",
        message="Enter what the report recommends",
    )
    upload = forms.FileField(label="Upload the report (optional)", required=False)


class SendReportForm(StepForm):
    """The setting's report of the review meeting (reg 20(7)-(8)), sent by its head or principal."""

    report_text = forms.CharField(
        label="The report of the review meeting",
        help_text="What the meeting found and recommends: whether the plan should stay as it is, "
        "be amended (and how) or cease, and any disagreement. The council sends it to everyone "
        "invited to the meeting.",
        widget=forms.Textarea(attrs={"rows": 12}),
        error_messages={"required": "Enter the report of the review meeting"},
    )
    upload = CheckedFileField(
        label="Attach the report (optional)",
        help_text=f"PDF, Word, JPG or PNG, smaller than {MAX_UPLOAD_MB}MB. Without a file, the "
        "report you wrote above is kept on the child's record.",
        required=False,
    )


class DecisionForm(StepForm):
    outcome = forms.ChoiceField(
        label="What has the council decided?",
        choices=ReviewOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether the council will keep, amend or cease the plan"
        },
    )
    decided_on = _date(
        "Date the decision was sent to the family",
        "Within 4 weeks of the meeting (regulation 20(10)). " + EXAMPLE,
    )
    reasons = _text("Reasons for the decision", required=False)
    proposed_changes = _text(
        "If amending: the amendments the council proposes",
        required=False,
        hint="They go in the amendment notice (regulation 22(2)).",
    )
    served_on = _date(
        "If amending and the notice is posted: the day it is served",
        "Leave blank if it was emailed: it is served the day it is sent.",
        required=False,
    )
    cease_reason = forms.ChoiceField(
        label="If ceasing: why will the plan cease?",
        choices=[("", "Choose a reason")] + list(CeaseReason.choices),
        required=False,
    )
    cease_detail = _text("If the reason is ‘Other’: the reason", required=False)


# --- amendments ------------------------------------------------------------------------------


class AmendmentNoticeForm(StepForm):
    proposed_changes = _text(
        "The amendments the council proposes",
        hint="They go in the amendment notice (regulation 22(2)).",
        message="Enter the amendments the council proposes",
    )
    sent_on = _date("Date the notice was sent")
    served_on = _date(
        "If posted: the day it is served",
        "Leave blank if it was emailed: it is served the day it is sent.",
        required=False,
    )


class RepresentationsForm(StepForm):
    received_on = _date("Date the family's comments were received")
    representations = _text("What did the family say?", message="Enter what the family said")
    requested_establishment = SettingField(
        label="Setting the family asked for (optional)", required=False
    )


class IssueAmendedPlanForm(StepForm):
    issued_on = _date("Date the amended plan was issued")


class NotAmendingForm(StepForm):
    decided_on = _date("Date the family were told")
    reasons = _text("Reasons for not amending the plan", message="Enter the reasons")


# --- ceasing ---------------------------------------------------------------------------------


class ProposeCeasingForm(StepForm):
    reason = forms.ChoiceField(
        label="Why is the council considering ceasing the plan?",
        choices=[c for c in CeaseReason.choices if c[0] != CeaseReason.TRANSFERRED_TO_LA],
        widget=forms.RadioSelect,
        error_messages={"required": "Select why the plan would cease"},
    )
    detail = _text("More detail", required=False, hint="Required if the reason is ‘Other’.")
    intention_sent_on = _date("Date the family were told")


class CeaseConsultationForm(StepForm):
    family_consulted_on = _date("Date the family gave their views")
    family_views = _text("The family's views", required=False)
    setting_consulted_on = _date("Date the head or principal of the setting gave their views")
    setting_views = _text("The setting's views", required=False)


class CeaseDecisionForm(StepForm):
    decision = forms.ChoiceField(
        label="What has the council decided?",
        choices=CeaseDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the council will cease the plan"},
    )
    decided_on = _date("Date the decision was sent to the family")
    reasons = _text("Reasons for the decision", message="Enter the reasons for the decision")


class PlanCeasedForm(StepForm):
    ceased_on = _date("Date the plan ended")


# --- transfers between councils --------------------------------------------------------------


class _LaCode(forms.CharField):
    def __init__(self, label):
        super().__init__(
            label=label,
            max_length=3,
            help_text="Its 3-digit LA code, like 210",
            widget=forms.TextInput(attrs={"class": "govuk-input--width-3"}),
            error_messages={"required": "Enter the other council's 3-digit LA code, like 210"},
        )


class TransferInForm(StepForm):
    la_code = _LaCode("Which council did the plan come from?")
    made_on = _date("Date the plan was first made")
    transferred_on = _date("Date the plan was transferred to us")
    last_review_on = _date("Date of its last review meeting (if any)", required=False)
    named_establishment = SettingField(label="Setting named in the plan", required=False)


class TransferNoticeForm(StepForm):
    notified_on = _date("Date the family were told")
    will_assess = forms.ChoiceField(
        label="Will the council carry out an EHC needs assessment?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the council will assess"},
    )


class TransferOutForm(StepForm):
    la_code = _LaCode("Which council is the family moving to?")
    moved_on = _date("Date the family moved", future=True)
    aware_on = _date("Date we learned of the move (if before)", required=False)
    transferred_on = _date("Date the plan was sent to the new council")


# --- phase transfers -------------------------------------------------------------------------


class PreferenceLetterForm(StepForm):
    sent_on = _date("Date the letter is sent")


class StaffPreferenceForm(StepForm):
    received_on = _date("Date the family told us")
    establishment = SettingField(label="The setting they would like", required=False)
    other = forms.CharField(
        label="Or, if it is not listed, its name", required=False, max_length=200
    )
    reasons = _text("Why they would like it", required=False)


class ConsultForm(StepForm):
    establishment = SettingField(
        label="Setting to consult", error_messages={"required": "Select the setting to consult"}
    )
    sent_on = _date("Date the consultation was sent")


class ConsultationReplyForm(StepForm):
    replied_on = _date("Date of the reply")
    can_meet_needs = forms.ChoiceField(
        label="Can the setting meet the child's or young person's needs?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the setting can meet the needs"},
    )
    notes = _text("Notes (optional)", required=False)


# --- lists -----------------------------------------------------------------------------------


class ScheduleFilterForm(forms.Form):
    caseload = forms.ChoiceField(
        label="Caseload",
        choices=[("mine", "My caseload"), ("team", "My team"), ("all", "Everyone I can see")],
        required=False,
    )
    setting = forms.CharField(
        label="Setting URN",
        required=False,
        max_length=6,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
    )

    def clean_setting(self):
        return clean_identifier(clean_urn, self.cleaned_data.get("setting"))
