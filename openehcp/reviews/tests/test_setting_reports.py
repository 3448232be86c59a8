"""A setting sends the report of a review meeting within 2 weeks of it (SEND Regulations 2014
reg 20(7)-(8)): the list of reports to send, the page that sends one, and every refusal."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from openehcp import clock
from openehcp.accounts.models import Role
from openehcp.assessments.models import Document
from openehcp.audit.models import AccessLog
from openehcp.plans.models import CeaseReason
from openehcp.reviews import services
from openehcp.reviews.models import AnnualReview, PlanActivity
from openehcp.web.locking import EditConflict
from tests.factories import (
    AnnualReviewFactory,
    ChildFactory,
    EHCPlanFactory,
    EstablishmentFactory,
    UserFactory,
)

from .factories import ArrangedReviewFactory, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def school():
    return EstablishmentFactory(name="Larkspur Primary")


@pytest.fixture
def senco(client, school):
    user = UserFactory(role=Role.SETTING_STAFF, establishment=school)
    client.force_login(user)
    return user


def held(school, *, days_ago: int, **kwargs) -> AnnualReview:
    """A review of a child at ``school`` whose meeting was held ``days_ago`` days ago."""
    plan = EHCPlanFactory(child=ChildFactory(establishment=school))
    return AnnualReviewFactory(plan=plan, meeting_on=today() - timedelta(days=days_ago), **kwargs)


def url(review):
    return reverse("reviews:send_report", args=[review.pk])


def post(client, review, **data):
    return client.post(
        url(review), {"version": review.version, "report_text": "Keep the plan.", **data}
    )


def test_setting_list_shows_the_reports_to_send_with_the_clocks_due_date(client, senco, school):
    overdue = held(school, days_ago=20)
    due = held(school, days_ago=3)
    held(school, days_ago=5, report_received_on=today())  # already sent
    held(EstablishmentFactory(), days_ago=5)  # another school's
    ArrangedReviewFactory(plan=EHCPlanFactory(child=ChildFactory(establishment=school)))
    response = client.get(reverse("reviews:my_setting"))
    assert response.status_code == 200
    reports = [report for report, _ in response.context["reports"]]
    assert [r.review for r in reports] == [overdue, due]
    assert reports[0].deadline.due == overdue.meeting_on + clock.REVIEW_REPORT
    page = response.content.decode()
    assert "Review reports to send: 2" in page
    assert "Report overdue" in page and "Report due" in page
    assert url(overdue) in page and url(due) in page


def test_council_staff_see_which_reports_are_awaited_without_a_link(client, school):
    review = held(school, days_ago=3)
    client.force_login(UserFactory(role=Role.SERVICE_LEADER))
    page = client.get(reverse("reviews:setting", args=[school.pk])).content.decode()
    assert "Awaiting the setting" in page
    assert url(review) not in page


def test_sending_the_report_records_it_as_the_review_team_would(client, senco, school, media):
    review = held(school, days_ago=4)
    response = post(client, review, report_text="  Amend section F: add speech therapy.  ")
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.report_received_on == today()
    assert review.recommendations == "Amend section F: add speech therapy."
    activity = PlanActivity.objects.get(review=review, kind="review_report")
    assert activity.author == senco
    document = activity.documents.get()
    assert document.kind == Document.Kind.ADVICE
    assert document.child == review.plan.child and document.created_by == senco
    assert "add speech therapy" in document.file.read().decode("utf-8-sig")
    # The clock counts the report as met, in time.
    deadline = next(
        d
        for d in clock.review_deadlines(
            review.plan.made_on,
            meeting_on=review.meeting_on,
            report_on=review.report_received_on,
            as_of=today(),
        )
        if d.key == "report_due"
    )
    assert deadline.status == clock.Status.MET
    assert AccessLog.objects.filter(user=senco, object_id=str(review.pk)).exists()
    page = client.get(url(review)).content.decode()
    assert "The review report" in page and "<textarea" not in page
    assert reverse("reviews:document", args=[review.plan.pk, document.pk]) in page
    assert (
        client.get(reverse("reviews:document", args=[review.plan.pk, document.pk])).status_code
        == 200
    )


def test_the_report_can_be_sent_with_a_file(client, senco, school, media):
    review = held(school, days_ago=4)
    post(client, review, upload=SimpleUploadedFile("report.pdf", b"%PDF-1.7 x", "application/pdf"))
    document = PlanActivity.objects.get(review=review, kind="review_report").documents.get()
    assert document.content_type == "application/pdf"


def test_a_file_that_is_not_what_its_name_says_is_refused(client, senco, school, media):
    review = held(school, days_ago=4)
    response = post(client, review, upload=SimpleUploadedFile("report.docx", b"not a docx"))
    assert "must be a PDF, Word document, JPG or PNG" in response.content.decode()
    review.refresh_from_db()
    assert review.report_received_on is None


def test_the_report_text_is_required(client, senco, school, media):
    review = held(school, days_ago=4)
    assert (
        "Enter the report of the review meeting"
        in post(client, review, report_text=" ").content.decode()
    )


def test_sent_twice_is_saved_once(client, senco, school, media):
    review = held(school, days_ago=4)
    post(client, review, report_text="First")
    response = post(client, review, report_text="Second")
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.recommendations == "First"
    assert PlanActivity.objects.filter(kind="review_report").count() == 1
    assert "already received" in client.get(url(review)).content.decode()


def test_a_review_edited_elsewhere_meanwhile_saves_nothing(client, senco, school, media):
    review = held(school, days_ago=4)
    stale = review.version
    AnnualReview.objects.filter(pk=review.pk).update(version=stale + 1)
    response = client.post(url(review), {"version": stale, "report_text": "Report"})
    assert response.status_code == 200
    assert "have not been saved" in response.content.decode()
    review.refresh_from_db()
    assert review.report_received_on is None


@pytest.mark.parametrize("state", ["not_held", "decided", "ceased"])
def test_no_report_before_the_meeting_or_after_the_decision_or_the_plan_ceasing(
    client, senco, school, media, state
):
    if state == "not_held":
        review = ArrangedReviewFactory(
            plan=EHCPlanFactory(child=ChildFactory(establishment=school))
        )
    else:
        review = held(school, days_ago=10)
    if state == "decided":
        review.decision_on = today()
        review.outcome = "M"
        review.save()
    if state == "ceased":
        review.plan.ceased_on = today()
        review.plan.cease_reason = CeaseReason.MOVED_OUTSIDE_ENGLAND
        review.plan.save()
    page = client.get(url(review)).content.decode()
    assert "cannot be sent here" in page and "<textarea" not in page
    assert post(client, review).status_code == 302
    review.refresh_from_db()
    assert review.report_received_on is None
    assert not PlanActivity.objects.filter(kind="review_report").exists()


def test_staff_of_another_setting_are_refused(client, school, media):
    review = held(school, days_ago=4)
    client.force_login(UserFactory(role=Role.SETTING_STAFF, establishment=EstablishmentFactory()))
    assert client.get(url(review)).status_code == 403
    assert post(client, review).status_code == 403


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.SERVICE_LEADER, Role.PROFESSIONAL])
def test_only_the_setting_sends_its_report_here(client, school, media, role):
    review = held(school, days_ago=4)
    client.force_login(UserFactory(role=role))
    assert post(client, review).status_code == 403
    review.refresh_from_db()
    assert review.report_received_on is None


def test_a_failure_part_way_saves_nothing(senco, school, media, monkeypatch):
    review = held(school, days_ago=4)

    def broken(*args, **kwargs):
        raise RuntimeError("activity log unavailable")

    monkeypatch.setattr("openehcp.reviews.services.reviews.log_activity", broken)
    with pytest.raises(RuntimeError):
        services.send_review_report(
            review=review, version=review.version, user=senco, report_text="Report"
        )
    review.refresh_from_db()
    assert review.report_received_on is None and review.recommendations == ""
    assert not Document.objects.exists()
    assert not [p for p in media.rglob("*") if p.is_file()]


def test_the_service_refuses_a_stale_version(senco, school, media):
    review = held(school, days_ago=4)
    with pytest.raises(EditConflict):
        services.send_review_report(
            review=review, version=review.version + 1, user=senco, report_text="Report"
        )
