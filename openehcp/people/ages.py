"""Ages that change what the law says about a child: when a child becomes a "young person".

The brief for case records said "the young person's own role from 16". The law is more precise and
wins: a *young person* is "a person over compulsory school age but under 25" (Children and Families
Act 2014, s83(2)), and compulsory school age ends on the school leaving date - the last Friday in
June - of the school year in which the child turns 16 (Education Act 1996, s8(3)-(4); Education
(School Leaving Date) Order 1997). From the day after that Friday the young person, not the parent,
makes the requests and decisions (CFA 2014 s27-s83; SEND Code of Practice 8.13-8.17).
"""

import datetime


def age_on(date_of_birth: datetime.date, on: datetime.date) -> int:
    """Whole years of age on a day (a 29 February birthday counts from 1 March in other years)."""
    had_birthday = (on.month, on.day) >= (date_of_birth.month, date_of_birth.day)
    return on.year - date_of_birth.year - (0 if had_birthday else 1)


def _last_friday_of_june(year: int) -> datetime.date:
    last = datetime.date(year, 6, 30)
    return last - datetime.timedelta(days=(last.weekday() - 4) % 7)


def school_leaving_date(date_of_birth: datetime.date) -> datetime.date:
    """The last day of compulsory school age (Education Act 1996 s8(4)).

    A child who turns 16 between 1 September and the last Friday in June leaves on that June's
    last Friday; one who turns 16 in the summer (after that Friday, before 1 September) leaves on
    the last Friday of the June just before the birthday - both are the June of the school year in
    which the child turns 16.
    """
    sixteenth_year = date_of_birth.year + 16
    if date_of_birth.month >= 9:
        return _last_friday_of_june(sixteenth_year + 1)
    return _last_friday_of_june(sixteenth_year)


def is_young_person(date_of_birth: datetime.date, on: datetime.date) -> bool:
    """Over compulsory school age and under 25 on the day (CFA 2014 s83(2))."""
    return school_leaving_date(date_of_birth) < on and age_on(date_of_birth, on) < 25


def still_of_compulsory_school_age_if_born_from(on: datetime.date) -> datetime.date:
    """The earliest date of birth of a child still of compulsory school age on ``on``: exactly
    those born on or after it have ``school_leaving_date(born) >= on``, so a list can filter on
    the date of birth in one query. Children born between 1 September and 31 August share a
    school leaving date (``school_leaving_date``), so the answer is a 1 September."""
    sixteenth_year = on.year if on <= _last_friday_of_june(on.year) else on.year + 1
    return datetime.date(sixteenth_year - 17, 9, 1)
