"""Reading plans: the current version, a version with all its sections, the checks.

Public functions other apps may use:

- ``current_version(plan)``: the plan as it stands - the latest issued version (or None);
- ``working_version(plan=…)`` / ``working_version(request=…)``: the version being drafted, if any;
- ``load_version(pk)``: a version with every section's rows, in a fixed number of queries;
- ``plan_document(version)``: the version as a ``document.PlanDocument`` (render, check, compare);
- ``quality_report(version)`` and ``issue_blockers(version)``: the checks and the reasons it cannot
  be issued yet.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Prefetch, Q
from django.utils import timezone

from openehcp.assessments.workflow import school_year
from openehcp.establishments.models import SettingType

from . import quality
from .document import (
    PROFILE_PARTS,
    VIEWS_PARTS,
    AdviceLine,
    BudgetLine,
    NeedItem,
    OutcomeItem,
    PlanDocument,
    ProvisionItem,
    content_for_checks,
)
from .models import (
    EHCPlan,
    GlossaryTerm,
    Need,
    Outcome,
    PlanComment,
    PlanVersion,
    Provision,
    VersionStatus,
)
from .structure import NEED_SECTIONS, PROVISION_SECTIONS

NONE_REASON_FIELDS = {
    "c": "health_needs_none",
    "d": "social_care_needs_none",
    "g": "health_provision_none",
    "h1": "social_care_h1_none",
    "h2": "social_care_h2_none",
}


def current_version(plan: EHCPlan) -> PlanVersion | None:
    """The plan as it stands: its latest issued version (the final plan, or the latest amended
    plan), or None when no version of the plan was issued through OpenEHCP."""
    return (
        PlanVersion.objects.filter(plan=plan, status=VersionStatus.ISSUED)
        .order_by("-number")
        .first()
    )


def working_version(*, plan: EHCPlan | None = None, request=None) -> PlanVersion | None:
    """The version being drafted for a plan (an amendment) or an assessment, if any."""
    if (plan is None) == (request is None):
        raise ValueError("Give either plan or request")
    lineage = Q(plan=plan) if plan is not None else Q(request=request)
    return PlanVersion.objects.filter(lineage, status=VersionStatus.DRAFT).first()


def lineage(version: PlanVersion):
    """Every version of the same plan (or, before the plan is made, the same assessment)."""
    if version.plan_id:
        return PlanVersion.objects.filter(plan_id=version.plan_id)
    return PlanVersion.objects.filter(request_id=version.request_id)


def load_version(pk: int) -> PlanVersion:
    """A version with its child, plan, request, placement and every section's rows."""
    needs = Need.objects.order_by("pk")
    return (
        PlanVersion.objects.select_related(
            "child__caseworker__team",
            "child__establishment",
            "plan",
            "request",
            "placement",
            "issued_by",
            "pdf_document",
            "word_document",
        )
        .prefetch_related(
            Prefetch("needs", queryset=needs),
            Prefetch("outcomes", queryset=Outcome.objects.order_by("pk").prefetch_related("needs")),
            Prefetch(
                "provisions",
                queryset=Provision.objects.order_by("pk").prefetch_related("needs", "outcomes"),
            ),
            "budget_items",
            "advice_items",
            Prefetch(
                "comments",
                queryset=PlanComment.objects.select_related("recorded_by", "resolved_by"),
            ),
        )
        .get(pk=pk)
    )


def refs(version: PlanVersion) -> dict[tuple[str, int], str]:
    """("need" | "outcome" | "provision", pk) → "B2", "E1", "F3": rows numbered in their section
    (reads the prefetched rows)."""
    numbers: dict[tuple[str, int], str] = {}
    for code in NEED_SECTIONS:
        rows = [n for n in version.needs.all() if n.section == code]
        for number, need in enumerate(rows, start=1):
            numbers[("need", need.pk)] = f"{code.upper()}{number}"
    for number, outcome in enumerate(version.outcomes.all(), start=1):
        numbers[("outcome", outcome.pk)] = f"E{number}"
    for code in PROVISION_SECTIONS:
        rows = [p for p in version.provisions.all() if p.section == code]
        for number, item in enumerate(rows, start=1):
            numbers[("provision", item.pk)] = f"{code.upper()}{number}"
    return numbers


