"""The family portal's pages: what a parent or young person sees, and every refusal."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from openehcp.accounts.models import Role
from openehcp.assessments.models import Activity, Decision, Document
from openehcp.audit.models import AccessLog
from openehcp.clock import add_months
from openehcp.plans import selectors as plan_selectors
from openehcp.plans.models import PlanComment, PlanVersion
from openehcp.reviews.models import PlanActivity
from tests.factories import (
    AdviceRequestFactory,
    AssessmentRequestFactory,
    ChildFactory,
    DocumentFactory,
    EHCPlanFactory,
    EstablishmentFactory,
    UserFactory,
)

from .factories import draft_served, parent_of, url, young_person

pytestmark = pytest.mark.django_db


# --- who gets in ---------------------------------------------------------------------------------


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get(reverse("portal:index"))
    assert response.status_code == 302 and "/account/sign-in" in response["Location"]


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.SERVICE_LEADER, Role.SETTING_STAFF])
def test_staff_and_other_roles_are_refused(client, role):
    _, child = parent_of()
    client.force_login(UserFactory(role=role))
    assert client.get(reverse("portal:index")).status_code == 403
    assert client.get(url("case", child)).status_code == 403


def test_parent_lists_their_children(client, family):
    parent, child = family
    _, other = parent_of(ChildFactory(forename="Stranger"))
    page = client.get(reverse("portal:index")).content.decode()
    assert child.full_name in page and other.full_name not in page


def test_navigation_shows_your_case_to_families_only(client, family):
    assert "Your case" in client.get(reverse("web:home")).content.decode()
    client.force_login(UserFactory(role=Role.CASEWORKER))
    assert ">Your case<" not in client.get(reverse("web:home")).content.decode()


def test_young_person_goes_straight_to_their_own_case(client):
    user, child = young_person()
    client.force_login(user)
    response = client.get(reverse("portal:index"))
    assert response.status_code == 302 and response["Location"] == url("case", child)
    page = client.get(url("case", child)).content.decode()
    assert "Your EHC needs assessment and plan" in page


def test_another_familys_child_is_not_found(client, family):
    _, other = parent_of()
    case = draft_served(other)
    document = DocumentFactory(child=other, request=case)
    for response in (
        client.get(url("case", other)),
        client.get(url("views", other)),
        client.post(url("views", other), {"whose": "parent", "text": "Hello"}),
        client.get(url("draft_plan", other)),
        client.post(url("draft_plan", other), {"general": "No"}),
        client.get(url("document", other, document.pk)),
    ):
        assert response.status_code == 404
    assert not PlanComment.objects.exists()
    assert not Document.objects.filter(created_by__role=Role.PARENT).exists()


def test_a_deactivated_parent_is_signed_out(client, family):
    parent, child = family
    parent.is_active = False
    parent.save()
    response = client.get(url("case", child))
    assert response.status_code == 302


# --- the case page -------------------------------------------------------------------------------


def test_case_page_shows_the_steps_with_the_clocks_dates_and_is_logged(client, family):
    parent, child = family
    received = timezone.localdate() - timedelta(days=60)
    case = AssessmentRequestFactory(
        child=child,
        received_on=received,
        decision_to_assess=Decision.YES,
        decision_on=received + timedelta(days=30),
    )
    AdviceRequestFactory(request=case, requested_on=received + timedelta(days=31))
    page = client.get(url("case", child)).content.decode()
    # reg 5: decision within 6 weeks (done); reg 10: 16 weeks; reg 13(2): 20 weeks.
    decided = received + timedelta(days=30)
    assert f"Done on {decided.day} {decided:%B %Y}" in page
    week16 = received + timedelta(weeks=16)
    assert f"Due by {week16.day} {week16:%B %Y}" in page
    week20 = received + timedelta(weeks=20)
    assert f"Due by {week20.day} {week20:%B %Y}" in page
    assert "Happening now" in page
    assert child.caseworker.email in page
    assert "Robin’s EHC needs assessment and plan" in page
    assert AccessLog.objects.filter(user=parent, child=child, action="view").exists()


def test_a_late_decision_shows_late(client, family):
    _, child = family
    AssessmentRequestFactory(child=child, received_on=timezone.localdate() - timedelta(days=60))
    page = client.get(url("case", child)).content.decode()
    assert "govuk-tag--red" in page and ">Late<" in page


def test_case_page_shows_the_plan_and_its_next_review(client, family):
    _, child = family
    plan = EHCPlanFactory(child=child, made_on=timezone.localdate() - timedelta(days=100))
    page = client.get(url("case", child)).content.decode()
    # CFA s44: reviewed within 12 months of the plan being made.
    due = add_months(plan.made_on, 12) - timedelta(days=1)
    assert f"By {due.day} {due:%B %Y}" in page


def test_documents_for_the_family_only_and_downloads_are_logged(client, family):
    parent, child = family
    case = AssessmentRequestFactory(child=child)
    letter = DocumentFactory(child=child, request=case, title="Decision to assess letter")
    advice = DocumentFactory(
        child=child, request=case, kind=Document.Kind.ADVICE, title="Psychology advice"
    )
    page = client.get(url("case", child)).content.decode()
    assert "Decision to assess letter" in page and "Psychology advice" not in page
    response = client.get(url("document", child, letter.pk))
    assert response.status_code == 200
    assert AccessLog.objects.filter(user=parent, action="download", object_id=str(letter.pk))
    assert client.get(url("document", child, advice.pk)).status_code == 404


# --- giving views --------------------------------------------------------------------------------


def test_views_before_the_assessment_are_kept_and_shown_to_the_caseworker(client, family):
    parent, child = family
    case = AssessmentRequestFactory(child=child)
    upload = SimpleUploadedFile("drawing.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20, "image/png")
    response = client.post(
        url("views", child),
        {
            "whose": "child",
            "text": "Robin likes trains and wants help with reading.",
            "upload": upload,
        },
    )
    assert response.status_code == 302 and response["Location"] == url("views_sent", child)
    documents = Document.objects.filter(child=child, created_by=parent)
    assert documents.count() == 2
    assert {d.kind for d in documents} == {Document.Kind.SUPPORTING}
    text = documents.get(content_type="text/plain")
    assert text.file.read().decode() == "Robin likes trains and wants help with reading."
    activity = Activity.objects.get(request=case, kind="family_views")
    assert activity.author == parent and "wants help with reading" in activity.description
    assert set(activity.documents.all()) == set(documents)
    assert "Your views have been sent" in client.get(response["Location"]).content.decode()


def test_views_before_an_annual_review_go_on_the_plans_log(client, family):
    _, child = family
    plan = EHCPlanFactory(child=child)
    response = client.post(url("views", child), {"whose": "parent", "text": "Going well."})
    assert response.status_code == 302
    assert PlanActivity.objects.get(plan=plan, kind="family_views").description.endswith(
        "Going well."
    )


@pytest.mark.parametrize(
    "data, message",
    [
        ({"whose": "parent", "text": ""}, "Enter your views, or choose a file to upload"),
        ({"text": "Hello"}, "Select whose views these are"),
    ],
)
def test_views_form_errors(client, family, data, message):
    _, child = family
    AssessmentRequestFactory(child=child)
    response = client.post(url("views", child), data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not Document.objects.exists()


def test_a_file_that_is_not_what_it_says_is_refused(client, family):
    _, child = family
    AssessmentRequestFactory(child=child)
    fake = SimpleUploadedFile("views.pdf", b"MZ not a pdf", "application/pdf")
    response = client.post(url("views", child), {"whose": "parent", "text": "Hi", "upload": fake})
    assert "must be a PDF, Word document, JPG or PNG" in response.content.decode()
    assert not Document.objects.exists() and not Activity.objects.exists()


def test_views_are_never_half_saved(client, family):
    _, child = family
    AssessmentRequestFactory(child=child)
    with mock.patch("openehcp.portal.services.log_activity", side_effect=RuntimeError("down")):
        with pytest.raises(RuntimeError):
            client.post(url("views", child), {"whose": "parent", "text": "Hello"})
    assert not Document.objects.exists()


def test_no_views_page_without_a_request_or_plan(client, family):
    _, child = family
    assert client.get(url("views", child)).status_code == 404


def test_young_person_gives_their_own_views(client):
    user, child = young_person()
    case = AssessmentRequestFactory(child=child)
    client.force_login(user)
    page = client.get(url("views", child)).content.decode()
    assert "Give your views" in page and "Whose views" not in page
    client.post(url("views", child), {"whose": "you", "text": "I want to go to college."})
    activity = Activity.objects.get(request=case, kind="family_views")
    assert "the young person" in activity.description


# --- the draft plan ------------------------------------------------------------------------------


def test_comments_on_the_draft_block_issue_and_record_the_representations(client, family):
    parent, child = family
    case = draft_served(child)
    college = EstablishmentFactory(name="Northfield College", urn="130999")
    page = client.get(url("draft_plan", child)).content.decode()
    closes = case.draft_served_on + timedelta(days=14)
    assert f"{closes.day} {closes:%B %Y}" in page  # reg 13(1): 15 days, beginning with service
    searched = client.post(
        url("draft_plan", child),
        {"general": "More speech therapy, please.", "school_query": "Northfield", "find": "1"},
    ).content.decode()
    assert "Northfield College (URN 130999)" in searched
    assert "More speech therapy, please." in searched
    assert not PlanComment.objects.exists()
    response = client.post(
        url("draft_plan", child),
        {
            "general": "More speech therapy, please.",
            "section_f": "Say how often the therapist comes.",
            "meeting": "on",
            "school_query": "Northfield",
            "preferred_urn": "130999",
        },
    )
    assert response.status_code == 302 and response["Location"] == url("draft_sent", child)
    comments = PlanComment.objects.order_by("pk")
    assert [(c.section, c.source) for c in comments] == [
        ("", "parent"),
        ("f", "parent"),
        ("", "parent"),
        ("i", "parent"),
    ]
    assert all(c.made_by == "Jo Parent" and c.recorded_by == parent for c in comments)
    assert all(c.status == PlanComment.Status.OPEN for c in comments)
    case.refresh_from_db()
    assert case.representations_received_on == timezone.localdate()
    assert case.preferred_establishment == college
    version = plan_selectors.load_version(PlanVersion.objects.get(request=case).pk)
    assert any("comment" in reason for reason in plan_selectors.issue_blockers(version))
    sent = client.get(response["Location"]).content.decode()
    assert "Your comments have been sent" in sent and "Say how often" in sent


def test_a_second_set_of_comments_is_added_without_recording_the_step_again(client, family):
    _, child = family
    case = draft_served(child)
    client.post(url("draft_plan", child), {"general": "First thoughts."})
    client.post(url("draft_plan", child), {"general": "Second thoughts."})
    assert PlanComment.objects.count() == 2
    assert Activity.objects.filter(request=case, kind="representations").count() == 1


def test_the_same_comment_sent_twice_saves_nothing_the_second_time(client, family):
    _, child = family
    draft_served(child)
    client.post(url("draft_plan", child), {"general": "Same."})
    response = client.post(url("draft_plan", child), {"general": "Same.", "section_b": "New."})
    assert "already been recorded" in response.content.decode()
    assert PlanComment.objects.count() == 1


def test_an_empty_comment_form_is_refused(client, family):
    _, child = family
    draft_served(child)
    response = client.post(url("draft_plan", child), {"general": "  "})
    assert "Enter a comment, ask for a meeting or choose a school or college" in (
        response.content.decode()
    )
    assert not PlanComment.objects.exists()


def test_after_the_window_closes_the_page_says_so_and_shows_what_was_sent(client, family):
    parent, child = family
    case = draft_served(child, days_ago=20)
    PlanComment.objects.create(
        plan_version=PlanVersion.objects.get(request=case),
        source="parent",
        made_by="Jo Parent",
        text="Sent in time.",
        received_on=case.draft_served_on,
        recorded_by=parent,
    )
    page = client.get(url("draft_plan", child)).content.decode()
    assert "The time to comment on the draft plan has ended" in page
    assert "Sent in time." in page
    response = client.post(url("draft_plan", child), {"general": "Too late."})
    assert "has ended" in response.content.decode()
    assert PlanComment.objects.count() == 1
    assert "ended on" in client.get(url("case", child)).content.decode()


def test_the_window_closes_when_the_final_plan_is_issued(client, family):
    _, child = family
    case = draft_served(child)
    case.final_issued_on = timezone.localdate()
    case.save()
    assert "has ended" in client.get(url("draft_plan", child)).content.decode()


def test_no_draft_no_comment_page(client, family):
    _, child = family
    AssessmentRequestFactory(child=child)
    assert client.get(url("draft_plan", child)).status_code == 404


def test_young_persons_comments_are_theirs(client):
    user, child = young_person()
    draft_served(child)
    client.force_login(user)
    client.post(url("draft_plan", child), {"section_a": "I want to do art."})
    comment = PlanComment.objects.get()
    assert comment.source == "young_person" and comment.section == "a"
    assert comment.made_by == "Kit Young"


# --- the caseworker is told ----------------------------------------------------------------------


def test_the_caseworker_is_emailed_when_views_arrive_with_the_reference_not_the_name(
    client, family, mailoutbox, django_capture_on_commit_callbacks
):
    _, child = family
    case = AssessmentRequestFactory(child=child)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("views", child), {"whose": "parent", "text": "Going well."})
    [email] = mailoutbox
    assert email.to == [child.caseworker.email]
    assert email.subject == f"The family sent their views (request {case.reference})"
    assert child.forename not in email.subject + email.body
    assert child.surname not in email.subject + email.body


def test_the_caseworker_is_emailed_when_comments_on_the_draft_arrive(
    client, family, mailoutbox, django_capture_on_commit_callbacks
):
    _, child = family
    case = draft_served(child)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("draft_plan", child), {"general": "More speech therapy, please."})
    [email] = mailoutbox
    assert email.subject == f"The family sent comments on the draft plan (request {case.reference})"
    assert "to be answered before the plan is issued" in email.body


def test_nothing_is_emailed_when_nothing_is_saved(client, family, mailoutbox):
    _, child = family
    draft_served(child)
    client.post(url("draft_plan", child), {"general": " "})
    assert mailoutbox == []
