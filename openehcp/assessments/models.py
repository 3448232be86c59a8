"""Requests for an EHC needs assessment and each statutory step that follows.

A request is the case. Each one-off statutory step (decision whether to assess, decision whether
to issue a plan, draft served, final plan issued, withdrawal) is a dated field written once by a
service in ``services.py``, which also writes an ``Activity`` entry naming who did it. Steps that
happen many times (advice, consultations, exceptions, letters) are rows of their own. Nothing here
stores a status or a due date: ``openehcp.clock`` derives both from these dates.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from openehcp.web.locking import EditLocked


class RequestSource(models.TextChoices):
    PARENT = "parent", "Parent or carer"
    YOUNG_PERSON = "young_person", "Young person"
    SETTING = "setting", "School, college or early years setting"
    HEALTH = "health", "Health professional"
    SOCIAL_CARE = "social_care", "Social care"
    OTHER = "other", "Other professional"


class Decision(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"


class AssessmentRequest(EditLocked):
    reference = models.CharField(max_length=30, unique=True)
    child = models.ForeignKey(
        "people.Child", on_delete=models.PROTECT, related_name="assessment_requests"
    )
    received_on = models.DateField(help_text="The day the council received the request.")
    source = models.CharField(max_length=20, choices=RequestSource.choices)
    requester_name = models.CharField(max_length=200, blank=True)
    requester_email = models.EmailField(blank=True)
    requester_phone = models.CharField(max_length=30, blank=True)
    reasons = models.TextField(blank=True, help_text="Why the requester asks for an assessment.")
    via_online_form = models.BooleanField(default=False)
    in_youth_accommodation = models.BooleanField(
        "in relevant youth accommodation when the request was made",
        default=False,
        help_text="SEN2 RYA: the child or young person was detained (CFA 2014 s70).",
    )
    is_reassessment = models.BooleanField(default=False)
    transferred_from_la = models.CharField(
        "transferred in from (LA code)",
        max_length=3,
        blank=True,
        help_text="Set when the case came from another council mid-assessment (reg 15).",
    )
    transferred_in_on = models.DateField(
        "responsible from",
        null=True,
        blank=True,
        help_text="The day this council became responsible for a transferred-in case.",
    )

    # Decision whether to assess (reg 4-5)
    decision_to_assess = models.CharField(max_length=3, choices=Decision.choices, blank=True)
    decision_on = models.DateField(null=True, blank=True)
    panel_recommendation = models.TextField(blank=True)
    decision_reasons = models.TextField(blank=True)

    # Decision whether to issue a plan after assessing (reg 10)
    decision_to_issue = models.CharField(max_length=3, choices=Decision.choices, blank=True)
    issue_decision_on = models.DateField(null=True, blank=True)
    issue_decision_reasons = models.TextField(blank=True)

    # Draft plan served and the family's response (reg 13(1), CFA s38-39)
    draft_served_on = models.DateField(null=True, blank=True)
    representations_received_on = models.DateField(null=True, blank=True)
    preferred_establishment = models.ForeignKey(
        "establishments.Establishment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    # Final plan (reg 13(2))
    final_issued_on = models.DateField(null=True, blank=True)
    named_establishment = models.ForeignKey(
        "establishments.Establishment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="named_in_requests",
    )

    withdrawn_on = models.DateField(null=True, blank=True)
    withdrawal_reason = models.TextField(blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_on", "reference"]
        indexes = [
            models.Index(fields=["received_on"]),
            models.Index(fields=["final_issued_on"]),
            models.Index(fields=["decision_on"]),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        """The case page, ``/assessments/<reference>/``."""
        return reverse("assessments:case", args=[self.reference])

    @property
    def is_open(self) -> bool:
        """Open until a plan is issued, the council decides not to assess or not to issue, or it is
        withdrawn."""
        return not (
            self.final_issued_on
            or self.withdrawn_on
            or self.decision_to_assess == Decision.NO
            or self.decision_to_issue == Decision.NO
        )


class AdvisorType(models.TextChoices):
    """Advice the council must seek (reg 6(1))."""

    EDUCATIONAL_PSYCHOLOGY = "educational_psychology", "Psychological advice"
    HEALTH = "health", "Medical (health) advice"
    SOCIAL_CARE = "social_care", "Social care advice"
    SETTING = "setting", "Educational advice (the setting)"
    FAMILY = "family", "Views of the child, parents or young person"
    PREPARING_FOR_ADULTHOOD = "preparing_for_adulthood", "Preparing for adulthood (from Year 9)"
    HEARING_VISION = "hearing_vision", "Hearing or vision (qualified teacher)"
    OTHER = "other", "Other advice"


class AdviceRequest(models.Model):
    """A request for advice (reg 6); the advisor has 6 weeks to reply (reg 8)."""

    request = models.ForeignKey(
        AssessmentRequest, on_delete=models.CASCADE, related_name="advice_requests"
    )
    advisor_type = models.CharField(max_length=30, choices=AdvisorType.choices)
    advisor_name = models.CharField(max_length=200)
    advisor_email = models.EmailField(blank=True)
    advisor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="advice_requests",
        help_text="The professional's own login, if they submit advice through OpenEHCP.",
    )
    establishment = models.ForeignKey(
        "establishments.Establishment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="For advice asked of a school, college or early years provider.",
    )
    requested_on = models.DateField()
    last_chased_on = models.DateField(null=True, blank=True)
    received_on = models.DateField(null=True, blank=True)
    summary = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["requested_on", "advisor_type"]


class ExceptionReason(models.TextChoices):
    """Exceptions to the time limits (regs 5(4), 8(2), 10(4), 13(3))."""

    SCHOOL_CLOSURE = "school_closure", "School or post-16 institution closed for 4 weeks or more"
    EARLY_YEARS_CLOSURE = "early_years_closure", "Early years provider closed for 4 weeks or more"
    PERSONAL_CIRCUMSTANCES = "personal_circumstances", "Exceptional personal circumstances"
    ABSENCE_FROM_AREA = "absence_from_area", "Absent from the area for 4 weeks or more"
    MISSED_APPOINTMENT = "missed_appointment", "Failed to keep an appointment for advice"


class TimescaleException(models.Model):
    request = models.ForeignKey(
        AssessmentRequest, on_delete=models.CASCADE, related_name="timescale_exceptions"
    )
    reason = models.CharField(max_length=30, choices=ExceptionReason.choices)
    starts_on = models.DateField()
    ends_on = models.DateField()
    advice_request = models.ForeignKey(
        AdviceRequest,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="timescale_exceptions",
        help_text="For a closure or a missed appointment: the advice it affected.",
    )
    justification = models.TextField(help_text="Why meeting the time limit is impractical.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="exception_ends_after_it_starts",
            )
        ]


class Consultation(models.Model):
    """Consulting a school or college before naming it (CFA s39); it has 15 days to reply."""

    class Reply(models.TextChoices):
        CAN_MEET = "can_meet", "Can meet the child's needs"
        CANNOT_MEET = "cannot_meet", "Cannot meet the child's needs"

    request = models.ForeignKey(
        AssessmentRequest, on_delete=models.CASCADE, related_name="consultations"
    )
    establishment = models.ForeignKey(
        "establishments.Establishment", on_delete=models.PROTECT, related_name="consultations"
    )
    sent_on = models.DateField()
    replied_on = models.DateField(null=True, blank=True)
    reply = models.CharField(max_length=20, choices=Reply.choices, blank=True)
    reply_notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["sent_on"]


class Document(models.Model):
    """A letter, notice, advice report or supporting document kept on a child's record."""

    class Kind(models.TextChoices):
        LETTER = "letter", "Letter or notice"
        SUPPORTING = "supporting", "Supporting document"
        ADVICE = "advice", "Advice"
        PLAN = "plan", "EHC plan"

    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="documents")
    request = models.ForeignKey(
        AssessmentRequest,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="documents",
    )
    advice_request = models.ForeignKey(
        AdviceRequest,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
        help_text="For advice: the request for advice it answers.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to="documents/%Y/%m/")
    content_type = models.CharField(max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]


class Activity(models.Model):
    """The case's narrative: who recorded which step, when, with which documents."""

    request = models.ForeignKey(
        AssessmentRequest, on_delete=models.CASCADE, related_name="activities"
    )
    occurred_on = models.DateField()
    kind = models.CharField(max_length=40)
    description = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    documents = models.ManyToManyField(Document, blank=True, related_name="activities")

    class Meta:
        ordering = ["occurred_on", "recorded_at"]
        verbose_name_plural = "activities"


class OnlineRequestDraft(models.Model):
    """A request being filled in on the public online form, saved so the person can come back.

    Only a hash of the return link's token is stored: the link itself is known only to the
    person (in their session, and in the email they asked for). Drafts expire 28 days after they
    were last saved.
    """

    token_hash = models.CharField(max_length=64, unique=True)
    answers = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    expires_at = models.DateTimeField(db_index=True)


class OnlineRequestUpload(models.Model):
    """A supporting document uploaded to a draft; it becomes a ``Document`` when sent."""

    draft = models.ForeignKey(OnlineRequestDraft, on_delete=models.CASCADE, related_name="uploads")
    file = models.FileField(upload_to="online-requests/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
