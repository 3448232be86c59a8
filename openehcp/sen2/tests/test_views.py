"""The SEN2 page under Reports: who may open it, what it shows, the XML download and the access
log."""

import pytest
from django.urls import reverse
from lxml import etree

from openehcp.accounts.models import Role
from openehcp.audit.models import AccessLog
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PAGE = reverse("sen2:return")
DOWNLOAD = reverse("sen2:download")


def log(user, action):
    return set(
        AccessLog.objects.filter(user=user, action=action).values_list("child_id", flat=True)
    )


@pytest.mark.parametrize(
    "role", [Role.CASEWORKER, Role.ADMINISTRATOR, Role.PANEL_MEMBER, Role.SETTING_STAFF]
)
def test_refused_to_those_who_may_not_view_reports(client, role):
    client.force_login(UserFactory(role=role))
    assert client.get(PAGE).status_code == 403
    assert client.get(DOWNLOAD, {"year": 2027}).status_code == 403


def test_leader_sees_counts_and_problems_linked_to_records(client, h):
    leader = UserFactory(role=Role.SERVICE_LEADER)
    client.force_login(leader)
    response = client.get(PAGE, {"year": 2027})
    assert response.status_code == 200
    page = response.content.decode()
    assert "SEN2 return 2027" in page and "21 January 2027" in page
    assert response.context["counts"]["persons"] == 11
    assert f'href="/children/{h["aged_26"].pk}/"' in page
    assert "Download the XML (sen2-2027.xml)" in page
    shown = {p.child_id for p in response.context["problems"] if p.child_id}
    assert log(leader, AccessLog.Action.VIEW) == shown


def test_leader_downloads_the_xml_and_each_child_is_logged(client, h):
    leader = UserFactory(role=Role.SERVICE_LEADER)
    client.force_login(leader)
    response = client.get(DOWNLOAD, {"year": 2027})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="sen2-2027.xml"'
    tree = etree.fromstring(response.content)
    assert len(tree.findall("Persons/Person")) == 11
    assert len(log(leader, AccessLog.Action.DOWNLOAD)) == 11


def test_team_manager_sees_only_their_teams_problems_and_cannot_download(client, h):
    child = h["refused"]
    manager = UserFactory(role=Role.TEAM_MANAGER, team=child.caseworker.team)
    client.force_login(manager)
    response = client.get(PAGE, {"year": 2027})
    assert response.status_code == 200
    assert {p.child_id for p in response.context["problems"]} == {child.pk}
    assert response.context["hidden_problems"] > 0
    assert "Download the XML" not in response.content.decode()
    assert log(manager, AccessLog.Action.VIEW) == {child.pk}
    assert client.get(DOWNLOAD, {"year": 2027}).status_code == 403
    assert log(manager, AccessLog.Action.DOWNLOAD) == set()


def test_a_year_not_offered_falls_back_to_the_default(client, h):
    client.force_login(UserFactory(role=Role.QA_OFFICER))
    response = client.get(PAGE, {"year": "1990"})
    assert response.status_code == 200
    assert response.context["form"].errors["year"] == ["Choose a collection year from the list"]


def test_reports_index_and_sub_navigation_link_to_the_page(client):
    client.force_login(UserFactory(role=Role.SERVICE_LEADER))
    page = client.get(reverse("reporting:index")).content.decode()
    assert page.count(f'href="{PAGE}"') == 2


def test_opening_the_page_builds_nothing_until_a_year_is_asked_for(client, h):
    leader = UserFactory(role=Role.SERVICE_LEADER)
    client.force_login(leader)
    response = client.get(PAGE)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Show this year" in page and "select <strong>Show this year</strong>" in page
    assert "result" not in response.context and 'id="sen2-counts"' not in page
    assert log(leader, AccessLog.Action.VIEW) == set()
