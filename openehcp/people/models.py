"""Children and young people (0-25) and the people around them."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from openehcp.web.locking import EditLocked

from .codes import Ethnicity, Language, Residential, SENNeed, Sex, UPNUnknown, WorkBased


class Child(EditLocked):
    """A child or young person known to the SEND service.

    Identifiers are validated by ``openehcp.people.identifiers`` in forms, imports and services.
    ``version`` is the optimistic lock: every service that changes the record checks and bumps it.
    """

    forename = models.CharField(max_length=100)
    surname = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=1, choices=Sex.choices, blank=True)
    upn = models.CharField("UPN", max_length=13, blank=True)
    uln = models.CharField("ULN", max_length=10, blank=True)
    upn_unknown_reason = models.CharField(
        "why there is no UPN or ULN",
        max_length=4,
        choices=UPNUnknown.choices,
        blank=True,
        help_text="SEN2 UPNunknown: the reason, when the child has neither identifier.",
    )
    nhs_number = models.CharField("NHS number", max_length=10, blank=True)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    ethnicity = models.CharField(max_length=4, choices=Ethnicity.choices, blank=True)
    first_language = models.CharField(max_length=3, choices=Language.choices, blank=True)
    home_la = models.CharField("home council (LA code)", max_length=3, blank=True)
    establishment = models.ForeignKey(
        "establishments.Establishment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text="The school, college or provider the child attends now.",
    )
    ncy_offset = models.SmallIntegerField(
        default=0,
        help_text="Years taught out of chronological year group (-1 = a year behind).",
    )
    primary_need = models.CharField(max_length=4, choices=SENNeed.choices, blank=True)
    secondary_need = models.CharField(max_length=4, choices=SENNeed.choices, blank=True)
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="caseload"
    )
    lead_professional = models.CharField(max_length=200, blank=True)
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_records",
        help_text="Set when this record was a duplicate: its case records moved to that one.",
    )
    possible_duplicate = models.BooleanField(
        default=False,
        help_text="Entered from an online request and like more than one existing record: "
        "check it in triage before working on it.",
    )
    young_person_user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="own_record",
        help_text="From 16, a young person holds their own rights and may have their own login.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["surname", "forename"]
        verbose_name_plural = "children"
        indexes = [
            models.Index(fields=["surname", "forename"]),
            models.Index(fields=["upn"]),
            models.Index(fields=["date_of_birth"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["upn"], condition=~models.Q(upn=""), name="unique_upn_when_known"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.preferred_name or self.forename} {self.surname}"


class Contact(EditLocked):
    """A parent, carer or other person to contact about a child, and how to contact them."""

    class Relationship(models.TextChoices):
        MOTHER = "mother", "Mother"
        FATHER = "father", "Father"
        PARENT = "parent", "Parent"
        CARER = "carer", "Carer"
        GUARDIAN = "guardian", "Guardian"
        CORPORATE_PARENT = "corporate_parent", "Corporate parent (social worker)"
        YOUNG_PERSON = "young_person", "The young person themselves"
        OTHER = "other", "Other"

    class Method(models.TextChoices):
        EMAIL = "email", "Email"
        POST = "post", "Post"
        PHONE = "phone", "Phone"
        TEXT = "text", "Text message"

    class Format(models.TextChoices):
        STANDARD = "", "Standard"
        LARGE_PRINT = "large_print", "Large print"
        EASY_READ = "easy_read", "Easy read"
        BRAILLE = "braille", "Braille"
        AUDIO = "audio", "Audio"

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200)
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    parental_responsibility = models.BooleanField(default=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    preferred_method = models.CharField(max_length=10, choices=Method.choices, default="email")
    interpreter_language = models.CharField(
        max_length=3,
        choices=Language.choices,
        blank=True,
        help_text="Blank: no interpreter needed.",
    )
    accessible_format = models.CharField(max_length=20, choices=Format.choices, blank=True)
    is_main_contact = models.BooleanField(default=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contact_records",
        help_text="The parent's or carer's own login, if they have one.",
    )
    young_person_agreed_access = models.BooleanField(
        "the young person agreed this person may see their case online",
        default=False,
        help_text="From the end of compulsory school age the rights are the young person's own "
        "(CFA 2014 s83(2)): a parent sees the case in the family portal only if they agree.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-is_main_contact", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_relationship_display()})"


class Placement(models.Model):
    """Where a child was educated, and when: their placement history.

    A placement is a setting from the register or, with none, a type of setting; it runs from
    ``starts_on`` to ``ends_on`` (the last day, inclusive; open while ``ends_on`` is empty). The
    main placement is the child's main registration; a dual (subsidiary) placement runs beside it
    (SEN2 ``PlacementRank`` 1 and 2). Main placements never overlap, nor do dual ones; the main
    placement open today is ``Child.establishment``. Changed only through
    ``openehcp.people.placements``, under the child's edit lock.
    """

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="placements")
    establishment = models.ForeignKey(
        "establishments.Establishment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="placements",
    )
    setting_type = models.CharField(
        "type of setting",
        max_length=30,
        blank=True,
        help_text="With no setting from the register (SEN2 SENSetting).",
    )
    is_main = models.BooleanField(
        "main placement", default=True, help_text="False for a dual (subsidiary) registration."
    )
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    residential = models.CharField(max_length=1, choices=Residential.choices, blank=True)
    work_based = models.CharField(
        "work-based learning", max_length=1, choices=WorkBased.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["child", "-starts_on", "-is_main", "pk"]
        indexes = [models.Index(fields=["child", "starts_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="placement_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(establishment__isnull=False) | ~models.Q(setting_type=""),
                name="placement_has_setting",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if self.establishment_id:
            return self.establishment.name
        from openehcp.establishments.models import SettingType

        if self.setting_type in SettingType.values:
            return SettingType(self.setting_type).label
        return self.setting_type

    def open_on(self, day) -> bool:
        return self.starts_on <= day and (self.ends_on is None or self.ends_on >= day)
