"""Users of OpenEHCP and the roles they hold.

A user holds exactly one role. What each role may do to each kind of record is decided in one
place only: ``openehcp.accounts.policy``.
"""

from django.contrib.auth.models import AbstractUser
from django.db import models
from simple_history.models import HistoricalRecords

from openehcp.web.locking import EditLocked


class Role(models.TextChoices):
    # Council staff
    CASEWORKER = "caseworker", "Caseworker"
    TEAM_MANAGER = "team_manager", "Team manager"
    SERVICE_LEADER = "service_leader", "SEND service leader"
    QA_OFFICER = "qa_officer", "Quality assurance officer"
    PANEL_MEMBER = "panel_member", "Panel member"
    ADMINISTRATOR = "administrator", "Administrator"
    LOCAL_OFFER_EDITOR = "local_offer_editor", "Local Offer editor"
    # People outside the council
    PARENT = "parent", "Parent or carer"
    YOUNG_PERSON = "young_person", "Young person"
    PROFESSIONAL = "professional", "Professional giving advice"
    SETTING_STAFF = "setting_staff", "Setting staff (SENCO)"


STAFF_ROLES = frozenset(
    {
        Role.CASEWORKER,
        Role.TEAM_MANAGER,
        Role.SERVICE_LEADER,
        Role.QA_OFFICER,
        Role.PANEL_MEMBER,
        Role.ADMINISTRATOR,
        Role.LOCAL_OFFER_EDITOR,
    }
)


class Discipline(models.TextChoices):
    """The kind of advice a professional gives (SEND Regulations 2014, reg 6(1))."""

    EDUCATIONAL_PSYCHOLOGY = "educational_psychology", "Educational psychology"
    HEALTH = "health", "Health"
    SOCIAL_CARE = "social_care", "Social care"
    OTHER = "other", "Other"


class Team(EditLocked):
    class Function(models.TextChoices):
        ASSESSMENT = "assessment", "Assessment team"
        REVIEW = "review", "Review team"

    name = models.CharField(max_length=100, unique=True)
    function = models.CharField(max_length=20, choices=Function.choices)
    default_caseworker = models.ForeignKey(
        "User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Receives new requests for children whose setting has no linked caseworker.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser, EditLocked):
    role = models.CharField(max_length=20, choices=Role.choices)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    establishment = models.ForeignKey(
        "establishments.Establishment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
        help_text="For setting staff: the school, college or provider they work at.",
    )
    discipline = models.CharField(
        max_length=30, choices=Discipline.choices, blank=True, help_text="For professionals."
    )
    must_change_password = models.BooleanField(
        "must choose a new password",
        default=False,
        help_text="The password was set by an administrator: the person chooses their own at "
        "their next sign-in, before anything else.",
    )
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    @property
    def is_council_staff(self) -> bool:
        return self.role in STAFF_ROLES

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class RateLimitCounter(models.Model):
    """How many times one client (a hashed IP address or email address) did one limited thing
    in one fixed window of time. Kept in the database so that every web worker and every server
    counts together; ``openehcp housekeeping`` removes counters whose window has ended."""

    scope = models.CharField(max_length=40)
    key = models.CharField(
        max_length=64, help_text="An HMAC of the client's address, not the address."
    )
    window_start = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "key", "window_start"], name="ratelimit_one_counter_per_window"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.key[:8]} {self.hits}"
