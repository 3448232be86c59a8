"""Letters: the safe template language, the default letters, and the PDF saved on the record."""

import subprocess
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from openehcp import clock
from openehcp.assessments import workflow
from openehcp.assessments.models import Activity, Decision
from openehcp.letters.models import APPEALABLE_KINDS, LetterKind, LetterTemplate
from openehcp.letters.rendering import (
    PLACEHOLDERS,
    LetterTemplateError,
    check_template,
    render_letter,
    sample_values,
)
from openehcp.letters.services import compose_letter, update_template
from openehcp.web.locking import EditConflict
from tests.factories import AssessmentRequestFactory, ContactFactory

pytestmark = pytest.mark.django_db


def pdf_text(path) -> str:
    result = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return " ".join(result.stdout.split())


@pytest.fixture
def case(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.COUNCIL_NAME = "Demo Borough Council"
    request = AssessmentRequestFactory(
        received_on=timezone.localdate() - timedelta(days=40), reference="REQ-2025-0042"
    )
    ContactFactory(
        child=request.child, name="Jo Parent", address="1 High Street", postcode="AB1 2CD"
    )
    return request


# --- the template language ------------------------------------------------------------------------


def test_default_templates_exist_for_every_kind_and_pass_their_own_checks():
    templates = {t.kind: t for t in LetterTemplate.objects.all()}
    assert set(templates) == set(LetterKind.values)
    for template in templates.values():
        check_template(
            template.subject, template.body, needs_appeal_rights=template.needs_appeal_rights
        )


@pytest.mark.parametrize("kind", sorted(APPEALABLE_KINDS))
def test_letters_the_family_can_appeal_carry_appeal_rights(kind):
    body = LetterTemplate.objects.get(kind=kind).body
    assert "{{ appeal.deadline }}" in body
    assert "mediation" in body
    assert "First-tier Tribunal (Special Educational Needs and Disability)" in body


def test_placeholders_are_filled_and_escaped():
    values = sample_values() | {"child.name": "Amy <b>O'Neil</b> & co"}
    letter = render_letter("Letter for {{ child.name }}", "Dear {{ child.name|upper }},", values)
    assert "Dear AMY &lt;B&gt;O&#x27;NEIL&lt;/B&gt; &amp; CO," in letter.body_html
    assert letter.subject == "Letter for Amy <b>O'Neil</b> & co"


def test_the_templates_own_html_is_shown_as_text_not_run():
    letter = render_letter(
        "S", '<img src="file:///etc/passwd"> <script>x</script>', sample_values()
    )
    assert "<img" not in letter.body_html
    assert "&lt;script&gt;" in letter.body_html


def test_paragraphs_headings_and_lists():
    letter = render_letter(
        "S", "First line\nsecond line\n\n# A heading\n\n- one\n- two", sample_values()
    )
    assert "<p>First line<br>second line</p>" in letter.body_html
    assert "<h2>A heading</h2>" in letter.body_html
    assert "<ul><li>one</li><li>two</li></ul>" in letter.body_html


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{{ child.secret }}", "not a placeholder letters can use"),
        ("{{ settings.SECRET_KEY }}", "not a placeholder letters can use"),
        ("{% debug %}", "is not allowed in a letter"),
        ('{% include "base.html" %}', "is not allowed in a letter"),
        ("{% load static %}", "is not allowed in a letter"),
        ("{{ child.name|safe }}", "uses the filter 'safe'"),
        ("{% if child.name %}unclosed", "has a mistake"),
    ],
)
def test_templates_outside_the_safe_set_are_refused(body, message):
    with pytest.raises(LetterTemplateError, match=message):
        check_template("Subject", body)


def test_an_appealable_letter_cannot_lose_its_appeal_deadline():
    with pytest.raises(LetterTemplateError, match="last day to appeal"):
        check_template("S", "Mediation is free.", needs_appeal_rights=True)
    with pytest.raises(LetterTemplateError, match="mediation"):
        check_template("S", "Appeal by {{ appeal.deadline }}.", needs_appeal_rights=True)


