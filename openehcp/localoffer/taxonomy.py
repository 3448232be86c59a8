"""The Local Offer's standard taxonomies, loaded by a data migration so that every council starts
with them and their identifiers are the same everywhere (UUID 5 of each name), for API users.

Categories follow what the Local Offer must cover (SEND Regulations 2014, Schedule 2): education,
health and social care provision, training, travel, preparing for adulthood, short breaks
(Breaks for Carers of Disabled Children Regulations 2011), leisure, and information, advice and
support. Areas of need are the four broad areas of the SEND Code of Practice (6.28).
"""

import uuid

NAMESPACE = uuid.UUID("6f1c7c36-0b7e-4c49-9a4e-5d3d4b0f2a10")

CATEGORIES = "SEND Local Offer categories"
NEEDS = "SEND areas of need"
WHOLE_AREA = "The whole council area"

# (name, description, [(child name, child description), ...])
CATEGORY_TERMS: list[tuple[str, str, list[tuple[str, str]]]] = [
    (
        "Education",
        "Nurseries, schools and colleges, and the support they give (Schedule 2, paragraphs 1-5).",
        [
            ("Early years", "Nurseries, childminders and pre-schools, and support before school."),
            ("Schools", "Mainstream and special schools, resourced provision and SEN support."),
            ("Colleges and post-16", "Sixth forms, colleges, apprenticeships and training."),
            ("Specialist teaching", "Advisory teachers and specialist education services."),
        ],
    ),
    (
        "Health",
        "Health services for children and young people with SEN or disabilities (paragraph 6).",
        [
            ("Therapies", "Speech and language therapy, occupational therapy, physiotherapy."),
            ("Mental health and wellbeing", "Emotional wellbeing and mental health services."),
            ("Medical and nursing", "Paediatrics, community and school nursing, equipment."),
        ],
    ),
    (
        "Social care",
        "Social care services, assessments and personal budgets (paragraph 7).",
        [
            ("Disabled children's social care", "Assessments and support from social workers."),
            ("Personal budgets and direct payments", "Money to arrange support yourself."),
        ],
    ),
    (
        "Short breaks",
        "Breaks for disabled children and their carers: activities, overnight stays, holiday "
        "clubs (the short breaks services statement).",
        [],
    ),
    (
        "Preparing for adulthood",
        "Support from Year 9 towards paid work, independent living, friends and community, "
        "and good health (paragraphs 8-10).",
        [
            ("Employment and training", "Supported internships, job coaching, training."),
            ("Independent living", "Housing, travel training and living skills."),
        ],
    ),
    (
        "Travel and transport",
        "Home to school and college transport, and travel training (paragraph 11).",
        [],
    ),
    (
        "Leisure and activities",
        "Clubs, sport, play and youth activities open to disabled children (paragraph 14).",
        [],
    ),
    (
        "Information, advice and support",
        "Impartial advice (SENDIASS), parent carer forums, support groups, mediation and "
        "complaints (paragraphs 12-13 and 15-17).",
        [],
    ),
]

NEEDS_TERMS: list[tuple[str, str]] = [
    (
        "Communication and interaction",
        "Speech, language and communication needs, and autism (Code of Practice 6.28-6.29).",
    ),
    (
        "Cognition and learning",
        "Moderate, severe, profound and multiple, and specific learning difficulties (6.30-6.31).",
    ),
    (
        "Social, emotional and mental health",
        "Emotional and mental health difficulties, and attention disorders (6.32-6.33).",
    ),
    (
        "Sensory and/or physical needs",
        "Vision, hearing and multi-sensory impairment, and physical disability (6.34-6.35).",
    ),
]


def stable_id(*names: str) -> uuid.UUID:
    """The same UUID for the same name in every installation."""
    return uuid.uuid5(NAMESPACE, "/".join(names))


def load_standard_taxonomies(Taxonomy, TaxonomyTerm, Area) -> None:
    """Create the two taxonomies, their terms and the whole-area service area, if missing.
    Takes the models as arguments so that a migration can pass its historical models."""
    categories, _ = Taxonomy.objects.get_or_create(
        id=stable_id(CATEGORIES),
        defaults={
            "name": CATEGORIES,
            "description": "What kind of help a Local Offer service gives, after what the Local "
            "Offer must cover (SEND Regulations 2014, Schedule 2).",
            "version": "1",
        },
    )
    for position, (name, description, children) in enumerate(CATEGORY_TERMS):
        parent, _ = TaxonomyTerm.objects.get_or_create(
            id=stable_id(CATEGORIES, name),
            defaults={
                "taxonomy": categories,
                "name": name,
                "description": description,
                "position": position * 10,
            },
        )
        for offset, (child, child_description) in enumerate(children, start=1):
            TaxonomyTerm.objects.get_or_create(
                id=stable_id(CATEGORIES, name, child),
                defaults={
                    "taxonomy": categories,
                    "name": child,
                    "description": child_description,
                    "parent": parent,
                    "position": position * 10 + offset,
                },
            )
    needs, _ = Taxonomy.objects.get_or_create(
        id=stable_id(NEEDS),
        defaults={
            "name": NEEDS,
            "description": "The four broad areas of special educational need (SEND Code of "
            "Practice 0 to 25 years, 6.28).",
            "version": "2015",
        },
    )
    for position, (name, description) in enumerate(NEEDS_TERMS):
        TaxonomyTerm.objects.get_or_create(
            id=stable_id(NEEDS, name),
            defaults={
                "taxonomy": needs,
                "name": name,
                "description": description,
                "position": position,
            },
        )
    Area.objects.get_or_create(
        id=stable_id(WHOLE_AREA),
        defaults={
            "name": WHOLE_AREA,
            "description": "Anyone living in the council's area can use the service.",
            "whole_council": True,
        },
    )
