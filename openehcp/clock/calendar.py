"""Working days, months and the Tribunal's non-working-day rule, for England.

Bank holidays come from the maintained ``holidays`` package (``holidays.UK(subdiv="ENG")``), loaded
once per calendar year and cached for the life of the process; the "act by" date of every due
date is cached too, so computing a million timelines does not rebuild a holiday table per call.

A *working day* is a day that is not a Saturday, a Sunday or an England bank holiday (Christmas Day
and Good Friday are bank holidays in the package, which matches the Tribunal rules' definition:
HESC Rules 2008 r.1).
"""

from __future__ import annotations

import calendar as _calendar
import threading
from datetime import date, timedelta

import holidays as _holidays

ONE_DAY = timedelta(days=1)
_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

_lock = threading.Lock()
_loaded_years: set[int] = set()
_bank_holidays: set[date] = set()
#: The act-by date of every due date seen so far (filled by ``act_by``; read it, never write it).
ACT_BY_CACHE: dict[date, date] = {}


def _load_year(year: int) -> None:
    with _lock:
        if year in _loaded_years:
            return
        _bank_holidays.update(_holidays.UK(subdiv="ENG", years=year).keys())
        _loaded_years.add(year)


def bank_holidays(year: int) -> frozenset[date]:
    """England bank holidays in ``year`` (including substitute days)."""
    if year not in _loaded_years:
        _load_year(year)
    return frozenset(d for d in _bank_holidays if d.year == year)


def is_working_day(day: date) -> bool:
    """True unless ``day`` is a Saturday, a Sunday or an England bank holiday."""
    if day.weekday() >= 5:
        return False
    if day.year not in _loaded_years:
        _load_year(day.year)
    return day not in _bank_holidays


def act_by(day: date) -> date:
    """The last working day on or before ``day``.

    Statutory SEND due dates do not move for weekends or bank holidays; this is the day a team must
    act by so that a letter leaves on a working day no later than the due date.
    """
    cached = ACT_BY_CACHE.get(day)
    if cached is not None:
        return cached
    result = day
    while not is_working_day(result):
        result -= ONE_DAY
    ACT_BY_CACHE[day] = result
    return result


def next_working_day(day: date) -> date:
    """The first working day on or after ``day``."""
    while not is_working_day(day):
        day += ONE_DAY
    return day


def add_working_days(start: date, count: int, *, beginning_with: bool = False) -> date:
    """The last day of a period of ``count`` working days.

    ``beginning_with=False`` ("within 3 working days of X"): ``start`` is day 0 and the first day
    counted is the next working day. ``beginning_with=True`` ("within 15 working days beginning
    with the day on which ...", reg 15(2)): ``start`` is the first day when it is a working day.
    """
    if count < 1:
        raise ValueError("count must be at least 1")
    day = start if beginning_with else start + ONE_DAY
    remaining = count
    while True:
        if is_working_day(day):
            remaining -= 1
            if remaining == 0:
                return day
        day += ONE_DAY


def working_days_between(start: date, end: date) -> int:
    """The number of working days ``d`` with ``start <= d < end``."""
    count = 0
    day = start
    while day < end:
        if is_working_day(day):
            count += 1
        day += ONE_DAY
    return count


def add_months(day: date, months: int) -> date:
    """The same day-number ``months`` later (or earlier); the month's last day where it is shorter.

    31 December + 2 months is 28 February (29 in a leap year); 31 March + 1 month is 30 April.
    """
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    month = month0 + 1
    day_number = day.day
    if day_number > 28:
        last = _MONTH_DAYS[month]
        if month == 2 and _calendar.isleap(year):
            last = 29
        if day_number > last:
            day_number = last
    return date(year, month, day_number)


def period_end(start: date, months: int, *, beginning_with: bool) -> date:
    """The last day of a period of ``months`` months.

    ``beginning_with=True`` ("the period of 12 months beginning/starting with" a date, CFA s44(1),
    reg 15(5)): the start date is inside the period, so it ends the day before the corresponding
    date.
    ``beginning_with=False`` ("within 2 months after"): it ends on the corresponding date.
    """
    end = add_months(day=start, months=months)
    return end - ONE_DAY if beginning_with else end


def tribunal_time_limit(day: date) -> date:
    """Move the last day for an SEN appeal to reach the Tribunal, as HESC Rules 2008 r.12 requires.

    r.12(3)(a) (special educational needs cases): a time limit for the notice of appeal that ends
    on any day from 25 December to 1 January inclusive, or on any day in August, is met if the
    notice is received on the first working day after 1 January or after 31 August. r.12(2): any
    other limit that ends on a day that is not a working day is met on the next working day.

    r.12(3)(a) asks where the time *ends*, so it is applied to the unmoved day: a limit ending on
    Saturday 30 July moves under r.12(2) to Monday 1 August, not to September (the time ended in
    July). This literal reading is also the earlier, safer date for a family.
    """
    if (day.month == 12 and day.day >= 25) or (day.month == 1 and day.day == 1):
        year = day.year + 1 if day.month == 12 else day.year
        return next_working_day(date(year, 1, 2))
    if day.month == 8:
        return next_working_day(date(day.year, 9, 1))
    return next_working_day(day)
