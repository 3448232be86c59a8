"""Date arithmetic in SQL, the same on PostgreSQL and SQLite, for the statutory clock's periods.

These functions only *add* the clock's periods (``openehcp.clock.periods``) to dates in the
database; which period applies to which step is decided by the selectors, from the clock's
constants. Their results are plain dates, so the database can filter and sort work by due date.

- ``AddDays(date, n)``: ``date + n`` days.
- ``AddMonths(date, n)``: the same day-number ``n`` months later, or the last day of that month
  when it is shorter (31 December + 2 months = 28/29 February) - ``openehcp.clock.add_months``.
- ``MakeDate(year, month, day)``: a date from a year column and a fixed month and day.
- ``DayNumber(date)``: ``yyyymmdd`` as an integer, so that whole years of age are
  ``(DayNumber(on) - DayNumber(born)) // 10000`` (a 29 February birthday counts from 1 March).
"""

from django.db.models import DateField, Func, IntegerField


def _sql(compiler, connection, expression):
    return compiler.compile(expression)


class AddDays(Func):
    output_field = DateField()

    def __init__(self, expression, days: int):
        super().__init__(expression)
        self.days = int(days)

    def as_sql(self, compiler, connection, **extra):
        sql, params = _sql(compiler, connection, self.source_expressions[0])
        return f"({sql} + {self.days})", params

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = _sql(compiler, connection, self.source_expressions[0])
        return f"date({sql}, '{self.days:+d} days')", params


class AddMonths(Func):
    output_field = DateField()

    def __init__(self, expression, months: int):
        super().__init__(expression)
        self.months = int(months)

    def as_sql(self, compiler, connection, **extra):
        # PostgreSQL clamps to the end of a shorter month, as the clock does.
        sql, params = _sql(compiler, connection, self.source_expressions[0])
        return f"CAST({sql} + INTERVAL '{self.months} months' AS date)", params

    def as_sqlite(self, compiler, connection, **extra):
        # SQLite's "+N months" overflows into the next month (31 January + 1 month = 3 March):
        # take the same day-number counted from the first of the month, capped at the month's end.
        sql, params = _sql(compiler, connection, self.source_expressions[0])
        n = self.months
        same_day = (
            f"date({sql}, 'start of month', '{n:+d} months', "
            f"'+' || (CAST(strftime('%%d', {sql}) AS INTEGER) - 1) || ' days')"
        )
        month_end = f"date({sql}, 'start of month', '{n + 1:+d} months', '-1 days')"
        return f"min({same_day}, {month_end})", params * 3


class MakeDate(Func):
    output_field = DateField()

    def __init__(self, year, month: int, day: int):
        super().__init__(year)
        self.month = int(month)
        self.day = int(day)

    def as_sql(self, compiler, connection, **extra):
        sql, params = _sql(compiler, connection, self.source_expressions[0])
        return f"make_date(CAST({sql} AS integer), {self.month}, {self.day})", params

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = _sql(compiler, connection, self.source_expressions[0])
        return f"printf('%%04d-%%02d-%%02d', {sql}, {self.month}, {self.day})", params


def day_number_sql(vendor: str, sql: str) -> str:
    """``DayNumber`` for hand-made SQL (``%`` doubled, as in a query with parameters)."""
    if vendor == "sqlite":
        return f"CAST(strftime('%%Y%%m%%d', {sql}) AS INTEGER)"
    return f"CAST(to_char({sql}, 'YYYYMMDD') AS integer)"


class DayNumber(Func):
    output_field = IntegerField()

    def as_sql(self, compiler, connection, **extra):
        sql, params = _sql(compiler, connection, self.source_expressions[0])
        return day_number_sql(connection.vendor, sql), params
