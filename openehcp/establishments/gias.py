"""Loading the settings register from a GIAS "all establishments" download (edubasealldata CSV).

GIAS (Get Information About Schools) is the DfE register of schools and colleges in England. Its
all-data file has about 140 columns and 50,000 rows; this reads the dozen the register needs. Each
row is matched by URN: new URNs are added, known ones updated where GIAS differs, and rows that
cannot be used are reported with their line number. The council's own data (the linked
caseworker) is never touched. Re-running the same file changes nothing.
"""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from openehcp.people.identifiers import IdentifierError, clean_postcode
from openehcp.web.locking import stamp

from .models import Establishment, Phase, SettingType
from .services import check_establishment

COLUMNS = {
    "urn": "URN",
    "la_code": "LA (code)",
    "name": "EstablishmentName",
    "type_code": "TypeOfEstablishment (code)",
    "type_name": "TypeOfEstablishment (name)",
    "status": "EstablishmentStatus (name)",
    "phase": "PhaseOfEducation (name)",
    "low_age": "StatutoryLowAge",
    "high_age": "StatutoryHighAge",
    "ukprn": "UKPRN",
    "fe_type": "FurtherEducationType (name)",
    "postcode": "Postcode",
}

# GIAS TypeOfEstablishment (code) -> our type of setting. Codes are those present in the
# 22 April 2025 download. Code 27 ("Miscellaneous") is mapped only for specialist designated
# colleges; other miscellaneous entries are rejected for a person to decide.
SETTING_TYPES = {
    "1": SettingType.MAINSTREAM,  # Community school
    "2": SettingType.MAINSTREAM,  # Voluntary aided school
    "3": SettingType.MAINSTREAM,  # Voluntary controlled school
    "5": SettingType.MAINSTREAM,  # Foundation school
    "6": SettingType.MAINSTREAM,  # City technology college
    "7": SettingType.SPECIAL,  # Community special school
    "8": SettingType.SPECIAL,  # Non-maintained special school
    "10": SettingType.INDEPENDENT_SPECIAL,  # Other independent special school
    "11": SettingType.MAINSTREAM,  # Other independent school
    "12": SettingType.SPECIAL,  # Foundation special school
    "14": SettingType.ALTERNATIVE_PROVISION,  # Pupil referral unit
    "15": SettingType.EARLY_YEARS,  # Local authority nursery school
    "18": SettingType.POST16,  # Further education
    "24": SettingType.ALTERNATIVE_PROVISION,  # Secure units
    "25": SettingType.OUT_OF_AREA,  # Offshore schools
    "26": SettingType.OUT_OF_AREA,  # Service children's education
    "28": SettingType.MAINSTREAM,  # Academy sponsor led
    "29": SettingType.POST16,  # Higher education institutions
    "30": SettingType.OUT_OF_AREA,  # Welsh establishment
    "31": SettingType.POST16,  # Sixth form centres
    "32": SettingType.POST16,  # Special post 16 institution
    "33": SettingType.SPECIAL,  # Academy special sponsor led
    "34": SettingType.MAINSTREAM,  # Academy converter
    "35": SettingType.MAINSTREAM,  # Free schools
    "36": SettingType.SPECIAL,  # Free schools special
    "37": SettingType.OUT_OF_AREA,  # British schools overseas
    "38": SettingType.ALTERNATIVE_PROVISION,  # Free schools alternative provision
    "39": SettingType.POST16,  # Free schools 16 to 19
    "40": SettingType.MAINSTREAM,  # University technical college
    "41": SettingType.MAINSTREAM,  # Studio schools
    "42": SettingType.ALTERNATIVE_PROVISION,  # Academy alternative provision converter
    "43": SettingType.ALTERNATIVE_PROVISION,  # Academy alternative provision sponsor led
    "44": SettingType.SPECIAL,  # Academy special converter
    "45": SettingType.POST16,  # Academy 16-19 converter
    "46": SettingType.POST16,  # Academy 16 to 19 sponsor led
    "49": SettingType.ALTERNATIVE_PROVISION,  # Online provider
    "56": SettingType.POST16,  # Institution funded by other government department
    "57": SettingType.POST16,  # Academy secure 16 to 19
}
SPECIALIST_COLLEGE = "Specialist Designated College"

