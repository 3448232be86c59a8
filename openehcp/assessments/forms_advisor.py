"""The form a professional or a setting sends its advice with (regs 6-8)."""

from django import forms

from .forms_workflow import StepForm
from .uploads import MAX_UPLOAD_MB, CheckedFileField


class SubmitAdviceForm(StepForm):
    """The advice in words, and a report to attach if there is one. The request's version (the
    shared edit lock) travels with it, so advice sent twice is saved once."""

    advice_text = forms.CharField(
        label="Your advice",
        help_text="Describe the child or young person's special educational needs, the "
        "provision needed to meet them and the outcomes it should lead to. The council shares "
        "your advice with the family.",
        widget=forms.Textarea(attrs={"rows": 12}),
        error_messages={"required": "Enter your advice"},
    )
    upload = CheckedFileField(
        label="Attach your report (optional)",
        help_text=f"PDF, Word, JPG or PNG, smaller than {MAX_UPLOAD_MB}MB. Without a report, "
        "the advice you wrote above is kept on the child's record.",
        required=False,
    )
