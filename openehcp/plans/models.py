"""EHC plans the council maintains.

``EHCPlan`` is the maintained plan of one child: made on the day the final plan was first issued,
ceased on the day it actually ended (SEN2 ``CeaseDate``). The plan's content, section by section and
version by version, hangs off it.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from openehcp.web.locking import EditLocked


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


class EHCPlan(EditLocked):
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


# --- the plan's content, version by version ------------------------------------------------------


class ImmutableVersion(Exception):
    """Raised when code tries to change an issued plan version or its content."""


class PlanKind(models.TextChoices):
    """What a version is (reg 13(1) draft plan, reg 13(2) final plan, reg 22 amended plan)."""

    DRAFT = "draft", "Draft plan"
    FINAL = "final", "Final plan"
    AMENDED = "amended", "Amended plan"


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "Being drafted"
    ISSUED = "issued", "Issued"


class PlanVersionQuerySet(models.QuerySet):
    """Issued versions cannot be changed in bulk either. Only what links a version to the record
    may be set after it is issued: the maintained plan (``plan``, once the final plan makes it)
    and the documents rendered from it as it was issued."""

    LINK_FIELDS = frozenset({"plan", "pdf_document", "word_document"})

    def update(self, **kwargs):
        if set(kwargs) - self.LINK_FIELDS and self.filter(status=VersionStatus.ISSUED).exists():
            raise ImmutableVersion("An issued plan version cannot be changed")
        return super().update(**kwargs)

    def delete(self):
        if self.filter(status=VersionStatus.ISSUED).exists():
            raise ImmutableVersion("An issued plan version cannot be deleted")
        return super().delete()


class PlanVersion(EditLocked):
    """One version of a child's EHC plan, sections A to K.

    A version is written while its status is "draft" and frozen once issued: the draft plan served
    on the family (reg 13(1)), the final plan (reg 13(2)) or an amended plan (reg 22). The first
    versions belong to the assessment (``request``) until the final plan makes the maintained plan
    (``plan``); amendments belong to the plan. ``version`` is the optimistic lock: every edit of
    the version or its rows checks and bumps it. Single-valued sections are fields here; sections
    made of rows (needs, outcomes, provision, budget, advice) are models of their own.
    """

    child = models.ForeignKey(
        "people.Child", on_delete=models.PROTECT, related_name="plan_versions"
    )
    plan = models.ForeignKey(
        EHCPlan, null=True, blank=True, on_delete=models.PROTECT, related_name="versions"
    )
    request = models.ForeignKey(
        "assessments.AssessmentRequest",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan_versions",
        help_text="The assessment the plan was drafted from; blank for amendments.",
    )
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=PlanKind.choices)
    status = models.CharField(
        max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    based_on = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The issued version this one was copied from.",
    )
    issued_on = models.DateField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    pdf_document = models.OneToOneField(
        "assessments.Document",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan_version_pdf",
    )
    word_document = models.OneToOneField(
        "assessments.Document",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan_version_word",
    )

    # Section A: views, interests and aspirations (reg 12(1)(a)), and a one-page profile.
    child_views = models.TextField(
        "the child's or young person's views, in their own words", blank=True
    )
    family_views = models.TextField("the parents' or carers' views", blank=True)
    interests = models.TextField("interests", blank=True)
    aspirations = models.TextField("aspirations for the future", blank=True)
    profile_admired = models.TextField("what people like and admire about me", blank=True)
    profile_important = models.TextField("what is important to me", blank=True)
    profile_support = models.TextField("how best to support me", blank=True)

    # Why a health or social care section has nothing in it (reg 12(1)(c), (d), (g), (h)).
    health_needs_none = models.TextField(blank=True)
    social_care_needs_none = models.TextField(blank=True)
    health_provision_none = models.TextField(blank=True)
    social_care_h1_none = models.TextField(blank=True)
    social_care_h2_none = models.TextField(blank=True)

    # Section I: the setting named, by URN from the register, and its type; or the type only.
    placement = models.ForeignKey(
        "establishments.Establishment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    placement_type = models.CharField(max_length=30, blank=True)
    placement_notes = models.TextField(blank=True)

    # Section J: blank when no personal budget was asked for; the items are BudgetItem rows.
    budget_none = models.TextField(blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = PlanVersionQuerySet.as_manager()

    class Meta:
        ordering = ["child_id", "number"]
        indexes = [models.Index(fields=["plan", "status", "number"])]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="one_number_per_plan"),
            models.UniqueConstraint(fields=["request", "number"], name="one_number_per_request"),
            models.CheckConstraint(
                condition=models.Q(plan__isnull=False) | models.Q(request__isnull=False),
                name="version_of_a_plan_or_an_assessment",
            ),
            models.CheckConstraint(
                condition=(models.Q(status="draft") & models.Q(issued_on__isnull=True))
                | (models.Q(status="issued") & models.Q(issued_on__isnull=False)),
                name="issued_versions_have_a_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, version {self.number}, for {self.child}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            stored = PlanVersion.objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored == VersionStatus.ISSUED:
                raise ImmutableVersion(f"{self} was issued and cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if PlanVersion.objects.filter(pk=self.pk, status=VersionStatus.ISSUED).exists():
            raise ImmutableVersion(f"{self} was issued and cannot be deleted")
        return super().delete(*args, **kwargs)

    @property
    def is_issued(self) -> bool:
        return self.status == VersionStatus.ISSUED

    @property
    def title(self) -> str:
        """How people name the version: "Version 2: final plan, issued 3 March 2026"."""
        kind = self.get_kind_display().lower()
        if self.is_issued:
            return (
                f"Version {self.number}: {kind}, issued {self.issued_on.day} {self.issued_on:%B %Y}"
            )
        return f"Version {self.number}: {kind}, being drafted"


from .sections import (  # noqa: E402 - the section rows refer to PlanVersion above
    AdviceItem,
    AreaOfNeed,
    BudgetItem,
    GlossaryTerm,
    Need,
    Outcome,
    PfaArea,
    PlanComment,
    Provision,
)

__all__ = [
    "AdviceItem",
    "AreaOfNeed",
    "BudgetItem",
    "CeaseReason",
    "EHCPlan",
    "GlossaryTerm",
    "ImmutableVersion",
    "Need",
    "Outcome",
    "PfaArea",
    "PlanComment",
    "PlanKind",
    "PlanVersion",
    "Provision",
    "VersionStatus",
]
