"""Demo placement histories: every child's placements over time, consistent with their record.

The main placement open today is the setting the child's record names (``Child.establishment``);
about a third moved there from another setting (often the one named when the request was made),
most at the start of a school year. A child with no setting today has a placement that ended:
when the plan ceased, or a while ago. Rates, roughly as the DfE's SEN2 figures put them: about 1 in
4 placements at an independent special school and 1 in 20 at a maintained special school are
residential (most 38 to 51 weeks); about 1 in 12 young people of 16 or over at a post-16 setting
are in work-based learning (mostly supported internships); about 2% of school-age children have a
dual (subsidiary) registration, mostly alternative provision for a term or two.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from openehcp.establishments.models import SettingType
from openehcp.people.codes import Residential, WorkBased
from openehcp.people.models import Placement

from . import synthetic

INSERT_ORDER = (("placements", Placement),)

DAY = timedelta(days=1)
MOVED_BEFORE = 0.35
DUAL = 0.02
RESIDENTIAL = {SettingType.INDEPENDENT_SPECIAL: 0.25, SettingType.SPECIAL: 0.05}
WORK_BASED = 0.08


def _rng(child) -> random.Random:
    return random.Random(f"placement|{child.surname}|{child.forename}|{child.date_of_birth}")


def _september_on_or_before(day: date) -> date:
    year = day.year if day >= date(day.year, 9, 1) else day.year - 1
    return date(year, 9, 1)


def _start(rng: random.Random, earliest: date, latest: date) -> date:
    """A day between the two, most often the 1 September on or before a random day."""
    if latest <= earliest:
        return earliest
    day = earliest + timedelta(days=rng.randint(0, (latest - earliest).days))
    september = _september_on_or_before(day)
    return september if september >= earliest and rng.random() < 0.8 else day


def _details(rng: random.Random, placement: Placement, age: int) -> None:
    kind = placement.establishment.setting_type if placement.establishment else ""
    if rng.random() < RESIDENTIAL.get(kind, 0):
        placement.residential = rng.choices(
            (Residential.WEEKS_38_TO_51, Residential.WEEKS_52), weights=(7, 3)
        )[0]
    elif kind == SettingType.POST16 and age >= 16 and rng.random() < WORK_BASED:
        placement.work_based = rng.choices(
            (WorkBased.SUPPORTED_INTERNSHIP, WorkBased.APPRENTICESHIP, WorkBased.TRAINEESHIP),
            weights=(6, 3, 1),
        )[0]


def add_rows(rows, buckets: dict[str, list], *, today: date) -> None:
    """Add the child's placements to the buckets."""
    child, plan, request = rows.child, rows.plan, rows.request
    rng = _rng(child)
    earliest = min(child.date_of_birth + timedelta(days=2 * 366), today)
    age = synthetic.age_on(child.date_of_birth, today)
    made_on = plan.transferred_in_on or plan.made_on if plan is not None else None
    placements = []
    if child.establishment is not None:
        low = max(earliest, today - timedelta(days=6 * 365))
        if made_on is not None and rng.random() < 0.6:
            low = max(earliest, min(made_on, today))  # placed when the plan was made, or since
        current = Placement(child=child, establishment=child.establishment)
        current.starts_on = _start(rng, low, today)
        _details(rng, current, age)
        placements.append(current)
        before = request.named_establishment if request is not None else None
        if before is None or before == child.establishment:
            before = plan.named_establishment if plan is not None else None
        if (
            before is not None
            and before != child.establishment
            or rng.random() < MOVED_BEFORE
            and current.starts_on - earliest > timedelta(days=400)
        ):
            previous = Placement(child=child, ends_on=current.starts_on - DAY)
            if before is not None and before != child.establishment:
                previous.establishment = before
            else:
                previous.setting_type = (
                    SettingType.EARLY_YEARS if age < 8 else SettingType.MAINSTREAM
                )
            previous.starts_on = _start(
                rng,
                min(earliest, previous.ends_on),
                min(max(earliest, previous.ends_on - 365 * DAY), previous.ends_on),
            )
            placements.append(previous)
        if 5 <= age <= 16 and rng.random() < DUAL:
            dual = Placement(
                child=child, is_main=False, setting_type=SettingType.ALTERNATIVE_PROVISION
            )
            dual.starts_on = _start(rng, max(current.starts_on, today - 300 * DAY), today)
            if rng.random() < 0.5:
                dual.ends_on = min(dual.starts_on + timedelta(days=rng.randint(60, 200)), today)
            placements.append(dual)
    else:
        setting = plan.named_establishment if plan is not None else None
        if plan is not None and plan.ceased_on:
            ends_on = plan.ceased_on
        else:
            ends_on = today - timedelta(days=rng.randint(30, 700))
        ends_on = min(max(ends_on, earliest), today)
        left = Placement(child=child, establishment=setting, ends_on=ends_on)
        if setting is None:
            left.setting_type = SettingType.EARLY_YEARS if age < 6 else SettingType.MAINSTREAM
        left.starts_on = _start(
            rng, min(earliest, ends_on), max(earliest, ends_on - timedelta(days=3 * 365))
        )
        _details(rng, left, synthetic.age_on(child.date_of_birth, ends_on))
        placements.append(left)
    buckets["placements"].extend(placements)
