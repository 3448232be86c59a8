"""The case-history file format: one row per request for an EHC needs assessment.

The columns, their meaning and the accepted values are documented in the README ("Case history
files"); the names below are a contract with councils' own tools, so they never change.
No Django import: reading and checking a file does not need the database.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime

COLUMNS = (
    "person_ref",
    "forename",
    "surname",
    "date_of_birth",
    "sex",
    "upn",
    "postcode",
    "primary_need",
    "request_ref",
    "request_received",
    "request_source",
    "decision_to_assess",
    "decision_date",
    "outcome",
    "outcome_date",
    "timescale_exception",
    "setting_urn",
    "plan_ceased",
    "cease_reason",
    "last_review",
)
REQUIRED = ("person_ref", "forename", "surname", "date_of_birth", "request_ref", "request_received")
DATE_COLUMNS = (
    "date_of_birth",
    "request_received",
    "decision_date",
    "outcome_date",
    "plan_ceased",
    "last_review",
)

SEXES = ("M", "F")
SEN_NEEDS = (
    "SPLD",
    "MLD",
    "SLD",
    "PMLD",
    "SEMH",
    "SLCN",
    "HI",
    "VI",
    "MSI",
    "PD",
    "ASD",
    "OTH",
    "NSA",
)
REQUEST_SOURCES = ("parent", "young_person", "setting", "health", "social_care", "other")
DECISIONS_TO_ASSESS = ("yes", "no", "withdrawn")
OUTCOMES = ("plan_issued", "not_issued", "withdrawn")
EXCEPTION_REASONS = (
    "school_closure",
    "early_years_closure",
    "personal_circumstances",
    "absence_from_area",
    "missed_appointment",
)
CEASE_REASONS = tuple(str(code) for code in range(1, 10))

# A cell starting with one of these is run as a formula by spreadsheet programs (CSV injection):
# exports write a ' before it, and imports take the ' away again.
NEUTRALISED = ("=", "+", "-", "@")

MAX_TEXT = {"person_ref": 50, "forename": 100, "surname": 100, "request_ref": 30}
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_UK = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, reported as ``line N, column: message``."""

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.line == 0:
            return f"{self.column}: {self.message}" if self.column else self.message
        return f"line {self.line}, {self.column}: {self.message}"


def parse_date(value) -> date:
    """Read a date written as YYYY-MM-DD or DD/MM/YYYY (or an Excel date cell).

    Raises ValueError with a plain-English message for anything else, including dates that do not
    exist such as 31/02/2023.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if match := _ISO.match(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := _UK.match(text):
        day, month, year = (int(part) for part in match.groups())
    else:
        raise ValueError(f"'{text[:40]}' is not a date: write it as YYYY-MM-DD or DD/MM/YYYY")
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"'{text}' is not a real date") from None


def neutralise(text: str) -> str:
    """Make a cell safe to open in a spreadsheet (OWASP: CSV injection)."""
    return f"'{text}" if text[:1] in NEUTRALISED else text
