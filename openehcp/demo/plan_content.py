"""Plausible, plain-English content for the demo's EHC plans: the final plan of every maintained
plan, as one issued version with sections A to K.

Each plan gets needs that fit the child's primary (and secondary) need, outcomes linked to them,
quantified provision linked to both, health and social care content where the need calls for it
(or a recorded reason where it does not), the named setting, and the assessment's advice in
section K. From Year 9, one outcome prepares for adulthood. The rows are unsaved model instances
for the generator's bulk writer (``INSERT_ORDER`` after the plans), chosen by a generator seeded
from the child, so the same child always gets the same plan.
"""

import random
from datetime import date

from openehcp.plans.models import (
    AdviceItem,
    AreaOfNeed,
    Need,
    Outcome,
    PfaArea,
    PlanKind,
    PlanVersion,
    Provision,
    VersionStatus,
)

from . import synthetic

INSERT_ORDER = (
    ("plan versions", PlanVersion),
    ("plan needs", Need),
    ("plan outcomes", Outcome),
    ("plan provision", Provision),
    ("outcome needs", Outcome.needs.through),
    ("provision needs", Provision.needs.through),
    ("provision outcomes", Provision.outcomes.through),
    ("plan advice", AdviceItem),
)

AREA_OF = {
    "SLCN": AreaOfNeed.COMMUNICATION,
    "ASD": AreaOfNeed.COMMUNICATION,
    "SPLD": AreaOfNeed.COGNITION,
    "MLD": AreaOfNeed.COGNITION,
    "SLD": AreaOfNeed.COGNITION,
    "PMLD": AreaOfNeed.COGNITION,
    "SEMH": AreaOfNeed.SEMH,
    "HI": AreaOfNeed.SENSORY_PHYSICAL,
    "VI": AreaOfNeed.SENSORY_PHYSICAL,
    "MSI": AreaOfNeed.SENSORY_PHYSICAL,
    "PD": AreaOfNeed.SENSORY_PHYSICAL,
}

# For each area: (need, outcome, steps, provision: what, who, how often, for how long, group).
LIBRARY = {
    AreaOfNeed.COMMUNICATION: [
        (
            "{name} finds it hard to follow spoken instructions with more than two steps, "
            "especially in a noisy room.",
            "{name} will follow a two-step instruction in class without an adult repeating it.",
            "First with pictures and a quiet space, then with pictures only, then with words.",
            "A speech and language therapist will plan work on understanding instructions and "
            "show staff how to do it.",
            "Speech and language therapist",
            "Once every half term, 1 hour",
            "For the life of this plan",
            "One to one, with a member of staff",
        ),
        (
            "{name} can find it hard to take turns in a conversation and to join in with games.",
            "{name} will play a game with two friends at break time, taking turns, without help.",
            "Practise in a small group, then with one friend at break, then with two.",
            "A trained teaching assistant will run a social communication group.",
            "Teaching assistant, trained by the speech and language therapist",
            "Twice a week, 30 minutes",
            "For a year, then reviewed",
            "A group of up to 4 children",
        ),
    ],
    AreaOfNeed.COGNITION: [
        (
            "{name} reads well below the level expected for their age and finds new words hard "
            "to spell.",
            "{name} will read a short book for their age on their own and tell an adult what "
            "happened.",
            "Learn the sounds taught this term, read with an adult every day, then read alone.",
            "A teaching assistant trained in the school's reading programme will read with {name}.",
            "Teaching assistant",
            "Every school day, 20 minutes",
            "Until the next annual review",
            "One to one",
        ),
        (
            "{name} needs more time and practice than others to learn and remember new ideas in "
            "maths.",
            "{name} will add and take away numbers up to 20 using objects, without help.",
            "Use objects with an adult, then use a number line, then work alone.",
            "{name} will have small-group maths teaching with hands-on objects.",
            "Class teacher or a trained teaching assistant",
            "Three times a week, 30 minutes",
            "For a year",
            "A group of up to 5 children",
        ),
    ],
    AreaOfNeed.SEMH: [
        (
            "{name} gets very worried when plans change and may leave the room to calm down.",
            "{name} will tell an adult when they feel worried, using words or a card, before "
            "leaving the room.",
            "Learn the signs of feeling worried, practise with a key adult, then use a card in "
            "class.",
            "A key adult {name} knows will meet them at the start of the day to go through the "
            "day's plan.",
            "Named key adult",
            "Every school day, 10 minutes",
            "For the life of this plan",
            "One to one",
        ),
        (
            "{name} finds it hard to make and keep friends and is often alone at break times.",
            "{name} will spend break time with at least one friend on most days.",
            "Join a lunchtime club, then a buddy scheme, then choose activities with a friend.",
            "A trained adult will run a small friendship group.",
            "Emotional literacy support assistant (a trained teaching assistant)",
            "Once a week, 40 minutes",
            "For two terms, then reviewed",
            "A group of up to 6 children",
        ),
    ],
    AreaOfNeed.SENSORY_PHYSICAL: [
        (
            "{name} tires quickly when writing by hand and finds small fastenings hard.",
            "{name} will write three sentences on a laptop in ten minutes.",
            "Learn to type with a typing programme, then use the laptop in two lessons a day.",
            "An occupational therapist will set a programme of hand exercises and check the "
            "equipment {name} uses.",
            "Occupational therapist from the children's therapy service",
            "Once a term, 1 hour, with a programme for staff to follow daily",
            "For the life of this plan",
            "One to one",
        ),
        (
            "{name} cannot hear speech clearly in a noisy classroom without their hearing aids "
            "and a radio aid.",
            "{name} will check their own hearing aids each morning and tell an adult if they "
            "do not work.",
            "Check with an adult every day, then with a reminder card, then alone.",
            "A qualified teacher of the deaf will visit and advise staff, and check the radio aid.",
            "Qualified teacher of the deaf",
            "Once every half term, 1 hour",
            "For the life of this plan",
            "One to one, and advice to staff",
        ),
    ],
}

