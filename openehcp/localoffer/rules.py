"""The Local Offer's rules, as plain functions.

The council must keep its Local Offer up to date and review it regularly (Children and Families
Act 2014 s30(9); SEND Code of Practice 4.9): here each service's information is checked with its
provider at least once every 12 months, and a service not checked for 12 months is due a review.
Ages in the Local Offer run from birth to 25 (CFA 2014 s30(1): children and young people with
SEN or a disability, and young people are under 25).
"""

from datetime import date

from openehcp.clock import add_months

MIN_AGE = 0
MAX_AGE = 25
REVIEW_MONTHS = 12


def review_due_on(last_reviewed: date | None) -> date | None:
    """The day the next review is due: 12 months after the last one; ``None`` if never reviewed
    (then it is due now)."""
    if last_reviewed is None:
        return None
    return add_months(last_reviewed, REVIEW_MONTHS)


def is_review_due(last_reviewed: date | None, today: date) -> bool:
    """A service never checked, or last checked 12 months ago or more, is due a review."""
    due = review_due_on(last_reviewed)
    return due is None or due <= today


def age_fits(age: int, minimum_age: int | None, maximum_age: int | None) -> bool:
    """A child of ``age`` (in whole years) fits a service open to ``minimum_age``–``maximum_age``
    (either end may be open)."""
    if minimum_age is not None and age < minimum_age:
        return False
    return maximum_age is None or age <= maximum_age


def age_range_label(minimum_age: int | None, maximum_age: int | None) -> str:
    """ "0 to 25", "From 16", "Up to 5" or "All ages"."""
    if minimum_age is None and maximum_age is None:
        return "All ages (0 to 25)"
    if minimum_age is None:
        return f"Up to {maximum_age}"
    if maximum_age is None:
        return f"From {minimum_age}"
    return f"{minimum_age} to {maximum_age}"
