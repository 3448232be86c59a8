"""The family portal's forms: plain words, GOV.UK error messages."""

from django import forms

from openehcp.assessments.uploads import check_upload
from openehcp.establishments.models import Establishment
from openehcp.plans.structure import SECTIONS

from .services import MAX_TEXT


class ViewsForm(forms.Form):
    whose = forms.ChoiceField(
        label="Whose views are these?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whose views these are"},
    )
    text = forms.CharField(
        label="Your views",
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="What is going well, what is hard, what you would like to happen, and what "
        "matters most. Write as much or as little as you like.",
        error_messages={"max_length": f"Your views must be {MAX_TEXT:,} characters or fewer"},
    )
    upload = forms.FileField(
        label="Upload a file (optional)",
        required=False,
        help_text="For example a letter, a drawing or a photo. PDF, Word, JPG or PNG, up to 10MB.",
    )

    def __init__(self, *args, child_name: str, young_person: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if young_person:
            self.fields["whose"].choices = [("you", "Mine")]
            self.fields["whose"].initial = "you"
            self.fields["whose"].widget = forms.HiddenInput()
        else:
            self.fields["whose"].choices = [
                ("parent", "Mine, as a parent or carer"),
                ("child", f"{child_name}’s, in their own words"),
                ("both", f"Mine and {child_name}’s"),
            ]
        self.child_name = child_name
        self.young_person = young_person

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if not upload:
            return None
        return (upload, check_upload(upload), upload.name)

    def clean(self):
        cleaned = super().clean()
        if (
            not self.errors
            and not (cleaned.get("text") or "").strip()
            and not cleaned.get("upload")
        ):
            self.add_error("text", "Enter your views, or choose a file to upload")
        return cleaned

    def whose_words(self) -> str:
        """Whose views, as the record and the activity log name them."""
        name = self.child_name
        return {
            "you": f"{name}, the young person",
            "parent": f"{name}’s parent or carer",
            "child": name,
            "both": f"{name} and their parent or carer",
        }[self.cleaned_data["whose"]]


def section_field(code: str) -> str:
    return f"section_{code}"


class PlanCommentForm(forms.Form):
    """Comments on a plan being written (``selectors.CommentWindow``): the draft plan or the
    proposed amendments; the school or college search only where the window offers it."""

    general = forms.CharField(
        label="Your comments",
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="What is right, what is missing and what you would change.",
        error_messages={"max_length": f"Your comments must be {MAX_TEXT:,} characters or fewer"},
    )
    meeting = forms.BooleanField(label="I would like a meeting", required=False)
    school_query = forms.CharField(
        label="Search for a school or college by name or URN",
        required=False,
        max_length=100,
    )
    preferred_urn = forms.ChoiceField(
        label="The school or college you would like named in the plan",
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select a school or college from the list"},
    )

    def __init__(self, *args, window, results=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["general"].label = f"Your comments on {window.subject}"
        self.fields[
            "meeting"
        ].label = f"I would like a meeting with someone from the council about {window.subject}"
        for section in SECTIONS:
            self.fields[section_field(section.code)] = forms.CharField(
                label=section.heading,
                required=False,
                max_length=MAX_TEXT,
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={
                    "max_length": f"Each comment must be {MAX_TEXT:,} characters or fewer"
                },
            )
        self.fields["preferred_urn"].choices = [("", "No preference, or not in the list")] + [
            (e.urn, f"{e.name} (URN {e.urn})") for e in results
        ]
        self.results = list(results)

    def section_fields(self):
        return [self[section_field(section.code)] for section in SECTIONS]

    def clean_preferred_urn(self):
        urn = self.cleaned_data.get("preferred_urn")
        if not urn:
            return None
        setting = Establishment.objects.filter(urn=urn, is_open=True).first()
        if setting is None:
            raise forms.ValidationError("Select a school or college from the list")
        return setting

    def preferred_setting(self) -> Establishment | None:
        return self.cleaned_data.get("preferred_urn")

    def comments(self) -> dict[str, str]:
        """Section code ("" for the whole plan) → comment, as ``comment_on_plan`` takes them."""
        out = {"": self.cleaned_data.get("general", "")}
        for section in SECTIONS:
            out[section.code] = self.cleaned_data.get(section_field(section.code), "")
        return out
