"""Professionals and settings give the advice asked of them (SEND Regulations 2014 regs 6-8):
their list of advice requests, the page that sends the advice, and every refusal."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from openehcp import clock
from openehcp.accounts import policy
from openehcp.accounts.models import Role
from openehcp.assessments import workflow
from openehcp.assessments.models import Activity, AdvisorType, Decision, Document
from openehcp.assessments.timeline import deadline_for
from openehcp.audit.models import AccessLog
from openehcp.web.locking import EditConflict
from tests.factories import (
    AdviceRequestFactory,
    AssessmentRequestFactory,
    DocumentFactory,
    EstablishmentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LIST = reverse("assessments:advice_list")


def today():
    return timezone.localdate()


def asked(professional, *, days_ago: int, **kwargs):
    """Advice asked of ``professional`` ``days_ago`` days ago, on a request decided to assess."""
    case = AssessmentRequestFactory(
        received_on=today() - timedelta(days=days_ago + 20),
        decision_to_assess=Decision.YES,
        decision_on=today() - timedelta(days=days_ago + 1),
    )
    return AdviceRequestFactory(
        request=case,
        advisor_user=professional,
        advisor_name=professional.get_full_name() if professional else "EP service",
        requested_on=today() - timedelta(days=days_ago),
        **kwargs,
    )


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def professional(client):
    user = UserFactory(role=Role.PROFESSIONAL)
    client.force_login(user)
    return user


def submit_url(advice):
    return reverse("assessments:submit_advice", args=[advice.pk])


def post(client, advice, **data):
    return client.post(
        submit_url(advice),
        {"version": advice.request.version, "advice_text": "Needs help with reading.", **data},
    )


# --- the list -----------------------------------------------------------------------------------


def test_list_shows_own_advice_soonest_due_first_with_the_clocks_due_date(client, professional):
    due_soon = asked(professional, days_ago=35)
    overdue = asked(professional, days_ago=50)
    later = asked(professional, days_ago=3)
    asked(UserFactory(role=Role.PROFESSIONAL), days_ago=40)  # someone else's
    response = client.get(LIST)
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [r.advice for r in rows] == [overdue, due_soon, later]
    # reg 8(1): 6 weeks from the request, as the clock says.
    assert rows[0].deadline.due == clock.advice_due(overdue.requested_on).due
    assert rows[0].deadline.due == overdue.requested_on + timedelta(weeks=6)
    page = response.content.decode()
    assert "8 days overdue" in page and "Overdue" in page
    assert "7 days left" in page and "Due soon" in page
    assert [r.tag[1] for r in rows] == ["Overdue", "Due soon", "Outstanding"]


def test_list_filters_outstanding_and_submitted(client, professional):
    waiting = asked(professional, days_ago=10)
    sent = asked(professional, days_ago=20, received_on=today() - timedelta(days=2))
    assert [r.advice for r in client.get(LIST).context["rows"]] == [waiting]
    response = client.get(LIST, {"show": "submitted"})
    assert [r.advice for r in response.context["rows"]] == [sent]
    assert "Outstanding (1)" in response.content.decode()
    assert "Submitted (1)" in response.content.decode()


def test_list_leaves_out_requests_that_are_closed(client, professional):
    withdrawn = asked(professional, days_ago=10)
    withdrawn.request.withdrawn_on = today()
    withdrawn.request.save()
    refused = asked(professional, days_ago=10)
    refused.request.decision_to_issue = Decision.NO
    refused.request.issue_decision_on = today()
    refused.request.save()
    assert client.get(LIST).context["rows"] == []


def test_setting_staff_see_advice_asked_of_their_setting_or_of_them(client):
    school = EstablishmentFactory()
    senco = UserFactory(role=Role.SETTING_STAFF, establishment=school)
    client.force_login(senco)
    of_setting = asked(None, days_ago=20, advisor_type=AdvisorType.SETTING, establishment=school)
    of_setting.request.child.establishment = school
    of_setting.request.child.save()
    of_them = asked(senco, days_ago=10)
    # Asked of the setting for a child who has since left it: no longer theirs to see.
    moved = asked(None, days_ago=15, advisor_type=AdvisorType.SETTING, establishment=school)
    other_school = asked(
        None, days_ago=5, advisor_type=AdvisorType.SETTING, establishment=EstablishmentFactory()
    )
    rows = [r.advice for r in client.get(LIST).context["rows"]]
    assert rows == [of_setting, of_them]
    for advice in (of_setting, of_them, moved, other_school):
        assert policy.can(senco, "submit", advice) == (advice in rows)
    assert list(policy.advice_asked_of(senco).order_by("pk")) == [of_setting, of_them]


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.SERVICE_LEADER, Role.PARENT])
def test_list_is_only_for_professionals_and_settings(client, role):
    client.force_login(UserFactory(role=role))
    assert client.get(LIST).status_code == 403


def test_list_is_in_the_navigation_of_professionals_only(client, professional):
    assert LIST in client.get(reverse("web:home")).content.decode()
    client.force_login(UserFactory(role=Role.CASEWORKER))
    assert LIST not in client.get(reverse("web:home")).content.decode()


# --- one request --------------------------------------------------------------------------------


def test_page_shows_the_request_and_the_evidence_sent(client, professional, media):
    advice = asked(professional, days_ago=30)
    evidence = DocumentFactory(
        child=advice.request.child,
        request=advice.request,
        kind=Document.Kind.SUPPORTING,
        title="School's SEN support plan",
    )
    DocumentFactory(
        child=advice.request.child, request=advice.request, title="Internal letter"
    )  # a letter to the family: not sent to the advisor
    response = client.get(submit_url(advice))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Submit your advice" in page
    assert advice.request.child.full_name in page
    assert "School&#x27;s SEN support plan" in page
    assert (
        reverse("assessments:case_document", args=[advice.request.reference, evidence.pk]) in page
    )
    assert "Internal letter" not in page
    due = advice.requested_on + timedelta(weeks=6)
    assert f"{due.day} {due:%b %Y}" in page
    assert AccessLog.objects.filter(user=professional, object_id=str(advice.pk)).exists()
    download = client.get(
        reverse("assessments:case_document", args=[advice.request.reference, evidence.pk])
    )
    assert download.status_code == 200


def test_sending_advice_records_it_as_the_caseworker_step_does(
    client, professional, media, django_capture_on_commit_callbacks
):
    advice = asked(professional, days_ago=30)
    case = advice.request
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, advice, advice_text="  Reading age 6; needs daily phonics.  ")
    assert response.status_code == 302
    advice.refresh_from_db()
    assert advice.received_on == today()
    assert advice.summary == "Reading age 6; needs daily phonics."
    document = Document.objects.get(advice_request=advice)
    assert document.kind == Document.Kind.ADVICE
    assert document.child == case.child and document.request == case
    assert document.created_by == professional
    assert document.content_type == "text/plain"
    assert "Reading age 6; needs daily phonics." in document.file.read().decode("utf-8-sig")
    activity = Activity.objects.get(request=case, kind="advice_received")
    assert activity.author == professional and list(activity.documents.all()) == [document]
    # The clock counts it as given today, met within the 6 weeks.
    case.refresh_from_db()
    assert deadline_for(case, "advice_due", ref=str(advice.pk)).met_on == today()
    # The caseworker is told.
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [case.child.caseworker.email]
    assert case.reference in mail.outbox[0].subject
    assert case.child.full_name not in mail.outbox[0].subject


def test_sending_advice_with_a_report_keeps_the_report(client, professional, media):
    advice = asked(professional, days_ago=30)
    report = SimpleUploadedFile("ep-report.pdf", b"%PDF-1.7 report", "application/pdf")
    post(client, advice, upload=report)
    document = Document.objects.get(advice_request=advice)
    assert document.content_type == "application/pdf"
    assert document.file.read() == b"%PDF-1.7 report"


def test_a_file_that_is_not_what_its_name_says_is_refused(client, professional, media):
    advice = asked(professional, days_ago=30)
    fake = SimpleUploadedFile("report.pdf", b"MZ not a pdf", "application/pdf")
    response = post(client, advice, upload=fake)
    assert response.status_code == 200
    assert "The selected file must be a PDF, Word document, JPG or PNG" in response.content.decode()
    advice.refresh_from_db()
    assert advice.received_on is None
    assert not Document.objects.exists()


def test_advice_text_is_required(client, professional, media):
    advice = asked(professional, days_ago=30)
    response = post(client, advice, advice_text="   ")
    assert "Enter your advice" in response.content.decode()
    advice.refresh_from_db()
    assert advice.received_on is None


def test_sent_twice_is_saved_once_and_then_shown_read_only(client, professional, media):
    advice = asked(professional, days_ago=30)
    post(client, advice, advice_text="First")
    response = post(client, advice, advice_text="Second")
    assert response.status_code == 302
    advice.refresh_from_db()
    assert advice.summary == "First"
    assert Document.objects.filter(advice_request=advice).count() == 1
    assert Activity.objects.filter(kind="advice_received").count() == 1
    page = client.get(submit_url(advice)).content.decode()
    assert "The advice you sent" in page
    assert "already sent" in page
    assert "<textarea" not in page
    assert "First" in page


def test_a_page_opened_before_the_case_changed_saves_nothing(client, professional, media):
    advice = asked(professional, days_ago=30)
    stale = advice.request.version
    advice.request.version += 1
    advice.request.save()
    response = client.post(submit_url(advice), {"version": stale, "advice_text": "Advice"})
    assert response.status_code == 200
    assert "have not been saved" in response.content.decode()
    advice.refresh_from_db()
    assert advice.received_on is None


@pytest.mark.parametrize(
    "close",
    [
        {"withdrawn_on": 0},
        {"decision_to_assess": Decision.NO, "decision_on": 0},
        {"decision_to_issue": Decision.NO, "issue_decision_on": 0},
    ],
)
def test_advice_on_a_closed_request_is_refused(client, professional, media, close):
    advice = asked(professional, days_ago=30)
    for field, value in close.items():
        setattr(advice.request, field, today() if value == 0 else value)
    advice.request.save()
    page = client.get(submit_url(advice)).content.decode()
    assert "Advice no longer needed" in page and "<textarea" not in page
    response = post(client, advice)
    assert response.status_code == 302
    advice.refresh_from_db()
    assert advice.received_on is None
    assert not Document.objects.exists()


def test_another_professionals_request_is_refused(client, professional, media):
    advice = asked(UserFactory(role=Role.PROFESSIONAL), days_ago=30)
    assert client.get(submit_url(advice)).status_code == 403
    assert post(client, advice).status_code == 403
    advice.refresh_from_db()
    assert advice.received_on is None


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.SERVICE_LEADER, Role.SETTING_STAFF])
def test_nobody_else_sends_the_advice(client, media, role):
    advice = asked(UserFactory(role=Role.PROFESSIONAL), days_ago=30)
    advice.request.child.caseworker = UserFactory(role=Role.CASEWORKER)
    client.force_login(UserFactory(role=role))
    assert post(client, advice).status_code == 403


def test_an_unknown_request_is_not_found(client, professional):
    assert client.get(reverse("assessments:submit_advice", args=[999999])).status_code == 404


def test_a_failure_part_way_saves_nothing_and_keeps_no_file(professional, media, monkeypatch):
    advice = asked(professional, days_ago=30)

    def broken(*args, **kwargs):
        raise RuntimeError("activity log unavailable")

    monkeypatch.setattr("openehcp.assessments.workflow.assessment.log_activity", broken)
    with pytest.raises(RuntimeError):
        workflow.submit_advice(
            advice=advice,
            version=advice.request.version,
            user=professional,
            advice_text="Advice",
        )
    advice.refresh_from_db()
    assert advice.received_on is None and advice.summary == ""
    assert not Document.objects.exists()
    assert not [p for p in media.rglob("*") if p.is_file()]


def test_the_service_refuses_a_stale_version(professional, media):
    advice = asked(professional, days_ago=30)
    with pytest.raises(EditConflict):
        workflow.submit_advice(
            advice=advice, version=advice.request.version + 5, user=professional, advice_text="x"
        )


def test_the_advisor_may_open_the_advice_they_sent_and_no_one_elses(client, professional, media):
    advice = asked(professional, days_ago=30)
    post(client, advice)
    document = Document.objects.get(advice_request=advice)
    download = reverse("assessments:case_document", args=[advice.request.reference, document.pk])
    assert download in client.get(submit_url(advice)).content.decode()
    assert client.get(download).status_code == 200
    other = UserFactory(role=Role.PROFESSIONAL)
    AdviceRequestFactory(request=advice.request, advisor_user=other)
    client.force_login(other)
    assert client.get(download).status_code == 403


def test_the_caseworkers_advice_tab_links_to_the_advice_sent(client, professional, media):
    advice = asked(professional, days_ago=30)
    post(client, advice, advice_text="Needs daily phonics.")
    document = Document.objects.get(advice_request=advice)
    client.force_login(advice.request.child.caseworker)
    page = client.get(reverse("assessments:case_advice", args=[advice.request.reference]))
    link = reverse("assessments:case_document", args=[advice.request.reference, document.pk])
    assert page.status_code == 200
    assert f'href="{link}"' in page.content.decode()
