"""Write a ``Sen2Return`` as the DfE's XML message and validate it against the vendored schema.

Elements follow the 2024 schema's order; empty elements are left out (the schema refuses most
of them). ``schema="2026"`` adds the items the 2024 schema lacks and OpenEHCP records
(``RequestSource``; ``DSCO`` when it is set): there is no public 2026 schema, so that output is
not validated here.
"""

from datetime import date
from functools import cache
from pathlib import Path

from lxml import etree

from .assemble import ActivePlan, Assessment, Header, NamedPlan, Person, RequestRow, Sen2Return
from .assemble import Setting as SettingRow

SCHEMA_2024 = Path(__file__).parent / "schema" / "SEN2_schema_2024.xsd"
SCHEMAS = ("2024", "2026")


@cache
def schema_2024() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA_2024)))


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _add(parent, name: str, value=None):
    """Add ``<name>value</name>``, unless the value is empty."""
    text = _text(value)
    if text == "":
        return None
    element = etree.SubElement(parent, name)
    element.text = text
    return element


def _header(message, header: Header, schema: str) -> None:
    element = etree.SubElement(message, "Header")
    details = etree.SubElement(element, "CollectionDetails")
    _add(details, "Collection", "SEN2")
    _add(details, "Year", header.year)
    _add(details, "ReferenceDate", header.reference_date)
    source = etree.SubElement(element, "Source")
    _add(source, "SourceLevel", "L")
    # LEA, DMO and DCO are required: written even when blank, so the schema names what is missing.
    etree.SubElement(source, "LEA").text = header.lea
    _add(source, "SoftwareCode", header.software_code)
    _add(source, "Release", header.release)
    _add(source, "SerialNo", header.serial)
    _add(source, "DateTime", header.created.isoformat())
    etree.SubElement(source, "DMO").text = header.dmo
    etree.SubElement(source, "DCO").text = header.dco
    if schema == "2026":
        _add(source, "DSCO", header.dsco)


def _setting(parent, name: str, setting: SettingRow, *, placement: bool) -> None:
    element = etree.SubElement(parent, name)
    _add(element, "URN", setting.urn)
    _add(element, "UKPRN", setting.ukprn)
    _add(element, "SENSetting", setting.sen_setting)
    _add(element, "SENSettingOther", setting.sen_setting_other)
    _add(element, "PlacementRank", setting.rank)
    if placement:
        _add(element, "EntryDate", setting.entry_date)
        _add(element, "LeavingDate", setting.leaving_date)
    _add(element, "SENunitIndicator", setting.sen_unit)
    _add(element, "ResourcedProvisionIndicator", setting.resourced_provision)
    if placement:
        _add(element, "Res", setting.residential)
        _add(element, "WBP", setting.work_based)


def _named_plan(parent, plan: NamedPlan) -> None:
    element = etree.SubElement(parent, "NamedPlan")
    _add(element, "StartDate", plan.start_date)
    for detail in plan.details:
        _setting(element, "PlanDetail", detail, placement=False)
    _add(element, "PlanRes", plan.residential)
    _add(element, "PlanWBP", plan.work_based)
    _add(element, "PB", plan.pb)
    _add(element, "CeaseDate", plan.cease_date)
    _add(element, "CeaseReason", plan.cease_reason)


def _assessment(parent, assessment: Assessment) -> None:
    element = etree.SubElement(parent, "Assessment")
    _add(element, "AssessmentOutcome", assessment.outcome)
    _add(element, "AssessmentOutcomeDate", assessment.outcome_date)
    _add(element, "AssessmentMediation", assessment.mediation)
    _add(element, "AssessmentTribunal", assessment.tribunal)
    _add(element, "OtherMediation", assessment.other_mediation)
    _add(element, "OtherTribunal", assessment.other_tribunal)
    _add(element, "Week20", assessment.week20)
    if assessment.named_plan:
        _named_plan(element, assessment.named_plan)


def _active_plan(parent, plan: ActivePlan) -> None:
    element = etree.SubElement(parent, "ActivePlans")
    _add(element, "TransferLA", plan.transfer_la)
    for placement in plan.placements:
        _setting(element, "PlacementDetail", placement, placement=True)
    for need in plan.needs:
        need_element = etree.SubElement(element, "SENneed")
        _add(need_element, "SENtype", need.type)
        _add(need_element, "SENtypeRank", need.rank)
    _add(element, "ReviewMeeting", plan.review_meeting)
    _add(element, "ReviewOutcome", plan.review_outcome)
    _add(element, "LastReview", plan.last_review)


def _request(parent, row: RequestRow, schema: str) -> None:
    element = etree.SubElement(parent, "Requests")
    _add(element, "ReceivedDate", row.received_date)
    if schema == "2026" and row.request_id is not None:
        _add(element, "RequestSource", row.request_source)
    _add(element, "RYA", row.rya)
    _add(element, "RequestOutcomeDate", row.outcome_date)
    _add(element, "RequestOutcome", row.outcome)
    _add(element, "RequestMediation", row.mediation)
    _add(element, "RequestTribunal", row.tribunal)
    _add(element, "Exported", row.exported)
    if row.assessment:
        _assessment(element, row.assessment)
    if row.active_plan:
        _active_plan(element, row.active_plan)


def _person(parent, person: Person, schema: str) -> None:
    element = etree.SubElement(parent, "Person")
    etree.SubElement(element, "Surname").text = person.surname
    etree.SubElement(element, "Forename").text = person.forename
    _add(element, "PersonBirthDate", person.birth_date)
    _add(element, "Sex", person.sex)
    _add(element, "Ethnicity", person.ethnicity)
    etree.SubElement(element, "PostCode").text = person.postcode  # required, even if unknown
    _add(element, "UPN", person.upn)
    _add(element, "UniqueLearnerNumber", person.uln)
    _add(element, "UPNunknown", person.upn_unknown)
    for row in person.requests:
        _request(element, row, schema)


def to_xml(sen2: Sen2Return, *, schema: str = "2024") -> bytes:
    """The return as UTF-8 XML bytes, for the 2024 schema (default) or with the 2026 items."""
    if schema not in SCHEMAS:
        raise ValueError(f"schema must be one of {', '.join(SCHEMAS)}")
    message = etree.Element("Message")
    _header(message, sen2.header, schema)
    persons = etree.SubElement(message, "Persons")
    for person in sen2.persons:
        _person(persons, person, schema)
    return etree.tostring(message, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def schema_errors(document: bytes) -> list[str]:
    """What the vendored 2024 schema says is wrong with ``document`` ([] when it is valid): each
    as "line N: message"."""
    schema = schema_2024()
    tree = etree.fromstring(document)
    if schema.validate(tree):
        return []
    return [f"line {error.line}: {error.message}" for error in schema.error_log]
