"""Checks of the identifiers a child or young person carries: UPN, ULN, NHS number and postcode;
and of the codes of the settings and councils around them: URN, UKPRN and LA code.

Each ``clean_*`` function takes what a person typed or a file held and returns the normalised value,
or raises ``IdentifierError`` with a message fit to show on a GOV.UK error. No Django import: forms,
services and the case-history import all call these.
"""

import re

from stdnum import exceptions as stdnum_errors
from stdnum.gb import nhs, upn


class IdentifierError(ValueError):
    """An identifier that is not valid; the message says what is wrong in plain English."""


# LA codes created since python-stdnum's list (DfE reorganisations): BCP (839), Dorset (838),
# North and West Northamptonshire (940, 941), Cumberland (942), Westmorland and Furness (943).
_NEW_LA_CODES = frozenset({838, 839, 940, 941, 942, 943})


def clean_upn(value: str) -> str:
    """Unique Pupil Number: 13 characters with a check letter (DfE UPN guide).

    Characters 2-4 are the council's LA code; permanent UPNs end in a digit, temporary ones in a
    letter. python-stdnum computes the check letter; LA codes created since its list are added here.
    """
    compact = upn.compact(value or "")
    if len(compact) != 13:
        raise IdentifierError("Enter a UPN of 13 characters, like H801200001001")
    if not compact[1:12].isdigit() or compact[0] not in upn._alphabet:
        raise IdentifierError(
            "Enter a UPN with a check letter followed by 11 digits and a last character"
        )
    if compact[-1] not in "0123456789" + upn._alphabet:
        raise IdentifierError(
            "The last character of the UPN must be a digit or a letter other than I, O or S"
        )
    if upn.calc_check_digit(compact[1:]) != compact[0]:
        raise IdentifierError("Enter a real UPN: the check letter does not match")
    la_code = int(compact[1:4])
    if la_code not in upn._la_numbers and la_code not in _NEW_LA_CODES:
        raise IdentifierError(f"Enter a real UPN: {compact[1:4]} is not a council's LA code")
    return compact


def clean_uln(value: str) -> str:
    """Unique Learner Number: 10 digits, the last a check digit (DfE/LRS ULN validation, WSLP02).

    Sum = 10*d1 + 9*d2 + ... + 2*d9; r = sum mod 11; r = 0 is invalid; the check digit is 10 - r.
    """
    compact = re.sub(r"\s", "", value or "")
    if not re.fullmatch(r"[1-9]\d{9}", compact):
        raise IdentifierError("Enter a ULN of 10 digits that does not start with 0")
    remainder = sum(int(d) * w for d, w in zip(compact[:9], range(10, 1, -1), strict=True)) % 11
    if remainder == 0 or 10 - remainder != int(compact[9]):
        raise IdentifierError("Enter a real ULN: the check digit does not match")
    return compact


def clean_nhs_number(value: str) -> str:
    """NHS number: 10 digits with a modulus 11 check digit (NHS Data Dictionary)."""
    compact = nhs.compact(value or "")
    if not re.fullmatch(r"\d{10}", compact):
        raise IdentifierError("Enter an NHS number of 10 digits, like 943 476 5919")
    try:
        nhs.validate(compact)
    except stdnum_errors.ValidationError as error:
        raise IdentifierError("Enter a real NHS number: the check digit does not match") from error
    return compact


def format_nhs_number(value: str) -> str:
    """Display an NHS number as 3-3-4 digits."""
    return nhs.format(value) if value else ""


_POSTCODE = re.compile(
    r"^(GIR0AA|[A-PR-UWYZ]([0-9][0-9A-HJKMNPR-Y]?|[A-HK-Y][0-9][0-9ABEHMNPRVWXY]?)[0-9][ABD-HJLNP-UW-Z]{2})$"
)


def clean_postcode(value: str) -> str:
    """A UK postcode in the Royal Mail format, returned in capitals with one space before the last
    three characters."""
    compact = re.sub(r"\s", "", value or "").upper()
    if not _POSTCODE.match(compact):
        raise IdentifierError("Enter a real postcode, like SW1A 1AA")
    return f"{compact[:-3]} {compact[-3:]}"


def _digits(value: str, count: int, message: str) -> str:
    compact = re.sub(r"\s", "", value or "")
    if not re.fullmatch(rf"\d{{{count}}}", compact):
        raise IdentifierError(message)
    return compact


def clean_urn(value: str) -> str:
    """Unique Reference Number of a school, college or other setting in GIAS: 6 digits."""
    return _digits(value, 6, "Enter a URN of 6 digits, like 123456")


def clean_ukprn(value: str) -> str:
    """UK Provider Reference Number (UK Register of Learning Providers): 8 digits."""
    return _digits(value, 8, "Enter a UKPRN of 8 digits, like 10001234")


def clean_la_code(value: str) -> str:
    """The DfE's 3-digit code of a local authority, like 210 (Southwark)."""
    return _digits(value, 3, "Enter an LA code of 3 digits, like 210")
