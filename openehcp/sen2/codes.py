"""Our codes to SEN2 codes, in one place.

Every value the return carries that is a code comes through a function here, so the mapping is
tested once and read once. Where our record already holds the DfE's code (ethnicity, needs, cease
reasons, review outcomes) the function checks it is one the 2024 schema accepts.
"""

from openehcp.assessments.models import RequestSource
from openehcp.establishments.models import SettingType
from openehcp.people.codes import Ethnicity, SENNeed, Sex, UPNUnknown

#: SEN2 ``Sex`` (2024 schema): M, F, or U when it is not recorded.
SEX = {Sex.MALE: "M", Sex.FEMALE: "F", "": "U"}

#: SEN2 ``Ethnicity``: the DfE main codes, which we record as they are; not recorded is NOBT
#: ("information not yet obtained").
ETHNICITY = {code: code for code in Ethnicity.values} | {"": "NOBT"}

#: SEN2 ``SENtype`` (2024 schema). NSA (SEN support, no specialist assessment) belongs to the
#: school census only: an EHC plan must name a type of need, so NSA maps to nothing.
NEED = {code: code for code in SENNeed.values if code != SENNeed.NSA}

#: SEN2 ``UPNunknown``: we record the SEN2 guide's reasons as they are (the 2024 schema also
#: accepts UN4, UN6 and UN7, which belong to other collections).
UPN_UNKNOWN = {code: code for code in UPNUnknown.values}

#: SEN2 ``RequestSource`` (2026 collection): who asked for the assessment.
REQUEST_SOURCE = {
    RequestSource.PARENT: "1",
    RequestSource.YOUNG_PERSON: "1",
    RequestSource.SETTING: "2",
    RequestSource.HEALTH: "3",
    RequestSource.SOCIAL_CARE: "4",
    RequestSource.OTHER: "5",
}

#: SEN2 ``SENSetting`` for a plan that names only a type of setting (no URN or UKPRN): OTH, with
#: the type's name in ``SENSettingOther``. Early years providers without a GIAS URN are EYP.
SETTING_WITHOUT_URN = {code: "OTH" for code in SettingType.values} | {
    SettingType.EARLY_YEARS: "EYP"
}

#: The placement indicators from our setting type: (SENunitIndicator, ResourcedProvisionIndicator).
#: Our register has one type for "resourced provision or SEN unit", reported as resourced provision.
INDICATORS = {code: ("0", "0") for code in SettingType.values} | {
    SettingType.RESOURCED_PROVISION: ("0", "1")
}

#: SEN2 outcomes of a request (module 2) and of an assessment (module 3).
OUTCOME_YES, OUTCOME_NO, OUTCOME_PENDING, OUTCOME_WITHDRAWN, OUTCOME_HISTORICAL = "YNAWH"

#: SEN2 ``CeaseReason`` and ``ReviewOutcome`` are stored as their SEN2 codes (plans.CeaseReason,
#: reviews.ReviewOutcome).
CEASE_REASONS = frozenset("123456789")
REVIEW_OUTCOMES = frozenset("ACM")


def sex(value: str) -> str:
    return SEX.get(value, "U")


def ethnicity(value: str) -> str:
    return ETHNICITY.get(value, "NOBT")


def need(value: str) -> str:
    """The SEN2 need type, or "" for no need or one SEN2 does not accept (NSA)."""
    return NEED.get(value, "")


def upn_unknown(value: str) -> str:
    return UPN_UNKNOWN.get(value, "")


def request_source(value: str) -> str:
    return REQUEST_SOURCE.get(value, "5")


def setting_without_urn(setting_type: str) -> str:
    return SETTING_WITHOUT_URN.get(setting_type, "OTH")


def indicators(setting_type: str) -> tuple[str, str]:
    return INDICATORS.get(setting_type, ("0", "0"))


def flag(value: bool) -> str:
    """SEN2 yes/no items: 1 or 0, as the DfE's sample does."""
    return "1" if value else "0"
