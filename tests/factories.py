"""Factories shared by every app's tests (factory-boy). Each builds a valid object by default.

Staff users get a team only where their role works in one (caseworkers and team managers); setting
staff get an establishment; professionals get a discipline. Every user's password is
``PASSWORD`` so tests can sign in through the real sign-in page.

    from tests.factories import ChildFactory, UserFactory
    manager = UserFactory(role=Role.TEAM_MANAGER, team=child.caseworker.team)
"""

from datetime import date, timedelta

import factory
from django.utils import timezone

from openehcp.accounts.models import Discipline, Role, Team, User
from openehcp.assessments.models import (
    AdviceRequest,
    AdvisorType,
    AssessmentRequest,
    Consultation,
    Document,
    ExceptionReason,
    RequestSource,
    TimescaleException,
)
from openehcp.establishments.models import Establishment, SettingType
from openehcp.localoffer.models import Area, Location, Organization, Service, TaxonomyTerm
from openehcp.localoffer.taxonomy import CATEGORIES
from openehcp.people.models import Child, Contact
from openehcp.plans.models import EHCPlan
from openehcp.reviews.models import AnnualReview

PASSWORD = "Correct-horse-battery-staple-42"

TEAM_ROLES = {Role.CASEWORKER, Role.TEAM_MANAGER}


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Assessment team {n}")
    function = Team.Function.ASSESSMENT


class EstablishmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Establishment

    urn = factory.Sequence(lambda n: f"{100000 + n:06d}")
    name = factory.Sequence(lambda n: f"Riverside Primary School {n}")
    setting_type = SettingType.MAINSTREAM
    phase = "primary"
    la_code = "999"


class UserFactory(factory.django.DjangoModelFactory):
    """A caseworker in an assessment team unless told otherwise (``role=Role.…``)."""

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Sam"
    last_name = factory.Sequence(lambda n: f"Officer{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@council.example")
    role = Role.CASEWORKER
    is_active = True
    password = factory.django.Password(PASSWORD)
    team = factory.Maybe(
        factory.LazyAttribute(lambda u: u.role in TEAM_ROLES),
        yes_declaration=factory.SubFactory(TeamFactory),
        no_declaration=None,
    )
    establishment = factory.Maybe(
        factory.LazyAttribute(lambda u: u.role == Role.SETTING_STAFF),
        yes_declaration=factory.SubFactory(EstablishmentFactory),
        no_declaration=None,
    )
    discipline = factory.LazyAttribute(
        lambda u: Discipline.EDUCATIONAL_PSYCHOLOGY if u.role == Role.PROFESSIONAL else ""
    )


class ChildFactory(factory.django.DjangoModelFactory):
    """A child of about eight, at a mainstream school, allocated to a caseworker of a team."""

    class Meta:
        model = Child

    forename = "Alex"
    surname = factory.Sequence(lambda n: f"Example{n}")
    date_of_birth = factory.LazyFunction(lambda: date.today() - timedelta(days=8 * 365 + 40))
    sex = "F"
    establishment = factory.SubFactory(EstablishmentFactory)
    primary_need = "SLCN"
    caseworker = factory.SubFactory(UserFactory, role=Role.CASEWORKER)


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    child = factory.SubFactory(ChildFactory)
    name = "Jo Parent"
    relationship = Contact.Relationship.PARENT
    email = "parent@family.example"
    is_main_contact = True


class AssessmentRequestFactory(factory.django.DjangoModelFactory):
    """A request received two weeks ago from the child's school, not yet decided."""

    class Meta:
        model = AssessmentRequest

    reference = factory.Sequence(lambda n: f"REQ-{n:05d}")
    child = factory.SubFactory(ChildFactory)
    received_on = factory.LazyFunction(lambda: date.today() - timedelta(days=14))
    source = RequestSource.SETTING
    requester_name = "School SENCO"
    reasons = "Needs not met at SEN support despite two cycles of assess, plan, do, review."


class AdviceRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdviceRequest

    request = factory.SubFactory(AssessmentRequestFactory)
    advisor_type = AdvisorType.EDUCATIONAL_PSYCHOLOGY
    advisor_name = "Educational psychology service"
    requested_on = factory.LazyAttribute(lambda a: a.request.received_on + timedelta(days=43))


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultation

    request = factory.SubFactory(AssessmentRequestFactory)
    establishment = factory.SubFactory(EstablishmentFactory)
    sent_on = factory.LazyAttribute(lambda c: c.request.received_on + timedelta(days=100))


class TimescaleExceptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TimescaleException

    request = factory.SubFactory(AssessmentRequestFactory)
    reason = ExceptionReason.PERSONAL_CIRCUMSTANCES
    starts_on = factory.LazyAttribute(lambda e: e.request.received_on + timedelta(days=20))
    ends_on = factory.LazyAttribute(lambda e: e.starts_on + timedelta(days=28))
    justification = "The family was in hospital for four weeks."
    recorded_by = factory.SelfAttribute("request.child.caseworker")


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    child = factory.SubFactory(ChildFactory)
    request = None
    kind = Document.Kind.LETTER
    title = "Decision to assess letter"
    file = factory.django.FileField(filename="letter.pdf", data=b"%PDF-1.4 test")
    content_type = "application/pdf"


class EHCPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EHCPlan

    child = factory.SubFactory(ChildFactory)
    made_on = factory.LazyFunction(lambda: date.today() - timedelta(days=200))
    named_establishment = factory.SelfAttribute("child.establishment")


class AnnualReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnualReview

    plan = factory.SubFactory(EHCPlanFactory)
    meeting_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=10))


class OrganizationFactory(factory.django.DjangoModelFactory):
    """A Local Offer provider."""

    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Riverside Family Trust {n}")
    description = "A local charity for families of disabled children."
    email = "hello@riverside.example"
    website = "https://riverside.example/"


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    name = factory.Sequence(lambda n: f"Riverside Children's Centre {n}")
    address_1 = "1 Mill Lane"
    city = "Demo Borough"
    postal_code = "SE15 4QN"


class ServiceFactory(factory.django.DjangoModelFactory):
    """An active Local Offer service for ages 0 to 25 across the whole area, classified as
    "Short breaks" unless ``terms=[...]`` (taxonomy terms) and ``areas=[...]`` say otherwise."""

    class Meta:
        model = Service
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Saturday Club {n}")
    description = "Games, art and trips for disabled children."
    email = "club@riverside.example"
    minimum_age = 0
    maximum_age = 25
    assured_date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))

    @factory.post_generation
    def terms(self, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None:
            extracted = [TaxonomyTerm.objects.get(taxonomy__name=CATEGORIES, name="Short breaks")]
        for term in extracted:
            self.attributes.create(taxonomy_term=term)

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        if not create:
            return
        for area in extracted if extracted is not None else [Area.objects.get(whole_council=True)]:
            self.service_areas.create(area=area)
