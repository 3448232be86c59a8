from django import forms

from openehcp.web.locking import LockedForm


class LetterTemplateForm(LockedForm):
    subject = forms.CharField(
        label="Subject",
        max_length=200,
        error_messages={"required": "Enter the subject of the letter"},
    )
    body = forms.CharField(
        label="Letter",
        help_text="Leave a blank line between paragraphs. Start a line with # and a space for a "
        "heading, or with - and a space for a bullet point.",
        widget=forms.Textarea(attrs={"rows": 24}),
        error_messages={"required": "Enter the text of the letter"},
    )
