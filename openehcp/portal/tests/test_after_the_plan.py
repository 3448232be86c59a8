"""The portal after the plan is issued: the annual review (views before the meeting, the
decision), comments on proposed amendments (reg 22(2)), and ceasing (reg 31) - each state, with
the clock's dates, and every refusal."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from openehcp import clock
from openehcp.accounts.models import Role
from openehcp.plans import selectors as plan_selectors
from openehcp.plans.models import CeaseReason, PlanComment
from openehcp.portal import services
from openehcp.reviews import services as review_services
from openehcp.reviews.models import (
    CeaseDecision,
    PlanActivity,
    ReviewOutcome,
)
from openehcp.reviews.tests.factories import PhaseTransferFactory
from tests.factories import (
    AnnualReviewFactory,
    ChildFactory,
    EstablishmentFactory,
    UserFactory,
)

from .factories import (
    amendment_sent,
    arrange,
    born_years_ago,
    caseworker_of,
    decide_ceasing,
    decided_review,
    issued_plan,
    parent_of,
    propose_ceasing,
    url,
    young_person,
)

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def long(day) -> str:
    return f"{day.day} {day:%B %Y}"


# --- the annual review ---------------------------------------------------------------------------


def test_an_arranged_review_shows_the_meeting_who_is_invited_and_asks_for_views(client, family):
    _, child = family
    review = arrange(issued_plan(child))
    page = client.get(url("case", child)).content.decode()
    assert f"The review meeting is on <strong>{long(review.planned_meeting_on)}</strong>" in page
    assert "Head teacher, Oakfield Primary" in page and "Community paediatrician" in page
    assert "Give your views before the meeting" in page
    form = client.get(url("views", child)).content.decode()
    assert f"The review meeting is on {long(review.planned_meeting_on)}" in form


def test_views_before_the_meeting_are_linked_to_the_review_and_on_its_page(client, family):
    _, child = family
    plan = issued_plan(child)
    review = arrange(plan)
    response = client.post(url("views", child), {"whose": "both", "text": "Robin wants to swim."})
    assert response.status_code == 302
    activity = PlanActivity.objects.get(plan=plan, kind="family_views")
    assert activity.review == review and activity.documents.count() == 1
    assert f"You sent views for this review on {long(today())}" in (
        client.get(url("case", child)).content.decode()
    )
    client.force_login(caseworker_of(child))
    staff_page = client.get(reverse("reviews:plan", args=[plan.pk])).content.decode()
    assert "Views sent online" in staff_page and "Robin wants to swim." in staff_page
    assert reverse("reviews:document", args=[plan.pk, activity.documents.get().pk]) in staff_page


def test_views_sent_before_the_review_is_arranged_join_it_when_it_is(client, family):
    _, child = family
    plan = issued_plan(child)
    client.post(url("views", child), {"whose": "parent", "text": "Early thoughts."})
    assert PlanActivity.objects.get(kind="family_views").review is None
    review = arrange(plan)
    assert PlanActivity.objects.get(kind="family_views").review == review


def test_after_the_meeting_the_decision_is_due_within_4_weeks(client, family):
    _, child = family
    plan = issued_plan(child)
    AnnualReviewFactory(plan=plan, meeting_on=today() - timedelta(days=10))
    page = client.get(url("case", child)).content.decode()
    due = today() - timedelta(days=10) + timedelta(weeks=4)  # reg 20(10)
    assert f"by <strong>{long(due)}</strong> (regulation 20(10))" in page
    assert "Give your views before the meeting" not in page
    assert ">Late<" not in page


def test_a_decision_not_sent_within_4_weeks_shows_late(client, family):
    _, child = family
    plan = issued_plan(child)
    AnnualReviewFactory(plan=plan, meeting_on=today() - timedelta(days=40))
    page = client.get(url("case", child)).content.decode()
    assert "govuk-tag--red" in page and ">Late<" in page


def test_the_decision_to_keep_the_plan_with_its_date_and_letter(client, family):
    parent, child = family
    review = decided_review(issued_plan(child), ReviewOutcome.MAINTAIN, reasons="Still right.")
    page = client.get(url("case", child)).content.decode()
    assert f"Keep the plan as it is, sent on {long(today())}" in page
    letter = url("document", child, review.decision_letter_id)
    assert letter in page
    assert client.get(letter).status_code == 200


def test_no_review_section_before_the_first_is_arranged(client, family):
    _, child = family
    issued_plan(child)
    page = client.get(url("case", child)).content.decode()
    assert "The annual review" not in page and "The last review" not in page
    assert "Give your views and Robin’s" in page


# --- comments on proposed amendments (reg 22(2)) ------------------------------------------------


def test_comments_on_proposed_amendments_block_issue_and_are_recorded_on_the_notice(client, family):
    parent, child = family
    notice = amendment_sent(issued_plan(child), days_ago=3)
    closes = notice.served_on + timedelta(days=14)  # 15 days beginning with service
    case_page = client.get(url("case", child)).content.decode()
    assert f"You have until {long(closes)} to comment on them" in case_page
    page = client.get(url("amendments", child)).content.decode()
    assert "Comment on the proposed changes to the plan" in page
    assert "Add weekly speech and language therapy" in page
    assert "School or college" in page  # reg 22(2): on any amendment
    response = client.post(
        url("amendments", child),
        {"general": "Weekly is not enough.", "section_f": "Say who.", "meeting": "on"},
    )
    assert response.status_code == 302 and response["Location"] == url("amendments_sent", child)
    comments = list(PlanComment.objects.order_by("pk"))
    assert [(c.plan_version_id, c.section, c.source) for c in comments] == [
        (notice.draft_version_id, "", "parent"),
        (notice.draft_version_id, "f", "parent"),
        (notice.draft_version_id, "", "parent"),
    ]
    assert "about the proposed changes to the plan" in comments[2].text
    notice.refresh_from_db()
    assert notice.representations_on == today()
    assert "Weekly is not enough." in notice.representations
    version = plan_selectors.load_version(notice.draft_version_id)
    assert any("comment" in reason for reason in plan_selectors.issue_blockers(version))
    sent = client.get(response["Location"]).content.decode()
    assert "before the amended plan is issued" in sent and "Say who." in sent


def test_a_second_set_of_comments_does_not_record_the_step_again(client, family):
    _, child = family
    notice = amendment_sent(issued_plan(child))
    client.post(url("amendments", child), {"general": "First."})
    client.post(url("amendments", child), {"general": "Second."})
    assert PlanComment.objects.count() == 2
    notice.refresh_from_db()
    assert "First." in notice.representations and "Second." not in notice.representations
    assert PlanActivity.objects.filter(kind="amendment_representations").count() == 1


def test_a_setting_can_be_named_when_the_amendment_is_a_phase_transfer(client, family):
    _, child = family
    plan = issued_plan(child)
    notice = amendment_sent(plan, phase_transfer=PhaseTransferFactory(plan=plan))
    EstablishmentFactory(name="Northfield Academy", urn="140001")
    page = client.get(url("amendments", child)).content.decode()
    assert "School or college" in page
    searched = client.post(
        url("amendments", child), {"school_query": "Northfield", "find": "1"}
    ).content.decode()
    assert "Northfield Academy (URN 140001)" in searched
    client.post(url("amendments", child), {"school_query": "Northfield", "preferred_urn": "140001"})
    comment = PlanComment.objects.get()
    assert comment.section == "i" and "Northfield Academy" in comment.text
    notice.refresh_from_db()
    assert notice.requested_establishment.urn == "140001"


def test_a_setting_can_be_asked_for_on_any_amendment(client, family):
    """Reg 22(2): every amendment notice tells the family they may ask for a particular school
    or college, whether or not the proposed changes are about the placement."""
    parent, child = family
    amendment_sent(issued_plan(child))
    page = client.get(url("amendments", child)).content.decode()
    assert "School or college" in page
    wanted = EstablishmentFactory()
    services.comment_on_plan(
        child=child,
        kind="amendment",
        user=parent,
        comments={},
        preferred_establishment=wanted,
    )
    comment = PlanComment.objects.get()
    assert comment.section == "i" and wanted.name in comment.text


def test_an_empty_amendment_form_is_refused(client, family):
    _, child = family
    amendment_sent(issued_plan(child))
    response = client.post(url("amendments", child), {"general": " "})
    page = response.content.decode()
    assert "Enter a comment, ask for a meeting or choose a school or college" in page
    assert "<title>Error: Comment on the proposed changes" in page
    assert not PlanComment.objects.exists()


def test_after_the_15_days_the_page_shows_what_was_sent_and_refuses_more(client, family):
    parent, child = family
    notice = amendment_sent(issued_plan(child), days_ago=20)
    PlanComment.objects.create(
        plan_version=notice.draft_version,
        source="parent",
        made_by="Jo Parent",
        text="Sent in time.",
        received_on=notice.served_on,
        recorded_by=parent,
    )
    page = client.get(url("amendments", child)).content.decode()
    assert "The time to comment on the proposed changes to the plan has ended" in page
    assert "Sent in time." in page
    response = client.post(url("amendments", child), {"general": "Too late."})
    assert "has ended" in response.content.decode()
    assert PlanComment.objects.count() == 1
    case_page = client.get(url("case", child)).content.decode()
    assert "See the comments you sent on the proposed changes" in case_page
    with pytest.raises(services.PortalError, match="has ended"):
        services.comment_on_plan(child=child, kind="amendment", user=parent, comments={"": "Late."})


def test_the_window_closes_when_the_council_decides_not_to_amend(client, family):
    parent, child = family
    notice = amendment_sent(issued_plan(child))
    review_services.decide_not_to_amend(
        notice=notice,
        version=notice.version,
        user=caseworker_of(child),
        decided_on=today(),
        reasons="Agreed at the meeting.",
    )
    assert "has ended" in client.get(url("amendments", child)).content.decode()
    assert "decided not to change the plan after all" in (
        client.get(url("case", child)).content.decode()
    )


def test_no_amendment_no_comment_page(client, family):
    _, child = family
    issued_plan(child)
    assert client.get(url("amendments", child)).status_code == 404
    assert client.get(url("amendments_sent", child)).status_code == 404


def test_amendment_comments_are_never_half_saved(client, family):
    _, child = family
    notice = amendment_sent(issued_plan(child))
    with mock.patch(
        "openehcp.reviews.services.record_amendment_representations",
        side_effect=RuntimeError("down"),
    ):
        with pytest.raises(RuntimeError):
            client.post(url("amendments", child), {"general": "Hello", "section_b": "More."})
    assert not PlanComment.objects.exists()
    notice.refresh_from_db()
    assert notice.representations_on is None


def test_a_young_persons_comments_on_amendments_are_theirs(client):
    user, child = young_person()
    amendment_sent(issued_plan(child))
    client.force_login(user)
    client.post(url("amendments", child), {"section_a": "I want to go to college."})
    comment = PlanComment.objects.get()
    assert comment.source == "young_person" and comment.made_by == "Kit Young"


# --- who may see and send ------------------------------------------------------------------------


def test_another_familys_child_is_not_found(client, family):
    _, other = parent_of()
    amendment_sent(issued_plan(other))
    for response in (
        client.get(url("amendments", other)),
        client.post(url("amendments", other), {"general": "No"}),
        client.get(url("amendments_sent", other)),
    ):
        assert response.status_code == 404
    parent, _ = family
    with pytest.raises(PermissionDenied):
        services.comment_on_plan(child=other, kind="amendment", user=parent, comments={"": "No"})
    assert not PlanComment.objects.exists()


def test_a_parent_after_school_leaving_age_needs_the_young_persons_agreement(client):
    parent, child = parent_of(ChildFactory(date_of_birth=born_years_ago(17)))
    amendment_sent(issued_plan(child))
    client.force_login(parent)
    assert client.get(url("case", child)).status_code == 404
    assert client.post(url("amendments", child), {"general": "Hi"}).status_code == 404
    assert not PlanComment.objects.exists()
    child.contacts.filter(user=parent).update(young_person_agreed_access=True)
    assert client.post(url("amendments", child), {"general": "Hi"}).status_code == 302
    assert PlanComment.objects.get().source == "parent"


def test_staff_are_refused(client):
    _, child = parent_of()
    amendment_sent(issued_plan(child))
    client.force_login(UserFactory(role=Role.CASEWORKER))
    assert client.get(url("amendments", child)).status_code == 403


# --- ceasing (CFA s45; reg 31) -------------------------------------------------------------------


def test_a_proposal_to_cease_is_shown_with_its_date(client, family):
    _, child = family
    cessation = propose_ceasing(issued_plan(child))
    page = client.get(url("case", child)).content.decode()
    assert f"On {long(cessation.intention_sent_on)} the council told you it is considering" in page


def test_a_decision_to_cease_shows_the_appeal_and_mediation_dates_from_the_clock(client, family):
    _, child = family
    decide_ceasing(propose_ceasing(issued_plan(child)))
    page = client.get(url("case", child)).content.decode()
    dates = {d.key: d.due for d in clock.ceasing_deadlines(today())}
    assert f"until <strong>{long(dates['appeal_due'])}</strong>" in page
    assert f"mediation adviser, by {long(dates['mediation_contact_due'])}" in page
    assert f"cannot end before {long(clock.earliest_cease_date(today()))}" in page


def test_a_decision_to_keep_the_plan_says_so(client, family):
    _, child = family
    decide_ceasing(propose_ceasing(issued_plan(child)), CeaseDecision.CONTINUE)
    page = client.get(url("case", child)).content.decode()
    assert "the council decided to keep the plan" in page
    assert "appeal" not in page.split("Ceasing")[1]


def test_a_decision_to_cease_after_a_review_shows_both(client, family):
    _, child = family
    child.date_of_birth = born_years_ago(19)
    child.save()
    decided_review(
        issued_plan(child), ReviewOutcome.CEASE, cease_reason=CeaseReason.NEEDS_MET_WITHOUT_PLAN
    )
    # 19: the rights are the young person's; the parent still sees it with their agreement.
    child.contacts.update(young_person_agreed_access=True)
    page = client.get(url("case", child)).content.decode()
    assert "Stop (cease) the plan" in page
    assert "the council decided to cease the plan" in page


def test_a_ceased_plan_shows_the_day_it_ended(client, family):
    _, child = family
    plan = issued_plan(child)
    cessation = decide_ceasing(propose_ceasing(plan, days_ago=100))
    type(cessation).objects.filter(pk=cessation.pk).update(decision_on=today() - timedelta(days=90))
    cessation.refresh_from_db()
    review_services.record_plan_ceased(
        cessation=cessation, version=cessation.version, user=caseworker_of(child), ceased_on=today()
    )
    page = client.get(url("case", child)).content.decode()
    assert f"The plan ended on {long(today())}" in page
