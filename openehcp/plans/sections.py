"""The rows of a plan version's sections, its comments, and the council's glossary.

Every row belongs to one ``PlanVersion`` (``plan_version``) and is frozen once that version is
issued: saving or deleting a row, changing rows in bulk or changing the links between needs,
outcomes and provision of an issued version raises ``ImmutableVersion``.
"""

from django.conf import settings
from django.db import models
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from simple_history.models import HistoricalRecords

from openehcp.web.locking import EditLocked

from .models import ImmutableVersion, VersionStatus


class VersionContentQuerySet(models.QuerySet):
    def _refuse_if_issued(self, verb: str) -> None:
        if self.filter(plan_version__status=VersionStatus.ISSUED).exists():
            raise ImmutableVersion(f"Rows of an issued plan version cannot be {verb}")

    def update(self, **kwargs):
        self._refuse_if_issued("changed")
        return super().update(**kwargs)

    def delete(self):
        self._refuse_if_issued("deleted")
        return super().delete()


def _refuse_if_issued(version_id) -> None:
    from .models import PlanVersion

    if PlanVersion.objects.filter(pk=version_id, status=VersionStatus.ISSUED).exists():
        raise ImmutableVersion("This plan version was issued and cannot be changed")


class VersionContent(models.Model):
    """A row of a plan version: frozen once the version is issued."""

    objects = VersionContentQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["pk"]

    def save(self, *args, **kwargs):
        _refuse_if_issued(self.plan_version_id)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _refuse_if_issued(self.plan_version_id)
        return super().delete(*args, **kwargs)


class AreaOfNeed(models.TextChoices):
    """The four broad areas of need (SEND Code of Practice 6.28-6.35)."""

    COMMUNICATION = "communication", "Communication and interaction"
    COGNITION = "cognition", "Cognition and learning"
    SEMH = "semh", "Social, emotional and mental health"
    SENSORY_PHYSICAL = "sensory_physical", "Sensory and/or physical needs"


class PfaArea(models.TextChoices):
    """Preparing for adulthood (CoP 8.9; reg 12(3): from Year 9)."""

    EMPLOYMENT = "employment", "Employment, including higher education"
    INDEPENDENT_LIVING = "independent_living", "Independent living"
    COMMUNITY = "community", "Friends, relationships and community inclusion"
    HEALTH = "health", "Good health"


class Need(VersionContent):
    """A special educational need (section B), health need (C) or social care need (D)."""

    class Section(models.TextChoices):
        B = "b", "Special educational needs (B)"
        C = "c", "Health needs (C)"
        D = "d", "Social care needs (D)"

    plan_version = models.ForeignKey(
        "plans.PlanVersion", on_delete=models.CASCADE, related_name="needs"
    )
    section = models.CharField(max_length=1, choices=Section.choices)
    area = models.CharField("area of need", max_length=20, choices=AreaOfNeed.choices, blank=True)
    text = models.TextField()
    history = HistoricalRecords()

    class Meta(VersionContent.Meta):
        pass

    def __str__(self) -> str:
        return self.text[:80]


class Outcome(VersionContent):
    """An outcome (section E): what the child will achieve, the steps towards it and by when."""

    plan_version = models.ForeignKey(
        "plans.PlanVersion", on_delete=models.CASCADE, related_name="outcomes"
    )
    text = models.TextField()
    steps = models.TextField(blank=True)
    time_frame = models.CharField(max_length=200, blank=True)
    needs = models.ManyToManyField(Need, blank=True, related_name="outcomes")
    preparing_for_adulthood = models.BooleanField(default=False)
    pfa_area = models.CharField(max_length=20, choices=PfaArea.choices, blank=True)
    history = HistoricalRecords()

    class Meta(VersionContent.Meta):
        pass

    def __str__(self) -> str:
        return self.text[:80]


