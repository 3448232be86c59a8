"""The XML message: valid against the vendored 2024 schema, empty elements left out, the 2026
items only when asked for, and the schema's own sample once our one fix is applied."""

from datetime import datetime

import pytest
from lxml import etree

from openehcp.sen2.assemble import build_return
from openehcp.sen2.xml import SCHEMA_2024, schema_errors, to_xml

from . import histories

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(h):
    return to_xml(build_return(histories.YEAR, now=datetime(2027, 1, 25, 9, 30)))


def test_the_return_validates_against_the_schema(document):
    assert schema_errors(document) == []


def test_no_empty_elements(document):
    tree = etree.fromstring(document)
    empty = [e.tag for e in tree.iter() if len(e) == 0 and not (e.text or "").strip()]
    assert empty == []


def test_header_and_order(h, document):
    tree = etree.fromstring(document)
    assert tree.findtext("Header/CollectionDetails/ReferenceDate") == "2027-01-21"
    assert tree.findtext("Header/Source/LEA") == "210"
    assert tree.findtext("Header/Source/DateTime") == "2027-01-25T09:30:00"
    child = h["late_with_exception"]
    (person,) = [p for p in tree.iter("Person") if p.findtext("Surname") == child.surname]
    assert [e.tag for e in person.find("Requests")] == [
        "ReceivedDate",
        "RYA",
        "RequestOutcomeDate",
        "RequestOutcome",
        "RequestMediation",
        "RequestTribunal",
        "Assessment",
        "ActivePlans",
    ]
    assert [e.tag for e in person.find("Requests/Assessment")][:7] == [
        "AssessmentOutcome",
        "AssessmentOutcomeDate",
        "AssessmentMediation",
        "AssessmentTribunal",
        "OtherMediation",
        "OtherTribunal",
        "Week20",
    ]
    assert person.findtext("Requests/Assessment/Week20") == "1"
    needs = [(n.findtext("SENtype"), n.findtext("SENtypeRank")) for n in person.iter("SENneed")]
    assert needs == [("SLCN", "1"), ("ASD", "2")]


def test_2026_adds_request_source(h):
    sen2 = build_return(histories.YEAR)
    tree = etree.fromstring(to_xml(sen2, schema="2026"))
    sources = {e.text for e in tree.iter("RequestSource")}
    assert sources == {"2"}  # the factories' requests come from settings
    assert tree.findtext("Header/Source/DSCO") == "Y"
    assert not list(etree.fromstring(to_xml(sen2)).iter("RequestSource"))
    with pytest.raises(ValueError):
        to_xml(sen2, schema="2025")


def test_an_active_plan_without_a_need_fails_the_schema(h):
    child = h["late_without_exception"]
    child.primary_need = ""
    child.save()
    errors = schema_errors(to_xml(build_return(histories.YEAR)))
    assert len(errors) == 1 and "ActivePlans" in errors[0]


def test_vendored_schema_accepts_a_placement_with_a_urn_and_no_sen_setting():
    """Our one change (SENSetting minOccurs 0): the DfE guide uses SENSetting only where there is
    no URN or UKPRN."""
    schema = SCHEMA_2024.read_text(encoding="utf-8")
    assert 'name="SENSetting" minOccurs="0"' in schema
    assert 'name="SENSetting" minOccurs="1"' not in schema
