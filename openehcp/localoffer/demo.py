"""The demo council's Local Offer: about 60 made-up services from a handful of made-up providers,
across education, health, social care, short breaks, preparing for adulthood and support for
families, loaded by ``openehcp demo``. The same seed gives the same identifiers and dates.

Phone numbers come from Ofcom's drama ranges; addresses and providers are invented.
"""

import random
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from openehcp.demo import names, synthetic

from .models import (
    Area,
    Comment,
    Contact,
    CostOption,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceAttribute,
    ServiceStatus,
    TaxonomyTerm,
)
from .taxonomy import CATEGORIES, NEEDS

DOMAIN = "demo.openehcp.example"

ORGANIZATIONS = {
    "council": ("Demo Borough Council", "The council's SEND, social care and transport services."),
    "nhs": (
        "Larkhill Community Health NHS Trust",
        "Children's community health services: therapies, nursing and paediatrics.",
    ),
    "iass": (
        "Demo SEND Information, Advice and Support Service",
        "Free, impartial and confidential advice about SEND for families and young people.",
    ),
    "forum": (
        "Demo Parent Carer Forum",
        "Parents and carers of disabled children working with the council and the NHS.",
    ),
    "kestrel": (
        "Kestrel Youth Trust",
        "A local charity running clubs, short breaks and holiday schemes for disabled children.",
    ),
    "college": (
        "Harbourside College",
        "The borough's further education college, with courses and support for learners with SEND.",
    ),
}

AREAS = [
    ("North", "Northfold, Eastmere and Hollins Cross"),
    ("South", "Daleford, Greystone and Coldharbour Vale"),
    ("East", "Brindley Green, Kingsmead and Fenwick Park"),
    ("West", "Ashworth, Larkhill and Millbrook"),
]

# (name, neighbourhood, district, accessibility)
PLACES = [
    ("Brindley Green Children's Centre", "Brindley Green", "SE15", "Step-free, accessible toilet"),
    ("Northfold Family Hub", "Northfold", "SE16", "Step-free, hearing loop, changing places"),
    ("Larkhill Child Development Centre", "Larkhill", "SE5", "Step-free, parking"),
    ("Daleford Leisure Centre", "Daleford", "SE21", "Hoist in the pool, accessible changing"),
    ("Harbourside College, Main Campus", "Hollins Cross", "SE1", "Lifts to every floor"),
    ("Kestrel Youth Centre", "Kingsmead", "SE15", "Step-free, sensory room"),
    ("Demo Borough Civic Centre", "Eastmere", "SE16", "Step-free, hearing loop"),
    ("Greystone Library", "Greystone", "SE24", "Step-free, quiet room"),
]


@dataclass(frozen=True)
class _Spec:
    name: str
    provider: str
    categories: tuple[str, ...]
    ages: tuple[int | None, int | None]
    description: str
    needs: tuple[str, ...] = ()
    cost: str = "Free"
    amount: str | None = "0"
    when: str = "Monday to Friday, 9am to 5pm"


def _spec(name, provider, categories, ages, description, **more) -> _Spec:
    return _Spec(name, provider, tuple(categories), ages, description, **more)


CI, CL, SEMH, SP = (
    "Communication and interaction",
    "Cognition and learning",
    "Social, emotional and mental health",
    "Sensory and/or physical needs",
)
TERM_TIME = "Term time only, Monday to Friday, 9am to 3pm"

# (days before today, what people told us, what the council did; "" while it works on it)
COMMENTS = [
    (
        200,
        "There were no holiday clubs for teenagers on the Local Offer.",
        "We added the Youth club for young people with SEND and asked providers about summer "
        "schemes for 14 to 18 year olds.",
    ),
    (
        120,
        "I could not tell which services need a referral.",
        "Every service's description now says how to get it and who can refer.",
    ),
    (
        60,
        "The search did not work on my phone.",
        "The new directory works on phones and with screen readers; tell us if anything is hard "
        "to use.",
    ),
    (10, "Please list more support groups for parents of autistic children.", ""),
]

