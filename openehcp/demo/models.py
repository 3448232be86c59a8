"""A record of each synthetic data set loaded here, so that ``openehcp demo`` is idempotent."""

from django.db import models


class DemoDataset(models.Model):
    """One run of ``openehcp demo``: its parameters, when it finished and what it loaded.

    ``finished_at`` stays empty while a load runs; a row left empty marks a load that was cut short,
    which the next run wipes before loading again.
    """

    seed = models.BigIntegerField()
    children_with_plans = models.PositiveIntegerField()
    years = models.PositiveSmallIntegerField()
    today = models.DateField(help_text="The day the history was generated relative to.")
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    counts = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return (
            f"Demo data: {self.children_with_plans} children with plans, "
            f"{self.years} years, seed {self.seed}"
        )

    def same_parameters(self, *, seed: int, children_with_plans: int, years: int) -> bool:
        return (self.seed, self.children_with_plans, self.years) == (
            seed,
            children_with_plans,
            years,
        )
