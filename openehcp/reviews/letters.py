"""Letters about a maintained plan: the council's templates (``openehcp.letters``) filled in for a
plan rather than a request for assessment, rendered as tagged PDFs.

The phase transfer letter also carries the link to the family's preference form as a QR code.
"""

from __future__ import annotations

import io
from datetime import date

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe

from openehcp import clock
from openehcp.letters.models import APPEALABLE_KINDS, LetterTemplate
from openehcp.letters.rendering import PLACEHOLDERS, Letter, render_letter
from openehcp.people.ages import is_young_person
from openehcp.people.models import Contact
from openehcp.plans.models import CeaseReason, EHCPlan

from .models import TransferPhase

#: How letters and pages describe each move (reg 2, "transfer between phases of education").
MOVES = {
    TransferPhase.PRIMARY: "from early years to school (reception)",
    TransferPhase.JUNIOR: "from infant to junior school",
    TransferPhase.MIDDLE: "from primary to middle school",
    TransferPhase.SECONDARY: "to secondary school",
    TransferPhase.POST16: "from secondary school to a post-16 institution",
}


def _d(day: date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""


def plan_reference(plan: EHCPlan) -> str:
    """How letters and pages name a plan: ``EHCP-123``."""
    return f"EHCP-{plan.pk}"


def recipient(plan: EHCPlan, on: date) -> tuple[str, str]:
    """Who letters about the plan go to, and their address: the young person over compulsory
    school age (CFA s27, s83), otherwise the main contact with parental responsibility."""
    child = plan.child
    child_address = "\n".join(p for p in (child.address, child.postcode) if p)
    if child.young_person_user_id or is_young_person(child.date_of_birth, on):
        return child.full_name, child_address
    contact = (
        child.contacts.exclude(relationship=Contact.Relationship.YOUNG_PERSON)
        .order_by("-is_main_contact", "name")
        .first()
    )
    if contact is None:
        return f"Parent or carer of {child.full_name}", child_address
    address = "\n".join(p for p in (contact.address, contact.postcode) if p) or child_address
    return contact.name, address


def plan_letter_values(
    kind: str,
    *,
    plan: EHCPlan,
    on: date,
    review=None,
    amendment=None,
    cessation=None,
    transfer=None,
    decision_reasons: str = "",
    preference_link: str = "",
) -> tuple[dict[str, str], str]:
    """Every placeholder's value for one letter about ``plan`` (text), and the address."""
    child = plan.child
    caseworker = child.caseworker
    name, address = recipient(plan, on)
    values = dict.fromkeys(PLACEHOLDERS, "")
    values.update(
        {
            "council.name": settings.COUNCIL_NAME,
            "letter.date": _d(on),
            "recipient.name": name,
            "child.name": child.full_name,
            "child.date_of_birth": _d(child.date_of_birth),
            "child.setting": child.establishment.name
            if child.establishment_id
            else "their setting",
            "request.reference": plan_reference(plan),
            "caseworker.name": caseworker.get_full_name() or caseworker.username,
            "caseworker.email": caseworker.email,
            "decision.date": _d(on),
            "decision.reasons": decision_reasons,
            "plan.made_on": _d(plan.made_on),
            "plan.named_setting": (
                plan.named_establishment.name if plan.named_establishment_id else ""
            ),
        }
    )
    if review is not None:
        values["review.meeting_on"] = _d(review.meeting_on)
    if amendment is not None:
        deadlines = {
            d.key: d
            for d in clock.amendment_deadlines(
                amendment.sent_on,
                served_on=amendment.served_on,
                meeting_on=amendment.review.meeting_on if amendment.review_id else None,
            )
        }
        values["amendment.proposed_changes"] = amendment.proposed_changes
        values["amendment.comments_by"] = _d(deadlines["representations_due"].due)
        values["amendment.amended_plan_due"] = _d(deadlines["amended_plan_due"].due)
        values["plan.issued_on"] = _d(amendment.amended_plan_issued_on)
        if amendment.named_establishment_id:
            values["plan.named_setting"] = amendment.named_establishment.name
        if amendment.review_id:
            values["review.meeting_on"] = _d(amendment.review.meeting_on)
    if cessation is not None:
        reason = CeaseReason(cessation.reason).label
        detail = cessation.reason_detail.strip()
        values["cease.reason"] = f"{reason}. {detail}" if detail else f"{reason}."
        if cessation.decision_on:
            values["cease.earliest_end"] = _d(clock.earliest_cease_date(cessation.decision_on))
    if transfer is not None:
        deadline = clock.phase_transfer_deadline(transfer.transfer_year, transfer.to_phase)
        values["transfer.year"] = str(transfer.transfer_year)
        values["transfer.phase"] = MOVES[transfer.to_phase]
        values["transfer.amend_by"] = _d(deadline.due)
        values["transfer.preference_link"] = preference_link
    if kind in APPEALABLE_KINDS:
        # HESC Rules r.20(1)(c): 2 months from the written notice (this letter), moved by r.12.
        values["appeal.deadline"] = _d(clock.appeal_deadline(on).due)
    return values, address


def qr_code_svg(link: str) -> str:
    """The link as an inline SVG QR code for the PDF."""
    out = io.BytesIO()
    segno.make(link, error="m").save(
        out,
        kind="svg",
        scale=3,
        border=2,
        xmldecl=False,
        svgclass=None,
        lineclass=None,
        title="QR code for the web address above",
        nl=False,
    )
    return out.getvalue().decode()


def compose_plan_letter(kind: str, *, plan: EHCPlan, on: date, **values) -> tuple[Letter, str]:
    template = LetterTemplate.objects.get(kind=kind)
    filled, address = plan_letter_values(kind, plan=plan, on=on, **values)
    return render_letter(template.subject, template.body, filled), address


def render_plan_letter(kind: str, *, plan: EHCPlan, on: date, **values) -> tuple[str, bytes]:
    """(title, PDF) of the council's letter of ``kind`` about ``plan``: tagged (PDF/UA-1) and
    fetching nothing from outside."""
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    letter, address = compose_plan_letter(kind, plan=plan, on=on, **values)
    link = values.get("preference_link") or ""
    body = str(letter.body_html)
    if link:
        figure = render_to_string("reviews/_qr_code.html", {"qr_code": qr_code_svg(link)})
        # The code goes just after the paragraph that gives the link, or else at the end.
        at = body.find(escape(link))
        end = body.find("</p>", at) + len("</p>") if at >= 0 else len(body)
        body = body[:end] + figure + body[end:]
    page = render_to_string(
        "reviews/plan_letter_pdf.html",
        {
            "letter": letter,
            "body": mark_safe(body),  # the letter's escaped HTML and our own SVG
            "council": letter.values["council.name"],
            "letter_date": letter.values["letter.date"],
            "reference": letter.values["request.reference"],
            "recipient_address": address,
        },
    )
    fetcher = URLFetcher(allowed_protocols=())
    stylesheets = [
        CSS(string=render_to_string(name), url_fetcher=fetcher)
        for name in ("letters/letter_pdf.css", "reviews/plan_letter_pdf.css")
    ]
    pdf = HTML(string=page, url_fetcher=fetcher).write_pdf(
        stylesheets=stylesheets, pdf_variant="pdf/ua-1"
    )
    return letter.subject, pdf
