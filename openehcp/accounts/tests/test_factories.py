"""The shared factories build valid records (``full_clean`` passes) that other tests rely on."""

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory

from openehcp.accounts.models import Role
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "factory_class",
    [
        factories.TeamFactory,
        factories.EstablishmentFactory,
        factories.UserFactory,
        factories.ChildFactory,
        factories.ContactFactory,
        factories.AssessmentRequestFactory,
        factories.AdviceRequestFactory,
        factories.ConsultationFactory,
        factories.TimescaleExceptionFactory,
        factories.DocumentFactory,
        factories.EHCPlanFactory,
        factories.AnnualReviewFactory,
    ],
)
def test_factory_builds_a_valid_record(factory_class):
    record = factory_class()
    record.full_clean(exclude=["password"])


def test_caseworker_belongs_to_a_team_and_setting_staff_to_a_setting():
    assert factories.UserFactory(role=Role.CASEWORKER).team is not None
    assert factories.UserFactory(role=Role.SETTING_STAFF).establishment is not None
    assert factories.UserFactory(role=Role.SERVICE_LEADER).team is None
    assert factories.UserFactory(role=Role.PROFESSIONAL).discipline


def test_factory_users_can_sign_in_with_the_shared_password():
    user = factories.UserFactory()
    request = RequestFactory().post("/account/sign-in")
    assert authenticate(request, username=user.username, password=factories.PASSWORD) == user
