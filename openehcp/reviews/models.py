"""Annual reviews of EHC plans (CFA s44; regs 18-21)."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class ReviewOutcome(models.TextChoices):
    """SEN2 ``ReviewOutcome``: the council's decision after the review meeting (reg 20(10))."""

    MAINTAIN = "M", "Maintain the plan unchanged"
    AMEND = "A", "Amend the plan"
    CEASE = "C", "Cease the plan"


class AnnualReview(models.Model):
    plan = models.ForeignKey("plans.EHCPlan", on_delete=models.CASCADE, related_name="reviews")
    is_interim = models.BooleanField(default=False, help_text="An early or interim review.")
    meeting_on = models.DateField(null=True, blank=True)
    report_received_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=1, choices=ReviewOutcome.choices, blank=True)
    decision_on = models.DateField(
        null=True, blank=True, help_text="The day the decision letter was sent (SEN2 LastReview)."
    )
    officer_attended = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-meeting_on"]
        indexes = [
            models.Index(fields=["plan", "meeting_on"]),
            models.Index(fields=["decision_on"]),
        ]


class TransferPhase(models.TextChoices):
    """The phase a child moves into (reg 2, "transfer between phases of education"); the values
    are those of ``openehcp.clock.Phase``."""

    PRIMARY = "primary", "Early years to school (Reception)"
    JUNIOR = "junior", "Infant to junior school"
    MIDDLE = "middle", "Primary to middle school"
    SECONDARY = "secondary", "Primary or middle to secondary school"
    POST16 = "post16", "Secondary school to a post-16 institution"


class PhaseTransfer(models.Model):
    """A move between phases of education that needs the plan reviewed and amended first (reg 18).

    The amended plan naming the new setting is due before 15 February of the year of transfer, or
    before 31 March for a move from secondary school to a post-16 institution; ``openehcp.clock``
    computes the date from ``transfer_year`` and ``to_phase``.
    """

    plan = models.ForeignKey(
        "plans.EHCPlan", on_delete=models.CASCADE, related_name="phase_transfers"
    )
    transfer_year = models.PositiveSmallIntegerField(
        help_text="The calendar year in which the child or young person moves (usually September)."
    )
    to_phase = models.CharField(max_length=20, choices=TransferPhase.choices)
    amended_plan_issued_on = models.DateField(null=True, blank=True)
    named_establishment = models.ForeignKey(
        "establishments.Establishment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["transfer_year"]
        indexes = [models.Index(fields=["transfer_year", "to_phase"])]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "transfer_year"], name="one_phase_transfer_per_plan_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"Transfer to {self.get_to_phase_display()} in {self.transfer_year}"
