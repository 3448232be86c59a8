"""Factories for plan versions and their rows; ``complete_plan`` fills every section so the
version can be issued."""

from datetime import date, timedelta

import factory

from openehcp.assessments.models import Decision
from openehcp.plans.models import (
    AreaOfNeed,
    Need,
    Outcome,
    PlanKind,
    PlanVersion,
    Provision,
)
from tests.factories import AssessmentRequestFactory, EstablishmentFactory


def request_deciding_to_issue(**kwargs):
    """A request received 100 days ago, agreed for assessment and for a plan."""
    received = date.today() - timedelta(days=100)
    defaults = {
        "received_on": received,
        "decision_to_assess": Decision.YES,
        "decision_on": received + timedelta(days=30),
        "decision_to_issue": Decision.YES,
        "issue_decision_on": received + timedelta(days=70),
    }
    return AssessmentRequestFactory(**{**defaults, **kwargs})


class PlanVersionFactory(factory.django.DjangoModelFactory):
    """Version 1 of a plan being drafted from an assessment that decided to issue a plan."""

    class Meta:
        model = PlanVersion

    request = factory.LazyFunction(request_deciding_to_issue)
    child = factory.SelfAttribute("request.child")
    number = 1
    kind = PlanKind.DRAFT


def complete_plan(version: PlanVersion, *, setting=None) -> PlanVersion:
    """Fill the mandatory sections, and record why health and social care are empty."""
    version.child_views = "I like drawing and trains. I want to learn to swim."
    version.aspirations = "To work with animals when I grow up."
    version.health_needs_none = "No health needs were identified."
    version.social_care_needs_none = "No social care needs were identified."
    version.health_provision_none = "No health provision is needed."
    version.social_care_h1_none = "None."
    version.social_care_h2_none = "None."
    setting = setting or EstablishmentFactory(name="Oakfield Primary School")
    version.placement = setting
    version.placement_type = setting.setting_type
    version.save()
    need = Need.objects.create(
        plan_version=version,
        section="b",
        area=AreaOfNeed.COMMUNICATION,
        text="Sam finds it hard to follow spoken instructions with more than two steps.",
    )
    outcome = Outcome.objects.create(
        plan_version=version,
        text="Sam will follow a two-step instruction in class without help.",
        steps="First with pictures, then with words only.",
        time_frame="By July 2027",
    )
    outcome.needs.add(need)
    provision = Provision.objects.create(
        plan_version=version,
        section="f",
        what="A speech and language therapist will work with Sam on instructions.",
        who="Speech and language therapist",
        frequency="Once a week",
        duration="30 minutes, for the life of the plan",
        group_size="One to one",
    )
    provision.needs.add(need)
    provision.outcomes.add(outcome)
    return version
