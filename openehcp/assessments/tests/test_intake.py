"""Requests arriving: request_create's references, staff entry, the triage queue and merging a
child entered twice."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.utils import timezone

from openehcp.accounts.models import Role
from openehcp.assessments import services
from openehcp.assessments.models import Activity, AssessmentRequest, Document
from openehcp.assessments.services import request_create
from openehcp.audit.models import AccessLog
from openehcp.people.models import Child
from tests.factories import (
    AssessmentRequestFactory,
    ChildFactory,
    TimescaleExceptionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 test"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def make(child, on=datetime.date(2026, 3, 2), **extra):
    return request_create(
        child=child, received_on=on, source="parent", created_by=child.caseworker, **extra
    )


# --- request_create --------------------------------------------------------------------------


def test_references_count_up_within_the_year_of_receipt():
    child = ChildFactory()
    first, second = make(child), make(child)
    other_year = make(child, on=datetime.date(2025, 12, 31))
    assert (first.reference, second.reference) == ("EHC-2026-00001", "EHC-2026-00002")
    assert other_year.reference == "EHC-2025-00001"


def test_a_request_that_fails_after_its_documents_are_stored_leaves_no_files(tmp_path, monkeypatch):
    child = ChildFactory()

    def fail(**fields):
        raise IntegrityError("the activity could not be recorded")

    monkeypatch.setattr(Activity.objects, "create", fail)
    upload = SimpleUploadedFile("report.pdf", PDF, content_type="application/pdf")
    with pytest.raises(IntegrityError):
        make(child, documents=[(upload, "application/pdf", "Report")])
    assert not Document.objects.exists()
    assert not [path for path in tmp_path.rglob("*") if path.is_file()]


def test_references_keep_counting_past_99999():
    child = ChildFactory()
    AssessmentRequestFactory(child=child, reference="EHC-2026-99999")
    AssessmentRequestFactory(child=child, reference="EHC-2026-100000")
    assert make(child).reference == "EHC-2026-100001"


def test_a_reference_taken_meanwhile_is_retried_with_the_next(monkeypatch):
    child = ChildFactory()
    AssessmentRequestFactory(child=child, reference="EHC-2026-00007")
    offered = iter(["EHC-2026-00007", "EHC-2026-00008"])
    monkeypatch.setattr(services, "_next_reference", lambda year: next(offered))
    assert make(child).reference == "EHC-2026-00008"


def test_allocation_gives_up_after_repeated_clashes(monkeypatch):
    child = ChildFactory()
    AssessmentRequestFactory(child=child, reference="EHC-2026-00007")
    monkeypatch.setattr(services, "_next_reference", lambda year: "EHC-2026-00007")
    with pytest.raises(IntegrityError):
        make(child)
    assert AssessmentRequest.objects.count() == 1


def test_request_received_is_an_activity_with_its_documents():
    child = ChildFactory()
    upload = SimpleUploadedFile("letter.pdf", PDF)
    case = make(
        child, requester_name="Grace Parent", documents=[(upload, "application/pdf", "letter.pdf")]
    )
    activity = Activity.objects.get(request=case)
    assert activity.kind == "request_received" and activity.occurred_on == case.received_on
    assert "parent or carer (Grace Parent)" in activity.description
    document = Document.objects.get()
    assert list(activity.documents.all()) == [document]
    assert (document.kind, document.child, document.title) == ("supporting", child, "letter.pdf")
    assert case.history.first().history_user == child.caseworker


@pytest.mark.parametrize(
    ("on", "field"),
    [
        (timezone.localdate() + datetime.timedelta(days=1), "received_on"),
        (datetime.date(2000, 1, 1), "received_on"),
    ],
)
def test_impossible_receipt_dates_are_refused(on, field):
    with pytest.raises(ValidationError) as caught:
        make(ChildFactory(date_of_birth=datetime.date(2015, 1, 1)), on=on)
    assert field in caught.value.message_dict
    assert not AssessmentRequest.objects.exists()


def test_an_unknown_source_is_refused():
    child = ChildFactory()
    with pytest.raises(ValidationError):
        request_create(
            child=child, received_on=datetime.date(2026, 1, 5), source="neighbour", created_by=None
        )


# --- staff entry -----------------------------------------------------------------------------


def staff_post(client, child, **changes):
    data = {
        "received_on-day": "2",
        "received_on-month": "3",
        "received_on-year": "2026",
        "source": "setting",
        "requester_name": "Larkspur SENCO",
        "requester_email": "senco@school.example",
        "requester_phone": "",
        "reasons": "Needs not met at SEN support.",
        "version": str(child.version),
    } | changes
    return client.post(f"/assessments/new/{child.pk}/", data)


def test_caseworker_records_a_request_with_documents(client):
    child = ChildFactory()
    client.force_login(child.caseworker)
    assert (
        "Record a request for assessment" in client.get(f"/children/{child.pk}/").content.decode()
    )
    response = staff_post(
        client,
        child,
        documents=[SimpleUploadedFile("a.pdf", PDF), SimpleUploadedFile("b.pdf", PDF)],
    )
    assert response["Location"] == f"/children/{child.pk}/"
    case = AssessmentRequest.objects.get()
    assert case.reference == "EHC-2026-00001" and case.source == "setting"
    assert case.documents.count() == 2 and not case.via_online_form
    assert AccessLog.objects.filter(child=child).exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"received_on-day": "30", "received_on-month": "2"},
            "The date the request was received must be a real date",
        ),
        (
            {"received_on-year": "2999"},
            "The date the request was received must be today or in the past",
        ),
        (
            {"received_on-year": "2001"},
            "The date the request was received must be after the child was born",
        ),
        ({"source": ""}, "Select who made the request"),
        ({"requester_email": "not-an-email"}, "Enter an email address in the correct format"),
        (
            {"documents": [SimpleUploadedFile("a.exe", b"MZ")]},
            "The selected file must be a PDF, Word document, JPG or PNG",
        ),
    ],
)
def test_staff_entry_errors_keep_what_was_typed(client, changes, message):
    child = ChildFactory(date_of_birth=datetime.date(2015, 5, 1))
    client.force_login(child.caseworker)
    html = staff_post(client, child, **changes).content.decode()
    assert message in html and "govuk-error-summary" in html
    assert 'value="Larkspur SENCO"' in html
    assert not AssessmentRequest.objects.exists()


@pytest.mark.parametrize("role", [Role.SETTING_STAFF, Role.PARENT, Role.QA_OFFICER])
def test_only_the_childs_team_records_requests(client, role):
    child = ChildFactory()
    user = UserFactory(role=role)
    client.force_login(user)
    assert staff_post(client, child).status_code == 403
    client.force_login(UserFactory())  # a caseworker of another team
    assert staff_post(client, child).status_code == 403
    assert not AssessmentRequest.objects.exists()


# --- triage ----------------------------------------------------------------------------------


def test_triage_lists_undecided_requests_oldest_first_with_the_clocks_decision_date(client):
    caseworker = UserFactory()
    today = timezone.localdate()
    old = AssessmentRequestFactory(
        child__caseworker=caseworker, received_on=today - datetime.timedelta(days=50)
    )
    new = AssessmentRequestFactory(
        child__caseworker=caseworker, received_on=today - datetime.timedelta(days=3)
    )
    AssessmentRequestFactory(
        child__caseworker=caseworker, decision_to_assess="yes", decision_on=today
    )
    AssessmentRequestFactory(child__caseworker=caseworker, withdrawn_on=today)
    AssessmentRequestFactory()  # another team's
    client.force_login(caseworker)
    html = client.get("/assessments/triage/").content.decode()
    assert "2 requests waiting" in html
    assert html.index(old.reference) < html.index(new.reference)
    # reg 5(1): 6 weeks = 42 days after receipt, computed by the clock.
    assert f"{old.received_on + datetime.timedelta(days=42):%-d %b %Y}" in html
    assert ">50<" in html and "Overdue" in html
    assert f'href="/assessments/{old.reference}/"' in html


def test_triage_shows_a_lifted_time_limit(client):
    case = AssessmentRequestFactory(received_on=timezone.localdate() - datetime.timedelta(days=60))
    TimescaleExceptionFactory(
        request=case,
        starts_on=case.received_on + datetime.timedelta(days=10),
        ends_on=case.received_on + datetime.timedelta(days=50),
    )
    client.force_login(case.child.caseworker)
    assert "Time limit lifted" in client.get("/assessments/triage/").content.decode()


@pytest.mark.parametrize("role", [Role.SETTING_STAFF, Role.PARENT, Role.PROFESSIONAL])
def test_triage_is_for_council_caseworkers_and_managers(client, role):
    client.force_login(UserFactory(role=role))
    assert client.get("/assessments/triage/").status_code == 403


# --- duplicates ------------------------------------------------------------------------------


def test_merge_a_duplicate_child_into_the_existing_record(client):
    caseworker = UserFactory()
    born = datetime.date(2017, 5, 4)
    existing = ChildFactory(
        caseworker=caseworker, forename="Maya", surname="Okoro", date_of_birth=born
    )
    duplicate = ChildFactory(
        caseworker=caseworker,
        forename="Maya",
        surname="Okoro",
        date_of_birth=born,
        possible_duplicate=True,
    )
    case = AssessmentRequestFactory(child=duplicate)
    client.force_login(caseworker)
    html = client.get("/assessments/triage/").content.decode()
    assert "Possible duplicate" in html
    page = client.get(f"/assessments/triage/{case.reference}/duplicate/").content.decode()
    assert "Maya Okoro, born 4 May 2017" in page
    data = {"action": "merge", "into": existing.pk, "version": duplicate.version}
    response = client.post(f"/assessments/triage/{case.reference}/duplicate/", data)
    assert response["Location"] == f"/children/{existing.pk}/"
    case.refresh_from_db()
    duplicate.refresh_from_db()
    assert case.child == existing and duplicate.merged_into == existing
    # The button pressed twice: the second press is told, not a server error.
    again = client.post(f"/assessments/triage/{case.reference}/duplicate/", data)
    assert again.status_code == 200
    assert "it may have been merged already" in again.content.decode()
    assert Child.objects.filter(merged_into=existing).count() == 1


def test_merge_needs_a_choice(client):
    caseworker = UserFactory()
    born = datetime.date(2017, 5, 4)
    ChildFactory(caseworker=caseworker, forename="Maya", surname="Okoro", date_of_birth=born)
    case = AssessmentRequestFactory(
        child__caseworker=caseworker,
        child__forename="Maya",
        child__surname="Okoro",
        child__date_of_birth=born,
    )
    client.force_login(caseworker)
    response = client.post(f"/assessments/triage/{case.reference}/duplicate/", {"action": "merge"})
    assert "Select the record that is the same child" in response.content.decode()


def test_mark_as_a_different_child_clears_the_flag(client):
    case = AssessmentRequestFactory(child__possible_duplicate=True)
    client.force_login(case.child.caseworker)
    response = client.post(
        f"/assessments/triage/{case.reference}/duplicate/",
        {"action": "not_duplicate", "version": case.child.version},
    )
    assert response["Location"] == "/assessments/triage/"
    assert not Child.objects.get(pk=case.child.pk).possible_duplicate


def test_another_teams_case_cannot_be_merged(client):
    case = AssessmentRequestFactory()
    client.force_login(UserFactory())
    assert client.get(f"/assessments/triage/{case.reference}/duplicate/").status_code == 403


# --- who receives new requests -------------------------------------------------------------


def test_team_manager_chooses_who_receives_new_requests(client):
    manager = UserFactory(role=Role.TEAM_MANAGER)
    caseworker = UserFactory(team=manager.team, first_name="Nia", last_name="Default")
    UserFactory()  # in another team: not offered
    client.force_login(manager)
    assert "nobody yet" in client.get("/assessments/triage/").content.decode()
    page = client.get("/assessments/triage/default-caseworker/").content.decode()
    assert "Nia Default" in page and page.count('type="radio"') == 2
    response = client.post(
        "/assessments/triage/default-caseworker/",
        {"default_caseworker": caseworker.pk, "version": manager.team.version},
    )
    assert response["Location"] == "/assessments/triage/"
    manager.team.refresh_from_db()
    assert manager.team.default_caseworker == caseworker
    assert manager.team.changed_by == manager
    assert "Nia Default" in client.get("/assessments/triage/").content.decode()


def test_two_managers_choosing_at_once_the_second_is_told_and_nothing_is_lost(client):
    manager = UserFactory(role=Role.TEAM_MANAGER, first_name="Kim", last_name="Colleague")
    first = UserFactory(team=manager.team, first_name="Nia", last_name="Default")
    second = UserFactory(team=manager.team, first_name="Sam", last_name="Second")
    other_manager = UserFactory(role=Role.TEAM_MANAGER, team=manager.team)
    opened_on = manager.team.version
    services.default_caseworker_set(
        team=manager.team, version=opened_on, user=manager, caseworker=first
    )
    client.force_login(other_manager)
    response = client.post(
        "/assessments/triage/default-caseworker/",
        {"default_caseworker": second.pk, "version": opened_on},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page and "changed by Kim Colleague" in page
    assert f'value="{opened_on + 1}"' in page
    manager.team.refresh_from_db()
    assert manager.team.default_caseworker == first
    response = client.post(
        "/assessments/triage/default-caseworker/",
        {"default_caseworker": second.pk, "version": opened_on + 1},
    )
    assert response["Location"] == "/assessments/triage/"
    manager.team.refresh_from_db()
    assert manager.team.default_caseworker == second


def test_a_caseworker_cannot_change_who_receives_new_requests(client):
    caseworker = UserFactory()
    client.force_login(caseworker)
    assert "Change who receives them" not in client.get("/assessments/triage/").content.decode()
    response = client.post(
        "/assessments/triage/default-caseworker/", {"default_caseworker": caseworker.pk}
    )
    assert response.status_code == 403


def test_the_default_caseworker_must_be_an_active_member_of_the_team():
    team_member = UserFactory()
    outsider = UserFactory()
    with pytest.raises(ValidationError):
        services.default_caseworker_set(
            team=team_member.team, version=1, user=team_member, caseworker=outsider
        )
    team_member.is_active = False
    with pytest.raises(ValidationError):
        services.default_caseworker_set(
            team=team_member.team, version=1, user=team_member, caseworker=team_member
        )


def test_a_request_sent_twice_is_recorded_once(client):
    child = ChildFactory(forename="Ada", surname="Lovelace")
    client.force_login(child.caseworker)
    assert staff_post(client, child).status_code == 302
    response = staff_post(client, child)  # the page as it was: the same version again
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ada Lovelace’s record was changed by you at " in page
    assert 'value="Larkspur SENCO"' in page
    assert AssessmentRequest.objects.filter(child=child).count() == 1


def test_two_caseworkers_merging_the_same_duplicate_the_second_is_told(client):
    caseworker = UserFactory(first_name="Kim", last_name="Worker")
    born = datetime.date(2017, 5, 4)
    existing = ChildFactory(
        caseworker=caseworker, forename="Maya", surname="Okoro", date_of_birth=born
    )
    duplicate = ChildFactory(
        caseworker=caseworker, forename="Maya", surname="Okoro", date_of_birth=born
    )
    case = AssessmentRequestFactory(child=duplicate)
    url = f"/assessments/triage/{case.reference}/duplicate/"
    other = client.__class__()
    other.force_login(caseworker)
    client.force_login(UserFactory(team=caseworker.team))
    loaded = {"action": "merge", "into": existing.pk, "version": duplicate.version}
    # The other caseworker marks the child as different while this one chooses the merge.
    assert (
        other.post(url, {"action": "not_duplicate", "version": duplicate.version}).status_code
        == 302
    )
    response = client.post(url, loaded)
    assert response.status_code == 200
    assert "Maya Okoro’s record was changed by Kim Worker at " in response.content.decode()
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None
    case.refresh_from_db()
    assert case.child == duplicate
