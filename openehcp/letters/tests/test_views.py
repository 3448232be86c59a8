"""Editing the council's letters: who may, and what the page refuses."""

import pytest
from django.urls import reverse

from openehcp.accounts.models import Role
from openehcp.letters.models import LetterKind, LetterTemplate
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

EDIT = reverse("letters:template_edit", args=[LetterKind.DECISION_NOT_TO_ASSESS])


@pytest.mark.parametrize("role", [Role.TEAM_MANAGER, Role.SERVICE_LEADER, Role.ADMINISTRATOR])
def test_managers_leaders_and_administrators_edit_letters(client, role):
    client.force_login(UserFactory(role=role))
    assert client.get(reverse("letters:template_list")).status_code == 200
    page = client.get(EDIT).content.decode()
    assert "{{ appeal.deadline }}" in page
    assert "Preview with example values" in page


@pytest.mark.parametrize(
    "role", [Role.CASEWORKER, Role.SETTING_STAFF, Role.PROFESSIONAL, Role.PARENT, Role.QA_OFFICER]
)
def test_others_cannot_edit_letters(client, role):
    client.force_login(UserFactory(role=role))
    assert client.get(reverse("letters:template_list")).status_code == 403
    assert client.post(EDIT, {"subject": "S", "body": "B", "version": 1}).status_code == 403


def test_saving_a_letter(client):
    manager = UserFactory(role=Role.TEAM_MANAGER)
    client.force_login(manager)
    template = LetterTemplate.objects.get(kind=LetterKind.DECISION_NOT_TO_ASSESS)
    body = template.body.replace("Dear", "Hello")
    response = client.post(
        EDIT, {"subject": template.subject, "body": body, "version": template.version}
    )
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.body.startswith("Hello")
    assert template.changed_by == manager


def test_a_letter_without_its_appeal_rights_is_refused_and_kept(client):
    client.force_login(UserFactory(role=Role.SERVICE_LEADER))
    template = LetterTemplate.objects.get(kind=LetterKind.DECISION_NOT_TO_ASSESS)
    response = client.post(
        EDIT, {"subject": "Decision", "body": "We said no. Sorry.", "version": template.version}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in page
    assert "last day to appeal" in page
    assert "We said no. Sorry." in page
    template.refresh_from_db()
    assert "appeal.deadline" in template.body


def test_an_unknown_placeholder_is_refused(client):
    client.force_login(UserFactory(role=Role.SERVICE_LEADER))
    template = LetterTemplate.objects.get(kind=LetterKind.ADVICE_REQUEST)
    response = client.post(
        reverse("letters:template_edit", args=[template.kind]),
        {"subject": "S", "body": "Dear {{ child.nhs_number }}", "version": template.version},
    )
    assert "not a placeholder letters can use" in response.content.decode()


def test_two_editors_cannot_overwrite_each_other(client):
    client.force_login(UserFactory(role=Role.SERVICE_LEADER))
    other = client.__class__()
    other.force_login(UserFactory(role=Role.TEAM_MANAGER, first_name="Kim", last_name="Manager"))
    template = LetterTemplate.objects.get(kind=LetterKind.ADVICE_REQUEST)
    url = reverse("letters:template_edit", args=[template.kind])
    # Both open the letter; the manager saves first.
    for person in (client, other):
        assert f'name="version" value="{template.version}"' in person.get(url).content.decode()
    data = {"subject": template.subject, "body": template.body, "version": template.version}
    first = data | {"body": template.body + "\n\nFirst editor's paragraph."}
    assert other.post(url, first).status_code == 302
    response = client.post(url, data | {"body": template.body + "\n\nSecond editor's paragraph."})
    page = response.content.decode()
    assert response.status_code == 200
    assert "The letter ‘Request for advice’ was changed by Kim Manager at " in page
    assert "Your changes have not been saved" in page
    assert "Second editor&#x27;s paragraph." in page
    assert f'name="version" value="{template.version + 1}"' in page
    template.refresh_from_db()
    assert template.body.endswith("First editor's paragraph.")
