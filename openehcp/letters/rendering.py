"""Turning a council's letter template into a letter: a small, safe template language and a PDF.

A template's subject and body use Django template syntax, limited to:

- the placeholders in ``PLACEHOLDERS`` (``{{ child.name }}``), with the filters in
  ``ALLOWED_FILTERS`` (``{{ advice.type|lower }}``);
- the tags ``{% if %}``, ``{% elif %}``, ``{% else %}``, ``{% endif %}`` and comments.

The body is plain text: a blank line starts a new paragraph, a line break stays a line break, a
paragraph starting with ``# `` is a heading and lines starting with ``- `` make a bulleted list.

Safety: templates are checked before they are saved (``check_template``) and rendered by an
isolated template engine that loads no files and no tag libraries, with a context of plain strings
only (no model objects, so nothing else is reachable). Autoescaping is on, and the template's own
text is escaped too, so no HTML reaches the PDF from a template; the PDF renderer fetches no URLs.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from django.template import Context, Engine, TemplateSyntaxError
from django.template.base import Lexer, TokenType
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

#: Every placeholder a letter can use, and what it holds. All are text.
PLACEHOLDERS: dict[str, str] = {
    "council.name": "The council's name",
    "letter.date": "The date of the letter, like 3 March 2025",
    "recipient.name": "Who the letter is to: the parent or young person, or the advisor",
    "child.name": "The child's or young person's name",
    "child.date_of_birth": "Their date of birth",
    "child.setting": "The school, college or early years setting they attend now",
    "request.reference": "The request's reference",
    "request.received_on": "The day the council received the request",
    "caseworker.name": "The caseworker's name",
    "caseworker.email": "The caseworker's email address",
    "decision.date": "The date of the decision the letter tells the family about",
    "decision.reasons": "The reasons recorded for that decision",
    "deadlines.final_plan_due": "The last day for the final plan, 20 weeks after the request",
    "advice.type": "The kind of advice asked for (advice requests only)",
    "advice.advisor": "The person or service asked for advice (advice requests only)",
    "advice.requested_on": "The day the advice was asked for (advice requests only)",
    "advice.due_on": "The last day to give the advice, 6 weeks after asking",
    "draft.served_on": "The day the draft plan was sent",
    "draft.comments_by": "The last day of the 15 days the family have to comment on the draft",
    "plan.issued_on": "The day the final plan was issued",
    "plan.named_setting": "The school, college or other setting named in the final plan",
    "appeal.deadline": "The last day to appeal to the Tribunal, 2 months from the letter",
    "plan.made_on": "The day the EHC plan was first made",
    "review.meeting_on": "The day of the annual review meeting",
    "amendment.proposed_changes": "The amendments the council proposes to make to the plan",
    "amendment.comments_by": "The last day of the 15 days the family have to comment on them",
    "amendment.amended_plan_due": "The last day for the final amended plan",
    "cease.reason": "Why the council is considering ceasing, or has decided to cease, the plan",
    "cease.earliest_end": "The first day the plan can end if there is no appeal",
    "transfer.year": "The year the child or young person moves to their next setting",
    "transfer.phase": "The move, like from primary to secondary school",
    "transfer.amend_by": "The last day to amend the plan naming the new setting (reg 18)",
    "transfer.preference_link": "The web address of the form for the family's preferred setting",
}

ALLOWED_FILTERS = frozenset({"lower", "upper", "capfirst", "default"})
ALLOWED_TAGS = frozenset({"if", "elif", "else", "endif"})

_UNKNOWN = "\x00unknown:%s\x00"
_ENGINE = Engine(
    dirs=[], app_dirs=False, loaders=[], libraries={}, autoescape=True, string_if_invalid=_UNKNOWN
)


class LetterTemplateError(ValueError):
    """A template that uses something outside the safe set, or is not valid template syntax."""


def _escaped_source(source: str) -> str:
    """The template with its own text HTML-escaped and only the allowed tags and filters kept."""
    parts = []
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.TEXT:
            parts.append(str(escape(token.contents)))
        elif token.token_type == TokenType.VAR:
            expression = token.contents
            for piece in expression.split("|")[1:]:
                name = piece.split(":", 1)[0].strip()
                if name not in ALLOWED_FILTERS:
                    raise LetterTemplateError(
                        f"{{{{ {expression} }}}} uses the filter {name!r}, which letters cannot "
                        f"use. You can use: {', '.join(sorted(ALLOWED_FILTERS))}"
                    )
            parts.append(f"{{{{ {expression} }}}}")
        elif token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents.split() else ""
            if name not in ALLOWED_TAGS:
                raise LetterTemplateError(
                    f"{{% {token.contents} %}} is not allowed in a letter. You can use "
                    "{% if %}, {% elif %}, {% else %} and {% endif %}"
                )
            parts.append(f"{{% {token.contents} %}}")
    return "".join(parts)


def _compile(source: str):
    try:
        return _ENGINE.from_string(_escaped_source(source))
    except TemplateSyntaxError as error:
        raise LetterTemplateError(f"The template has a mistake: {error}") from None


def _nested(values: dict[str, str]) -> dict[str, dict[str, str]]:
    context: dict[str, dict[str, str]] = {}
    for key, value in values.items():
        group, name = key.split(".", 1)
        context.setdefault(group, {})[name] = value
    return context


def _render(source: str, values: dict[str, str]) -> str:
    unknown = set(values) - set(PLACEHOLDERS)
    if unknown:
        raise ValueError(f"not placeholders: {sorted(unknown)}")
    return _compile(source).render(Context(_nested(values), autoescape=True))


def sample_values() -> dict[str, str]:
    """Example values for every placeholder: used to check templates and preview them."""
    return {key: f"[{description}]" for key, description in PLACEHOLDERS.items()}


def check_template(subject: str, body: str, *, needs_appeal_rights: bool = False) -> None:
    """Refuse a template that would not render safely and completely.

    ``needs_appeal_rights``: a letter the family can appeal against must keep the appeal deadline
    (``{{ appeal.deadline }}``) and mention mediation (CFA s55; regs 5(3), 10(1), 13(2)).
    """
    for label, source in (("subject", subject), ("letter", body)):
        rendered = _render(source, sample_values())
        if "\x00unknown:" in rendered:
            name = rendered.split("\x00unknown:", 1)[1].split("\x00", 1)[0]
            raise LetterTemplateError(
                f"The {label} uses {{{{ {name} }}}}, which is not a placeholder letters can use"
            )
    if needs_appeal_rights:
        if "appeal.deadline" not in body:
            raise LetterTemplateError(
                "This letter must tell the family the last day to appeal: keep "
                "{{ appeal.deadline }} in the paragraph about appeals"
            )
        if "mediation" not in body.lower():
            raise LetterTemplateError(
                "This letter must tell the family about mediation before an appeal"
            )


def _blocks(text: str) -> SafeString:
    """Plain text (already escaped) to paragraphs, headings and bulleted lists."""
    parts = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        block = block.strip("\n")
        if not block.strip():
            continue
        lines = block.split("\n")
        if block.startswith("# "):
            parts.append(f"<h2>{block[2:].strip()}</h2>")
        elif all(line.startswith("- ") for line in lines):
            items = "".join(f"<li>{line[2:].strip()}</li>" for line in lines)
            parts.append(f"<ul>{items}</ul>")
        else:
            parts.append(f"<p>{'<br>'.join(line.strip() for line in lines)}</p>")
    return mark_safe("\n".join(parts))  # every piece was escaped by _render


@dataclass(frozen=True)
class Letter:
    subject_html: SafeString
    body_html: SafeString
    values: dict[str, str]

    @property
    def subject(self) -> str:
        """The subject as plain text (for document titles)."""
        return html.unescape(self.subject_html)


def render_letter(subject: str, body: str, values: dict[str, str]) -> Letter:
    """Render a checked template with the given placeholder values (all text)."""
    rendered_subject = " ".join(_render(subject, values).split())
    return Letter(
        subject_html=mark_safe(rendered_subject),  # escaped by _render
        body_html=_blocks(_render(body, values)),
        values=values,
    )


def render_pdf(letter: Letter, *, recipient_address: str) -> bytes:
    """The letter as a tagged, accessible PDF (PDF/UA-1), fetching nothing from outside."""
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    page = render_to_string(
        "letters/letter_pdf.html",
        {
            "letter": letter,
            "council": letter.values["council.name"],
            "letter_date": letter.values["letter.date"],
            "reference": letter.values["request.reference"],
            "recipient_address": recipient_address,
        },
    )
    fetcher = URLFetcher(allowed_protocols=())
    stylesheet = CSS(string=render_to_string("letters/letter_pdf.css"), url_fetcher=fetcher)
    return HTML(string=page, url_fetcher=fetcher).write_pdf(
        stylesheets=[stylesheet], pdf_variant="pdf/ua-1"
    )
