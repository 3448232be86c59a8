"""EHC plans the council maintains.

``EHCPlan`` is the maintained plan of one child: made on the day the final plan was first issued,
ceased on the day it actually ended (SEN2 ``CeaseDate``). The plan's content, section by section and
version by version, hangs off it.
"""

from django.db import models
from simple_history.models import HistoricalRecords


class CeaseReason(models.TextChoices):
    """SEN2 ``CeaseReason`` codes (CFA s45; regs 29-31)."""

    MAXIMUM_AGE = "1", "Reached maximum age"
    NEEDS_MET_WITHOUT_PLAN = "2", "Needs being met without an EHC plan"
    HIGHER_EDUCATION = "3", "Moved on to higher education"
    EMPLOYMENT = "4", "Moved on to paid employment, excluding apprenticeships"
    TRANSFERRED_TO_LA = "5", "Transferred to another local authority in England"
    NO_LONGER_ENGAGING = "6", "Young person no longer wishes to engage in education or training"
    MOVED_OUTSIDE_ENGLAND = "7", "Moved outside England"
    DECEASED = "8", "Deceased"
    OTHER = "9", "Other"


class EHCPlan(models.Model):
    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="plans")
    origin_request = models.OneToOneField(
        "assessments.AssessmentRequest",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan",
        help_text="The assessment that led to the plan; blank for a plan transferred in.",
    )
    made_on = models.DateField(help_text="The day the final plan was first issued.")
    transferred_from_la = models.CharField(max_length=3, blank=True)
    transferred_in_on = models.DateField(null=True, blank=True)
    named_establishment = models.ForeignKey(
        "establishments.Establishment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans",
    )
    ceased_on = models.DateField(null=True, blank=True)
    cease_reason = models.CharField(max_length=1, choices=CeaseReason.choices, blank=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-made_on"]
        indexes = [models.Index(fields=["made_on"]), models.Index(fields=["ceased_on"])]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(ceased_on__isnull=True) & models.Q(cease_reason=""))
                | (models.Q(ceased_on__isnull=False) & ~models.Q(cease_reason="")),
                name="cease_date_and_reason_together",
            )
        ]

    def __str__(self) -> str:
        return f"EHC plan for {self.child} made {self.made_on:%d %B %Y}"

    @property
    def is_maintained(self) -> bool:
        return self.ceased_on is None
