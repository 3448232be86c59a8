"""A plan version as plain data, ready to render, check or compare.

``selectors.plan_document`` builds a ``PlanDocument`` from the database in a fixed number of
queries; the PDF and Word renderers, the quality checks (through ``content_for_checks``) and the
comparison of versions (through ``section_lines``) read only this. Rows are numbered within their
section ("B1", "B2", "E1", "F3") so that provision can say which needs and outcomes it serves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from . import quality
from .structure import NEED_SECTIONS, PROVISION_SECTIONS, SECTIONS


@dataclass(frozen=True)
class NeedItem:
    ref: str
    section: str
    text: str
    area: str = ""  #: the area of need's label (section B)
    pk: int | None = None


@dataclass(frozen=True)
class OutcomeItem:
    ref: str
    text: str
    steps: str = ""
    time_frame: str = ""
    need_refs: tuple[str, ...] = ()
    preparing_for_adulthood: bool = False
    pfa_area: str = ""  #: label
    pk: int | None = None


@dataclass(frozen=True)
class ProvisionItem:
    ref: str
    section: str
    what: str
    who: str = ""
    frequency: str = ""
    duration: str = ""
    group_size: str = ""
    need_refs: tuple[str, ...] = ()
    outcome_refs: tuple[str, ...] = ()
    pk: int | None = None


@dataclass(frozen=True)
class BudgetLine:
    provision_covered: str
    how_used: str = ""
    direct_payment: bool = False
    amount: Decimal | None = None
    pk: int | None = None


@dataclass(frozen=True)
class AdviceLine:
    title: str
    dated: date | None = None
    pk: int | None = None


#: Section A's parts, in the order the plan shows them: (field, heading).
VIEWS_PARTS = (
    ("child_views", "My views, in my own words"),
    ("family_views", "My family's views"),
    ("interests", "My interests"),
    ("aspirations", "My hopes for the future"),
)
PROFILE_PARTS = (
    ("profile_admired", "What people like and admire about me"),
    ("profile_important", "What is important to me"),
    ("profile_support", "How best to support me"),
)


@dataclass(frozen=True)
class PlanDocument:
    council: str
    child_name: str
    date_of_birth: date | None
    version_title: str  #: "Version 2: final plan, issued 3 March 2026"
    kind: str  #: "Final plan"
    number: int
    is_issued: bool
    issued_on: date | None = None
    reference: str = ""
    views: dict[str, str] = field(default_factory=dict)  #: section A, by VIEWS/PROFILE field
    needs: tuple[NeedItem, ...] = ()
    outcomes: tuple[OutcomeItem, ...] = ()
    provisions: tuple[ProvisionItem, ...] = ()
    none_reasons: dict[str, str] = field(default_factory=dict)  #: c, d, g, h1, h2
    placement_name: str = ""
    placement_urn: str = ""
    placement_type: str = ""  #: label
    placement_notes: str = ""
    budget: tuple[BudgetLine, ...] = ()
    budget_none: str = ""
    advice: tuple[AdviceLine, ...] = ()

    def needs_in(self, section: str) -> list[NeedItem]:
        return [n for n in self.needs if n.section == section]

    def provision_in(self, section: str) -> list[ProvisionItem]:
        return [p for p in self.provisions if p.section == section]

    @property
    def has_placement(self) -> bool:
        return bool(self.placement_name or self.placement_type)


def _money(amount: Decimal | None) -> str:
    return "" if amount is None else f"£{amount:,.2f}"


def _joined(*parts: str) -> str:
    return " ".join(p.strip() for p in parts if p and p.strip())


def provision_line(item: ProvisionItem) -> str:
    """One row of provision in words, as a comparison reads it."""
    return _joined(
        f"{item.ref}: {item.what}",
        f"Who: {item.who}." if item.who else "",
        f"How often: {item.frequency}." if item.frequency else "",
        f"For how long: {item.duration}." if item.duration else "",
        f"Group: {item.group_size}." if item.group_size else "",
        f"Needs: {', '.join(item.need_refs)}." if item.need_refs else "",
        f"Outcomes: {', '.join(item.outcome_refs)}." if item.outcome_refs else "",
    )


def section_lines(doc: PlanDocument) -> dict[str, list[str]]:
    """Each section as lines of words (one paragraph each), section code → lines. Used to compare
    two versions word by word; every field a family would see is in it."""
    lines: dict[str, list[str]] = {section.code: [] for section in SECTIONS}
    for name, heading in (*VIEWS_PARTS, *PROFILE_PARTS):
        if doc.views.get(name, "").strip():
            lines["a"].append(f"{heading}: {doc.views[name].strip()}")
    for code in NEED_SECTIONS:
        for need in doc.needs_in(code):
            area = f" ({need.area})" if need.area else ""
            lines[code].append(f"{need.ref}{area}: {need.text}")
    for outcome in doc.outcomes:
        lines["e"].append(
            _joined(
                f"{outcome.ref}: {outcome.text}",
                f"Steps: {outcome.steps}." if outcome.steps else "",
                f"By when: {outcome.time_frame}." if outcome.time_frame else "",
                f"Needs: {', '.join(outcome.need_refs)}." if outcome.need_refs else "",
                f"Preparing for adulthood: {outcome.pfa_area or 'yes'}."
                if outcome.preparing_for_adulthood
                else "",
            )
        )
    for code in PROVISION_SECTIONS:
        lines[code].extend(provision_line(p) for p in doc.provision_in(code))
    for code, reason in doc.none_reasons.items():
        if reason.strip() and not lines[code]:
            lines[code].append(reason.strip())
    if doc.has_placement:
        lines["i"].append(
            _joined(
                f"{doc.placement_name} (URN {doc.placement_urn})." if doc.placement_name else "",
                f"Type: {doc.placement_type}." if doc.placement_type else "",
                doc.placement_notes,
            )
        )
    for line in doc.budget:
        lines["j"].append(
            _joined(
                f"{line.provision_covered}.",
                f"How it is used: {line.how_used}." if line.how_used else "",
                "Direct payment." if line.direct_payment else "",
                f"Amount: {_money(line.amount)} a year." if line.amount is not None else "",
            )
        )
    if not doc.budget and doc.budget_none.strip():
        lines["j"].append(doc.budget_none.strip())
    for item in doc.advice:
        dated = f", {item.dated.day} {item.dated:%B %Y}" if item.dated else ""
        lines["k"].append(f"{item.title}{dated}")
    return lines


def prose(doc: PlanDocument) -> dict[str, list[str]]:
    """The words a reader reads in each section (no references or labels): what the jargon and
    readability checks look at."""
    texts: dict[str, list[str]] = {section.code: [] for section in SECTIONS}
    texts["a"] = [doc.views.get(name, "") for name, _ in (*VIEWS_PARTS, *PROFILE_PARTS)]
    for need in doc.needs:
        texts[need.section].append(need.text)
    for outcome in doc.outcomes:
        texts["e"].extend((outcome.text, outcome.steps))
    for item in doc.provisions:
        texts[item.section].extend((item.what, item.who, item.frequency, item.duration))
    for code, reason in doc.none_reasons.items():
        texts[code].append(reason)
    texts["i"].append(doc.placement_notes)
    for line in doc.budget:
        texts["j"].extend((line.provision_covered, line.how_used))
    texts["j"].append(doc.budget_none)
    return {code: [t for t in pieces if t and t.strip()] for code, pieces in texts.items()}


def content_for_checks(doc: PlanDocument, *, year_group: int | None) -> quality.PlanContent:
    """The quality checks' view of the document."""
    return quality.PlanContent(
        texts=prose(doc),
        needs=tuple(quality.NeedRow(n.ref, n.section, n.text, n.area) for n in doc.needs),
        outcomes=tuple(
            quality.OutcomeRow(
                o.ref, o.text, o.steps, o.time_frame, o.need_refs, o.preparing_for_adulthood
            )
            for o in doc.outcomes
        ),
        provisions=tuple(
            quality.ProvisionRow(
                p.ref,
                p.section,
                p.what,
                p.who,
                p.frequency,
                p.duration,
                p.group_size,
                p.need_refs,
                p.outcome_refs,
            )
            for p in doc.provisions
        ),
        none_reasons=dict(doc.none_reasons),
        has_placement=doc.has_placement,
        year_group=year_group,
    )
