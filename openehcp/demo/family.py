"""A synthetic child and the people around them: names, identifiers, contacts and preferences."""

import random
from datetime import date

from openehcp.people.models import Child, Contact

from . import names, synthetic
from .mixes import NEED_MIX_NEW_PLANS, NEIGHBOURING_LAS, weighted


def make_child(
    rng: random.Random, *, index: int, date_of_birth: date, need: str, today: date, la_code: str
) -> tuple[Child, str, str]:
    """A child with a name, sex, ethnicity and first language that fit together, an address, and
    the identifiers a child of that age has (UPN from Reception, ULN from 14, an NHS number).

    Returns the child, the heritage group of their name and the family's home language (blank when
    it is English)."""
    ethnicity = weighted(rng, {code: w for code, (w, _) in names.ETHNICITY_MIX.items()})
    heritage = rng.choice(names.ETHNICITY_MIX[ethnicity][1])
    girls, boys, surnames, languages = names.HERITAGE[heritage]
    sex = "M" if rng.random() < 0.72 else "F"  # about 7 in 10 plans are for boys
    forename = rng.choice(boys if sex == "M" else girls)
    surname = rng.choice(surnames)
    home_language = ""
    first_language = "ENG"
    if languages and rng.random() < 0.45:
        home_language = rng.choice(languages)
        first_language = home_language
    address, postcode = synthetic.address(rng)
    age = synthetic.age_on(date_of_birth, today)
    upn = ""
    if age >= 4 and rng.random() < 0.96:
        la = la_code if rng.random() < 0.88 else rng.choice(NEIGHBOURING_LAS)
        upn = synthetic.upn_for(index, la, synthetic.reception_year(date_of_birth))
    secondary_need = ""
    if need and rng.random() < 0.4:
        secondary_need = weighted(
            rng, {k: v for k, v in NEED_MIX_NEW_PLANS.items() if k not in {need, ""}}
        )
    # (random numbers drawn in the same order as ever, so a seed gives the same council)
    preferred_name = forename[:3] if len(forename) > 6 and rng.random() < 0.05 else ""
    uln = synthetic.uln_for(index) if age >= 14 and rng.random() < 0.9 else ""
    child = Child(
        forename=forename,
        surname=surname,
        preferred_name=preferred_name,
        date_of_birth=date_of_birth,
        sex=sex,
        upn=upn,
        uln=uln,
        # SEN2 UPNunknown: too young for a UPN, or new to the council and not yet known.
        upn_unknown_reason="" if upn or uln else ("UN1" if age < 6 else "UN8"),
        nhs_number=synthetic.nhs_number_for(index) if rng.random() < 0.97 else "",
        address=address,
        postcode=postcode,
        ethnicity=ethnicity,
        first_language=first_language,
        home_la=la_code,
        ncy_offset=-1 if rng.random() < 0.04 else 0,
        primary_need=need,
        secondary_need=secondary_need,
        lead_professional=(
            f"{rng.choice(names.PROFESSIONALS)}, community paediatrician"
            if need in {"PMLD", "SLD", "PD", "MSI"} or rng.random() < 0.08
            else ""
        ),
    )
    return child, heritage, home_language


def make_contacts(
    rng: random.Random, child: Child, heritage: str, home_language: str
) -> list[Contact]:
    """One or two parents or carers (a social worker for a looked-after child), with how they want
    to be contacted: some need an interpreter (including BSL) or an accessible format."""
    girls, boys, surnames, _ = names.HERITAGE[heritage]
    looked_after = rng.random() < 0.05
    count = 1 if looked_after or rng.random() < 0.4 else 2
    contacts = []
    for position in range(count):
        if looked_after:
            relationship = Contact.Relationship.CORPORATE_PARENT
            name = rng.choice(names.SOCIAL_WORKERS)
        else:
            relationship = rng.choices(
                (
                    Contact.Relationship.MOTHER,
                    Contact.Relationship.FATHER,
                    Contact.Relationship.PARENT,
                    Contact.Relationship.CARER,
                    Contact.Relationship.GUARDIAN,
                ),
                weights=(70, 10, 6, 8, 6) if position == 0 else (10, 70, 10, 6, 4),
            )[0]
            forename = rng.choice(
                boys
                if relationship == Contact.Relationship.FATHER
                else girls
                if relationship == Contact.Relationship.MOTHER
                else rng.choice((girls, boys))
            )
            surname = child.surname if rng.random() < 0.8 else rng.choice(surnames)
            name = f"{forename} {surname}"
        interpreter = ""
        if home_language and rng.random() < 0.35:
            interpreter = home_language
        elif rng.random() < 0.004 or (child.primary_need == "HI" and rng.random() < 0.1):
            interpreter = "BSL"
        accessible = ""
        if rng.random() < 0.05:
            accessible = rng.choices(
                (
                    Contact.Format.LARGE_PRINT,
                    Contact.Format.EASY_READ,
                    Contact.Format.AUDIO,
                    Contact.Format.BRAILLE,
                ),
                weights=(40, 40, 12, 8),
            )[0]
        method = rng.choices(
            (
                Contact.Method.EMAIL,
                Contact.Method.PHONE,
                Contact.Method.POST,
                Contact.Method.TEXT,
            ),
            weights=(60, 15, 15, 10),
        )[0]
        if accessible in {Contact.Format.BRAILLE, Contact.Format.LARGE_PRINT}:
            method = Contact.Method.POST
        if position == 0 or rng.random() < 0.7:
            address, postcode = child.address, child.postcode
        else:
            address, postcode = synthetic.address(rng)
        first, _, last = name.partition(" ")
        contacts.append(
            Contact(
                child=child,
                name=name,
                relationship=relationship,
                parental_responsibility=relationship != Contact.Relationship.CORPORATE_PARENT,
                email=synthetic.email_for(rng, first, last) if rng.random() < 0.9 else "",
                phone=synthetic.phone(rng),
                address=address,
                postcode=postcode,
                preferred_method=method,
                interpreter_language=interpreter,
                accessible_format=accessible,
                is_main_contact=position == 0,
            )
        )
    return contacts
