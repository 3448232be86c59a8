"""The Local Offer (Children and Families Act 2014 s30; SEND Regulations 2014 Part 4 and
Schedule 2): the services for children and young people with SEN or disabilities, aged 0 to 25,
that the council expects to be available.

The models follow the core of the Human Services Data Specification 3.0 as Open Referral UK 3.0
profiles it (organization, service, location, service_at_location, taxonomy, taxonomy_term,
contact, phone, schedule, cost_option, service_area, attribute), with UUID identifiers, so that
the ORUK API (``openehcp.localoffer.oruk``) serves them field for field. Where the standard has a
separate table for one value (a location's address and accessibility), the value lives on the
location with its own UUID.
"""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from openehcp.web.locking import EditLocked

from .rules import MAX_AGE, MIN_AGE, is_review_due, review_due_on

AGE_VALIDATORS = [MinValueValidator(MIN_AGE), MaxValueValidator(MAX_AGE)]


class Organization(EditLocked):
    """Who provides services: the council, the NHS, a school, a charity (HSDS ``organization``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200, unique=True)
    description = models.TextField()
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    retired_on = models.DateField(
        null=True, blank=True, help_text="No longer provides services in the Local Offer."
    )
    last_modified = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Location(EditLocked):
    """Where services are delivered (HSDS ``location`` with its one ``address``)."""

    class Type(models.TextChoices):
        PHYSICAL = "physical", "A place people go to"
        VIRTUAL = "virtual", "Online or by phone"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    location_type = models.CharField(max_length=10, choices=Type.choices, default=Type.PHYSICAL)
    address_id = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    address_1 = models.CharField("address", max_length=200, blank=True)
    city = models.CharField("town or city", max_length=100, blank=True)
    postal_code = models.CharField("postcode", max_length=8, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    accessibility_id = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    accessibility = models.TextField(
        blank=True, help_text="Step-free access, accessible toilets, hearing loops, parking."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def address_line(self) -> str:
        return ", ".join(part for part in (self.address_1, self.city, self.postal_code) if part)


class Taxonomy(models.Model):
    """A list of terms services are classified by (HSDS ``taxonomy``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200, unique=True)
    description = models.TextField()
    uri = models.URLField(blank=True)
    version = models.CharField(max_length=50, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "taxonomies"

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(models.Model):
    """One term of a taxonomy: a category of the Local Offer, an area of need (HSDS
    ``taxonomy_term``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.PROTECT, related_name="terms")
    name = models.CharField(max_length=200)
    description = models.TextField()
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    term_uri = models.URLField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["taxonomy__name", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["taxonomy", "name"], name="localoffer_term_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Area(models.Model):
    """A part of the council's area that services cover; ``whole_council`` covers every part."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    whole_council = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class ServiceStatus(models.TextChoices):
    """HSDS 3.0 service statuses. Only active services are shown to the public."""

    ACTIVE = "active", "Active"
    TEMPORARILY_CLOSED = "temporarily closed", "Temporarily closed"
    INACTIVE = "inactive", "Inactive (not running for now)"
    DEFUNCT = "defunct", "Defunct (stopped for good)"


class Service(EditLocked):
    """A service in the Local Offer (HSDS ``service``; ORUK puts the ages on the service)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="services"
    )
    name = models.CharField(max_length=200)
    description = models.TextField()
    url = models.URLField("website", blank=True)
    email = models.EmailField(blank=True)
    status = models.CharField(
        max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE, db_index=True
    )
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True, validators=AGE_VALIDATORS)
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True, validators=AGE_VALIDATORS)
    alert = models.TextField(blank=True, help_text="A short-term notice, such as a closure.")
    accreditations = models.TextField(blank=True)
    assured_date = models.DateField(
        "last reviewed", null=True, blank=True, help_text="When the provider last confirmed it."
    )
    assurer_email = models.EmailField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_modified = models.DateTimeField(auto_now=True)
    terms = models.ManyToManyField(TaxonomyTerm, through="ServiceAttribute", related_name="+")
    areas = models.ManyToManyField(Area, through="ServiceArea", related_name="services")
    locations = models.ManyToManyField(
        Location, through="ServiceAtLocation", related_name="services"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minimum_age__isnull=True)
                | models.Q(maximum_age__isnull=True)
                | models.Q(minimum_age__lte=models.F("maximum_age")),
                name="localoffer_service_ages_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_public(self) -> bool:
        return self.status == ServiceStatus.ACTIVE

    @property
    def review_due_on(self):
        return review_due_on(self.assured_date)

    def is_review_due(self, today) -> bool:
        return is_review_due(self.assured_date, today)


class ServiceAttribute(models.Model):
    """A service classified by a taxonomy term (HSDS ``attribute``, linked to a service)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="attributes")
    taxonomy_term = models.ForeignKey(TaxonomyTerm, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["service", "taxonomy_term"], name="localoffer_attribute_unique"
            )
        ]


class ServiceArea(models.Model):
    """A part of the council's area a service covers (HSDS ``service_area``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_areas")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service", "area"], name="localoffer_area_unique")
        ]


class ServiceAtLocation(models.Model):
    """A service delivered at a location (HSDS ``service_at_location``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="service_at_locations"
    )
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="service_at_locations"
    )
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["service", "location"], name="localoffer_service_at_location_unique"
            )
        ]


class Contact(models.Model):
    """Who to ask about a service (HSDS ``contact``), with its phone numbers."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()


class Phone(models.Model):
    """A contact's phone number (HSDS ``phone``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="phones")
    number = models.CharField(max_length=30)
    description = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()


class Schedule(models.Model):
    """When a service runs, in words (HSDS ``schedule`` with its ``description``)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="schedules")
    description = models.TextField()
    history = HistoricalRecords()


class CostOption(models.Model):
    """What a service costs (HSDS ``cost_option``): an amount of 0 means free."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="cost_options")
    option = models.CharField(max_length=200, blank=True)
    amount = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    amount_description = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()


class Comment(EditLocked):
    """What children, young people and families said about the Local Offer, and what the council
    did about it. The council must publish the comments it receives and its response (SEND
    Regulations 2014, reg 55): a comment is public once ``published_on`` is set. Summarise it
    without names or other personal details."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    received_on = models.DateField()
    comment = models.TextField(help_text="What people told us, in a few words.")
    response = models.TextField(blank=True, help_text="What the council did, or will do.")
    published_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_on", "pk"]

    def __str__(self) -> str:
        return self.comment[:60]
