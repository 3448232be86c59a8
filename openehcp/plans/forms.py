"""GOV.UK forms for writing a plan: one per kind of row, and the single-valued sections.

Every form carries the version's lock as it was when the page loaded (hidden ``version``, the
shared edit lock of ``openehcp.web.locking``); ``add_plan_error`` shows a service's refusal or a
conflict on the form and keeps everything the person typed.
"""

from django import forms

from openehcp.assessments.models import AdviceRequest, AssessmentRequest, Document
from openehcp.establishments.models import SettingType
from openehcp.web.forms import GovukDateField
from openehcp.web.locking import EditConflict, LockedForm

from .models import AreaOfNeed, PfaArea, PlanComment
from .services import PlanError
from .structure import SECTIONS

TEXTAREA = forms.Textarea(attrs={"rows": 4})
NO_PFA = "no"


def _text(label: str, hint: str = "", *, required: bool = False, message: str = ""):
    return forms.CharField(
        label=label,
        help_text=hint,
        required=required,
        widget=TEXTAREA,
        error_messages={"required": message} if message else None,
    )


def _line(label: str, hint: str = "", *, width: str = "", max_length: int = 200):
    return forms.CharField(
        label=label,
        help_text=hint,
        required=False,
        max_length=max_length,
        widget=forms.TextInput(attrs={"class": width} if width else None),
    )


class PlanForm(LockedForm):
    """A form on a version being drafted: its lock, and the service's refusals."""

    def add_plan_error(self, error: PlanError | EditConflict) -> None:
        """Show the refusal, keeping everything the person typed. After a conflict the form
        carries the current version, so saving again (having looked) saves on top."""
        if isinstance(error, EditConflict):
            self.show_conflict(error)
            return
        field = error.field if error.field in self.fields else None
        self.add_error(field, error.message)


class ViewsForm(PlanForm):
    child_views = _text(
        "Their views, in their own words",
        "Write what they said, as they said it. Say who helped them to say it, if anyone did.",
    )
    family_views = _text("Their parents' or carers' views")
    interests = _text("Their interests", "What they enjoy doing, at home and at school.")
    aspirations = _text("Their hopes for the future")
    profile_admired = _text("What people like and admire about them")
    profile_important = _text("What is important to them")
    profile_support = _text("How best to support them")


class NoneReasonForm(PlanForm):
    reason = _text(
        "If there is nothing in this section, say why",
        "For example: “No health needs related to their special educational needs were "
        "identified.”",
    )

    def __init__(self, *args, example: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if example:
            self.fields["reason"].help_text = f"For example: “{example}”"


class PlacementForm(PlanForm):
    urn = forms.CharField(
        label="URN of the setting (optional)",
        help_text="The 6-digit unique reference number in the settings register. Leave it "
        "empty to name only the type of setting.",
        required=False,
        max_length=6,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "numeric"}),
    )
    placement_type = forms.ChoiceField(
        label="Type of setting",
        help_text="If you give a URN, the type in the register is used unless you choose another.",
        choices=[("", "Choose the type of setting"), *SettingType.choices],
        required=False,
    )
    notes = _text("Anything else about the placement (optional)", "For example, from when.")


class BudgetNoneForm(PlanForm):
    reason = _text(
        "If there is no personal budget, say why (optional)",
        "For example: “The family did not ask for a personal budget.”",
    )


class NeedForm(PlanForm):
    area = forms.ChoiceField(
        label="Area of need",
        choices=AreaOfNeed.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the area of need"},
    )
    text = _text(
        "Describe the need",
        "Say what they find hard and how it affects them, in words their family would use.",
        required=True,
        message="Describe the need",
    )

    def __init__(self, *args, section: str, **kwargs):
        super().__init__(*args, **kwargs)
        if section != "b":
            del self.fields["area"]