# fmt: off
SERVICES: list[_Spec] = [
    # Education
    _spec("Early Years SEND Inclusion Team", "council", ["Early years"], (0, 5),
          "Advice and visits for nurseries and childminders supporting young children with SEND. "
          "Parents can ask their nursery to refer.", needs=(CI, CL)),
    _spec("Portage home visiting", "council", ["Early years"], (0, 5),
          "Weekly home visits that help families support the learning and play of young children "
          "with complex needs. Referral from a health visitor or paediatrician.", needs=(CL, SP)),
    _spec("Early years funding for children with SEND", "council", ["Early years"], (2, 4),
          "Extra funding for nurseries and childminders (the Disability Access Fund and the "
          "inclusion fund). Ask your provider to apply."),
    _spec("Specialist Teaching Service: autism", "council", ["Specialist teaching"], (4, 19),
          "Advisory teachers who help schools teach autistic pupils. Schools refer with your "
          "agreement.", needs=(CI,)),
    _spec("Specialist Teaching Service: sensory", "council", ["Specialist teaching"], (0, 19),
          "Qualified teachers of the deaf and of the vision impaired, and mobility training.",
          needs=(SP,)),
    _spec("Educational Psychology Service", "council", ["Specialist teaching"], (0, 25),
          "Educational psychologists work with schools and families, and give advice for EHC "
          "needs assessments. Schools refer.", needs=(CL, SEMH)),
    _spec("Resourced provision for speech and language", "council", ["Schools"], (4, 11),
          "Places in two primary schools with a speech and language base. Places are named in an "
          "EHC plan.", needs=(CI,)),
    _spec("SEN support in mainstream schools", "council", ["Schools"], (4, 16),
          "What every school does for pupils with SEN without an EHC plan: the graduated "
          "approach of assess, plan, do, review. Talk to the school's SENCO."),
    _spec("Special schools in Demo Borough", "council", ["Schools"], (2, 19),
          "The borough's special schools for pupils with EHC plans, and how places are agreed.",
          needs=(CL, SP)),
    _spec("Inclusion and exclusions advice", "council", ["Schools"], (5, 16),
          "Help for families and schools when a pupil is at risk of exclusion, and with "
          "reduced timetables.", needs=(SEMH,)),
    _spec("Medical Needs Teaching Service", "council", ["Schools"], (5, 16),
          "Teaching at home or in hospital for pupils too ill to attend school for 15 days or "
          "more.", needs=(SP,)),
    _spec("Elective home education advice", "council", ["Schools"], (5, 16),
          "Advice for families who educate their child at home, including children with SEND."),
    _spec("Foundation learning for students with SEND", "college", ["Colleges and post-16"],
          (16, 25), "Full-time courses in English, maths, independence and work skills.",
          needs=(CL,), when=TERM_TIME),
    _spec("Learning support at Harbourside College", "college", ["Colleges and post-16"],
          (16, 25), "In-class support, assistive technology and exam arrangements for students "
          "with SEND. Tell the college on your application.", when=TERM_TIME),
    _spec("Post-16 SEND transition team", "council", ["Colleges and post-16"], (14, 25),
          "Helps young people with EHC plans move from school to college, training or work."),
    # Health
    _spec("Children's speech and language therapy", "nhs", ["Therapies"], (0, 19),
          "Assessment and therapy for speech, language, communication and eating and drinking. "
          "Families can refer themselves.", needs=(CI,)),
    _spec("Children's occupational therapy", "nhs", ["Therapies"], (0, 19),
          "Help with everyday activities, sensory processing and equipment at home and school. "
          "Referral from a GP, school or health visitor.", needs=(SP,)),
    _spec("Children's physiotherapy", "nhs", ["Therapies"], (0, 19),
          "Assessment and treatment for movement and physical development.", needs=(SP,)),
    _spec("Child and Adolescent Mental Health Service (CAMHS)", "nhs",
          ["Mental health and wellbeing"], (0, 18),
          "Assessment and treatment for young people with serious mental health difficulties. "
          "Referral from a GP or school.", needs=(SEMH,)),
    _spec("Mental Health Support Teams in schools", "nhs", ["Mental health and wellbeing"],
          (5, 18), "Early help for anxiety and low mood, in school.", needs=(SEMH,),
          when=TERM_TIME),
    _spec("Neurodevelopmental assessment pathway", "nhs", ["Medical and nursing"], (2, 18),
          "Assessment for autism and ADHD. Referral from a GP, school or health visitor.",
          needs=(CI, SEMH)),
    _spec("Community paediatrics", "nhs", ["Medical and nursing"], (0, 18),
          "Doctors for children with developmental delay, disabilities and complex health needs.",
          needs=(SP,)),
    _spec("Special school nursing", "nhs", ["Medical and nursing"], (2, 19),
          "Nurses in special schools who support children's health care plans.", needs=(SP,),
          when=TERM_TIME),
    _spec("Children's continence service", "nhs", ["Medical and nursing"], (4, 19),
          "Advice and products for children with bladder and bowel needs.", needs=(SP,)),
    _spec("Wheelchair service for children", "nhs", ["Medical and nursing"], (0, 18),
          "Assessment for and provision of wheelchairs and seating.", needs=(SP,)),
    _spec("Audiology for children", "nhs", ["Medical and nursing"], (0, 18),
          "Hearing tests and hearing aids.", needs=(SP,)),
    # Social care
    _spec("Disabled Children's Team", "council", ["Disabled children's social care"], (0, 18),
          "Social workers who assess the needs of disabled children and their families and "
          "arrange support. Anyone can contact the front door."),
    _spec("Carers' assessments for parent carers", "council",
          ["Disabled children's social care"], (0, 18),
          "An assessment of what you need as a parent carer, and support that follows from it."),
    _spec("Direct payments for disabled children", "council",
          ["Personal budgets and direct payments"], (0, 18),
          "Money from the council to arrange your child's support yourself."),
    _spec("Personal budgets in EHC plans", "council", ["Personal budgets and direct payments"],
          (0, 25), "How to ask for a personal budget for part of the provision in an EHC plan."),
    _spec("Transition to adult social care", "council", ["Disabled children's social care"],
          (14, 25), "Assessments from age 14 so that support carries on after 18."),
    _spec("Occupational therapy for home adaptations", "council",
          ["Disabled children's social care"], (0, 18),
          "Equipment and adaptations at home, and Disabled Facilities Grants.", needs=(SP,)),
    # Short breaks
    _spec("Saturday Club", "kestrel", ["Short breaks", "Leisure and activities"], (5, 18),
          "A Saturday club with games, art and trips for disabled children, with 1 to 1 support "
          "where needed.", cost="£5 a session", amount="5", when="Saturdays, 10am to 3pm"),
    _spec("Holiday play scheme", "kestrel", ["Short breaks"], (5, 18),
          "Play and trips in the Easter and summer holidays.", cost="£10 a day", amount="10",
          when="School holidays, 9am to 4pm"),
    _spec("Overnight short breaks at Willow House", "council", ["Short breaks"], (8, 18),
          "Overnight stays for children with complex needs, after a social care assessment.",
          when="Planned stays, by arrangement"),
    _spec("Short breaks grant", "council", ["Short breaks"], (0, 18),
          "A yearly grant for families to buy short breaks. Apply online; no assessment needed."),
    _spec("Youth club for young people with SEND", "kestrel",
          ["Short breaks", "Leisure and activities"], (11, 25),
          "An evening youth club with music, sport and friends.", cost="£3 a session",
          amount="3", when="Tuesdays, 6pm to 8:30pm"),
    _spec("Sibling support group", "kestrel", ["Short breaks"], (6, 16),
          "Activities for brothers and sisters of disabled children.",
          when="First Saturday of each month, 10am to 1pm"),
    _spec("Befriending for disabled young people", "kestrel", ["Short breaks"], (11, 25),
          "A volunteer befriender to go out with every fortnight."),
    # Preparing for adulthood
    _spec("Supported internships", "college", ["Employment and training"], (16, 24),
          "A year in a local workplace with a job coach, for young people with EHC plans.",
          needs=(CL,), when=TERM_TIME),
    _spec("Job coaching", "council", ["Employment and training"], (16, 25),
          "Job coaches who help young people with SEND find and keep paid work."),
    _spec("Travel training", "council", ["Independent living", "Travel and transport"], (11, 25),
          "Learning to travel on your own, safely, to school, college or work."),
    _spec("Supported living for young adults", "council", ["Independent living"], (18, 25),
          "Housing with support for young adults with learning disabilities.", needs=(CL,)),
    _spec("Preparing for adulthood reviews", "council", ["Preparing for adulthood"], (14, 25),
          "From Year 9, annual reviews of EHC plans plan for work, independent living, friends "
          "and good health."),
    _spec("Money and benefits advice at 16", "iass", ["Preparing for adulthood"], (15, 25),
          "Help with Personal Independence Payment and Universal Credit."),
    _spec("Moving to adult health services", "nhs", ["Preparing for adulthood"], (14, 25),
          "Planning the move from children's to adult health services."),
    _spec("Independent travel pass advice", "council", ["Travel and transport"], (11, 25),
          "Disabled persons' bus passes and companion passes."),
    # Transport
    _spec("Home to school transport", "council", ["Travel and transport"], (4, 16),
          "Free transport for eligible children with SEND. Apply online.", when=TERM_TIME),
    _spec("Post-16 transport", "council", ["Travel and transport"], (16, 25),
          "Help with transport to college for students with SEND.", cost="Contribution of £150 "
          "a year", amount="150"),
    # Leisure
    _spec("Inclusive swimming sessions", "council", ["Leisure and activities"], (0, 25),
          "Quiet, warm-pool sessions with a hoist and trained staff.", cost="£2.50 a swim",
          amount="2.50", when="Sundays, 9am to 10am"),
    _spec("Relaxed library sessions", "council", ["Leisure and activities"], (0, 11),
          "Story and rhyme times with low lights and less noise.", needs=(CI,),
          when="Wednesdays, 3:30pm to 4:30pm"),
    _spec("Disability sport programme", "council", ["Leisure and activities"], (5, 25),
          "Boccia, wheelchair basketball and football for all abilities.", cost="£3 a session",
          amount="3", when="Thursdays, 5pm to 7pm"),
    # Information, advice and support
    _spec("SEND Information, Advice and Support Service (SENDIASS)", "iass",
          ["Information, advice and support"], (0, 25),
          "Free, impartial advice about SEND, EHC needs assessments, plans and appeals, for "
          "parents, children and young people."),
    _spec("Independent supporters for EHC needs assessments", "iass",
          ["Information, advice and support"], (0, 25),
          "A trained supporter to help your family through an EHC needs assessment."),
    _spec("Demo Parent Carer Forum", "forum", ["Information, advice and support"], (0, 25),
          "Join other parent carers to share experience and shape local services.",
          when="Coffee mornings on the second Tuesday of each month, 10am to 12 noon"),
    _spec("Autism support group for parents", "forum", ["Information, advice and support"],
          (0, 25), "A peer support group for parents of autistic children.", needs=(CI,),
          when="Last Thursday of each month, 7pm to 9pm"),
    _spec("SEND mediation", "iass", ["Information, advice and support"], (0, 25),
          "Independent mediation about EHC needs assessments and plans (CFA 2014 s53), before "
          "an appeal to the Tribunal."),
    _spec("Disagreement resolution service", "iass", ["Information, advice and support"],
          (0, 25), "Independent help to resolve disagreements with schools, the council or the "
          "NHS about SEN provision."),
    _spec("Early Help for families", "council", ["Information, advice and support"], (0, 18),
          "Family support workers for families who need extra help at home."),
    _spec("Young people's SEND participation group", "forum",
          ["Information, advice and support", "Leisure and activities"], (13, 25),
          "Young people with SEND who advise the council on the Local Offer.",
          when="Monthly, after school"),
]
# fmt: on


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _slug(text: str) -> str:
    text = text.lower().replace("'", "")
    return "".join(ch if ch.isalnum() else "-" for ch in text).strip("-")


