"""Phase transfer cohorts (reg 18): who moves phase next September, and how far each move is.

A child moves into a phase when the year group they are taught in reaches its entry year (the
clock's ``entry_year``: Reception, Year 3, the council's middle and secondary school entry years,
Year 12). The date-of-birth range of each cohort comes from ``clock.transfer_cohort``; a child
taught out of their age group (``Child.ncy_offset``) moves with the year group they are in, so a
child a year behind (offset -1) belongs to the range of the cohort a year older.

Which children in that year group actually change institution depends on where they are now:

- into Reception: children in early years settings or not in a setting;
- into junior school: children at infant schools;
- into middle school: children at primary (first) schools, in an area with middle schools (the
  register has an open one);
- into secondary school: children at primary, junior or middle schools, or a setting whose phase
  is not recorded;
- into post-16: young people in Year 11 anywhere but a post-16 institution (whether they stay in
  a sixth form is settled at the review).
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, F, Q, QuerySet

from openehcp import clock
from openehcp.establishments.models import Establishment, Phase, SettingType
from openehcp.people.models import Child
from openehcp.plans.models import EHCPlan

from .models import PhaseTransfer, TransferPhase

PREFIX = "child__"


def _where_now(phase: str) -> Q:
    setting_phase = f"{PREFIX}establishment__phase"
    if phase == TransferPhase.PRIMARY:
        return (
            Q(**{f"{PREFIX}establishment__isnull": True})
            | Q(**{setting_phase: Phase.EARLY_YEARS})
            | Q(**{f"{PREFIX}establishment__setting_type": SettingType.EARLY_YEARS})
        )
    if phase == TransferPhase.JUNIOR:
        return Q(**{setting_phase: Phase.INFANT})
    if phase == TransferPhase.MIDDLE:
        return Q(**{setting_phase: Phase.PRIMARY})
    if phase == TransferPhase.SECONDARY:
        return Q(**{f"{setting_phase}__in": [Phase.PRIMARY, Phase.JUNIOR, Phase.MIDDLE, ""]})
    return Q(**{f"{PREFIX}establishment__isnull": False}) & ~Q(**{setting_phase: Phase.POST16})


def cohort_phases() -> list[str]:
    """The phase transfers that happen in this council's area: middle schools only where the
    register has one."""
    phases = list(TransferPhase.values)
    if not Establishment.objects.filter(phase=Phase.MIDDLE, is_open=True).exists():
        phases.remove(TransferPhase.MIDDLE)
    return phases


def cohort_plans(
    year: int, phase: str, *, rules: clock.ClockRules = clock.DEFAULT_RULES
) -> QuerySet:
    """Maintained plans of the children moving into ``phase`` in September of ``year``."""
    offsets = (
        Child.objects.filter(plans__ceased_on__isnull=True)
        .values_list("ncy_offset", flat=True)
        .distinct()
        .order_by()
    )
    by_age = Q(pk__in=[])
    for offset in set(offsets):
        first, last = clock.transfer_cohort(year + offset, phase, rules)
        by_age |= Q(
            **{
                f"{PREFIX}ncy_offset": offset,
                f"{PREFIX}date_of_birth__gte": first,
                f"{PREFIX}date_of_birth__lte": last,
            }
        )
    return EHCPlan.objects.filter(
        by_age,
        _where_now(phase),
        ceased_on__isnull=True,
        **{f"{PREFIX}merged_into__isnull": True},
    )


def next_transfer_year(today: date) -> int:
    """The September the cohort now being planned moves: next September during the school
    year (an autumn's cohort moves the following September)."""
    return clock.school_year_start(today) + 1


class Stage:
    LETTER = "letter"
    PREFERENCE = "preference"
    CONSULTING = "consulting"
    AMENDING = "amending"
    DONE = "done"

    LABELS = {
        LETTER: "Letter to send",
        PREFERENCE: "Waiting for the family's preference",
        CONSULTING: "Consulting settings",
        AMENDING: "Amending the plan",
        DONE: "Amended plan issued",
    }


def stage_of(transfer: PhaseTransfer, *, amending: bool) -> str:
    if transfer.amended_plan_issued_on:
        return Stage.DONE
    if amending:
        return Stage.AMENDING
    if transfer.preference_received_on:
        return Stage.CONSULTING
    if transfer.letter_sent_on:
        return Stage.PREFERENCE
    return Stage.LETTER


def cohort_progress(transfers: QuerySet, *, today: date) -> list[dict]:
    """Per phase: how many transfers, how many with the amended plan issued, the completion
    percentage, the statutory date and how many are late - one grouped query."""
    rows = (
        transfers.values("to_phase", "transfer_year")
        .annotate(
            total=Count("pk"),
            issued=Count("pk", filter=Q(amended_plan_issued_on__isnull=False)),
            preferences=Count("pk", filter=Q(preference_received_on__isnull=False)),
            letters=Count("pk", filter=Q(letter_sent_on__isnull=False)),
        )
        .order_by("transfer_year", "to_phase")
    )
    out = []
    for row in rows:
        deadline = clock.phase_transfer_deadline(row["transfer_year"], row["to_phase"])
        open_count = row["total"] - row["issued"]
        out.append(
            {
                **row,
                "label": TransferPhase(row["to_phase"]).label,
                "percent": round(100 * row["issued"] / row["total"]) if row["total"] else 0,
                "due": deadline.due,
                "late": open_count if deadline.due < today else 0,
                "open": open_count,
            }
        )
    return out


def total_progress(progress: list[dict]) -> dict:
    total = sum(r["total"] for r in progress)
    issued = sum(r["issued"] for r in progress)
    return {
        "total": total,
        "issued": issued,
        "percent": round(100 * issued / total) if total else 0,
        "late": sum(r["late"] for r in progress),
    }


def transfers_for(plans: QuerySet, *, year: int) -> QuerySet:
    """The phase transfers of ``year`` among ``plans``, with what the list shows."""
    return (
        PhaseTransfer.objects.filter(plan__in=plans, transfer_year=year)
        .select_related(
            "plan__child__establishment",
            "preferred_establishment",
            "named_establishment",
        )
        .annotate(
            amending=Count(
                "amendment_notices",
                filter=Q(
                    amendment_notices__amended_plan_issued_on__isnull=True,
                    amendment_notices__not_amending_on__isnull=True,
                ),
            )
        )
        .order_by("to_phase", F("plan__child__surname"), F("plan__child__forename"), "pk")
    )