def _sorted_refs(refs_: list[str]) -> tuple[str, ...]:
    return tuple(sorted(refs_, key=lambda r: (r[0], int("".join(c for c in r if c.isdigit())))))


def plan_document(version: PlanVersion) -> PlanDocument:
    """The version as plain data (use a version from ``load_version``)."""
    numbers = refs(version)
    child = version.child
    types = dict(SettingType.choices)
    placement = version.placement
    return PlanDocument(
        council=settings.COUNCIL_NAME,
        child_name=child.full_name,
        date_of_birth=child.date_of_birth,
        version_title=version.title,
        kind=version.get_kind_display(),
        number=version.number,
        is_issued=version.is_issued,
        issued_on=version.issued_on,
        reference=version.request.reference if version.request_id else "",
        views={name: getattr(version, name) for name, _ in (*VIEWS_PARTS, *PROFILE_PARTS)},
        needs=tuple(
            NeedItem(
                numbers[("need", n.pk)],
                n.section,
                n.text,
                n.get_area_display() if n.area else "",
                n.pk,
            )
            for n in version.needs.all()
        ),
        outcomes=tuple(
            OutcomeItem(
                numbers[("outcome", o.pk)],
                o.text,
                o.steps,
                o.time_frame,
                _sorted_refs([numbers[("need", n.pk)] for n in o.needs.all()]),
                o.preparing_for_adulthood,
                o.get_pfa_area_display() if o.pfa_area else "",
                o.pk,
            )
            for o in version.outcomes.all()
        ),
        provisions=tuple(
            ProvisionItem(
                numbers[("provision", p.pk)],
                p.section,
                p.what,
                p.who,
                p.frequency,
                p.duration,
                p.group_size,
                _sorted_refs([numbers[("need", n.pk)] for n in p.needs.all()]),
                _sorted_refs([numbers[("outcome", o.pk)] for o in p.outcomes.all()]),
                p.pk,
            )
            for p in version.provisions.all()
        ),
        none_reasons={code: getattr(version, name) for code, name in NONE_REASON_FIELDS.items()},
        placement_name=placement.name if placement else "",
        placement_urn=placement.urn if placement else "",
        placement_type=types.get(version.placement_type, ""),
        placement_notes=version.placement_notes,
        budget=tuple(
            BudgetLine(b.provision_covered, b.how_used, b.direct_payment, b.amount, b.pk)
            for b in version.budget_items.all()
        ),
        budget_none=version.budget_none,
        advice=tuple(AdviceLine(a.title, a.dated, a.pk) for a in version.advice_items.all()),
    )


def glossary() -> dict[str, str]:
    return dict(GlossaryTerm.objects.values_list("term", "plain_english"))


def year_group(version: PlanVersion) -> int:
    """The child's national curriculum year today (or on the day the version was issued)."""
    return school_year(version.child, version.issued_on or timezone.localdate())


def quality_report(version: PlanVersion, document: PlanDocument | None = None):
    """The quality checks of a version (use a version from ``load_version``)."""
    document = document or plan_document(version)
    content = content_for_checks(document, year_group=year_group(version))
    return quality.check_plan(content, glossary())


def open_comments(version: PlanVersion) -> list[PlanComment]:
    return [c for c in version.comments.all() if c.status == PlanComment.Status.OPEN]


def issue_blockers(version: PlanVersion, document: PlanDocument | None = None) -> list[str]:
    """Why the version cannot be issued yet, in words for the issue page; empty when it can.

    Mandatory sections (reg 12(1)) come from ``quality.missing_sections``; a draft also cannot
    be issued while a comment on it has not been answered or accepted (co-production)."""
    document = document or plan_document(version)
    content = content_for_checks(document, year_group=None)
    reasons = [finding.message for finding in quality.missing_sections(content)]
    waiting = len(open_comments(version))
    if waiting:
        reasons.append(
            f"{waiting} comment{'s' if waiting != 1 else ''} on this draft "
            f"{'have' if waiting != 1 else 'has'} not been answered or accepted yet"
        )
    return reasons
