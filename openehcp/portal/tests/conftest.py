"""What the portal's page tests share: uploads kept in a temporary folder, and a signed-in
parent of Robin."""

import pytest

from tests.factories import ChildFactory

from .factories import parent_of


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def family(client):
    parent, child = parent_of(ChildFactory(forename="Robin"))
    client.force_login(parent)
    return parent, child