class Provision(VersionContent):
    """Provision (sections F, G, H1 and H2): what, who provides it, how often, for how long and in
    what group, with the needs and outcomes it serves. CoP 9.69: section F is detailed and specific
    and normally quantified."""

    class Section(models.TextChoices):
        F = "f", "Special educational provision (F)"
        G = "g", "Health provision (G)"
        H1 = "h1", "Social care provision under the 1970 Act (H1)"
        H2 = "h2", "Other social care provision (H2)"

    plan_version = models.ForeignKey(
        "plans.PlanVersion", on_delete=models.CASCADE, related_name="provisions"
    )
    section = models.CharField(max_length=2, choices=Section.choices)
    what = models.TextField()
    who = models.CharField(max_length=200, blank=True)
    frequency = models.CharField("how often", max_length=200, blank=True)
    duration = models.CharField("for how long", max_length=200, blank=True)
    group_size = models.CharField(max_length=100, blank=True)
    needs = models.ManyToManyField(Need, blank=True, related_name="provisions")
    outcomes = models.ManyToManyField(Outcome, blank=True, related_name="provisions")
    history = HistoricalRecords()

    class Meta(VersionContent.Meta):
        pass

    def __str__(self) -> str:
        return self.what[:80]


class BudgetItem(VersionContent):
    """Section J: provision a personal budget pays for (CFA s49; SI 2014/1652)."""

    plan_version = models.ForeignKey(
        "plans.PlanVersion", on_delete=models.CASCADE, related_name="budget_items"
    )
    provision_covered = models.TextField()
    how_used = models.TextField(blank=True)
    direct_payment = models.BooleanField(default=False)
    amount = models.DecimalField(
        "amount a year (£)", max_digits=10, decimal_places=2, null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta(VersionContent.Meta):
        pass


class AdviceItem(VersionContent):
    """Section K: advice and information the plan rests on - advice asked for in the assessment
    (reg 6) or another document on the record."""

    plan_version = models.ForeignKey(
        "plans.PlanVersion", on_delete=models.CASCADE, related_name="advice_items"
    )
    advice_request = models.ForeignKey(
        "assessments.AdviceRequest",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    document = models.ForeignKey(
        "assessments.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(max_length=200)
    dated = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta(VersionContent.Meta):
        pass


class PlanComment(VersionContent):
    """A comment on a draft, recorded by the caseworker with who made it (co-production; CFA s38
    for the draft plan). Each comment is answered or accepted before the version is issued."""

    class Source(models.TextChoices):
        PARENT = "parent", "Parent or carer"
        YOUNG_PERSON = "young_person", "The child or young person"
        SETTING = "setting", "School, college or setting"
        PROFESSIONAL = "professional", "Professional"

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for an answer"
        ANSWERED = "answered", "Answered"
        ACCEPTED = "accepted", "Accepted: plan changed"

    plan_version = models.ForeignKey(
        "plans.PlanVersion", on_delete=models.CASCADE, related_name="comments"
    )
    source = models.CharField(max_length=20, choices=Source.choices)
    made_by = models.CharField(max_length=200, blank=True)
    section = models.CharField(max_length=2, blank=True)
    text = models.TextField()
    received_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    response = models.TextField(blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta(VersionContent.Meta):
        pass


class GlossaryTerm(EditLocked):
    """Jargon and acronyms the council wants out of its plans, with a plain-English alternative.
    The quality checks flag every use in a draft."""

    term = models.CharField(max_length=100, unique=True)
    plain_english = models.CharField(max_length=300)
    history = HistoricalRecords()

    class Meta:
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term


@receiver(m2m_changed, sender=Outcome.needs.through)
@receiver(m2m_changed, sender=Provision.needs.through)
@receiver(m2m_changed, sender=Provision.outcomes.through)
def _links_of_issued_versions_are_frozen(sender, instance, action, reverse, model, pk_set, **kw):
    """The links between needs, outcomes and provision of an issued version cannot change."""
    if not action.startswith("pre_"):
        return
    version_ids = {instance.plan_version_id}
    if reverse and pk_set:
        version_ids |= set(
            model.objects.filter(pk__in=pk_set).values_list("plan_version_id", flat=True)
        )
    for version_id in version_ids:
        _refuse_if_issued(version_id)