HEALTH = {
    "PD": (
        "{name} has cerebral palsy and needs a stretching programme to keep their muscles "
        "flexible.",
        "A physiotherapist will set a daily stretching programme and train staff to do it.",
        "Physiotherapist from the children's therapy service",
        "Every school day, 15 minutes; the physiotherapist visits once a term",
    ),
    "PMLD": (
        "{name} has epilepsy and needs rescue medicine if a seizure lasts more than five minutes.",
        "Staff trained by the community nursing team will follow {name}'s care plan for seizures.",
        "Community children's nursing team",
        "Training once a year; the care plan is followed whenever a seizure happens",
    ),
    "SLD": (
        "{name} needs help to eat safely because of difficulty swallowing.",
        "Staff trained by the speech and language therapist will follow {name}'s eating and "
        "drinking plan at every meal.",
        "Speech and language therapist (NHS)",
        "Every meal and snack at school; the plan is reviewed twice a year",
    ),
}

SHORT_BREAKS = (
    "{name}'s family need regular breaks from caring to keep {name} living at home.",
    "{name} will go to a short-break club with other young people.",
    "Short breaks service",
    "One Saturday a month, 5 hours",
)

VIEWS = (
    "I like {interest}. I do not like it when it is noisy. I want my teachers to explain "
    "things more than once.",
    "School is OK. I like my teaching assistant. I want more time to finish my work.",
    "I like being with my friends. I get worried about tests. I like it when I know what is "
    "happening next.",
)
INTERESTS = ("drawing", "football", "trains", "swimming", "music", "animals", "cooking", "Lego")
ASPIRATIONS = (
    "To work with animals.",
    "To be a chef.",
    "To go to college and learn about computers.",
    "To live near my family and have a job.",
    "To play football for a team.",
)
FAMILY_VIEWS = (
    "We want {name} to be happy at school and to have friends. We worry about the move to the "
    "next school.",
    "We want {name} to learn to read and to be more independent.",
    "We want {name} to feel safe and to get the right help without having to ask for it.",
)
PFA = (
    (
        PfaArea.INDEPENDENT_LIVING,
        "{name} will travel to school on the bus on their own.",
        "Travel with an adult, then with the adult at a distance, then alone.",
        "A travel trainer will teach {name} the bus route.",
        "Independent travel trainer",
        "Twice a week, 1 hour",
        "For one term",
    ),
    (
        PfaArea.EMPLOYMENT,
        "{name} will do a week of work experience in a job they choose.",
        "Talk about jobs they like, visit two workplaces, then choose a placement.",
        "A careers adviser will meet {name} to plan work experience.",
        "Careers adviser",
        "Once a term, 45 minutes",
        "Until the end of Year 11",
    ),
)


def _area(code: str) -> str:
    return AREA_OF.get(code, AreaOfNeed.COGNITION)


def _content_rng(child) -> random.Random:
    return random.Random(f"{child.surname}|{child.forename}|{child.date_of_birth}")


