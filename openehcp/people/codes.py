"""Code lists the DfE uses for children and young people (school census and SEN2)."""

from django.db import models


class Sex(models.TextChoices):
    FEMALE = "F", "Female"
    MALE = "M", "Male"


class SENNeed(models.TextChoices):
    """Primary and secondary type of need (school census / SEN2 codes)."""

    SPLD = "SPLD", "Specific learning difficulty"
    MLD = "MLD", "Moderate learning difficulty"
    SLD = "SLD", "Severe learning difficulty"
    PMLD = "PMLD", "Profound and multiple learning difficulty"
    SEMH = "SEMH", "Social, emotional and mental health"
    SLCN = "SLCN", "Speech, language and communication needs"
    HI = "HI", "Hearing impairment"
    VI = "VI", "Visual impairment"
    MSI = "MSI", "Multi-sensory impairment"
    PD = "PD", "Physical disability"
    ASD = "ASD", "Autistic spectrum disorder"
    OTH = "OTH", "Other difficulty or disability"
    NSA = "NSA", "SEN support but no specialist assessment of type of need"


class UPNUnknown(models.TextChoices):
    """Why a child or young person has no UPN or ULN (SEN2 ``UPNunknown``; the reasons the SEN2
    guide lists)."""

    UN1 = "UN1", "Under 6 and not yet given a UPN"
    UN2 = "UN2", "Never attended a state-funded school in England"
    UN3 = "UN3", "Educated outside England"
    UN5 = "UN5", "Records disagree on name or date of birth, so no reliable match"
    UN8 = "UN8", "New to the council, UPN or ULN not yet known"
    UN9 = "UN9", "Young person never attended a state-funded school or college in England"
    UN10 = "UN10", "Request ended before the UPN or ULN was known"


class Ethnicity(models.TextChoices):
    """DfE main ethnicity codes (school census)."""

    WBRI = "WBRI", "White - British"
    WIRI = "WIRI", "White - Irish"
    WIRT = "WIRT", "Traveller of Irish heritage"
    WOTH = "WOTH", "Any other White background"
    WROM = "WROM", "Gypsy/Roma"
    MWBC = "MWBC", "White and Black Caribbean"
    MWBA = "MWBA", "White and Black African"
    MWAS = "MWAS", "White and Asian"
    MOTH = "MOTH", "Any other mixed background"
    AIND = "AIND", "Indian"
    APKN = "APKN", "Pakistani"
    ABAN = "ABAN", "Bangladeshi"
    AOTH = "AOTH", "Any other Asian background"
    BCRB = "BCRB", "Black Caribbean"
    BAFR = "BAFR", "Black - African"
    BOTH = "BOTH", "Any other Black background"
    CHNE = "CHNE", "Chinese"
    OOTH = "OOTH", "Any other ethnic group"
    REFU = "REFU", "Refused"
    NOBT = "NOBT", "Information not yet obtained"


class Language(models.TextChoices):
    """First language: a selection of the DfE's language codes (ISO 639 based)."""

    ENG = "ENG", "English"
    ENB = "ENB", "Believed to be English"
    OTB = "OTB", "Believed to be other than English"
    ARA = "ARA", "Arabic"
    BEN = "BEN", "Bengali"
    CHI = "CHI", "Chinese"
    FRN = "FRN", "French"
    GUJ = "GUJ", "Gujarati"
    HIN = "HIN", "Hindi"
    ITA = "ITA", "Italian"
    KUR = "KUR", "Kurdish"
    LIT = "LIT", "Lithuanian"
    PNJ = "PNJ", "Panjabi"
    POL = "POL", "Polish"
    POR = "POR", "Portuguese"
    ROM = "ROM", "Romanian"
    RUS = "RUS", "Russian"
    SOM = "SOM", "Somali"
    SPA = "SPA", "Spanish"
    TAM = "TAM", "Tamil"
    TUR = "TUR", "Turkish"
    UKR = "UKR", "Ukrainian"
    URD = "URD", "Urdu"
    WEL = "WEL", "Welsh"
    BSL = "BSL", "British Sign Language"
    OTH = "OTH", "Other than English"
    REF = "REF", "Refused"
    NOT = "NOT", "Information not obtained"


class Residential(models.TextChoices):
    """A residential placement (SEN2 ``Res`` / ``PlanRes``); blank when it is not residential."""

    WEEKS_38_TO_51 = "A", "Residential, 38 to 51 weeks a year"
    WEEKS_52 = "B", "Residential, 52 weeks a year"


class WorkBased(models.TextChoices):
    """Work-based learning (SEN2 ``WBP`` / ``PlanWBP``); blank when it is not work-based."""

    APPRENTICESHIP = "A", "Apprenticeship"
    TRAINEESHIP = "T", "Traineeship"
    SUPPORTED_INTERNSHIP = "S", "Supported internship"
