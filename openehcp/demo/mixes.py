"""The shape of the demo council: national proportions and timings, and the season of requests.

Figures are from reference.md §7.4 (cease reasons), §9.2-9.5 (requests, timeliness, needs,
settings); where no national table was to hand (ages of new plans, sources of requests) the shares
are approximate and say so.
"""

import random
from datetime import date, timedelta

from openehcp.assessments.models import ExceptionReason, RequestSource
from openehcp.plans.models import CeaseReason

DAY = timedelta(days=1)
FIRST_EHC_PLANS = date(2014, 9, 1)  # CFA 2014 Part 3 in force

# §9.4: primary need of all plans (January 2025) and of new plans (2024), in per cent.
NEED_MIX_ALL_PLANS = {
    "ASD": 31.5,
    "SLCN": 21.3,
    "SEMH": 20.7,
    "MLD": 10.6,
    "SLD": 4.0,
    "PD": 3.9,
    "SPLD": 2.3,
    "HI": 1.4,
    "PMLD": 1.3,
    "OTH": 1.2,
    "VI": 0.8,
    "MSI": 0.3,
    "": 0.8,
}
NEED_MIX_NEW_PLANS = {
    "ASD": 27.5,
    "SLCN": 27.7,
    "SEMH": 26.3,
    "MLD": 7.5,
    "SLD": 1.3,
    "PD": 2.3,
    "SPLD": 2.3,
    "HI": 0.7,
    "PMLD": 0.6,
    "OTH": 1.2,
    "VI": 0.5,
    "MSI": 0.2,
    "": 1.9,
}
# Share of the plan stock made before the history window: the national stock grew by about the
# new plans of the last five years (§9.1-9.2), so older plans are about 45% of it.
OLDER_PLAN_SHARE = 0.45
# The older plans' need mix is what makes the whole stock match the all-plans mix.
NEED_MIX_OLDER_PLANS = {
    need: max(0.0, (share - (1 - OLDER_PLAN_SHARE) * NEED_MIX_NEW_PLANS[need]) / OLDER_PLAN_SHARE)
    for need, share in NEED_MIX_ALL_PLANS.items()
}

# Ages (years, inclusive bands) of children when a request is made, close to the ages of new plans,
# and of children whose plans were made before the window, so that the stock of plans ends up near
# the national mix of ages (under 5 about 4%, 5-10 about 36%, 11-15 about 34%, 16-19 about 21%,
# 20-25 about 5%).
AGE_AT_REQUEST = {(0, 4): 17, (5, 10): 52, (11, 15): 21, (16, 19): 8, (20, 24): 2}
AGE_OF_OLDER_PLAN_CHILDREN = {(8, 10): 25, (11, 15): 35, (16, 19): 36, (20, 25): 11}

# §7.4: ceased plans in 2024 by SEN2 cease reason. Reasons by age at ceasing, weighted so that the
# whole mix comes out close to the national one (transfers out 31%, no longer engaging 36%, needs
# met 9%, employment 9%, higher education 6%, maximum age 4%, the rest 5%).
CEASE_REASONS_UNDER_16 = {
    CeaseReason.NEEDS_MET_WITHOUT_PLAN: 25,
    CeaseReason.TRANSFERRED_TO_LA: 62,
    CeaseReason.MOVED_OUTSIDE_ENGLAND: 5,
    CeaseReason.DECEASED: 3,
    CeaseReason.OTHER: 5,
}
CEASE_REASONS_16_AND_OVER = {
    CeaseReason.NEEDS_MET_WITHOUT_PLAN: 4,
    CeaseReason.HIGHER_EDUCATION: 9,
    CeaseReason.EMPLOYMENT: 13,
    CeaseReason.TRANSFERRED_TO_LA: 18,
    CeaseReason.NO_LONGER_ENGAGING: 52,
    CeaseReason.MOVED_OUTSIDE_ENGLAND: 1,
    CeaseReason.DECEASED: 1,
    CeaseReason.OTHER: 2,
}
ADULT_ONLY_REASONS = {CeaseReason.HIGHER_EDUCATION, CeaseReason.EMPLOYMENT}

# Requests by source (a parent most often, then the child's setting).
SOURCE_MIX = {
    RequestSource.PARENT: 52,
    RequestSource.SETTING: 33,
    RequestSource.HEALTH: 5,
    RequestSource.SOCIAL_CARE: 3,
    RequestSource.YOUNG_PERSON: 3,
    RequestSource.OTHER: 4,
}
NEIGHBOURING_LAS = ("208", "209", "212", "305", "306", "886", "936", "213", "211", "204")

