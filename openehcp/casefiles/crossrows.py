"""The checks between rows of a case-history file, done in SQL on a temporary table.

One date of birth per ``person_ref``, one person per UPN and one row per ``request_ref`` need every
earlier row of the file. Kept in Python dictionaries those keys took 360 MB for a million
rows; here each checked row's keys go, in batches, to a temporary table of the import's own
transaction, and three window queries find the clashes once the file has been read. Memory stays
the same however long the file, and the same SQL runs on SQLite and PostgreSQL (PostgreSQL is fed
by ``COPY``, twenty times faster there than ``INSERT``; SQLite by ``executemany``, already fast).

Each clash is reported on the later line, naming the first line that holds the key, as before.
"""

from collections.abc import Iterable, Iterator

from django.db import connection

from .format import Problem
from .validation import CaseRow

TABLE = "casefiles_import_keys"
BATCH = 2000
_COLUMNS = "line, person_ref, date_of_birth, upn, request_ref"


def _unlike_the_first(key: str, value: str) -> str:
    """The rows whose ``value`` is not the one on the first line (the lowest) with their ``key``:
    (line, key, the first line's value, the first line)."""
    return f"""
        SELECT line, {key}, first_held, first_line FROM (
            SELECT line, {key}, {value},
                   FIRST_VALUE({value}) OVER earliest AS first_held,
                   FIRST_VALUE(line) OVER earliest AS first_line
            FROM {TABLE}
            WHERE {key} IS NOT NULL
            WINDOW earliest AS (PARTITION BY {key} ORDER BY line)
        ) firsts
        WHERE {value} <> first_held
    """


_DATES_OF_BIRTH = _unlike_the_first("person_ref", "date_of_birth")
_UPNS = _unlike_the_first("upn", "person_ref")
_REQUESTS = f"""
    SELECT line, request_ref, first_line FROM (
        SELECT line, request_ref, MIN(line) OVER (PARTITION BY request_ref) AS first_line
        FROM {TABLE}
    ) requests
    WHERE line <> first_line
"""

# Each query's columns fill its message: {0} is the later line, the one reported.
_CLASHES = (
    (_DATES_OF_BIRTH, "date_of_birth", "person_ref {1} has date of birth {2} on line {3}"),
    (_UPNS, "upn", "{1} is also the UPN of person_ref {2} on line {3}"),
    (_REQUESTS, "request_ref", "{1} is already on line {2}"),
)


class FileKeys:
    """The keys of every row that passed its own checks: line, person_ref, date of birth, UPN and
    request_ref, in a temporary table.

    Use inside the import's transaction, as a context manager: the table is made on entry and
    dropped on a normal exit; if the transaction is rolled back it goes with it.
    """

    def __init__(self) -> None:
        self.pending: list[tuple] = []

    def __enter__(self) -> "FileKeys":
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {TABLE} (line INTEGER NOT NULL, "
                "person_ref TEXT NOT NULL, date_of_birth TEXT NOT NULL, upn TEXT, "
                "request_ref TEXT NOT NULL)"
            )
        return self

    def __exit__(self, kind, error, traceback) -> None:
        if kind is None:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE {TABLE}")

    def add(self, row: CaseRow) -> None:
        self.pending.append(
            (
                row.line,
                row.person_ref,
                row.date_of_birth.isoformat(),
                row.upn or None,
                row.request_ref,
            )
        )
        if len(self.pending) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        if not self.pending:
            return
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {TABLE} ({_COLUMNS}) FROM STDIN") as copy:
                    for keys in self.pending:
                        copy.write_row(keys)
            else:
                cursor.executemany(
                    f"INSERT INTO {TABLE} ({_COLUMNS}) VALUES (%s, %s, %s, %s, %s)",
                    self.pending,
                )
        self.pending = []

    def problems(self) -> Iterator[Problem]:
        """Every clash between rows: a person_ref with another date of birth than on its first
        line, a UPN already held by another person_ref, a request_ref already used."""
        self._flush()
        with connection.cursor() as cursor:
            # Also serves lines_before(): a lookup by person and line.
            cursor.execute(f"CREATE INDEX {TABLE}_person ON {TABLE} (person_ref, line)")
            for query, column, message in _CLASHES:
                cursor.execute(query)
                for found in _fetch(cursor):
                    yield Problem(found[0], column, message.format(*found))

    def lines_before(self, person_refs: Iterable[str], line: int) -> Iterator[tuple[str, int]]:
        """(person_ref, line) of the rows of these people above ``line``."""
        refs = list(person_refs)
        with connection.cursor() as cursor:
            for start in range(0, len(refs), BATCH):
                chunk = refs[start : start + BATCH]
                cursor.execute(
                    f"SELECT person_ref, line FROM {TABLE} WHERE line < %s "
                    f"AND person_ref IN ({', '.join(['%s'] * len(chunk))})",
                    [line, *chunk],
                )
                yield from _fetch(cursor)


def _fetch(cursor) -> Iterator[tuple]:
    while rows := cursor.fetchmany(BATCH):
        yield from rows
