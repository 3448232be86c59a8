"""School terms, for the lists of reviews "due this term".

A term here is a third of the school year, not a school's own term dates, so that every day falls
in exactly one term: autumn (1 September to 31 December), spring (1 January to 31 March) and
summer (1 April to 31 August, the summer holiday included). Terms plan the council's work; no
statutory date depends on them (those come from ``openehcp.clock``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

#: (name, first month, last month, last day of the last month)
_TERMS = (("spring", 1, 3, 31), ("summer", 4, 8, 31), ("autumn", 9, 12, 31))
_KEY = re.compile(r"^(\d{4})-(autumn|spring|summer)$")


@dataclass(frozen=True)
class Term:
    name: str
    year: int
    start: date
    end: date

    @property
    def key(self) -> str:
        """``2026-autumn``: how a term appears in a page's address."""
        return f"{self.year}-{self.name}"

    @property
    def label(self) -> str:
        """``Autumn term 2026``."""
        return f"{self.name.capitalize()} term {self.year}"

    @property
    def school_year(self) -> str:
        """``2026 to 2027``: the school year the term belongs to."""
        first = self.year if self.name == "autumn" else self.year - 1
        return f"{first} to {first + 1}"

    def next(self) -> Term:
        return term_of(date.fromordinal(self.end.toordinal() + 1))

    def previous(self) -> Term:
        return term_of(date.fromordinal(self.start.toordinal() - 1))

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


def term_of(day: date) -> Term:
    """The term ``day`` falls in."""
    for name, first, last, last_day in _TERMS:
        if first <= day.month <= last:
            return Term(name, day.year, date(day.year, first, 1), date(day.year, last, last_day))
    raise AssertionError("every month is in a term")


def term_from_key(key: str | None, *, default: Term) -> Term:
    """The term named by ``key`` (``2026-autumn``), or ``default`` when it is missing or not a
    term's key."""
    match = _KEY.match(key or "")
    if not match:
        return default
    year, name = int(match.group(1)), match.group(2)
    first = next(month for term, month, _, _ in _TERMS if term == name)
    return term_of(date(year, first, 1))
