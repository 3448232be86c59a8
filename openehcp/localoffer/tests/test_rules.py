"""The Local Offer's plain rules: yearly review, ages."""

from datetime import date

import pytest

from openehcp.clock import add_months
from openehcp.localoffer.rules import (
    age_fits,
    age_range_label,
    is_review_due,
    review_due_on,
)


def test_a_review_is_due_12_months_after_the_last_one():
    assert review_due_on(date(2025, 11, 27)) == date(2026, 11, 27)
    assert not is_review_due(date(2025, 11, 28), date(2026, 11, 27))
    assert is_review_due(date(2025, 11, 27), date(2026, 11, 27))


def test_a_service_never_reviewed_is_due_now():
    assert review_due_on(None) is None
    assert is_review_due(None, date(2026, 1, 1))


def test_months_end_on_the_last_day_when_shorter():
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2026, 3, 31), -1) == date(2026, 2, 28)
    assert add_months(date(2026, 12, 15), 1) == date(2027, 1, 15)


@pytest.mark.parametrize(
    "age, low, high, fits",
    [
        (5, 0, 5, True),
        (6, 0, 5, False),
        (15, 16, 25, False),
        (16, 16, None, True),
        (25, None, None, True),
        (0, None, 4, True),
    ],
)
def test_a_childs_age_fits_the_range_with_open_ends(age, low, high, fits):
    assert age_fits(age, low, high) is fits


def test_age_range_labels():
    assert age_range_label(0, 25) == "0 to 25"
    assert age_range_label(16, None) == "From 16"
    assert age_range_label(None, 5) == "Up to 5"
    assert age_range_label(None, None) == "All ages (0 to 25)"
