"""A plan version as documents: an accessible PDF (WeasyPrint, tagged PDF/UA-1) and an editable
Word document (python-docx), each with the council's name and logo, every section under its own
heading and a table of contents.

Both read a ``document.PlanDocument`` and nothing else. The PDF renderer fetches nothing from
outside: the logo goes in as a ``data:`` URL, the only kind of URL it may load.
"""

from __future__ import annotations

import base64
import io
import mimetypes
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

from .document import PROFILE_PARTS, VIEWS_PARTS, PlanDocument, ProvisionItem
from .structure import NEED_SECTIONS, PROVISION_SECTIONS, SECTIONS

PDF_TYPE = "application/pdf"
WORD_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@lru_cache(maxsize=4)
def _logo_bytes(path: str) -> tuple[bytes, str]:
    data = Path(path).read_bytes()
    kind = mimetypes.guess_type(path)[0] or "image/png"
    if kind not in {"image/png", "image/jpeg"}:
        raise ValueError("OPENEHCP_COUNCIL_LOGO must be a PNG or JPEG file")
    return data, kind


def council_logo() -> tuple[bytes, str]:
    """The council's logo (``OPENEHCP_COUNCIL_LOGO``) and its type."""
    return _logo_bytes(settings.OPENEHCP_COUNCIL_LOGO)


def date_text(day) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""


def status_text(doc: PlanDocument) -> str:
    if doc.is_issued:
        return f"{doc.kind}, issued on {date_text(doc.issued_on)}"
    return f"{doc.kind}: being drafted, not issued"


def meets_text(item: ProvisionItem) -> str:
    """ "Needs B1 and B2; outcome E1" - what a row of provision is for."""

    def listed(noun: str, refs: tuple[str, ...]) -> str:
        if not refs:
            return ""
        words = refs[0] if len(refs) == 1 else f"{', '.join(refs[:-1])} and {refs[-1]}"
        return f"{noun}{'s' if len(refs) > 1 else ''} {words}"

    parts = [listed("need", item.need_refs), listed("outcome", item.outcome_refs)]
    text = "; ".join(p for p in parts if p)
    return text[:1].upper() + text[1:]


def _context(doc: PlanDocument) -> dict:
    logo, kind = council_logo()
    return {
        "doc": doc,
        "sections": SECTIONS,
        "logo_url": f"data:{kind};base64,{base64.b64encode(logo).decode()}",
        "status": status_text(doc),
        "parts": section_parts(doc),
    }


def section_parts(doc: PlanDocument) -> list[dict]:
    """Each section with its needs, its provision (and what each row is for) and the reason it
    is empty: what the PDF and the plan's pages show under each heading."""
    return [
        {
            "section": section,
            "needs": doc.needs_in(section.code),
            "provision": [(item, meets_text(item)) for item in doc.provision_in(section.code)],
            "reason": doc.none_reasons.get(section.code, "").strip(),
            "views": [(h, doc.views.get(n, "")) for n, h in VIEWS_PARTS]
            if section.code == "a"
            else [],
            "budget": [(f"J{n}", line) for n, line in enumerate(doc.budget, start=1)]
            if section.code == "j"
            else [],
            "profile": [(h, doc.views.get(n, "")) for n, h in PROFILE_PARTS]
            if section.code == "a"
            else [],
        }
        for section in SECTIONS
    ]


def render_html(doc: PlanDocument) -> str:
    """The plan as the HTML page the PDF is made from."""
    return render_to_string("plans/plan_pdf.html", _context(doc))


def render_pdf(doc: PlanDocument) -> bytes:
    """The plan as a tagged, accessible PDF (PDF/UA-1)."""
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols=("data",))
    stylesheet = CSS(string=render_to_string("plans/plan_pdf.css"), url_fetcher=fetcher)
    return HTML(string=render_html(doc), url_fetcher=fetcher).write_pdf(
        stylesheets=[stylesheet], pdf_variant="pdf/ua-1"
    )


# --- Word ---------------------------------------------------------------------------------------