def add_rows(rows, buckets: dict[str, list], *, today: date) -> None:
    """Add the final plan's content of ``rows.plan`` (a maintained plan) to the buckets."""
    plan = rows.plan
    if plan is None or plan.ceased_on:
        return
    child = rows.child
    rng = _content_rng(child)
    name = child.preferred_name or child.forename
    setting = plan.named_establishment
    version = PlanVersion(
        child=child,
        plan=plan,
        request=plan.origin_request,
        number=1,
        kind=PlanKind.FINAL,
        status=VersionStatus.ISSUED,
        issued_on=plan.made_on,
        issued_by=child.caseworker,
        child_views=rng.choice(VIEWS).format(interest=rng.choice(INTERESTS)),
        family_views=rng.choice(FAMILY_VIEWS).format(name=name),
        interests=f"{rng.choice(INTERESTS).capitalize()} and {rng.choice(INTERESTS)}.",
        aspirations=rng.choice(ASPIRATIONS),
        profile_admired=f"{name} is kind, funny and works hard.",
        profile_important="My family, my friends and knowing what will happen next.",
        profile_support="Tell me what is going to happen. Give me time to answer.",
        social_care_h1_none="No provision under section 2 of the 1970 Act.",
        placement=setting,
        placement_type=setting.setting_type if setting else "mainstream",
        budget_none="The family did not ask for a personal budget.",
    )
    needs, outcomes, provision = [], [], []
    links = {"outcome needs": [], "provision needs": [], "provision outcomes": []}

    def add(section, area, need_text, outcome_text, steps, what, who, often, how_long, group):
        need = Need(plan_version=version, section=section, area=area, text=need_text)
        needs.append(need)
        item = Provision(
            plan_version=version,
            section={"b": "f", "c": "g", "d": "h2"}[section],
            what=what,
            who=who,
            frequency=often,
            duration=how_long,
            group_size=group,
        )
        provision.append(item)
        links["provision needs"].append(Provision.needs.through(provision=item, need=need))
        if outcome_text:
            outcome = Outcome(
                plan_version=version,
                text=outcome_text,
                steps=steps,
                time_frame=f"By July {max(plan.made_on.year + 1, today.year)}",
            )
            outcomes.append(outcome)
            links["outcome needs"].append(Outcome.needs.through(outcome=outcome, need=need))
            links["provision outcomes"].append(
                Provision.outcomes.through(provision=item, outcome=outcome)
            )

    areas = [_area(child.primary_need)]
    if child.secondary_need and _area(child.secondary_need) not in areas:
        areas.append(_area(child.secondary_need))
    for area in areas:
        for entry in rng.sample(LIBRARY[area], k=2 if len(areas) == 1 else 1):
            need_text, outcome_text, steps, what, who, often, how_long, group = entry
            add(
                "b",
                area,
                need_text.format(name=name),
                outcome_text.format(name=name),
                steps,
                what.format(name=name),
                who,
                often,
                how_long,
                group,
            )
    health = HEALTH.get(child.primary_need)
    if health:
        need_text, what, who, often = health
        add(
            "c",
            "",
            need_text.format(name=name),
            "",
            "",
            what.format(name=name),
            who,
            often,
            "For the life of this plan",
            "One to one",
        )
    else:
        version.health_needs_none = "No health needs related to their special educational needs."
        version.health_provision_none = "No health provision is needed."
    if child.primary_need in {"PMLD", "SLD"} or rng.random() < 0.08:
        need_text, outcome_text, who, often = SHORT_BREAKS
        add(
            "d",
            "",
            need_text.format(name=name),
            outcome_text.format(name=name),
            "Visit the club with a parent, then stay for an hour, then for the whole session.",
            "Short breaks at a local club with trained staff.",
            who,
            often,
            "For a year, then reviewed",
            "A group of up to 8 young people",
        )
    else:
        version.social_care_needs_none = "No social care needs were identified."
        version.social_care_h2_none = "No other social care provision is needed."
    if synthetic.age_on(child.date_of_birth, today) >= 14:
        area, outcome_text, steps, what, who, often, how_long = rng.choice(PFA)
        outcome = Outcome(
            plan_version=version,
            text=outcome_text.format(name=name),
            steps=steps,
            time_frame=f"By July {today.year + 1}",
            preparing_for_adulthood=True,
            pfa_area=area,
        )
        outcomes.append(outcome)
        item = Provision(
            plan_version=version,
            section="f",
            what=what.format(name=name),
            who=who,
            frequency=often,
            duration=how_long,
            group_size="One to one",
        )
        provision.append(item)
        links["provision outcomes"].append(
            Provision.outcomes.through(provision=item, outcome=outcome)
        )
    buckets["plan versions"].append(version)
    buckets["plan needs"].extend(needs)
    buckets["plan outcomes"].extend(outcomes)
    buckets["plan provision"].extend(provision)
    for label, objects in links.items():
        buckets[label].extend(objects)
    buckets["plan advice"].extend(
        AdviceItem(
            plan_version=version,
            advice_request=advice,
            title=f"{advice.get_advisor_type_display()}: {advice.advisor_name}",
            dated=advice.received_on,
        )
        for advice in rows.advice
        if advice.received_on and version.request is not None
    )
