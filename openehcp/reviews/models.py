"""Annual reviews, amendments, phase transfers, ceasing and transfers between councils.

CFA 2014 s44-s45; SEND Regulations 2014 regs 15, 18-22 and 29-31. As in the assessment app, each
statutory step is a dated field written once by a service (``services/``), which also writes a
``PlanActivity`` entry naming who did it. Nothing here stores a due date or a status:
``openehcp.clock`` derives both from these dates.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from openehcp.plans.models import CeaseReason
from openehcp.web.locking import EditLocked


class ReviewOutcome(models.TextChoices):
    """SEN2 ``ReviewOutcome``: the council's decision after the review meeting (reg 20(10))."""

    MAINTAIN = "M", "Maintain the plan unchanged"
    AMEND = "A", "Amend the plan"
    CEASE = "C", "Cease the plan"


class AnnualReview(EditLocked):
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

    # Arranging the meeting (reg 20(3)-(4)): ``meeting_on`` is only set once the meeting is held.
    planned_meeting_on = models.DateField(
        null=True, blank=True, help_text="The day the review meeting is arranged for."
    )
    invitations_sent_on = models.DateField(null=True, blank=True)
    interim_reason = models.TextField(
        blank=True, help_text="For an early or interim review: who asked for it, and why."
    )
    # What the meeting heard (reg 20(5)-(6)) and the report of it (reg 20(7)-(8)).
    family_views = models.TextField(blank=True)
    young_person_views = models.TextField(blank=True)
    recommendations = models.TextField(blank=True)
    # The council's decision (reg 20(10)).
    decision_reasons = models.TextField(blank=True)
    decision_letter = models.ForeignKey(
        "assessments.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
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


class PhaseTransfer(EditLocked):
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
    # The family's preferred setting, asked for by letter with a link to a short online form.
    preference_key = models.CharField(
        max_length=32,
        blank=True,
        help_text="A random value inside the signed link of the preference form; a new value "
        "stops the old link working.",
    )
    letter_sent_on = models.DateField(null=True, blank=True)
    preferred_establishment = models.ForeignKey(
        "establishments.Establishment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    preference_other = models.CharField(
        max_length=200, blank=True, help_text="A setting the family named that is not listed."
    )
    preference_reasons = models.TextField(blank=True)
    preference_received_on = models.DateField(null=True, blank=True)
    preference_online = models.BooleanField(default=False)
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


# --- the review meeting's invitees (regs 20-21) ---------------------------------------------------


class InviteeRole(models.TextChoices):
    """Who reg 20(2) says must be invited to a review meeting (reg 21(2) when the child attends
    no school), and anyone else the council thinks appropriate."""

    FAMILY = "family", "The child's parent, or the young person"
    SETTING = "setting", "The head teacher or principal of the setting, or the early years provider"
    COUNCIL = "council", "A council officer for special educational needs"
    HEALTH = "health", "A health care professional named by the health commissioner"
    SOCIAL_CARE = "social_care", "A council officer for social care"
    OTHER = "other", "Someone else"


#: The invitees the law requires (reg 20(2)); a review is arranged with one of each at least.
REQUIRED_INVITEES = (
    InviteeRole.FAMILY,
    InviteeRole.SETTING,
    InviteeRole.COUNCIL,
    InviteeRole.HEALTH,
    InviteeRole.SOCIAL_CARE,
)


class ReviewInvitee(models.Model):
    review = models.ForeignKey(AnnualReview, on_delete=models.CASCADE, related_name="invitees")
    role = models.CharField(max_length=20, choices=InviteeRole.choices)
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    attended = models.BooleanField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["review", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


# --- amending a plan (reg 22) ---------------------------------------------------------------------


class AmendmentNotice(EditLocked):
    """A notice of proposed amendments sent with the current plan (reg 22(2)); the family have at
    least 15 days beginning with service to comment and ask for a setting; the amended plan is due
    within 8 weeks of sending the notice (reg 22(3)), or at most 12 weeks after the review meeting
    (R (L) v Devon CC [2022] EWHC 493 (Admin)). The clock computes both from these dates."""

    plan = models.ForeignKey(
        "plans.EHCPlan", on_delete=models.PROTECT, related_name="amendment_notices"
    )
    review = models.ForeignKey(
        AnnualReview,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="amendment_notices",
    )
    phase_transfer = models.ForeignKey(
        PhaseTransfer,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="amendment_notices",
    )
    proposed_changes = models.TextField()
    draft_version = models.ForeignKey(
        "plans.PlanVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="amendment_notices",
        help_text="The amended plan being written: a new version, copied from the current one.",
    )
    sent_on = models.DateField(help_text="The day the notice was sent (reg 22(3) counts from it).")
    served_on = models.DateField(
        help_text="The day of service (the same day for email; the deemed day for post)."
    )
    representations_on = models.DateField(null=True, blank=True)
    representations = models.TextField(blank=True)
    requested_establishment = models.ForeignKey(
        "establishments.Establishment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    amended_plan_issued_on = models.DateField(null=True, blank=True)
    named_establishment = models.ForeignKey(
        "establishments.Establishment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    not_amending_on = models.DateField(
        null=True, blank=True, help_text="reg 22(4): the council decided not to amend after all."
    )
    not_amending_reasons = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-sent_on", "-pk"]
        indexes = [models.Index(fields=["plan", "sent_on"])]

    @property
    def is_open(self) -> bool:
        return self.amended_plan_issued_on is None and self.not_amending_on is None


# --- consulting settings before naming one (CFA s39 as applied by reg 22) -------------------------


class SettingConsultation(models.Model):
    """Consulting a school or college before naming it in an amended plan (for a phase transfer
    or after a review); the Code of Practice gives the setting 15 days to reply."""

    plan = models.ForeignKey("plans.EHCPlan", on_delete=models.PROTECT, related_name="+")
    phase_transfer = models.ForeignKey(
        PhaseTransfer,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="consultations",
    )
    establishment = models.ForeignKey(
        "establishments.Establishment", on_delete=models.PROTECT, related_name="+"
    )
    sent_on = models.DateField()
    replied_on = models.DateField(null=True, blank=True)
    can_meet_needs = models.BooleanField(null=True, blank=True)
    reply_notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["sent_on", "pk"]


# --- ceasing a plan (CFA s45; regs 29-31) ---------------------------------------------------------


class CeaseDecision(models.TextChoices):
    CEASE = "cease", "Cease the plan"
    CONTINUE = "continue", "Keep maintaining the plan"


class AppealOutcome(models.TextChoices):
    DISMISSED = "dismissed", "Appeal dismissed or withdrawn: the plan can cease"
    UPHELD = "upheld", "Appeal upheld: the plan continues"


class Cessation(EditLocked):
    """The council considering ceasing a plan: notice of its intention and consultation (reg
    31(1)), its decision with the right to appeal (reg 31(2), CFA s51(2)(f)), and the day the plan
    actually ended (SEN2 ``CeaseDate``), no earlier than the end of the appeal window or of any
    appeal (reg 31(3))."""

    plan = models.ForeignKey("plans.EHCPlan", on_delete=models.PROTECT, related_name="cessations")
    review = models.ForeignKey(
        AnnualReview, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(max_length=1, choices=CeaseReason.choices)
    reason_detail = models.TextField(blank=True)
    intention_sent_on = models.DateField()
    family_consulted_on = models.DateField(null=True, blank=True)
    family_views = models.TextField(blank=True)
    setting_consulted_on = models.DateField(null=True, blank=True)
    setting_views = models.TextField(blank=True)
    decision = models.CharField(max_length=10, choices=CeaseDecision.choices, blank=True)
    decision_on = models.DateField(
        null=True, blank=True, help_text="The day the decision letter was sent."
    )
    decision_reasons = models.TextField(blank=True)
    appeal_lodged_on = models.DateField(null=True, blank=True)
    appeal_ended_on = models.DateField(null=True, blank=True)
    appeal_outcome = models.CharField(max_length=10, choices=AppealOutcome.choices, blank=True)
    ceased_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-intention_sent_on", "-pk"]

    @property
    def is_open(self) -> bool:
        """Still in progress: no decision to keep the plan, no appeal upheld, not ceased yet."""
        return (
            self.decision != CeaseDecision.CONTINUE
            and self.appeal_outcome != AppealOutcome.UPHELD
            and self.ceased_on is None
        )


# --- transfers between councils (reg 15) ----------------------------------------------------------


class TransferDirection(models.TextChoices):
    IN = "in", "Arriving from another council"
    OUT = "out", "Leaving for another council"


class CouncilTransfer(EditLocked):
    """A plan moving between councils when the family moves (reg 15): the old council transfers
    it on the day of the move, or within 15 working days of learning of it; the new council tells
    the family within 6 weeks whether it will assess and when it will review (reg 15(4)), and
    reviews by the later of the 12-month date and 3 months after the transfer (reg 15(5))."""

    plan = models.ForeignKey(
        "plans.EHCPlan", on_delete=models.PROTECT, related_name="council_transfers"
    )
    direction = models.CharField(max_length=3, choices=TransferDirection.choices)
    la_code = models.CharField(
        "other council (LA code)", max_length=3, help_text="3-digit code of the other council."
    )
    moved_on = models.DateField(null=True, blank=True)
    aware_on = models.DateField(null=True, blank=True)
    transferred_on = models.DateField()
    family_notified_on = models.DateField(null=True, blank=True)
    will_assess = models.BooleanField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-transferred_on"]


# --- the plan's activity log ----------------------------------------------------------------------


class PlanActivity(models.Model):
    """The maintained plan's narrative, as ``assessments.Activity`` is the request's: who recorded
    which step, when, with which documents and letters."""

    plan = models.ForeignKey("plans.EHCPlan", on_delete=models.CASCADE, related_name="activities")
    review = models.ForeignKey(
        AnnualReview, null=True, blank=True, on_delete=models.SET_NULL, related_name="activities"
    )
    phase_transfer = models.ForeignKey(
        PhaseTransfer,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    occurred_on = models.DateField()
    kind = models.CharField(max_length=40)
    description = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    documents = models.ManyToManyField(
        "assessments.Document", blank=True, related_name="plan_activities"
    )

    class Meta:
        ordering = ["occurred_on", "recorded_at"]
        verbose_name_plural = "plan activities"
