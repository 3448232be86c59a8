"""Factories for the reviews app's own records (the shared ones are in ``tests/factories.py``)."""

from datetime import date, timedelta

import factory
from django.utils import timezone

from openehcp.reviews.models import PhaseTransfer, ReviewInvitee, TransferPhase
from tests.factories import AnnualReviewFactory, EHCPlanFactory


def today() -> date:
    return timezone.localdate()


class ArrangedReviewFactory(AnnualReviewFactory):
    """A review arranged three weeks ago for last week: the meeting has not been recorded."""

    meeting_on = None
    invitations_sent_on = factory.LazyFunction(lambda: today() - timedelta(days=21))
    planned_meeting_on = factory.LazyFunction(lambda: today() - timedelta(days=7))


class ReviewInviteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewInvitee

    review = factory.SubFactory(ArrangedReviewFactory)
    role = "family"
    name = "Jo Parent"


class PhaseTransferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PhaseTransfer

    plan = factory.SubFactory(EHCPlanFactory)
    transfer_year = factory.LazyFunction(lambda: today().year + 1)
    to_phase = TransferPhase.SECONDARY
