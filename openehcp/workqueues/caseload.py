"""The caseload a work list covers, as common table expressions, and the join of its steps to it.

A work list is one statement: ``caseload_cte`` (the children on one caseworker's or one team's
caseload, and their requests still running), then the union of its steps (``work_union``),
joined back to the caseload by ``outer_sql`` for the child's name and date of birth. The
caseload's values (the caseworker or team, the age groups' dates of birth) are ``Slot`` marks,
bound on each run.
"""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.db.models import IntegerField, Q
from django.db.models.expressions import RawSQL

from openehcp import clock
from openehcp.accounts.models import User
from openehcp.assessments.models import AssessmentRequest, Decision
from openehcp.people.models import Child

from .dates import day_number_sql
from .kinds import AGE_GROUPS, WorkFilters

#: The child's own columns (name in a row: column), carried by the caseload and joined to the
#: union's rows once, outside it.
CHILD_COLUMNS = {
    "w_forename": "forename",
    "w_preferred_name": "preferred_name",
    "w_surname": "surname",
    "w_date_of_birth": "date_of_birth",
    "w_caseworker_id": "caseworker_id",
}

#: The caseload and its running requests, computed once per query as common table expressions
#: (``caseload_cte``): every branch starts from them.
CASELOAD = "wq_caseload"
OPEN_REQUESTS = "wq_open_requests"


def ids_in(table: str):
    """The ids in one of the statement's common tables (``CASELOAD``, ``OPEN_REQUESTS``)."""
    return RawSQL(f"SELECT id FROM {table}", (), output_field=IntegerField())


def _open_request(prefix: str = "") -> Q:
    """A request still running: not withdrawn, no final plan, not refused, not "no plan"."""
    return (
        Q(**{f"{prefix}withdrawn_on__isnull": True, f"{prefix}final_issued_on__isnull": True})
        & ~Q(**{f"{prefix}decision_to_assess": Decision.NO})
        & ~Q(**{f"{prefix}decision_to_issue": Decision.NO})
    )


def caseload_cte(vendor: str, *, scope: str, age_groups=frozenset()) -> tuple[str, list]:
    """``WITH wq_caseload AS (...), wq_open_requests AS (...)`` and its parameters: the children on
    one caseworker's caseload (slot ``caseworker``) or a team's (slot ``team``), not merged into
    another record, in the age groups chosen (slots ``born_by_<group>`` / ``born_after_<group>``,
    see ``age_slots``), with their id and the columns ``CHILD_COLUMNS`` shows; and the ids of their
    requests still running (``_open_request``)."""
    q = connection.ops.quote_name
    child, user = q(Child._meta.db_table), q(User._meta.db_table)
    if scope == "team":
        source = f"{child} c INNER JOIN {user} u ON u.id = c.caseworker_id"
        where = ["u.team_id = WQSLOT(team)"]
    else:
        source = f"{child} c"
        where = ["c.caseworker_id = WQSLOT(caseworker)"]
    where.append("c.merged_into_id IS NULL")
    if age_groups:
        ages = " OR ".join(
            f"(c.date_of_birth <= WQSLOT(born_by_{key})"
            f" AND c.date_of_birth > WQSLOT(born_after_{key}))"
            for key in sorted(age_groups)
        )
        where.append(f"({ages})")
    # PostgreSQL would otherwise fold the caseload into every branch of the union.
    materialized = "MATERIALIZED " if vendor == "postgresql" else ""
    columns = ", ".join(f"c.{column}" for column in ("id", *CHILD_COLUMNS.values()))
    query = f"SELECT {columns} FROM {source} WHERE {' AND '.join(where)}"
    running = AssessmentRequest.objects.filter(_open_request(), child_id__in=ids_in(CASELOAD))
    running_sql, params = running.values("id").order_by().query.sql_with_params()
    return (
        f"WITH {CASELOAD} AS {materialized}({query}),"
        f" {OPEN_REQUESTS} AS {materialized}({running_sql}) ",
        list(params),
    )


def child_columns_sql() -> str:
    return ", ".join(f"c.{column} AS {name}" for name, column in CHILD_COLUMNS.items())


def outer_sql(vendor: str, filters: WorkFilters, rules: clock.ClockRules) -> tuple[str, list]:
    """The join of the union (``work``) to the caseload (``c``) and the conditions that need the
    child: Code of Practice 9.178's extra review only for a child under 5 on the anchor date
    (fewer than 5 whole years between the ``yyyymmdd`` day numbers)."""
    join = f" work INNER JOIN {CASELOAD} c ON c.id = work.w_child_id"
    months = rules.under_five_review_months
    early = months and months < clock.REVIEW_MONTHS
    if not early or (filters.kinds and "early_review_due" not in filters.kinds):
        return join, []
    anchor = day_number_sql(vendor, "work.w_trigger")
    born = day_number_sql(vendor, "c.date_of_birth")
    return join + f" WHERE (work.w_kind <> %s OR {anchor} - {born} < 50000)", ["early_review_due"]


def age_slots(today: date) -> dict[str, date]:
    """Aged at least n today <=> born on or before today less n years (29 Feb -> 28 Feb)."""
    slots = {}
    for group in AGE_GROUPS.values():
        slots[f"born_by_{group.key}"] = clock.add_months(today, -12 * group.youngest)
        slots[f"born_after_{group.key}"] = clock.add_months(today, -12 * (group.oldest + 1))
    return slots
