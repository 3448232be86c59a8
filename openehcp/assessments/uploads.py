"""Supporting documents sent with a request for assessment: PDF, Word and images only, checked by
their content and not just their name, because the online form takes files from anyone."""

import zipfile

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

MAX_UPLOAD_MB = 10
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
MAX_FILES = 10

# extension -> (content type stored, the bytes such a file starts with)
ACCEPTED = {
    ".pdf": ("application/pdf", b"%PDF-"),
    ".doc": ("application/msword", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        b"PK\x03\x04",
    ),
    ".jpg": ("image/jpeg", b"\xff\xd8\xff"),
    ".jpeg": ("image/jpeg", b"\xff\xd8\xff"),
    ".png": ("image/png", b"\x89PNG\r\n\x1a\n"),
}
WRONG_TYPE = "The selected file must be a PDF, Word document, JPG or PNG"


def _is_word_document(upload: UploadedFile) -> bool:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            return "word/document.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False
    finally:
        upload.seek(0)


def check_upload(upload: UploadedFile) -> str:
    """The file's content type, or ``ValidationError`` with the GOV.UK file upload message."""
    name = (upload.name or "").lower()
    extension = name[name.rfind(".") :] if "." in name else ""
    if extension not in ACCEPTED:
        raise ValidationError(WRONG_TYPE)
    if upload.size == 0:
        raise ValidationError("The selected file is empty")
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(f"The selected file must be smaller than {MAX_UPLOAD_MB}MB")
    content_type, signature = ACCEPTED[extension]
    upload.seek(0)
    start = upload.read(len(signature))
    upload.seek(0)
    if start != signature or (extension == ".docx" and not _is_word_document(upload)):
        raise ValidationError(WRONG_TYPE)
    return content_type


class CheckedFileField(forms.FileField):
    """One optional file, checked by ``check_upload`` (its content, not only its name): for
    reports and advice sent in by people outside the council."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            check_upload(upload)
        return upload or None


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True

    def __init__(self, attrs=None):
        super().__init__({"multiple": True} | (attrs or {}))


class SupportingDocumentsField(forms.FileField):
    """Up to ``MAX_FILES`` files from one file input, each checked by ``check_upload``; cleans to
    a list of ``(upload, content_type, name)`` as ``services.request_create`` takes them."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        uploads = [u for u in (data if isinstance(data, list | tuple) else [data]) if u]
        if not uploads:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        if len(uploads) > MAX_FILES:
            raise ValidationError(f"Select up to {MAX_FILES} files")
        checked = []
        for upload in uploads:
            try:
                checked.append((upload, check_upload(upload), upload.name))
            except ValidationError as error:
                raise ValidationError(f"{upload.name}: {error.messages[0]}") from error
        return checked
