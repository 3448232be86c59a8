"""Our codes map to codes the SEN2 2024 schema accepts, each list checked against the schema."""

import pytest
from lxml import etree

from openehcp.assessments.models import RequestSource
from openehcp.establishments.models import SettingType
from openehcp.people.codes import Ethnicity, SENNeed, Sex, UPNUnknown
from openehcp.plans.models import CeaseReason
from openehcp.reviews.models import ReviewOutcome
from openehcp.sen2 import codes
from openehcp.sen2.xml import SCHEMA_2024

XS = "{http://www.w3.org/2001/XMLSchema}"


def enumeration(type_name: str) -> set[str]:
    tree = etree.parse(str(SCHEMA_2024))
    (simple,) = [t for t in tree.iter(f"{XS}simpleType") if t.get("name") == type_name]
    return {e.get("value") for e in simple.iter(f"{XS}enumeration")}


def test_sex():
    assert [codes.sex(v) for v in (Sex.MALE, Sex.FEMALE, "")] == ["M", "F", "U"]
    assert set(codes.SEX.values()) <= enumeration("sextype")


def test_ethnicity_is_the_dfe_code_and_not_recorded_is_nobt():
    assert codes.ethnicity("WBRI") == "WBRI"
    assert codes.ethnicity("") == "NOBT"
    assert {codes.ethnicity(v) for v in Ethnicity.values} == enumeration("ethnicitytype")


def test_need_types_and_nsa():
    assert codes.need("ASD") == "ASD"
    assert codes.need(SENNeed.NSA) == ""  # school census only: a plan must name a need
    assert codes.need("") == ""
    assert {codes.need(v) for v in SENNeed.values} - {""} == enumeration("sentype")


def test_upn_unknown_reasons_are_the_sen2_guides():
    assert codes.upn_unknown("UN8") == "UN8"
    assert codes.upn_unknown("") == ""
    assert set(UPNUnknown.values) == {"UN1", "UN2", "UN3", "UN5", "UN8", "UN9", "UN10"}
    assert set(UPNUnknown.values) <= enumeration("unknownupntype")


def test_outcomes_cease_reasons_and_review_outcomes():
    assert set("YNAWH") == enumeration("requestoutcometype") == enumeration("assessmentoutcometype")
    assert set(CeaseReason.values) == codes.CEASE_REASONS == enumeration("ceasereasontype")
    assert set(ReviewOutcome.values) == codes.REVIEW_OUTCOMES == enumeration("reviewoutcometype")


@pytest.mark.parametrize(
    "source, code",
    [
        (RequestSource.PARENT, "1"),
        (RequestSource.YOUNG_PERSON, "1"),
        (RequestSource.SETTING, "2"),
        (RequestSource.HEALTH, "3"),
        (RequestSource.SOCIAL_CARE, "4"),
        (RequestSource.OTHER, "5"),
    ],
)
def test_request_source(source, code):
    assert codes.request_source(source) == code


def test_settings_without_urn_and_indicators():
    assert codes.setting_without_urn(SettingType.EARLY_YEARS) == "EYP"
    assert codes.setting_without_urn(SettingType.SPECIAL) == "OTH"
    assert set(codes.SETTING_WITHOUT_URN.values()) <= enumeration("sensettingtype")
    assert codes.indicators(SettingType.RESOURCED_PROVISION) == ("0", "1")
    assert codes.indicators(SettingType.MAINSTREAM) == ("0", "0")
    assert {v for pair in codes.INDICATORS.values() for v in pair} <= enumeration("yesnotype")