def _wipe() -> None:
    """Remove the Local Offer's services, providers, places and local areas (not the taxonomy or
    the whole-area service area, which the migration loads)."""
    for model in (ServiceAttribute, ServiceArea, ServiceAtLocation, Phone, Contact, Schedule):
        model.objects.all().delete()
    CostOption.objects.all().delete()
    Service.objects.all().delete()
    Organization.objects.all().delete()
    Location.objects.all().delete()
    Area.objects.filter(whole_council=False).delete()
    Comment.objects.all().delete()


@transaction.atomic
def load_local_offer(*, seed: int, today: date) -> int:
    """Load the demo Local Offer (replacing any other); a second load with the same seed finds it
    there and does nothing. Returns the number of services loaded (0 when already there)."""
    rng = random.Random(f"local-offer-{seed}")
    first_id = _uuid(random.Random(f"local-offer-{seed}"))
    if Service.objects.filter(pk=first_id).exists():
        return 0
    _wipe()
    service_ids = [_uuid(rng) for _ in SERVICES]
    terms = {
        (term.taxonomy.name, term.name): term
        for term in TaxonomyTerm.objects.select_related("taxonomy")
    }
    whole_area = Area.objects.get(whole_council=True)
    areas = [
        Area.objects.create(
            id=_uuid(rng), name=name, description=description, position=position + 1
        )
        for position, (name, description) in enumerate(AREAS)
    ]
    organizations = {
        key: Organization.objects.create(
            id=_uuid(rng),
            name=name,
            description=description,
            email=f"{key}@{DOMAIN}",
            website=f"https://{key}.{DOMAIN}/",
        )
        for key, (name, description) in ORGANIZATIONS.items()
    }
    places = []
    for name, neighbourhood, district, access in PLACES:
        places.append(
            Location.objects.create(
                id=_uuid(rng),
                name=name,
                address_1=f"{rng.randint(1, 120)} {rng.choice(names.STREETS)}, {neighbourhood}",
                city=names.TOWN,
                postal_code=synthetic.postcode(rng, district),
                accessibility=access,
            )
        )
    online = Location.objects.create(
        id=_uuid(rng),
        name="Online and by phone",
        location_type=Location.Type.VIRTUAL,
        description="Help by phone, email and video calls.",
    )
    for days, said, did in COMMENTS:
        Comment.objects.create(
            id=_uuid(rng),
            received_on=today - timedelta(days=days),
            comment=said,
            response=did,
            published_on=today - timedelta(days=days - 14) if did else None,
        )
    for index, spec in enumerate(SERVICES):
        _load_service(
            spec,
            service_ids[index],
            index,
            rng,
            today,
            organizations,
            terms,
            whole_area,
            areas,
            places,
            online,
        )
    return len(SERVICES)