PHASES = {
    "Nursery": Phase.EARLY_YEARS,
    "Primary": Phase.PRIMARY,
    "Middle deemed primary": Phase.MIDDLE,
    "Middle deemed secondary": Phase.MIDDLE,
    "Secondary": Phase.SECONDARY,
    "16 plus": Phase.POST16,
    "All-through": Phase.ALL_THROUGH,
}
OPEN_STATUSES = {"Open", "Open, but proposed to close"}
UPDATED_FIELDS = ("name", "ukprn", "setting_type", "phase", "la_code", "postcode", "is_open")
BATCH = 1000


class RowRejected(ValueError):
    """A row that cannot go into the register; the message says why."""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[tuple[int, str, str]] = field(default_factory=list)  # (line, URN, reason)


def _setting_type(row: dict) -> str:
    code = row["type_code"].strip()
    if code == "27" and row["fe_type"].strip() == SPECIALIST_COLLEGE:
        return SettingType.POST16
    if code not in SETTING_TYPES:
        name = row["type_name"].strip() or f"code {code or 'blank'}"
        raise RowRejected(f"type of establishment “{name}” has no matching type of setting")
    return SETTING_TYPES[code]


def _age(value: str) -> int | None:
    value = value.strip()
    return int(value) if value.isdigit() else None


def _phase(row: dict) -> str:
    phase = PHASES.get(row["phase"].strip(), "")
    if phase == Phase.PRIMARY:
        low, high = _age(row["low_age"]), _age(row["high_age"])
        if high is not None and high <= 7:
            return Phase.INFANT
        if low is not None and low >= 7:
            return Phase.JUNIOR
    return phase


def _postcode(value: str) -> str:
    """GIAS postcodes are almost all valid; overseas and blank ones become blank."""
    try:
        return clean_postcode(value) if value.strip() else ""
    except IdentifierError:
        return ""


def row_fields(row: dict) -> dict:
    """The register's fields from one GIAS row (keys as in ``COLUMNS``), checked by the same
    rules as the register's pages; ``RowRejected`` says why a row cannot be used."""
    fields = {
        "urn": row["urn"].strip(),
        "name": row["name"].strip(),
        "ukprn": row["ukprn"].strip(),
        "la_code": row["la_code"].strip(),
        "setting_type": _setting_type(row),
        "phase": _phase(row),
        "postcode": _postcode(row["postcode"]),
        "is_open": row["status"].strip() in OPEN_STATUSES,
    }
    try:
        check_establishment(Establishment(**fields), check_unique=False)
    except ValidationError as error:
        raise RowRejected(
            "; ".join(message for messages in error.message_dict.values() for message in messages)
        ) from error
    return fields


def decode(data: bytes) -> str:
    """GIAS downloads are Windows-1252; a file saved again by a spreadsheet may be UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


@transaction.atomic
def import_gias(text: str, *, user=None) -> ImportReport:
    """Add or update the register from the CSV's text; all or nothing."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [column for column in COLUMNS.values() if column not in (reader.fieldnames or [])]
    if missing:
        raise ValueError(f"The file is not a GIAS establishments file: no {', '.join(missing)}")
    existing = {e.urn: e for e in Establishment.objects.all()}
    report = ImportReport()
    to_create, to_update, seen = [], [], {}
    for raw in reader:
        line = reader.line_num
        row = {key: raw.get(column) or "" for key, column in COLUMNS.items()}
        urn = row["urn"].strip()
        try:
            if urn in seen:
                raise RowRejected(f"the URN is already on line {seen[urn]}")
            fields = row_fields(row)
        except RowRejected as rejected:
            report.rejected.append((line, urn, str(rejected)))
            continue
        seen[urn] = line
        entry = existing.get(urn)
        if entry is None:
            to_create.append(Establishment(**fields))
        elif any(getattr(entry, name) != fields[name] for name in UPDATED_FIELDS):
            for name in UPDATED_FIELDS:
                setattr(entry, name, fields[name])
            # A form opened on the entry before the import now reports a conflict.
            entry.version += 1
            stamp(entry, user=user)
            to_update.append(entry)
        else:
            report.unchanged += 1
    if to_create:
        bulk_create_with_history(to_create, Establishment, batch_size=BATCH, default_user=user)
    if to_update:
        bulk_update_with_history(
            to_update,
            Establishment,
            [*UPDATED_FIELDS, "version", "changed_by", "changed_at"],
            batch_size=BATCH,
            default_user=user,
        )
    report.created, report.updated = len(to_create), len(to_update)
    return report
