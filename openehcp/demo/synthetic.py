"""Synthetic identifiers, names and addresses that pass OpenEHCP's own validation.

Identifiers are built from a child's position in the load (``index``) so they are unique without a
lookup, whatever the size of the load:

- UPN (DfE UPN guide): check letter + LA code + establishment number + two-digit year + serial; the
  establishment number and serial come from the index, so no two children share a UPN.
- NHS number: the 999 range, which the NHS reserves for testing and never issues to a patient.
- ULN: 10 digits with the LRS check digit.
"""

import random
import re
from datetime import date

from stdnum.gb import upn as stdnum_upn

from . import names

# Multipliers that permute 0..N-1 so consecutive children do not get consecutive numbers; each is
# coprime with the size of the space it permutes.
_NHS_SPACE = 900_000
_NHS_MULTIPLIER = 383_777
_ULN_SPACE = 9_000_000
_ULN_MULTIPLIER = 2_750_159
MAX_CHILDREN = 8_000_000  # UPN establishment numbers 2000-9999 with 1,000 serials each


def upn_for(index: int, la_code: str, reception_year: int) -> str:
    """A permanent UPN allocated in the academic year that began in ``reception_year``."""
    if not 0 <= index < MAX_CHILDREN:
        raise ValueError(f"index {index} is outside the synthetic UPN range")
    establishment_number = 2000 + index // 1000
    body = f"{la_code}{establishment_number:04d}{reception_year % 100:02d}{index % 1000:03d}"
    return stdnum_upn.calc_check_digit(body) + body


def _last_digit_choices(first_eight: str, *, nhs: bool) -> list[str]:
    """Ninth and check digits that make ``first_eight`` valid (mod 11, weights 10 down to 2)."""
    partial = sum(int(d) * w for d, w in zip(first_eight, range(10, 2, -1), strict=True))
    choices = []
    for ninth in range(10):
        remainder = (partial + 2 * ninth) % 11
        if nhs:
            check = 11 - remainder
            if check == 10:
                continue
            choices.append(f"{ninth}{0 if check == 11 else check}")
        else:
            if remainder == 0:
                continue
            choices.append(f"{ninth}{10 - remainder}")
    return choices


def nhs_number_for(index: int) -> str:
    """A valid NHS number from the 999 test range; distinct for distinct indexes below 900,000.

    Every 8-digit prefix has at least 9 last digits that give a valid modulus 11 check digit, so
    ``index`` maps to a prefix (``index // 9``) and the ``index % 9``-th valid ending.
    """
    slot = (index % _NHS_SPACE) * _NHS_MULTIPLIER % _NHS_SPACE
    prefix = f"999{slot // 9:05d}"
    return prefix + _last_digit_choices(prefix, nhs=True)[slot % 9]


def uln_for(index: int) -> str:
    """A valid ULN (check digit per the LRS ULN validation guide); distinct below 9,000,000.

    As for NHS numbers: ``index`` picks an 8-digit prefix (never starting with 0) and one of its
    at least 9 valid ninth digits.
    """
    slot = (index % _ULN_SPACE) * _ULN_MULTIPLIER % _ULN_SPACE
    prefix = f"{10_000_000 + (slot // 9) * 89 % 90_000_000}"
    return prefix + _last_digit_choices(prefix, nhs=False)[slot % 9]


def postcode(rng: random.Random, district: str) -> str:
    letters = names.POSTCODE_LETTERS
    return f"{district} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"


def address(rng: random.Random) -> tuple[str, str]:
    """A made-up street address in the demo borough and its postcode."""
    neighbourhood, district = rng.choice(names.NEIGHBOURHOODS)
    street = rng.choice(names.STREETS)
    number = rng.randint(1, 180)
    if rng.random() < 0.18:
        line = f"Flat {rng.randint(1, 24)}, {rng.choice(names.SETTING_STEMS)} House, {street}"
    else:
        line = f"{number} {street}"
    return f"{line}\n{neighbourhood}\n{names.TOWN}", postcode(rng, district)


def email_for(rng: random.Random, forename: str, surname: str) -> str:
    local = re.sub(r"[^a-z.]", "", f"{forename}.{surname}".lower())
    return f"{local}{rng.randint(1, 99)}@{rng.choice(names.EMAIL_DOMAINS)}"


def phone(rng: random.Random) -> str:
    if rng.random() < 0.8:
        return f"{names.DRAMA_MOBILE_PREFIX}{rng.randint(0, 999):03d}"
    return f"{names.DRAMA_LANDLINE_PREFIX}{rng.randint(0, 999):03d}"


def age_on(date_of_birth: date, day: date) -> int:
    return (
        day.year
        - date_of_birth.year
        - ((day.month, day.day) < (date_of_birth.month, date_of_birth.day))
    )


def reception_year(date_of_birth: date) -> int:
    """The calendar year in which the child started Reception (the September after turning 4)."""
    return date_of_birth.year + (5 if date_of_birth.month >= 9 else 4)


def end_of_academic_year_turning(date_of_birth: date, age: int) -> date:
    """31 August at the end of the academic year in which the child turns ``age``."""
    birthday_year = date_of_birth.year + age
    if date_of_birth.month >= 9:
        return date(birthday_year + 1, 8, 31)
    return date(birthday_year, 8, 31)
