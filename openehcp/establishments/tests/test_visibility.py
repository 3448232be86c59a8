"""Who sees which entries of the settings register (accounts.policy.visible_establishments)."""

import pytest

from openehcp.accounts.models import Role
from openehcp.accounts.policy import can, visible_establishments
from openehcp.establishments.models import Establishment
from tests.factories import EstablishmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "role", [Role.CASEWORKER, Role.TEAM_MANAGER, Role.SERVICE_LEADER, Role.ADMINISTRATOR]
)
def test_council_staff_see_the_whole_register(role):
    EstablishmentFactory.create_batch(3)
    assert visible_establishments(UserFactory(role=role)).count() == 3


def test_setting_staff_see_only_their_own_setting():
    senco = UserFactory(role=Role.SETTING_STAFF)
    EstablishmentFactory()
    assert list(visible_establishments(senco)) == [senco.establishment]


@pytest.mark.parametrize("role", [Role.PARENT, Role.YOUNG_PERSON, Role.PROFESSIONAL])
def test_people_outside_the_council_see_none(role):
    EstablishmentFactory()
    assert not visible_establishments(UserFactory(role=role)).exists()


def test_the_list_matches_the_record_rule_for_each_role():
    EstablishmentFactory.create_batch(2)
    for role in Role.values:
        user = UserFactory(role=role)
        expected = {e.pk for e in Establishment.objects.all() if can(user, "view", e)}
        assert set(visible_establishments(user).values_list("pk", flat=True)) == expected, role
