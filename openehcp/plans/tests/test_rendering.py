"""The plan as documents: the PDF's text (pdftotext), that it is tagged (pdfinfo), the Word
document's headings, paragraphs and tables (python-docx); and the comparison of two versions."""

import dataclasses
import io
import subprocess
from datetime import date

import docx
import pytest

from openehcp.plans import compare, rendering, selectors
from openehcp.plans.document import section_lines
from openehcp.plans.models import Need, PlanComment
from openehcp.plans.structure import SECTIONS

from .factories import PlanVersionFactory, complete_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def document():
    version = complete_plan(PlanVersionFactory())
    version.child.forename, version.child.surname = "Robin", "Example"
    version.child.save()
    version.profile_support = "Tell me what will happen next."
    version.save()
    return selectors.plan_document(selectors.load_version(version.pk))


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "plan.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True)
    return text.stdout + "\n" + info.stdout


def test_pdf_has_every_section_heading_contents_and_the_provision(document, tmp_path):
    text = pdf_text(rendering.render_pdf(document), tmp_path)
    assert "Demo Borough Council" in text
    assert "Education, health and care plan" in text
    assert "Robin Example" in text
    assert "Contents" in text
    for section in SECTIONS:
        assert text.count(section.heading.split(" under ")[0]) >= 2, section.heading
    assert "A speech and language therapist will work with Sam on instructions." in text
    assert "Once a week" in text and "30 minutes, for the life of the plan" in text
    assert "Need B1; outcome E1" in text
    assert "No health needs were identified." in text
    assert "Tell me what will happen next." in text
    assert "being drafted, not issued" in text
    assert "Tagged:          yes" in text


def test_word_document_has_the_same_headings_and_the_provision_table(document):
    word = docx.Document(io.BytesIO(rendering.render_docx(document)))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert [s.heading for s in SECTIONS] == [h for h in headings if h.startswith("Section ")]
    paragraphs = [p.text for p in word.paragraphs]
    assert "Demo Borough Council" in paragraphs
    assert "Robin Example" in paragraphs
    assert "No social care needs were identified." in paragraphs
    cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    assert "A speech and language therapist will work with Sam on instructions." in cells
    assert "Once a week" in cells
    assert word.core_properties.author == "Demo Borough Council"
    assert len(word.inline_shapes) == 1


def test_an_issued_version_says_when(document):
    issued = dataclasses.replace(document, is_issued=True, issued_on=date(2026, 3, 3))
    assert rendering.status_text(issued) == "Draft plan, issued on 3 March 2026"


def test_section_lines_read_every_field(document):
    lines = section_lines(document)
    assert lines["b"] == [
        "B1 (Communication and interaction): Sam finds it hard to follow spoken instructions "
        "with more than two steps."
    ]
    assert "Who: Speech and language therapist. How often: Once a week." in lines["f"][0]
    assert lines["c"] == ["No health needs were identified."]


def test_compare_marks_words_added_and_removed():
    version = complete_plan(PlanVersionFactory())
    before = selectors.plan_document(selectors.load_version(version.pk))
    Need.objects.filter(plan_version=version).update(
        text="Sam finds it hard to follow long spoken instructions."
    )
    after = selectors.plan_document(selectors.load_version(version.pk))
    diffs = {d.section.code: d for d in compare.compare(before, after)}
    assert diffs["b"].changed and not diffs["f"].changed
    removed = [p.text for para in diffs["b"].before for p in para if p.kind == "removed"]
    added = [p.text for para in diffs["b"].after for p in para if p.kind == "added"]
    assert removed == ["instructions with more than two steps."]
    assert added == ["long", "instructions."]


def test_comments_do_not_change_the_document():
    version = complete_plan(PlanVersionFactory())
    before = selectors.plan_document(selectors.load_version(version.pk))
    PlanComment.objects.create(
        plan_version=version, source="parent", text="Hello", received_on=version.request.received_on
    )
    after = selectors.plan_document(selectors.load_version(version.pk))
    assert not any(d.changed for d in compare.compare(before, after))
