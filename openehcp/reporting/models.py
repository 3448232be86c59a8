"""What leaders add to the figures: the commentary of the monthly board report."""

from django.db import models

from openehcp.web.locking import EditLocked


class BoardReportSection(models.TextChoices):
    SUMMARY = "summary", "Summary for the board"
    TIMELINESS = "timeliness", "Plans issued within 20 weeks"
    DEMAND = "demand", "Requests and open work"
    REVIEWS = "reviews", "Annual reviews and phase transfers"
    CASELOADS = "caseloads", "Caseloads"
    FORECAST = "forecast", "Forecast and sufficiency"


class BoardReportCommentary(EditLocked):
    """A leader's commentary on one section of the board report for one month."""

    month = models.DateField(help_text="The first day of the month the report covers.")
    section = models.CharField(max_length=20, choices=BoardReportSection.choices)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["month", "section"]
        verbose_name_plural = "board report commentaries"
        constraints = [
            models.UniqueConstraint(
                fields=["month", "section"], name="one_commentary_per_section_per_month"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_section_display()} ({self.month:%B %Y})"