def _mark_header_row(row) -> None:
    """Repeat the table's first row on every page, and tell screen readers it is a header."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _table(document, headings: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, headings, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(heading).bold = True
    _mark_header_row(table.rows[0])
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = value


def _paragraphs(document, text: str) -> None:
    for block in text.replace("\r\n", "\n").split("\n\n"):
        if block.strip():
            document.add_paragraph(block.strip())


def render_docx(doc: PlanDocument) -> bytes:
    """The plan as an editable Word document, with the same headings as the PDF."""
    from docx import Document as WordDocument
    from docx.shared import Cm, Pt

    document = WordDocument()
    document.core_properties.title = f"Education, health and care plan: {doc.child_name}"
    document.core_properties.author = doc.council
    document.core_properties.language = "en-GB"
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(12)

    logo, _kind = council_logo()
    document.add_picture(io.BytesIO(logo), width=Cm(5))
    document.inline_shapes[0]._inline.docPr.set("descr", f"{doc.council} logo")
    document.add_paragraph(doc.council).runs[0].bold = True
    document.add_heading("Education, health and care plan", level=0)
    document.add_paragraph(doc.child_name).runs[0].bold = True
    details = [
        ["Date of birth", date_text(doc.date_of_birth)],
        ["Version", str(doc.number)],
        ["Status", status_text(doc)],
    ]
    if doc.reference:
        details.append(["Assessment reference", doc.reference])
    _table(document, ["About this plan", ""], details)

    document.add_heading("Contents", level=1)
    for section in SECTIONS:
        document.add_paragraph(section.heading, style="List Number")

    for section in SECTIONS:
        document.add_heading(section.heading, level=1)
        _word_section(document, doc, section.code)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _reason_or_nothing(document, doc: PlanDocument, code: str, empty: str) -> None:
    reason = doc.none_reasons.get(code, "").strip()
    document.add_paragraph(reason or empty)


def _word_section(document, doc: PlanDocument, code: str) -> None:
    if code == "a":
        for heading, text in (
            *((h, doc.views.get(n, "")) for n, h in VIEWS_PARTS),
            *((h, doc.views.get(n, "")) for n, h in PROFILE_PARTS),
        ):
            if text.strip():
                document.add_heading(heading, level=2)
                _paragraphs(document, text)
    elif code in NEED_SECTIONS:
        needs = doc.needs_in(code)
        for need in needs:
            label = f"{need.ref}: {need.area}" if need.area else need.ref
            document.add_heading(label, level=2)
            _paragraphs(document, need.text)
        if not needs:
            _reason_or_nothing(document, doc, code, "None recorded.")
    elif code == "e":
        for outcome in doc.outcomes:
            document.add_heading(outcome.ref, level=2)
            _paragraphs(document, outcome.text)
            if outcome.steps:
                document.add_paragraph(f"Steps towards it: {outcome.steps}")
            document.add_paragraph(f"By when: {outcome.time_frame or 'not set'}")
            if outcome.need_refs:
                document.add_paragraph(f"Needs it addresses: {', '.join(outcome.need_refs)}")
            if outcome.preparing_for_adulthood:
                document.add_paragraph(f"Preparing for adulthood: {outcome.pfa_area or 'yes'}")
    elif code in PROVISION_SECTIONS:
        items = doc.provision_in(code)
        if items:
            _table(
                document,
                ["", "What", "Who", "How often", "For how long", "Group", "Meets"],
                [
                    [
                        p.ref,
                        p.what,
                        p.who,
                        p.frequency,
                        p.duration,
                        p.group_size,
                        meets_text(p),
                    ]
                    for p in items
                ],
            )
        else:
            _reason_or_nothing(document, doc, code, "None recorded.")
    elif code == "i":
        if doc.placement_name:
            document.add_paragraph(f"{doc.placement_name} (URN {doc.placement_urn})")
        if doc.placement_type:
            document.add_paragraph(f"Type of setting: {doc.placement_type}")
        if doc.placement_notes:
            _paragraphs(document, doc.placement_notes)
        if not doc.has_placement:
            document.add_paragraph("Not named yet.")
    elif code == "j":
        if doc.budget:
            _table(
                document,
                ["Provision it pays for", "How it is used", "Direct payment", "Amount a year"],
                [
                    [
                        b.provision_covered,
                        b.how_used,
                        "Yes" if b.direct_payment else "No",
                        "" if b.amount is None else f"£{b.amount:,.2f}",
                    ]
                    for b in doc.budget
                ],
            )
        else:
            document.add_paragraph(doc.budget_none.strip() or "No personal budget.")
    elif code == "k":
        if doc.advice:
            for item in doc.advice:
                dated = f" ({date_text(item.dated)})" if item.dated else ""
                document.add_paragraph(f"{item.title}{dated}", style="List Bullet")
        else:
            document.add_paragraph("None listed.")
