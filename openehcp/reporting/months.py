"""Calendar months as the scorecard counts them: ``2022-01`` is 1 to 31 January 2022."""

import calendar
import re
from dataclasses import dataclass
from datetime import date

MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")
MAX_MONTHS = 60


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> "Month":
        """Read ``YYYY-MM``; a ValueError names what is wrong, in words a user can act on."""
        match = MONTH_PATTERN.match((text or "").strip())
        if not match:
            raise ValueError(f"'{text}' is not a month: write it as YYYY-MM, like 2022-01")
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise ValueError(f"'{text}' is not a month: the month must be 01 to 12")
        if year < 1900:
            raise ValueError(f"'{text}' is not a month: the year must be 1900 or later")
        return cls(year, month)

    @classmethod
    def of(cls, day: date) -> "Month":
        return cls(day.year, day.month)

    @property
    def first(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def label(self) -> str:
        return f"{calendar.month_name[self.month]} {self.year}"

    @property
    def short_label(self) -> str:
        return f"{calendar.month_abbr[self.month]} {self.year}"

    def plus(self, months: int) -> "Month":
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def month_range(first: Month, last: Month) -> list[Month]:
    """The months from ``first`` to ``last`` inclusive; at most MAX_MONTHS of them."""
    if last < first:
        raise ValueError(f"the range ends ({last}) before it starts ({first})")
    count = (last.year - first.year) * 12 + last.month - first.month + 1
    if count > MAX_MONTHS:
        raise ValueError(f"a range of {count} months is too long: ask for {MAX_MONTHS} or fewer")
    return [first.plus(i) for i in range(count)]
