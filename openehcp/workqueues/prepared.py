"""Queries built once and run many times: Django compiles the SQL, we keep it.

Compiling a large query (the work list is a ``UNION`` of eleven branches, each with its exception
tests) costs the ORM far more than the database takes to run it. A query's *shape* - which kinds
of step, which age groups, which reading of the rules - changes rarely; the *values* - today, the
caseworker - change on every page. So a query is built from a queryset in which every changing
value is a ``Slot``; its SQL is compiled once per shape and kept, and each call binds the slots'
values in place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import Expression

_MARK = "WQSLOT"
_TOKEN = re.compile(rf"%%|%s|{_MARK}\((\w+)\)")


class Slot(Expression):
    """A value bound when the prepared query runs, named ``name`` (e.g. ``today``)."""

    def __init__(self, name: str, output_field):
        super().__init__(output_field=output_field)
        self.name = name

    def as_sql(self, compiler, connection):
        return f"{_MARK}({self.name})", []

    def __repr__(self) -> str:
        return f"Slot({self.name!r})"


@dataclass(frozen=True)
class Prepared:
    """SQL with ``%s`` placeholders, and for each placeholder a fixed value or a slot's name."""

    sql: str
    params: tuple[tuple[bool, object], ...]  # (is a slot, value or slot name)

    @classmethod
    def from_sql(cls, sql: str, params) -> Prepared:
        fixed = iter(params)
        spec: list[tuple[bool, object]] = []

        def placeholder(match: re.Match) -> str:
            token = match.group(0)
            if token == "%%":
                return token
            if token == "%s":
                spec.append((False, next(fixed)))
            else:
                spec.append((True, match.group(1)))
            return "%s"

        return cls(_TOKEN.sub(placeholder, sql), tuple(spec))

    def bind(self, **values) -> list:
        """The parameters for one run: each slot's value (dates adapted for the database)."""
        params = []
        for is_slot, item in self.params:
            if is_slot:
                item = values[item]
                if isinstance(item, date):
                    item = connection.ops.adapt_datefield_value(item)
            params.append(item)
        return params

    def wrap(self, before: str, after: str, params_before=(), params_after=()) -> Prepared:
        """This query as a subquery: ``before`` + SQL + ``after``, with their own placeholders
        (fixed values, or ``Slot`` marks written as ``WQSLOT(name)``)."""
        head = Prepared.from_sql(before, params_before)
        tail = Prepared.from_sql(after, params_after)
        return Prepared(head.sql + self.sql + tail.sql, head.params + self.params + tail.params)

    def fetch(self, **values) -> tuple[list[str], list[tuple]]:
        """Run it: the column names and the rows."""
        with connection.cursor() as cursor:
            cursor.execute(self.sql, self.bind(**values))
            names = [column[0] for column in cursor.description]
            return names, cursor.fetchall()
