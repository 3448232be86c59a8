"""Why a child has no UPN or ULN (SEN2 UPNunknown): recorded on the child's form, shown on the
record, and refused when there is a number."""

import pytest

from openehcp.people.models import Child
from openehcp.people.tests.test_views import child_data
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_reason_recorded_and_shown(client):
    caseworker = UserFactory()
    client.force_login(caseworker)
    response = client.post(
        "/children/add/", child_data(caseworker, surname="Noupn", upn_unknown_reason="UN1")
    )
    assert response.status_code == 302
    child = Child.objects.get(surname="Noupn")
    assert child.upn_unknown_reason == "UN1"
    page = client.get(f"/children/{child.pk}/").content.decode()
    assert "No UPN or ULN because" in page and "Under 6 and not yet given a UPN" in page


def test_no_reason_with_a_upn(client):
    caseworker = UserFactory()
    client.force_login(caseworker)
    response = client.post(
        "/children/add/",
        child_data(caseworker, upn="H801200001001", upn_unknown_reason="UN8"),
    )
    assert response.status_code == 200
    assert "Leave the reason blank when the child has a UPN or ULN" in response.content.decode()
    assert not Child.objects.exists()
