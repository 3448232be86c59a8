"""The History pages of a child and of an assessment request: field-by-field changes and the
access log, open to the roles with ``view_history`` and refused (403) to everyone else."""

from datetime import date

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from openehcp.accounts.models import Role
from openehcp.audit.models import AccessLog
from openehcp.audit.services import record_access
from openehcp.people.codes import SENNeed
from tests import factories

pytestmark = pytest.mark.django_db


def save_as(user, record, **changes):
    for name, value in changes.items():
        setattr(record, name, value)
    record._history_user = user
    record.save()


@pytest.fixture
def case():
    child = factories.ChildFactory(surname="Example", primary_need=SENNeed.SLCN)
    request = factories.AssessmentRequestFactory(child=child, reference="REQ-00042")
    return child, request


def child_url(child):
    return reverse("audit:child_history", args=[child.pk])


def request_url(request):
    return reverse("audit:request_history", args=[request.pk])


def test_caseworker_sees_field_by_field_changes_with_who_and_when(client, case):
    child, _ = case
    caseworker = child.caseworker
    save_as(caseworker, child, surname="Example-Jones", primary_need=SENNeed.ASD)
    client.force_login(caseworker)
    response = client.get(child_url(child))
    assert response.status_code == 200
    entries = response.context["entries"]
    change = entries[0]
    assert change.who == caseworker
    assert change.record == "Child's details"
    assert [(c.label, c.old, c.new) for c in change.changes] == [
        ("Primary need", "Speech, language and communication needs", "Autistic spectrum disorder"),
        ("Surname", "Example", "Example-Jones"),
    ]
    assert entries[-1].kind == "Created"
    body = response.content.decode()
    assert "Example-Jones" in body
    assert "Autistic spectrum disorder" in body


def test_history_covers_the_childs_related_records(client, case):
    child, request = case
    user = child.caseworker
    advice = factories.AdviceRequestFactory(request=request)
    save_as(user, advice, received_on=date(2025, 3, 3))
    plan = factories.EHCPlanFactory(child=child)
    review = factories.AnnualReviewFactory(plan=plan)
    save_as(user, review, outcome="M")
    contact = factories.ContactFactory(child=child)
    save_as(user, contact, phone="01234 567890")
    save_as(user, request, decision_to_assess="yes", decision_on=date(2025, 2, 1))
    client.force_login(user)
    entries = client.get(child_url(child)).context["entries"]
    changed = {(entry.record, c.label, c.new) for entry in entries for c in entry.changes}
    assert ("Assessment request REQ-00042", "Decision to assess", "Yes") in changed
    assert ("Assessment request REQ-00042", "Decision on", "1 February 2025") in changed
    assert ("Advice request: Psychological advice", "Received on", "3 March 2025") in changed
    assert any(
        c[0].startswith("Annual review") and c[2] == "Maintain the plan unchanged" for c in changed
    )
    assert ("Contact: Jo Parent", "Phone", "01234 567890") in changed
    assert any(entry.record.startswith("EHC plan made") for entry in entries)


def test_reallocation_shows_the_caseworkers_by_name(client, case):
    child, _ = case
    manager = factories.UserFactory(role=Role.TEAM_MANAGER, team=child.caseworker.team)
    before = child.caseworker
    after = factories.UserFactory(team=before.team, first_name="Robin", last_name="Newcase")
    save_as(manager, child, caseworker=after)
    client.force_login(manager)
    change = client.get(child_url(child)).context["entries"][0].changes[0]
    assert (change.label, change.old, change.new) == ("Caseworker", str(before), "Robin Newcase")


def test_deleted_related_record_stays_in_the_history(client, case):
    child, request = case
    advice = factories.AdviceRequestFactory(request=request)
    advice._history_user = child.caseworker
    advice.delete()
    client.force_login(child.caseworker)
    entries = client.get(child_url(child)).context["entries"]
    assert entries[0].kind == "Deleted"
    assert entries[0].record == "Advice request: Psychological advice"


def test_change_made_outside_a_signed_in_session_is_shown_as_the_system(client, case):
    child, _ = case
    child.surname = "Imported"
    child.save()
    client.force_login(child.caseworker)
    response = client.get(child_url(child))
    assert response.context["entries"][0].who is None
    assert "System (no one signed in)" in response.content.decode()