REASONS_BY_NEED = {
    "ASD": "Autism diagnosis; struggles with transitions and unstructured times.",
    "SLCN": "Speech and language needs limit access to the curriculum.",
    "SEMH": "Anxiety and emotionally based school avoidance; attendance has fallen this term.",
    "MLD": "Progress well below expectations after two cycles of assess-plan-do-review.",
    "SLD": "Significant learning difficulties needing a highly personalised curriculum.",
    "PMLD": "Profound and multiple learning difficulties with complex health needs.",
    "PD": "Physical disability needing adapted equipment and support with personal care.",
    "SPLD": "Severe dyslexia; specialist teaching has not closed the gap.",
    "HI": "Hearing impairment; needs a qualified teacher of the deaf and radio aid support.",
    "VI": "Visual impairment; needs modified materials and mobility training.",
    "MSI": "Multi-sensory impairment needing specialist intervention.",
    "OTH": "Medical condition affecting attendance and learning.",
    "": "Needs not yet identified; the setting has exhausted its SEN support.",
}
EXCEPTION_JUSTIFICATIONS = {
    ExceptionReason.SCHOOL_CLOSURE: "Advice asked of the school just before the summer closure.",
    ExceptionReason.PERSONAL_CIRCUMSTANCES: "The child was in hospital; the family asked to pause.",
    ExceptionReason.ABSENCE_FROM_AREA: "The family was abroad caring for a relative for 4+ weeks.",
    ExceptionReason.MISSED_APPOINTMENT: "The child missed the psychology appointment.",
}


def weighted(rng: random.Random, mix: dict):
    return rng.choices(tuple(mix), weights=tuple(mix.values()))[0]


def between(rng: random.Random, start: date, end: date) -> date:
    if end <= start:
        return start
    return start + timedelta(days=rng.randint(0, (end - start).days))


class DaySampler:
    """Dates in the history window with a seasonal pattern: busy in the autumn and spring terms,
    a dip in August; weekdays far more than weekends; and growth year on year (§9.2)."""

    MONTH_WEIGHTS = (1.1, 1.05, 1.15, 0.85, 1.05, 1.1, 0.9, 0.4, 1.0, 1.25, 1.3, 0.85)
    YEARLY_GROWTH = 1.13

    def __init__(self, start: date, end: date):
        self.days = []
        weights = []
        day = start
        while day <= end:
            years_in = (day - start).days / 365.25
            weight = self.MONTH_WEIGHTS[day.month - 1] * self.YEARLY_GROWTH**years_in
            if day.weekday() >= 5:
                weight *= 0.12
            self.days.append(day)
            weights.append(weight)
            day += DAY
        total = 0.0
        self.cumulative = []
        for weight in weights:
            total += weight
            self.cumulative.append(total)

    def sample(self, rng: random.Random) -> date:
        return rng.choices(self.days, cum_weights=self.cumulative)[0]


def placement_group(rng: random.Random, age: int, need: str) -> str:
    """The kind of setting a child of this age and need attends (§9.5 shares, by phase)."""
    complex_need = need in {"PMLD", "SLD", "MSI"}
    if age < 2:
        return rng.choices(("none", "early_years"), weights=(85, 15))[0]
    if age < 5:
        return rng.choices(
            ("early_years", "none", "special", "primary"),
            weights=(58, 22, 25 if complex_need else 8, 12),
        )[0]
    if age <= 10:
        special = 75 if complex_need else 17
        return rng.choices(
            (
                "primary",
                "rp_primary",
                "special",
                "independent_special",
                "out_of_area",
                "ap",
                "none",
            ),
            weights=(
                5 if complex_need else 62,
                7,
                special,
                10 if need in {"ASD", "SEMH"} else 4,
                5,
                3 if need == "SEMH" else 0.5,
                3,
            ),
        )[0]
    if age <= 15:
        return rng.choices(
            (
                "secondary",
                "rp_secondary",
                "special",
                "independent_special",
                "out_of_area",
                "ap",
                "none",
            ),
            weights=(
                4 if complex_need else 42,
                7,
                75 if complex_need else 26,
                14 if need in {"ASD", "SEMH"} else 6,
                6,
                10 if need == "SEMH" else 2,
                4,
            ),
        )[0]
    if age <= 19:
        return rng.choices(
            ("post16", "special", "independent_special", "secondary", "out_of_area", "none"),
            weights=(55, 40 if complex_need else 16, 7, 10, 3, 8),
        )[0]
    return rng.choices(("post16", "independent_special", "none"), weights=(62, 6, 32))[0]
