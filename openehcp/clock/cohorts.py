"""Who moves phase when: national curriculum years and phase-transfer cohorts (reg 18).

An English school year runs from 1 September to 31 August. A child is in Reception (year 0) in the
school year that starts in the September after their fourth birthday, so the national curriculum
year (NCY) in the school year starting 1 September of year ``Y`` is ``Y - b - 5``, where ``b`` is
the birth year for a child born September-December and the birth year - 1 for one born
January-August. This is the normal age-related cohort; a child taught out of year group has their
actual year group recorded instead.
"""

from __future__ import annotations

from datetime import date

from .model import DEFAULT_RULES, ClockRules, Phase


def school_year_start(on_date: date) -> int:
    """The calendar year in which the school year containing ``on_date`` began (1 September)."""
    return on_date.year if on_date.month >= 9 else on_date.year - 1


def _cohort_year(date_of_birth: date) -> int:
    return date_of_birth.year if date_of_birth.month >= 9 else date_of_birth.year - 1


def national_curriculum_year(date_of_birth: date, on_date: date) -> int:
    """The age-related national curriculum year on ``on_date``: Reception = 0, Year 6 = 6, Year 11 =
    11, Year 12 = 12 (negative before Reception)."""
    return school_year_start(on_date) - _cohort_year(date_of_birth) - 5


def entry_year(to_phase: Phase | str, rules: ClockRules = DEFAULT_RULES) -> int:
    """The national curriculum year a child starts when moving into ``to_phase``."""
    phase = Phase(to_phase)
    return {
        Phase.PRIMARY: 0,
        Phase.JUNIOR: 3,
        Phase.MIDDLE: rules.middle_school_entry_year,
        Phase.SECONDARY: rules.secondary_entry_year,
        Phase.POST16: 12,
    }[phase]


def transfer_year(
    date_of_birth: date, to_phase: Phase | str, rules: ClockRules = DEFAULT_RULES
) -> int:
    """The calendar year in which a child of the normal cohort moves into ``to_phase`` (the move is
    in September of that year; reg 18's 15 February / 31 March deadline falls earlier that year)."""
    return _cohort_year(date_of_birth) + 5 + entry_year(to_phase, rules)


def transfer_cohort(
    year: int, to_phase: Phase | str, rules: ClockRules = DEFAULT_RULES
) -> tuple[date, date]:
    """The first and last dates of birth (inclusive) of the normal cohort moving into ``to_phase``
    in September of ``year`` - ready for a ``date_of_birth BETWEEN %s AND %s`` query.

    E.g. ``transfer_cohort(2027, "secondary")`` is 1 September 2015 to 31 August 2016.
    """
    first_cohort_year = year - 5 - entry_year(to_phase, rules)
    return date(first_cohort_year, 9, 1), date(first_cohort_year + 1, 8, 31)


def in_transfer_cohort(
    date_of_birth: date, year: int, to_phase: Phase | str, rules: ClockRules = DEFAULT_RULES
) -> bool:
    """True when a child born on ``date_of_birth`` moves into ``to_phase`` in ``year``."""
    first, last = transfer_cohort(year, to_phase, rules)
    return first <= date_of_birth <= last