def test_access_log_shows_who_viewed_when_and_from_where(client, case):
    child, _ = case
    qa = factories.UserFactory(role=Role.QA_OFFICER, first_name="Quinn", last_name="Checker")
    client.force_login(qa)
    client.get(child_url(child), REMOTE_ADDR="198.51.100.7", HTTP_USER_AGENT="TestBrowser/1.0")
    response = client.get(child_url(child))
    log = list(response.context["access_log"])
    assert len(log) == 2  # the two openings of this page, newest first
    assert log[0].user == qa
    assert log[1].ip_address == "198.51.100.7"
    body = response.content.decode()
    assert "Quinn Checker" in body
    assert "198.51.100.7" in body
    assert "TestBrowser/1.0" in body


def test_opening_the_history_page_is_itself_logged(client, case):
    child, request = case
    leader = factories.UserFactory(role=Role.SERVICE_LEADER)
    client.force_login(leader)
    client.get(request_url(request))
    entry = AccessLog.objects.get()
    assert (entry.user, entry.record, entry.child) == (leader, request, child)
    assert entry.path == request_url(request)


def test_request_history_keeps_to_the_request(client, case):
    child, request = case
    other = factories.AssessmentRequestFactory(child=child, reference="REQ-00043")
    save_as(child.caseworker, other, requester_name="Someone else")
    advice = factories.AdviceRequestFactory(request=request)
    save_as(child.caseworker, advice, summary="Advice received in full.")
    client.force_login(child.caseworker)
    entries = client.get(request_url(request)).context["entries"]
    records = {entry.record for entry in entries}
    assert records == {"Assessment request REQ-00042", "Advice request: Psychological advice"}


def test_request_access_log_includes_its_parts_but_not_other_requests(client, case):
    child, request = case
    advice = factories.AdviceRequestFactory(request=request)
    other = factories.AssessmentRequestFactory(child=child)
    page = RequestFactory().get("/assessments/")
    page.user = child.caseworker
    record_access(page, advice)
    record_access(page, other)
    record_access(page, child)
    client.force_login(child.caseworker)
    log = list(client.get(request_url(request)).context["access_log"])
    assert {entry.record for entry in log} == {advice, request}


def test_page_cost_does_not_grow_with_the_length_of_the_history(client, case):
    child, request = case
    client.force_login(child.caseworker)

    def queries():
        with CaptureQueriesContext(connection) as context:
            client.get(child_url(child))
        return len(context)

    short = queries()
    for n in range(10):
        save_as(child.caseworker, child, preferred_name=f"Name {n}")
        factories.AdviceRequestFactory(request=request)
    assert queries() == short


ALLOWED = {Role.CASEWORKER, Role.TEAM_MANAGER, Role.SERVICE_LEADER, Role.QA_OFFICER}


@pytest.mark.parametrize("role", [role for role, _ in Role.choices])
@pytest.mark.parametrize("page", ["child", "request"])
def test_only_roles_with_view_history_may_open_the_page(client, case, role, page):
    child, request = case
    if role in {Role.CASEWORKER, Role.TEAM_MANAGER}:
        user = factories.UserFactory(role=role, team=child.caseworker.team)
    elif role == Role.SETTING_STAFF:
        user = factories.UserFactory(role=role, establishment=child.establishment)
    elif role == Role.PROFESSIONAL:
        user = factories.UserFactory(role=role)
        factories.AdviceRequestFactory(request=request, advisor_user=user)
    else:
        user = factories.UserFactory(role=role)
    client.force_login(user)
    url = child_url(child) if page == "child" else request_url(request)
    response = client.get(url)
    assert response.status_code == (200 if role in ALLOWED else 403)
    assert AccessLog.objects.filter(user=user).exists() == (role in ALLOWED)


def test_caseworker_of_another_team_is_refused(client, case):
    child, request = case
    client.force_login(factories.UserFactory(role=Role.CASEWORKER))
    assert client.get(child_url(child)).status_code == 403
    assert client.get(request_url(request)).status_code == 403


def test_signed_out_visitor_is_sent_to_sign_in(client, case):
    child, _ = case
    response = client.get(child_url(child))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_unknown_record_is_not_found(client):
    client.force_login(factories.UserFactory(role=Role.SERVICE_LEADER))
    assert client.get(reverse("audit:child_history", args=[999999])).status_code == 404
    assert client.get(reverse("audit:request_history", args=[999999])).status_code == 404


def test_history_pages_link_back_to_the_record(client, case):
    child, request = case
    client.force_login(child.caseworker)
    child_page = client.get(child_url(child)).content.decode()
    assert (
        f'href="{reverse("people:detail", args=[child.pk])}" class="govuk-back-link"' in child_page
    )
    request_page = client.get(request_url(request)).content.decode()
    back = reverse("assessments:case", args=[request.reference])
    assert f'href="{back}" class="govuk-back-link"' in request_page