def test_every_placeholder_is_documented_with_text():
    assert all(description for description in PLACEHOLDERS.values())


# --- composing letters for a case ----------------------------------------------------------------


def test_decision_not_to_assess_letter_gives_reasons_and_appeal_deadline(case):
    decided = timezone.localdate()
    case.decision_to_assess = Decision.NO
    case.decision_on = decided
    case.decision_reasons = "Needs can be met through SEN support."
    letter, address = compose_letter(case, kind=LetterKind.DECISION_NOT_TO_ASSESS, on=decided)
    appeal_by = clock.appeal_deadline(decided).due
    assert "Needs can be met through SEN support." in letter.body_html
    assert f"{appeal_by.day} {appeal_by:%B %Y}" in letter.body_html
    assert "Dear Jo Parent" in letter.body_html
    assert address == "1 High Street\nAB1 2CD"


def test_editing_a_template_checks_it_and_takes_the_lock(django_user_model):
    template = LetterTemplate.objects.get(kind=LetterKind.DECISION_TO_ASSESS)
    updated = update_template(
        template=template,
        version=template.version,
        user=None,
        subject="Assessment for {{ child.name }}",
        body="Dear {{ recipient.name }},\r\n\r\nWe will assess.",
    )
    assert updated.version == template.version + 1
    assert updated.body == "Dear {{ recipient.name }},\n\nWe will assess."
    with pytest.raises(EditConflict):
        update_template(
            template=template, version=template.version, user=None, subject="S", body="B"
        )
    refused = LetterTemplate.objects.get(kind=LetterKind.DECISION_NOT_TO_ISSUE)
    with pytest.raises(LetterTemplateError, match="last day to appeal"):
        update_template(
            template=refused, version=refused.version, user=None, subject="S", body="No appeal"
        )


# --- the PDF on the record ------------------------------------------------------------------------


def test_refusal_to_assess_saves_a_pdf_with_the_appeal_paragraph(case):
    decided = timezone.localdate()
    workflow.record_decision_to_assess(
        case=case,
        version=case.version,
        user=case.child.caseworker,
        decision=Decision.NO,
        decided_on=decided,
        reasons="The school's SEN support has not yet been tried for long enough.",
    )
    activity = Activity.objects.get(kind="decision_to_assess")
    document = activity.documents.get()
    assert document.content_type == "application/pdf"
    assert document.child == case.child
    assert document.request == case
    with document.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    text = pdf_text(document.file.path)
    appeal_by = clock.appeal_deadline(decided).due
    assert "We will not carry out an EHC needs assessment for" in text
    assert "REQ-2025-0042" in text
    assert "The school's SEN support has not yet been tried for long enough." in text
    assert "First-tier Tribunal (Special Educational Needs and Disability)" in text
    assert "mediation adviser" in text
    assert f"{appeal_by.day} {appeal_by:%B %Y}" in text


def test_a_letter_written_in_a_save_that_rolls_back_leaves_no_file(case, tmp_path):
    with pytest.raises(RuntimeError), transaction.atomic():
        workflow.record_decision_to_assess(
            case=case,
            version=case.version,
            user=case.child.caseworker,
            decision=Decision.YES,
            decided_on=timezone.localdate(),
        )
        assert [path for path in tmp_path.rglob("*.pdf")]
        raise RuntimeError("a later step failed")
    assert not [path for path in tmp_path.rglob("*") if path.is_file()]


def test_letter_pdf_is_tagged_for_accessibility(case):
    workflow.record_decision_to_assess(
        case=case,
        version=case.version,
        user=case.child.caseworker,
        decision=Decision.YES,
        decided_on=timezone.localdate(),
    )
    document = Activity.objects.get(kind="decision_to_assess").documents.get()
    info = subprocess.run(
        ["pdfinfo", document.file.path], capture_output=True, text=True, check=True
    ).stdout
    assert "Tagged:          yes" in info
    assert "Title:           We will carry out an EHC needs assessment for" in info
    text = pdf_text(document.file.path)
    final_due = case.received_on + timedelta(weeks=20)
    assert f"issued by {final_due.day} {final_due:%B %Y}" in text
