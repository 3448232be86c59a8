"""The council's register of education settings, named by their DfE URN (GIAS)."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords

from openehcp.web.locking import EditLocked

urn_validator = RegexValidator(r"^\d{6}$", "Enter a URN of 6 digits, like 123456")
ukprn_validator = RegexValidator(r"^\d{8}$", "Enter a UKPRN of 8 digits, like 10001234")


class SettingType(models.TextChoices):
    MAINSTREAM = "mainstream", "Mainstream school"
    RESOURCED_PROVISION = "resourced_provision", "Resourced provision or SEN unit"
    SPECIAL = "special", "Special school"
    INDEPENDENT_SPECIAL = "independent_special", "Independent special school"
    POST16 = "post16", "Post-16 institution"
    EARLY_YEARS = "early_years", "Early years provider"
    ALTERNATIVE_PROVISION = "alternative_provision", "Alternative provision"
    OUT_OF_AREA = "out_of_area", "Out of area"


class Phase(models.TextChoices):
    EARLY_YEARS = "early_years", "Early years"
    PRIMARY = "primary", "Primary"
    INFANT = "infant", "Infant"
    JUNIOR = "junior", "Junior"
    MIDDLE = "middle", "Middle"
    SECONDARY = "secondary", "Secondary"
    ALL_THROUGH = "all_through", "All-through"
    POST16 = "post16", "16 plus"


class Establishment(EditLocked):
    urn = models.CharField("URN", max_length=6, unique=True, validators=[urn_validator])
    ukprn = models.CharField("UKPRN", max_length=8, blank=True, validators=[ukprn_validator])
    name = models.CharField(max_length=200)
    setting_type = models.CharField(max_length=30, choices=SettingType.choices)
    phase = models.CharField(max_length=20, choices=Phase.choices, blank=True)
    la_code = models.CharField("LA code", max_length=3, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    linked_caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="linked_establishments",
    )
    is_open = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.urn})"
