"""The case page and the step pages: what each person may see and do, and GOV.UK errors."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from openehcp.accounts.models import Role
from openehcp.assessments import workflow
from openehcp.assessments.models import Activity, AdvisorType, Decision
from openehcp.audit.models import AccessLog
from tests.factories import (
    AssessmentRequestFactory,
    ContactFactory,
    EstablishmentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def date_fields(name, day):
    return {
        f"{name}-day": str(day.day),
        f"{name}-month": str(day.month),
        f"{name}-year": str(day.year),
    }


@pytest.fixture
def case(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    request = AssessmentRequestFactory(received_on=today() - timedelta(days=50))
    ContactFactory(child=request.child)
    return request


@pytest.fixture
def caseworker(case, client):
    client.force_login(case.child.caseworker)
    return case.child.caseworker


def url(name, case, *args):
    return reverse(f"assessments:{name}", args=[case.reference, *args])


def test_case_page_shows_the_timeline_and_next_steps(client, case, caseworker):
    response = client.get(case.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert case.child.full_name in page
    assert "Statutory timeline" in page
    assert "Decision whether to carry out an EHC needs assessment" in page
    assert "reg 5(1)" in page
    due = case.received_on + timedelta(weeks=6)
    assert f"{due.day} {due:%b %Y}" in page
    assert url("decision_to_assess", case) in page
    assert 'aria-current="page"' in page


def test_case_page_records_the_access(client, case, caseworker):
    client.get(url("case", case))
    assert AccessLog.objects.filter(user=caseworker, object_id=str(case.pk)).exists()


@pytest.mark.parametrize(
    "section",
    ["case_advice", "case_consultations", "case_exceptions", "case_documents", "case_activity"],
)
def test_every_section_renders(client, case, caseworker, section):
    assert client.get(url(section, case)).status_code == 200


def test_caseworker_of_another_team_is_refused(client, case):
    client.force_login(UserFactory(role=Role.CASEWORKER))
    assert client.get(url("case", case)).status_code == 403
    assert client.get(url("decision_to_assess", case)).status_code == 403
    response = client.post(
        url("withdraw", case),
        {"version": case.version, "reason": "x", **date_fields("withdrawn_on", today())},
    )
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.withdrawn_on is None


def test_setting_staff_can_view_but_not_change(client, case):
    senco = UserFactory(role=Role.SETTING_STAFF, establishment=case.child.establishment)
    client.force_login(senco)
    response = client.get(url("case", case))
    assert response.status_code == 200
    assert "What to do next" not in response.content.decode()
    assert "Activity" not in response.content.decode()
    assert client.get(url("case_activity", case)).status_code == 403
    assert client.get(url("case_exceptions", case)).status_code == 403
    assert client.get(url("decision_to_assess", case)).status_code == 403
    response = client.post(
        url("decision_to_assess", case),
        {"version": case.version, "decision": "yes", **date_fields("decided_on", today())},
    )
    assert response.status_code == 403


def test_setting_staff_elsewhere_cannot_view(client, case):
    client.force_login(UserFactory(role=Role.SETTING_STAFF, establishment=EstablishmentFactory()))
    assert client.get(url("case", case)).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, case):
    response = client.get(url("case", case))
    assert response.status_code == 302
    assert "sign-in" in response["Location"]


def test_unknown_reference_is_404(client, caseworker):
    assert client.get("/assessments/NO-SUCH-REF/").status_code == 404


def test_recording_the_decision_through_the_form(client, case, caseworker):
    response = client.post(
        url("decision_to_assess", case),
        {
            "version": case.version,
            "decision": Decision.YES,
            "panel_recommendation": "Assess",
            **date_fields("decided_on", today()),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == url("case", case)
    case.refresh_from_db()
    assert case.decision_to_assess == Decision.YES
    page = client.get(url("case_documents", case)).content.decode()
    assert "We will carry out an EHC needs assessment" in page


def test_form_errors_follow_govuk_and_keep_what_was_typed(client, case, caseworker):
    response = client.post(
        url("decision_to_assess", case),
        {
            "version": case.version,
            "decision": Decision.NO,
            "panel_recommendation": "Do not assess yet",
            "decided_on-day": "31",
            "decided_on-month": "2",
            "decided_on-year": str(today().year),
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "<title>Error: " in page
    assert "govuk-error-summary" in page
    assert "Date of the decision must be a real date" in page
    assert 'href="#id_decided_on-day"' in page
    assert "Do not assess yet" in page


def test_a_future_date_is_refused_by_the_form(client, case, caseworker):
    response = client.post(
        url("withdraw", case),
        {
            "version": case.version,
            "reason": "Moved",
            **date_fields("withdrawn_on", today() + timedelta(days=3)),
        },
    )
    assert "must be today or in the past" in response.content.decode()


def test_service_refusal_shows_on_the_field(client, case, caseworker):
    response = client.post(
        url("decision_to_assess", case),
        {"version": case.version, "decision": Decision.NO, **date_fields("decided_on", today())},
    )
    page = response.content.decode()
    assert "Enter the reasons for not carrying out an assessment" in page
    assert 'href="#id_reasons"' in page
    assert not Activity.objects.exists()


def test_a_conflict_keeps_what_was_typed_and_explains(client, case, caseworker):
    stale = case.version
    workflow.record_transfer_in(
        case=case, version=stale, user=caseworker, from_la="886", responsible_from=today()
    )
    response = client.post(
        url("withdraw", case),
        {"version": stale, "reason": "Family moved abroad", **date_fields("withdrawn_on", today())},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert f"Request {case.reference} was changed by you at " in page
    assert "Family moved abroad" in page
    case.refresh_from_db()
    assert case.withdrawn_on is None
    # Having seen the message, the person can save again on top of the latest version.
    assert f'value="{case.version}"' in page


def test_out_of_order_step_asks_for_a_reason(client, case, caseworker):
    data = {
        "version": case.version,
        "advisor_type": AdvisorType.HEALTH,
        "advisor_name": "Community paediatrics",
        **date_fields("requested_on", today()),
    }
    page = client.post(url("request_advice", case), data).content.decode()
    assert "Record the decision to assess before asking for advice" in page
    assert 'name="override_reason"' in page and "<textarea" in page
    response = client.post(
        url("request_advice", case), data | {"override_reason": "Panel delayed; EP booked"}
    )
    assert response.status_code == 302
    assert case.advice_requests.count() == 1


def test_advice_received_with_upload_and_download(client, case, caseworker):
    case = workflow.record_decision_to_assess(
        case=case, version=case.version, user=caseworker, decision=Decision.YES, decided_on=today()
    )
    advice = workflow.request_advice(
        case=case,
        version=case.version,
        user=caseworker,
        advisor_type=AdvisorType.EDUCATIONAL_PSYCHOLOGY,
        advisor_name="EP service",
        requested_on=today(),
    )
    case.refresh_from_db()
    upload = SimpleUploadedFile("ep.pdf", b"%PDF-1.4 ep report", content_type="application/pdf")
    response = client.post(
        url("advice_received", case, advice.pk),
        {"version": case.version, "document": upload, **date_fields("received_on", today())},
    )
    assert response.status_code == 302
    document = Activity.objects.get(kind="advice_received").documents.get()
    download = client.get(url("case_document", case, document.pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 ep report"
    assert AccessLog.objects.filter(action="download", object_id=str(document.pk)).exists()
    advice_page = client.get(url("case_advice", case)).content.decode()
    assert "Received" in advice_page


def test_another_team_cannot_download_a_letter(client, case, caseworker):
    workflow.record_decision_to_assess(
        case=case, version=case.version, user=caseworker, decision=Decision.YES, decided_on=today()
    )
    letter = Activity.objects.get(kind="decision_to_assess").documents.get()
    client.force_login(UserFactory(role=Role.CASEWORKER))
    assert client.get(url("case_document", case, letter.pk)).status_code == 403
