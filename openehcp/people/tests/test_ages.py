"""When a child becomes a young person (CFA 2014 s83(2); Education Act 1996 s8)."""

import datetime

import pytest

from openehcp.people.ages import (
    age_on,
    is_young_person,
    school_leaving_date,
    still_of_compulsory_school_age_if_born_from,
)


@pytest.mark.parametrize(
    ("born", "leaves"),
    [
        # Turns 16 in January 2026: leaves on the last Friday of June 2026 (26 June).
        (datetime.date(2010, 1, 15), datetime.date(2026, 6, 26)),
        # Turns 16 on 1 September 2026: the next school year, so June 2027 (25 June).
        (datetime.date(2010, 9, 1), datetime.date(2027, 6, 25)),
        # Turns 16 in the summer (after the last Friday in June): leaves that June, before it.
        (datetime.date(2010, 7, 20), datetime.date(2026, 6, 26)),
        # Turns 16 on the leaving date itself.
        (datetime.date(2010, 6, 26), datetime.date(2026, 6, 26)),
    ],
)
def test_compulsory_school_age_ends_on_the_last_friday_in_june(born, leaves):
    assert school_leaving_date(born) == leaves
    assert leaves.weekday() == 4


def test_a_young_person_from_the_day_after_the_school_leaving_date_until_25():
    born = datetime.date(2010, 1, 15)
    assert not is_young_person(born, datetime.date(2026, 6, 26))
    assert is_young_person(born, datetime.date(2026, 6, 27))
    assert is_young_person(born, datetime.date(2035, 1, 14))
    assert not is_young_person(born, datetime.date(2035, 1, 15))


def test_sixteen_is_not_enough_before_the_leaving_date():
    born = datetime.date(2010, 1, 15)
    assert age_on(born, datetime.date(2026, 3, 1)) == 16
    assert not is_young_person(born, datetime.date(2026, 3, 1))


def test_a_leap_day_birthday_counts_from_the_first_of_march():
    born = datetime.date(2012, 2, 29)
    assert age_on(born, datetime.date(2013, 2, 28)) == 0
    assert age_on(born, datetime.date(2013, 3, 1)) == 1


@pytest.mark.parametrize(
    "on",
    [datetime.date(2026, 6, 26), datetime.date(2026, 6, 27), datetime.date(2027, 1, 1)],
)
def test_the_date_of_birth_cut_off_agrees_with_the_school_leaving_date(on):
    """Born on or after the cut-off exactly when still of compulsory school age on the day (for
    every birthday over four years around it)."""
    cut_off = still_of_compulsory_school_age_if_born_from(on)
    born = cut_off - datetime.timedelta(days=730)
    while born < cut_off + datetime.timedelta(days=730):
        assert (born >= cut_off) == (school_leaving_date(born) >= on), born
        born += datetime.timedelta(days=1)
