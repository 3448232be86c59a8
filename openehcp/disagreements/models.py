"""Disagreements with the council's decisions: mediation and appeals to the First-tier Tribunal
(SEND).

CFA 2014 s51-s55; SEND Regulations 2014 regs 32-45; Tribunal Procedure (First-tier Tribunal) (HESC)
Rules 2008 r.20. A ``Disagreement`` is one appealable decision a family disputes, with each step
as a dated field (the notice of the decision, contacting the mediation adviser, the certificate,
the mediation, the appeal, the Tribunal's order). As elsewhere, nothing here stores a due date or
a status: ``openehcp.clock`` works both out from these dates.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from openehcp.clock import TribunalOrder
from openehcp.web.locking import EditLocked


class AppealableDecision(models.TextChoices):
    """What the family disagrees with: the decisions CFA 2014 s51(2) makes appealable."""

    NOT_TO_ASSESS = "not_to_assess", "Refusal to carry out an EHC needs assessment"
    NOT_TO_ISSUE = "not_to_issue", "Decision not to issue an EHC plan after the assessment"
    PLAN_CONTENTS = (
        "plan_contents",
        "The plan's special educational needs or provision (sections B and F), and any setting",
    )
    NAMED_SETTING = (
        "named_setting",
        "Only the school or college named in the plan, its type, or that none is named (section I)",
    )
    NOT_TO_REASSESS = "not_to_reassess", "Refusal to carry out a reassessment"
    NOT_TO_AMEND = "not_to_amend", "Refusal to amend the plan after a review or reassessment"
    CEASE = "cease", "Decision to cease the plan"


#: Decisions about a request for an assessment; the others are about a plan the child has.
REQUEST_DECISIONS = frozenset({AppealableDecision.NOT_TO_ASSESS, AppealableDecision.NOT_TO_ISSUE})

#: CFA 2014 s55(1)-(2): an appeal only about the school or institution named in the plan, its type,
#: or that none is named (s51(2)(c)(iii)-(iv)) needs no mediation certificate.
NO_CERTIFICATE_NEEDED = frozenset({AppealableDecision.NAMED_SETTING})


class MediationOutcome(models.TextChoices):
    AGREED = "agreed", "Agreement reached"
    NOT_AGREED = "not_agreed", "No agreement"
    WITHDRAWN = "withdrawn", "Withdrawn before it ended"


class AppealOutcome(models.TextChoices):
    UPHELD = "upheld", "Appeal upheld"
    PARTLY_UPHELD = "partly_upheld", "Appeal partly upheld"
    DISMISSED = "dismissed", "Appeal dismissed"
    WITHDRAWN = "withdrawn", "Appeal withdrawn by the family"
    CONCEDED = "conceded", "Conceded by the council (not opposed, reg 45)"


class OrderKind(models.TextChoices):
    """What the Tribunal's order (reg 44), or the council not opposing the appeal (reg 45),
    requires of the council; the values are the clock's ``TribunalOrder``."""

    CEASE = TribunalOrder.CEASE.value, "Cease the plan (appeal against ceasing dismissed)"
    ASSESS = TribunalOrder.ASSESS.value, "Carry out an assessment or reassessment"
    MAKE_PLAN = TribunalOrder.MAKE_PLAN.value, "Make and maintain an EHC plan"
    AMEND = TribunalOrder.AMEND.value, "Amend the needs or provision in the plan"
    AMEND_PLACEMENT = (
        TribunalOrder.AMEND_PLACEMENT.value,
        "Amend only the school or college named in the plan",
    )
    CONTINUE = TribunalOrder.CONTINUE.value, "Continue to maintain the plan"
    CONTINUE_AND_AMEND = (
        TribunalOrder.CONTINUE_AND_AMEND.value,
        "Continue to maintain the plan and amend it",
    )


class Disagreement(EditLocked):
    """One appealable decision a family disputes, from the decision notice to the Tribunal's
    order being carried out."""

    child = models.ForeignKey(
        "people.Child", on_delete=models.PROTECT, related_name="disagreements"
    )
    decision = models.CharField(
        "decision disagreed with", max_length=20, choices=AppealableDecision.choices
    )
    request = models.ForeignKey(
        "assessments.AssessmentRequest",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="disagreements",
        help_text="The request the decision was about (refusal to assess, not to issue a plan).",
    )
    plan = models.ForeignKey(
        "plans.EHCPlan",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="disagreements",
        help_text="The plan the decision was about (its contents, reassessment, amending, "
        "ceasing).",
    )
    cessation = models.OneToOneField(
        "reviews.Cessation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="disagreement",
        help_text="For a decision to cease the plan: the council's ceasing record it disputes. "
        "The appeal recorded here is the ceasing record's appeal (see ``ceasing``).",
    )
    decision_on = models.DateField(
        help_text="The day the notice of the decision was sent (the appeal period runs from it)."
    )

    # Mediation (CFA s53-s55; regs 32-42).
    adviser_contacted_on = models.DateField(null=True, blank=True)
    mediation_wanted = models.BooleanField(null=True, blank=True)
    council_told_on = models.DateField(
        null=True,
        blank=True,
        help_text="The day the council was told the family wants mediation (reg 37: 30 days).",
    )
    mediation_on = models.DateField(null=True, blank=True)
    mediation_outcome = models.CharField(
        max_length=12, choices=MediationOutcome.choices, blank=True
    )
    certificate_on = models.DateField(null=True, blank=True)

    # The appeal (CFA s51; HESC Rules r.20) and what the Tribunal decided.
    appeal_lodged_on = models.DateField(null=True, blank=True)
    tribunal_reference = models.CharField(max_length=30, blank=True)
    response_due_on = models.DateField(
        null=True, blank=True, help_text="The day the Tribunal set for the council's response."
    )
    hearing_on = models.DateField(null=True, blank=True)
    appeal_outcome = models.CharField(max_length=14, choices=AppealOutcome.choices, blank=True)
    order = models.CharField(
        "what the council must do", max_length=20, choices=OrderKind.choices, blank=True
    )
    order_on = models.DateField(
        null=True,
        blank=True,
        help_text="The day of the order, or of the council telling the Tribunal it will not "
        "oppose the appeal.",
    )
    order_complied_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-decision_on", "-pk"]
        indexes = [
            models.Index(fields=["decision_on"]),
            models.Index(fields=["mediation_on"]),
            models.Index(fields=["appeal_lodged_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} ({self.decision_on:%d %B %Y})"

    def get_absolute_url(self) -> str:
        return reverse("disagreements:detail", args=[self.pk])

    @property
    def unopposed(self) -> bool:
        """reg 45: the council told the Tribunal it would not oppose the appeal."""
        return self.appeal_outcome == AppealOutcome.CONCEDED
