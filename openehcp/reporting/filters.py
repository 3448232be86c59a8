"""The filters every dashboard shares: team, caseworker, age group, primary need, setting type.

Each filter is a condition on the child a record belongs to, so the same filters apply to
requests (``child__``), plans (``child__``), reviews and phase transfers (``plan__child__``).
The age-group filter uses the child's age on a reference date (the last day of the last month
shown), which the caller passes in.
"""

from dataclasses import dataclass, fields
from datetime import date

from django.db.models import Q

AGE_GROUPS = [
    # (code, label, youngest, oldest): the SEN2 age bands.
    ("under-5", "Under 5", 0, 4),
    ("5-10", "5 to 10", 5, 10),
    ("11-15", "11 to 15", 11, 15),
    ("16-19", "16 to 19", 16, 19),
    ("20-25", "20 to 25", 20, 25),
]
AGE_GROUP_LABELS = {code: label for code, label, _, _ in AGE_GROUPS}
OLDEST_AGE = AGE_GROUPS[-1][3]


def years_before(day: date, years: int) -> date:
    """The same day ``years`` earlier; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def born_between_for_ages(youngest: int, oldest: int, on: date) -> tuple[date, date]:
    """The dates of birth of people aged ``youngest`` to ``oldest`` on the day ``on``.

    Someone born on 29 February reaches a new age on 1 March in a common year.
    """
    latest = years_before(on, youngest)
    earliest_excluded = years_before(on, oldest + 1)
    return earliest_excluded, latest


@dataclass(frozen=True)
class ReportFilters:
    team: int | None = None
    caseworker: int | None = None
    age_group: str = ""
    need: str = ""
    setting_type: str = ""

    def is_empty(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))

    def q(self, prefix: str, *, on: date) -> Q:
        """The condition on ``<prefix>child`` fields; ``prefix`` ends in ``__`` or is empty."""
        condition = Q()
        if self.team:
            condition &= Q(**{f"{prefix}caseworker__team_id": self.team})
        if self.caseworker:
            condition &= Q(**{f"{prefix}caseworker_id": self.caseworker})
        if self.need:
            condition &= Q(**{f"{prefix}primary_need": self.need})
        if self.setting_type:
            condition &= Q(**{f"{prefix}establishment__setting_type": self.setting_type})
        if self.age_group:
            for code, _label, youngest, oldest in AGE_GROUPS:
                if code == self.age_group:
                    earliest_excluded, latest = born_between_for_ages(youngest, oldest, on)
                    condition &= Q(
                        **{
                            f"{prefix}date_of_birth__gt": earliest_excluded,
                            f"{prefix}date_of_birth__lte": latest,
                        }
                    )
        return condition

    def as_query(self) -> dict[str, str]:
        """The filters as GET parameters, for links to the cases behind a figure."""
        return {f.name: str(getattr(self, f.name)) for f in fields(self) if getattr(self, f.name)}
