"""The SEN2 census day and the period a return covers."""

from dataclasses import dataclass
from datetime import date, timedelta

THURSDAY = 3


def reference_date(year: int) -> date:
    """The SEN2 census (reference) day: the third Thursday of January of the collection year
    (18 January 2024, 16 January 2025, 15 January 2026, 21 January 2027)."""
    first = date(year, 1, 1)
    first_thursday = first + timedelta(days=(THURSDAY - first.weekday()) % 7)
    return first_thursday + timedelta(weeks=2)


@dataclass(frozen=True)
class Period:
    """What the return for ``year`` covers: events from 1 January of the year before
    (``starts``) up to the census day (``reference``). Plans are "active" on the census day."""

    year: int
    starts: date
    reference: date

    @classmethod
    def for_year(cls, year: int) -> "Period":
        if not 2015 <= year <= 2100:
            raise ValueError("Choose a collection year from 2015")
        return cls(year=year, starts=date(year - 1, 1, 1), reference=reference_date(year))

    def __contains__(self, day: date | None) -> bool:
        return day is not None and self.starts <= day <= self.reference

    def by_reference(self, day: date | None) -> date | None:
        """``day`` if it is on or before the census day: later events have not happened yet."""
        return day if day is not None and day <= self.reference else None
