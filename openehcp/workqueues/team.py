"""Reads for a manager's team view: who holds which cases, and how much of their work is late.

A few set-based queries for the whole team (members with their counts; the work of all of them
in one ``UNION`` grouped by caseworker), never a query per caseworker or per child. Lists of
children here are not accesses to their records: the access log is written when a record is
opened.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from django.db import connection
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from openehcp import clock
from openehcp.accounts.models import Team, User
from openehcp.accounts.policy import TEAM_ROLES, can
from openehcp.assessments.models import AssessmentRequest
from openehcp.people.models import Child
from openehcp.plans.models import EHCPlan

from .caseload import caseload_cte, outer_sql
from .kinds import WorkFilters
from .prepared import Prepared
from .union import work_slots, work_union


@dataclass(frozen=True)
class Caseload:
    """One member of a team and the size and state of their caseload."""

    user: User
    children: int
    open_requests: int
    plans: int
    overdue: int
    due_soon: int


def managed_teams(user) -> QuerySet[Team]:
    """The teams whose caseloads ``user`` may manage (policy ``manage_team``)."""
    return Team.objects.filter(
        pk__in=[t.pk for t in Team.objects.all() if can(user, "manage_team", t)]
    )


def team_members(team: Team) -> QuerySet[User]:
    """The active members of a team who hold cases (caseworkers and team managers)."""
    return User.objects.filter(team=team, is_active=True, role__in=TEAM_ROLES).order_by(
        "first_name", "last_name", "pk"
    )


def _count_per_caseworker(queryset, caseworker_path: str):
    counts = (
        queryset.filter(**{caseworker_path: OuterRef("pk")})
        .order_by()
        .values(caseworker_path)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def team_caseloads(*, team: Team, today: date) -> list[Caseload]:
    """Each member of ``team`` with their caseload: children, open requests for assessment,
    maintained plans, and steps overdue or due in the next 2 weeks (as on "My work")."""
    members = list(
        team_members(team).annotate(
            n_children=_count_per_caseworker(
                Child.objects.filter(merged_into__isnull=True), "caseworker"
            ),
            n_requests=_count_per_caseworker(
                AssessmentRequest.objects.filter(
                    Q(withdrawn_on__isnull=True, final_issued_on__isnull=True)
                    & ~Q(decision_to_assess="no")
                    & ~Q(decision_to_issue="no"),
                    child__merged_into__isnull=True,
                ),
                "child__caseworker",
            ),
            n_plans=_count_per_caseworker(
                EHCPlan.objects.filter(ceased_on__isnull=True, child__merged_into__isnull=True),
                "child__caseworker",
            ),
        )
    )
    late = _work_counts(team, today)
    return [
        Caseload(
            user=member,
            children=member.n_children,
            open_requests=member.n_requests,
            plans=member.n_plans,
            overdue=late.get(member.pk, (0, 0))[0],
            due_soon=late.get(member.pk, (0, 0))[1],
        )
        for member in members
    ]


@lru_cache(maxsize=8)
def _prepared_counts(vendor: str) -> Prepared:
    """Overdue and due-soon steps per caseworker of a team: "My work"'s union, grouped."""
    union = work_union(filters=WorkFilters())
    join, params = outer_sql(vendor, WorkFilters(), clock.DEFAULT_RULES)
    cte, cte_params = caseload_cte(vendor, scope="team")
    return Prepared.from_sql(*union.query.sql_with_params()).wrap(
        cte + "SELECT c.caseworker_id,"
        " SUM(CASE WHEN work.w_due < WQSLOT(today) AND NOT work.w_lifted THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN work.w_due >= WQSLOT(today) THEN 1 ELSE 0 END)"
        " FROM (",
        f"){join} GROUP BY c.caseworker_id",
        params_before=cte_params,
        params_after=params,
    )


def _work_counts(team: Team, today: date) -> dict[int, tuple[int, int]]:
    """{caseworker id: (overdue, due in the next 2 weeks)} in one query over the team's work."""
    _, rows = _prepared_counts(connection.vendor).fetch(**work_slots(today, team=team.pk))
    return {caseworker: (int(overdue), int(soon)) for caseworker, overdue, soon in rows}


def caseload_children(caseworker: User) -> QuerySet[Child]:
    """The children allocated to ``caseworker``, by surname, for choosing whom to reallocate."""
    return (
        Child.objects.filter(caseworker=caseworker, merged_into__isnull=True)
        .select_related("establishment")
        .order_by("surname", "forename", "pk")
    )