class _RefChoices(forms.ModelMultipleChoiceField):
    """Needs or outcomes as checkboxes, labelled with their reference ("B2: Reading …")."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, *args, refs: dict, kind: str, **kwargs):
        self.refs, self.kind = refs, kind
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        text = " ".join(obj.text.split())
        short = text if len(text) <= 90 else f"{text[:87]}…"
        return f"{self.refs.get((self.kind, obj.pk), '')}: {short}"


class OutcomeForm(PlanForm):
    text = _text(
        "Describe the outcome",
        "What they will be able to do, that they cannot do now.",
        required=True,
        message="Describe the outcome",
    )
    steps = _text("Steps towards it", "What they will achieve on the way, in order.")
    time_frame = _line(
        "By when",
        "For example, “By the end of Year 6 (July 2027)”.",
        width="govuk-input--width-20",
    )
    needs = forms.ModelMultipleChoiceField(queryset=None, required=False)
    pfa_area = forms.ChoiceField(
        label="Does it prepare them for adulthood?",
        help_text="From Year 9 the plan must include outcomes that prepare for adult life.",
        choices=[(NO_PFA, "No"), *PfaArea.choices],
        widget=forms.RadioSelect,
        initial=NO_PFA,
        required=False,
    )

    def __init__(self, *args, needs, refs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["needs"] = _RefChoices(
            queryset=needs,
            refs=refs,
            kind="need",
            required=False,
            label="Needs it addresses",
            help_text="Select all that apply.",
        )
        self.fields["version"] = self.fields.pop("version")


class ProvisionForm(PlanForm):
    what = _text(
        "What will be done",
        "Be specific: the help, the programme or the equipment.",
        required=True,
        message="Describe the provision",
    )
    who = _line("Who will provide it", "A role, like “speech and language therapist”.")
    frequency = _line("How often", "For example, “Once a week” or “Every school day”.")
    duration = _line(
        "For how long",
        "For example, “30 minutes a session, for the life of the plan”.",
    )
    group_size = _line(
        "Group size (optional)",
        "For example, “One to one” or “A group of 4”.",
        width="govuk-input--width-20",
        max_length=100,
    )

    def __init__(self, *args, needs, outcomes, refs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["needs"] = _RefChoices(
            queryset=needs,
            refs=refs,
            kind="need",
            required=False,
            label="Needs it meets",
            help_text="Select all that apply.",
        )
        self.fields["outcomes"] = _RefChoices(
            queryset=outcomes,
            refs=refs,
            kind="outcome",
            required=False,
            label="Outcomes it works towards",
            help_text="Select all that apply.",
        )
        self.fields["version"] = self.fields.pop("version")


class BudgetItemForm(PlanForm):
    provision_covered = _text(
        "Provision the budget pays for",
        "Name the provision, like “swimming lessons (section H2, H2-1)”.",
        required=True,
        message="Enter the provision the budget pays for",
    )
    how_used = _text("How it will be used")
    direct_payment = forms.TypedChoiceField(
        label="Is it paid as a direct payment?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether it is paid as a direct payment"},
    )
    amount = forms.DecimalField(
        label="Amount a year, in pounds (optional)",
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "decimal"}),
        error_messages={
            "invalid": "Enter the amount as a number, like 1040 or 1040.50",
            "min_value": "The amount must be £0 or more",
            "max_decimal_places": "Enter the amount in pounds and pence, like 1040.50",
        },
    )


class AdviceItemForm(PlanForm):
    advice_request = forms.ModelChoiceField(
        label="Advice from the assessment (optional)",
        queryset=AdviceRequest.objects.none(),
        required=False,
        empty_label="Choose the advice",
    )
    document = forms.ModelChoiceField(
        label="Or a document on the child's record (optional)",
        queryset=Document.objects.none(),
        required=False,
        empty_label="Choose the document",
    )
    title = _line(
        "Title",
        "Leave empty to use the advice's or document's own name.",
    )
    dated = GovukDateField(
        label="Date of the advice (optional)",
        help_text="For example, 27 3 2025",
        required=False,
        allow_future=False,
    )

    def __init__(self, *args, child, **kwargs):
        super().__init__(*args, **kwargs)
        advice = self.fields["advice_request"]
        advice.queryset = AdviceRequest.objects.filter(request__child=child).order_by(
            "requested_on"
        )
        advice.label_from_instance = lambda a: (
            f"{a.get_advisor_type_display()}: {a.advisor_name} ({a.request.reference})"
        )
        document = self.fields["document"]
        document.queryset = Document.objects.filter(
            child=child, kind__in=[Document.Kind.ADVICE, Document.Kind.SUPPORTING]
        ).order_by("-created_at")
        document.label_from_instance = lambda d: f"{d.title} ({d.created_at:%d %b %Y})"


class IssueForm(PlanForm):
    issued_on = GovukDateField(
        label="Date it is issued",
        help_text="The day it is sent. For example, 27 3 2025",
        allow_future=False,
    )
    case_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    override_reason = forms.CharField(
        label="Why are you issuing it out of the usual order?",
        help_text="This is kept in the case's activity log.",
        required=False,
        widget=TEXTAREA,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not (self.data.get("override_reason") or "").strip():
            self.fields["override_reason"].widget = forms.HiddenInput()
        self.fields["version"] = self.fields.pop("version")

    def add_plan_error(self, error) -> None:
        if getattr(error, "overridable", False):
            self.fields["override_reason"].widget = TEXTAREA
        if isinstance(error, EditConflict) and error.model is AssessmentRequest:
            # Issuing also records a step on the case: that lock moved on, not the version's.
            self.show_conflict(error, field="case_version")
            return
        super().add_plan_error(error)


SECTION_CHOICES = [("", "The whole plan")] + [(s.code, s.heading) for s in SECTIONS]


class CommentForm(forms.Form):
    source = forms.ChoiceField(
        label="Who made the comment?",
        choices=PlanComment.Source.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who made the comment"},
    )
    made_by = forms.CharField(
        label="Their name (optional)",
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
    )
    section = forms.ChoiceField(
        label="Which section is it about?", choices=SECTION_CHOICES, required=False
    )
    text = forms.CharField(
        label="The comment",
        help_text="Write it as they said it.",
        widget=TEXTAREA,
        error_messages={"required": "Enter the comment"},
    )
    received_on = GovukDateField(
        label="Date of the comment", help_text="For example, 27 3 2025", allow_future=False
    )


class CommentAnswerForm(forms.Form):
    status = forms.ChoiceField(
        label="What did you do?",
        choices=[
            (PlanComment.Status.ACCEPTED, "Accepted it: I changed the plan"),
            (PlanComment.Status.ANSWERED, "Answered it: the plan stays as it is, and I said why"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you accepted the comment or answered it"},
    )
    response = forms.CharField(
        label="What you changed, or your answer",
        widget=TEXTAREA,
        error_messages={"required": "Enter what you changed, or your answer"},
    )


class GlossaryTermForm(LockedForm):
    term = forms.CharField(
        label="Jargon or acronym",
        help_text="Acronyms in capitals match only in capitals (“EP”, not “ep”).",
        max_length=100,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
        error_messages={"required": "Enter the jargon or acronym"},
    )
    plain_english = forms.CharField(
        label="Plain English to use instead",
        max_length=300,
        error_messages={"required": "Enter the plain English to use instead"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A new term has no version yet.
        self.fields["version"].required = False
