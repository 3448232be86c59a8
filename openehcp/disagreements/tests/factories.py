"""A disagreement with a refusal to assess, by default: the request refused a month ago."""

from datetime import date, timedelta

import factory

from openehcp.disagreements.models import AppealableDecision, Disagreement
from tests.factories import AssessmentRequestFactory


def refused_request(**kwargs):
    received = kwargs.pop("received_on", date.today() - timedelta(days=80))
    decided = kwargs.pop("decision_on", received + timedelta(days=40))
    return AssessmentRequestFactory(
        received_on=received, decision_to_assess="no", decision_on=decided, **kwargs
    )


class DisagreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Disagreement

    request = factory.LazyFunction(refused_request)
    child = factory.SelfAttribute("request.child")
    decision = AppealableDecision.NOT_TO_ASSESS
    decision_on = factory.SelfAttribute("request.decision_on")
