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
