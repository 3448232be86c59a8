"""Reallocating children between caseworkers in bulk: managers only, all or nothing, in history."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from openehcp.accounts.models import Role
from openehcp.people.models import Child
from openehcp.people.services import reallocate
from tests.factories import ChildFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    return TeamFactory()


@pytest.fixture
def manager(team):
    return UserFactory(role=Role.TEAM_MANAGER, team=team)


@pytest.fixture
def from_worker(team):
    return UserFactory(role=Role.CASEWORKER, team=team)


@pytest.fixture
def to_worker(team):
    return UserFactory(role=Role.CASEWORKER, team=team)


def test_moves_every_selected_child_bumps_versions_and_writes_history(
    manager, from_worker, to_worker
):
    children = [ChildFactory(caseworker=from_worker) for _ in range(3)]
    moved = reallocate(children=children, to_caseworker=to_worker, by=manager)
    assert moved == 3
    for child in Child.objects.filter(pk__in=[c.pk for c in children]):
        assert child.caseworker == to_worker
        assert child.version == 2
        latest = child.history.first()
        assert latest.history_user == manager
        assert latest.caseworker_id == to_worker.pk
        assert "Reallocated to" in latest.history_change_reason


def test_children_already_with_the_new_caseworker_are_left_alone(manager, from_worker, to_worker):
    stays = ChildFactory(caseworker=to_worker)
    moves = ChildFactory(caseworker=from_worker)
    assert reallocate(children=[stays, moves], to_caseworker=to_worker, by=manager) == 1
    stays.refresh_from_db()
    assert stays.version == 1


def test_a_caseworker_may_not_reallocate(from_worker, to_worker):
    child = ChildFactory(caseworker=from_worker)
    with pytest.raises(PermissionDenied):
        reallocate(children=[child], to_caseworker=to_worker, by=from_worker)
    child.refresh_from_db()
    assert child.caseworker == from_worker


def test_nothing_moves_when_one_child_is_in_another_team(manager, from_worker, to_worker):
    ours = ChildFactory(caseworker=from_worker)
    theirs = ChildFactory()  # a caseworker in another team
    with pytest.raises(PermissionDenied):
        reallocate(children=[ours, theirs], to_caseworker=to_worker, by=manager)
    ours.refresh_from_db()
    assert ours.caseworker == from_worker


def test_a_manager_may_not_hand_children_to_another_team(manager, from_worker):
    child = ChildFactory(caseworker=from_worker)
    outsider = UserFactory(role=Role.CASEWORKER)
    with pytest.raises(PermissionDenied):
        reallocate(children=[child], to_caseworker=outsider, by=manager)


def test_the_new_caseworker_must_be_able_to_hold_cases(manager, from_worker, team):
    child = ChildFactory(caseworker=from_worker)
    leaver = UserFactory(role=Role.CASEWORKER, team=team, is_active=False)
    with pytest.raises(ValidationError):
        reallocate(children=[child], to_caseworker=leaver, by=manager)
    with pytest.raises(ValidationError):
        reallocate(children=[child], to_caseworker=UserFactory(role=Role.QA_OFFICER), by=manager)


def test_a_service_leader_reallocates_in_any_team(from_worker, to_worker):
    child = ChildFactory(caseworker=from_worker)
    leader = UserFactory(role=Role.SERVICE_LEADER)
    assert reallocate(children=[child], to_caseworker=to_worker, by=leader) == 1


def test_an_empty_selection_is_refused(manager, to_worker):
    with pytest.raises(ValidationError):
        reallocate(children=[], to_caseworker=to_worker, by=manager)
