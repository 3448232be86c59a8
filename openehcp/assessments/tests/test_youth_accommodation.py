"""A request made while the child or young person was in relevant youth accommodation (CFA 2014
s70; SEN2 RYA): ticked on the staff request form, kept on the request."""

import pytest

from openehcp.assessments.models import AssessmentRequest
from openehcp.assessments.tests.test_intake import staff_post
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("ticked", "stored"), [({"in_youth_accommodation": "on"}, True), ({}, False)]
)
def test_staff_record_whether_the_child_was_in_youth_custody(client, ticked, stored):
    child = ChildFactory()
    client.force_login(child.caseworker)
    page = client.get(f"/assessments/new/{child.pk}/").content.decode()
    assert "in youth custody when the request was made" in page
    assert staff_post(client, child, **ticked).status_code == 302
    assert AssessmentRequest.objects.get().in_youth_accommodation is stored