def _status(index: int) -> str:
    """A few services are not in the public directory, as in any real Local Offer."""
    return {
        7: ServiceStatus.INACTIVE,
        23: ServiceStatus.TEMPORARILY_CLOSED,
        41: ServiceStatus.DEFUNCT,
    }.get(index, ServiceStatus.ACTIVE)


def _load_service(
    spec, service_id, index, rng, today, organizations, terms, whole_area, areas, places, online
):
    organization = organizations[spec.provider]
    # Checked over the last 15 months, or (one in 11) never: about one in three is due its review.
    assured = today - timedelta(days=rng.randint(3, 450)) if index % 11 else None
    service = Service.objects.create(
        id=service_id,
        organization=organization,
        name=spec.name,
        description=spec.description,
        status=_status(index),
        minimum_age=spec.ages[0],
        maximum_age=spec.ages[1],
        email=f"{_slug(spec.name)[:40]}@{DOMAIN}",
        url=f"https://{spec.provider}.{DOMAIN}/{_slug(spec.name)}",
        assured_date=assured,
        assurer_email=f"localoffer@{DOMAIN}" if assured else "",
    )
    for name in spec.categories:
        ServiceAttribute.objects.create(
            id=_uuid(rng), service=service, taxonomy_term=terms[(CATEGORIES, name)]
        )
    for name in spec.needs:
        ServiceAttribute.objects.create(
            id=_uuid(rng), service=service, taxonomy_term=terms[(NEEDS, name)]
        )
    local = rng.random() < 0.3
    for area in rng.sample(areas, rng.randint(1, 2)) if local else [whole_area]:
        ServiceArea.objects.create(id=_uuid(rng), service=service, area=area)
    if spec.provider == "iass" or rng.random() < 0.15:
        where = [online]
    else:
        where = rng.sample(places, rng.randint(1, 2))
    for location in where:
        ServiceAtLocation.objects.create(id=_uuid(rng), service=service, location=location)
    contact = Contact.objects.create(id=_uuid(rng), service=service, name=f"{spec.name} team")
    Phone.objects.create(
        id=_uuid(rng),
        contact=contact,
        number=f"{names.DRAMA_LANDLINE_PREFIX}{rng.randint(0, 999):03d}",
    )
    Schedule.objects.create(id=_uuid(rng), service=service, description=spec.when)
    CostOption.objects.create(
        id=_uuid(rng),
        service=service,
        option=spec.cost,
        amount=Decimal(spec.amount) if spec.amount is not None else None,
    )
