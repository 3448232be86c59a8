"""My work: the open statutory steps on a caseworker's caseload, most urgent first.

The page is one statement, compiled once per shape of filters (``prepared``): the caseload
(``caseload``), the union of its steps (``union``) joined back to it, ranked and in order. The
team's totals (``team``) wrap the same union.

A work list is not an access to a child's record: the access log is written when a record is
opened, not for each row of a list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from django.db import connection

from openehcp import clock
from openehcp.assessments.models import AssessmentRequest

from .caseload import caseload_cte, child_columns_sql, outer_sql
from .kinds import (
    AGE_GROUPS,
    DISAGREEMENT_KINDS,
    KINDS,
    SOON,
    AgeGroup,
    Kind,
    Window,
    WorkFilters,
)
from .prepared import Prepared
from .union import work_slots, work_union

#: The order of "My work": overdue (limit not lifted) first, then by due date, then by child.
ORDER = ("w_rank", "w_due", "w_surname", "w_forename", "w_child_id", "w_kind", "w_step_id")


@lru_cache(maxsize=128)
def _prepared_work_list(
    vendor: str, filters: WorkFilters, rules: clock.ClockRules
) -> Prepared | None:
    """The "My work" statement for one shape: the caseload, the union of its steps joined to the
    children's names, ranked, cut to the window, in order."""
    union = work_union(filters=filters, rules=rules)
    if not union.query.combinator and union.query.is_empty():
        return None
    rank = "CASE WHEN work.w_due < WQSLOT(today) AND NOT work.w_lifted THEN 0 ELSE 1 END"
    join, params = outer_sql(vendor, filters, rules)
    if filters.window == Window.OVERDUE:
        join += " AND NOT work.w_lifted" if params else " WHERE NOT work.w_lifted"
    cte, cte_params = caseload_cte(vendor, scope="caseworker", age_groups=filters.age_groups)
    return Prepared.from_sql(*union.query.sql_with_params()).wrap(
        cte + f"SELECT work.*, {child_columns_sql()}, {rank} AS w_rank FROM (",
        f"){join} ORDER BY {', '.join(ORDER)}",
        params_before=cte_params,
        params_after=params,
    )


def work_items(
    *,
    caseworker,
    today: date,
    filters: WorkFilters | None = None,
    rules: clock.ClockRules = clock.DEFAULT_RULES,
) -> list[dict]:
    """Every open statutory step on ``caseworker``'s caseload that ``filters`` keep, most urgent
    first (``ORDER``), as dicts with the keys ``COLUMNS`` and ``w_rank`` (0: overdue).

    One SQL query, compiled once per shape of filters; wrap the rows with ``WorkItem.from_row``.
    """
    filters = filters or WorkFilters()
    prepared = _prepared_work_list(connection.vendor, filters, rules)
    if prepared is None:
        return []
    names, rows = prepared.fetch(**work_slots(today, caseworker=caseworker.pk))
    return [dict(zip(names, row, strict=True)) for row in rows]


@dataclass(frozen=True)
class WorkItem:
    """One open step, as "My work" shows it."""

    kind: Kind
    child_id: int
    child_name: str
    date_of_birth: date
    request_id: int | None
    reference: str | None
    plan_id: int | None
    detail: str
    step_id: int | None
    trigger: date
    due: date
    lifted: bool
    today: date

    @classmethod
    def from_row(cls, row: dict, *, today: date) -> WorkItem:
        return cls(
            kind=KINDS[row["w_kind"]],
            child_id=row["w_child_id"],
            child_name=f"{row['w_preferred_name'] or row['w_forename']} {row['w_surname']}",
            date_of_birth=_as_date(row["w_date_of_birth"]),
            request_id=row["w_request_id"],
            reference=row["w_reference"],
            plan_id=row["w_plan_id"],
            detail=row["w_detail"] or "",
            step_id=row["w_step_id"],
            trigger=_as_date(row["w_trigger"]),
            due=_as_date(row["w_due"]),
            lifted=bool(row["w_lifted"]),
            today=today,
        )

    @property
    def days_left(self) -> int:
        """Days until the due date; negative once it has passed."""
        return (self.due - self.today).days

    @property
    def overdue(self) -> bool:
        return self.days_left < 0 and not self.lifted

    @property
    def due_soon(self) -> bool:
        return 0 <= self.days_left <= SOON.days

    @property
    def act_by(self) -> date:
        """The last working day on or before the due date (the clock's ``act_by``)."""
        return clock.act_by(self.due)

    @property
    def age(self) -> int:
        years = self.today.year - self.date_of_birth.year
        birthday = (self.date_of_birth.month, self.date_of_birth.day)
        return years - (1 if (self.today.month, self.today.day) < birthday else 0)

    @property
    def age_group(self) -> AgeGroup | None:
        for group in AGE_GROUPS.values():
            if group.youngest <= self.age <= group.oldest:
                return group
        return None

    @property
    def url(self) -> str:
        if self.kind.key in DISAGREEMENT_KINDS:
            from django.urls import reverse

            return reverse("disagreements:detail", args=[self.step_id])
        if self.reference:
            return AssessmentRequest(reference=self.reference).get_absolute_url()
        from django.urls import reverse

        return reverse("people:detail", args=[self.child_id])


def _as_date(value) -> date:
    """Dates computed by SQLite come back as ISO text inside a ``UNION``."""
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
