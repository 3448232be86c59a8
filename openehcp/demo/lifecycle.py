"""An EHC plan once made: its annual reviews and, for some, its end."""

import random
from datetime import date, timedelta

from openehcp.plans.models import CeaseReason, EHCPlan
from openehcp.reviews.models import AnnualReview, ReviewOutcome

from . import synthetic
from .mixes import (
    ADULT_ONLY_REASONS,
    CEASE_REASONS_16_AND_OVER,
    CEASE_REASONS_UNDER_16,
    weighted,
)


def cease(rng: random.Random, plan: EHCPlan, *, today: date) -> None:
    """Decide whether, when and why the plan has ceased by ``today`` (CFA s45; SEN2 reasons, §7.4):
    a yearly chance that rises from 16, and at the latest the end of the academic year in which the
    young person turns 25."""
    date_of_birth = plan.child.date_of_birth
    last_day = synthetic.end_of_academic_year_turning(date_of_birth, 25)
    start = plan.transferred_in_on or plan.made_on
    year_start = start
    while year_start <= today:
        age = synthetic.age_on(date_of_birth, year_start)
        hazard = 0.014 if age < 16 else 0.1 if age < 18 else 0.19
        if rng.random() < hazard:
            ceased_on = year_start + timedelta(days=rng.randint(30, 364))
            if ceased_on <= today and ceased_on < last_day:
                age_then = synthetic.age_on(date_of_birth, ceased_on)
                if age_then < 16:
                    reasons = CEASE_REASONS_UNDER_16
                elif age_then < 18:
                    reasons = {
                        reason: weight
                        for reason, weight in CEASE_REASONS_16_AND_OVER.items()
                        if reason not in ADULT_ONLY_REASONS
                    }
                else:
                    reasons = CEASE_REASONS_16_AND_OVER
                plan.ceased_on = ceased_on
                plan.cease_reason = weighted(rng, reasons)
                return
        year_start += timedelta(days=365)
    if last_day <= today:
        plan.ceased_on = last_day
        plan.cease_reason = CeaseReason.MAXIMUM_AGE


def annual_reviews(
    rng: random.Random, plan: EHCPlan, *, first_review_due: date, today: date
) -> list[AnnualReview]:
    """Annual reviews (CFA s44) until the plan ceases or today: most held before the 12 months are
    up and decided within 4 weeks (reg 20(10)); some late; and a backlog of reviews due in the last
    year that have not been held yet."""
    reviews = []
    end = min(plan.ceased_on - timedelta(days=1), today) if plan.ceased_on else today
    due = first_review_due
    while True:
        recent = due > today - timedelta(days=365)
        if rng.random() < (0.3 if recent else 0.12):
            meeting_on = due + timedelta(days=rng.randint(1, 200))
        else:
            # "in the period of 12 months starting with" the plan or last review: the strict last
            # day is the day before the anniversary (statutory.md, how periods are counted).
            meeting_on = due - timedelta(days=rng.randint(1, 45))
        if meeting_on > end or meeting_on <= plan.made_on:
            break
        report_on = meeting_on + timedelta(days=rng.randint(2, 14))
        if rng.random() < 0.65:
            decision_on = meeting_on + timedelta(days=rng.randint(5, 28))
        else:
            decision_on = meeting_on + timedelta(days=rng.randint(29, 75))
        if plan.ceased_on and decision_on >= plan.ceased_on:
            decision_on = None
        review = AnnualReview(
            plan=plan,
            meeting_on=meeting_on,
            report_received_on=report_on if report_on <= today else None,
            officer_attended=rng.random() < 0.3,
        )
        if decision_on and decision_on <= today:
            review.decision_on = decision_on
            review.outcome = ReviewOutcome.AMEND if rng.random() < 0.6 else ReviewOutcome.MAINTAIN
        reviews.append(review)
        due = meeting_on + timedelta(days=365)
    if plan.cease_reason in {
        CeaseReason.NEEDS_MET_WITHOUT_PLAN,
        CeaseReason.NO_LONGER_ENGAGING,
    }:
        # reg 31: the decision to cease follows a review; the plan ends after the appeal window.
        last = reviews[-1] if reviews else None
        if last and last.decision_on and (plan.ceased_on - last.decision_on).days <= 150:
            last.outcome = ReviewOutcome.CEASE
    return reviews
