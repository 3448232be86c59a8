"""The review pages as people use them: who may see what, the forms' errors, the downloads, the
email to settings, and the family's public preference form."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from openehcp.accounts.models import Role
from openehcp.audit.models import AccessLog
from openehcp.reviews.models import AnnualReview, PhaseTransfer, PlanActivity
from openehcp.reviews.preference import token_for
from openehcp.reviews.terms import term_of
from tests.factories import (
    ChildFactory,
    EHCPlanFactory,
    EstablishmentFactory,
    TeamFactory,
    UserFactory,
)

from .factories import ArrangedReviewFactory, PhaseTransferFactory, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    return TeamFactory(name="Review team")


@pytest.fixture
def caseworker(team):
    return UserFactory(role=Role.CASEWORKER, team=team)


@pytest.fixture
def school():
    return EstablishmentFactory(name="Larkspur Primary")


def plan_due_this_term(caseworker, school, surname="Due"):
    """A plan made 11 months ago: its review falls due within weeks."""
    child = ChildFactory(caseworker=caseworker, establishment=school, surname=surname)
    return EHCPlanFactory(child=child, made_on=today() - timedelta(days=340))


def late_plan(caseworker, school, surname="Late"):
    child = ChildFactory(caseworker=caseworker, establishment=school, surname=surname)
    return EHCPlanFactory(child=child, made_on=today() - timedelta(days=400))


# --- the review team's list -----------------------------------------------------------------------


def test_review_workqueue_lists_late_plans_with_a_late_tag(client, caseworker, school):
    late_plan(caseworker, school)
    client.force_login(caseworker)
    response = client.get(reverse("reviews:workqueue"), {"show": "late"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Late" in body and "Alex Late" in body


def test_review_workqueue_refuses_setting_staff_and_parents(client, school):
    for role in (Role.SETTING_STAFF, Role.PARENT, Role.ADMINISTRATOR):
        client.force_login(UserFactory(role=role))
        assert client.get(reverse("reviews:workqueue")).status_code == 403


def test_caseworker_sees_only_their_team_s_plans(client, caseworker, school):
    late_plan(caseworker, school, surname="Mine")
    other = UserFactory(role=Role.CASEWORKER, team=TeamFactory(name="Other team"))
    late_plan(other, school, surname="Theirs")
    client.force_login(caseworker)
    body = client.get(reverse("reviews:workqueue"), {"show": "all", "caseload": "all"}).content
    assert b"Alex Mine" in body and b"Alex Theirs" not in body


def test_bad_setting_urn_is_a_govuk_error(client, caseworker):
    client.force_login(caseworker)
    response = client.get(reverse("reviews:workqueue"), {"setting": "12"})
    body = response.content.decode()
    assert "govuk-error-summary" in body and "<title>Error:" in body


def test_done_this_term_lists_reviews_decided_in_the_term(client, caseworker, school):
    plan = plan_due_this_term(caseworker, school)
    AnnualReview.objects.create(
        plan=plan, meeting_on=today() - timedelta(days=1), decision_on=today(), outcome="M"
    )
    client.force_login(caseworker)
    body = client.get(reverse("reviews:workqueue"), {"show": "done"}).content.decode()
    assert "Alex Due" in body and "Within 4 weeks" in body


# --- per setting ---------------------------------------------------------------------------------


def test_setting_staff_see_their_own_list_and_not_another_settings(client, caseworker, school):
    plan_due_this_term(caseworker, school)
    senco = UserFactory(role=Role.SETTING_STAFF, establishment=school)
    client.force_login(senco)
    body = client.get(reverse("reviews:my_setting")).content.decode()
    assert "Alex Due" in body and "Larkspur Primary" in body
    other = EstablishmentFactory()
    assert client.get(reverse("reviews:setting", args=[other.pk])).status_code == 403
    assert client.get(reverse("reviews:setting_csv", args=[other.pk])).status_code == 403


def test_parents_see_no_setting_list(client, school):
    client.force_login(UserFactory(role=Role.PARENT))
    assert client.get(reverse("reviews:setting", args=[school.pk])).status_code == 403
    assert client.get(reverse("reviews:my_setting")).status_code == 403


def test_csv_download_lists_the_children_and_logs_the_export(client, caseworker, school):
    plan = plan_due_this_term(caseworker, school)
    senco = UserFactory(role=Role.SETTING_STAFF, establishment=school)
    client.force_login(senco)
    response = client.get(reverse("reviews:setting_csv", args=[school.pk]))
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Child or young person,Date of birth")
    assert "Alex Due" in text
    assert AccessLog.objects.filter(user=senco, action="export", child_id=plan.child_id).exists()


def test_pdf_download_is_a_pdf(client, caseworker, school):
    plan_due_this_term(caseworker, school)
    client.force_login(caseworker)
    response = client.get(reverse("reviews:setting_pdf", args=[school.pk]))
    assert response.content.startswith(b"%PDF")


def test_send_to_settings_emails_counts_and_a_link_but_no_names(client, team, caseworker, school):
    plan_due_this_term(caseworker, school)
    late_plan(caseworker, school)
    UserFactory(role=Role.SETTING_STAFF, establishment=school, email="senco@school.example")
    manager = UserFactory(role=Role.TEAM_MANAGER, team=team)
    client.force_login(manager)
    response = client.post(reverse("reviews:settings"), {"term": term_of(today()).key})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["senco@school.example"]
    assert "2 children at Larkspur Primary are due" in message.body
    assert reverse("reviews:setting", args=[school.pk]) in message.body
    assert "Alex" not in message.body and "Due" not in message.subject


def test_caseworkers_cannot_send_to_settings(client, caseworker):
    client.force_login(caseworker)
    assert client.post(reverse("reviews:settings")).status_code == 403


# --- the plan page and the steps ------------------------------------------------------------------


def test_plan_page_records_the_access_and_shows_the_next_review(client, caseworker, school):
    plan = late_plan(caseworker, school)
    client.force_login(caseworker)
    body = client.get(reverse("reviews:plan", args=[plan.pk])).content.decode()
    assert "Next review due" in body and "Late" in body
    assert AccessLog.objects.filter(user=caseworker, child_id=plan.child_id).exists()


def test_setting_staff_cannot_change_a_plan(client, caseworker, school):
    plan = plan_due_this_term(caseworker, school)
    client.force_login(UserFactory(role=Role.SETTING_STAFF, establishment=school))
    assert client.get(reverse("reviews:plan", args=[plan.pk])).status_code == 200
    assert client.get(reverse("reviews:arrange", args=[plan.pk])).status_code == 403


def test_decision_for_a_future_meeting_is_a_govuk_error_and_saves_nothing(client, caseworker):
    review = ArrangedReviewFactory(
        plan__child__caseworker=caseworker, planned_meeting_on=today() + timedelta(days=5)
    )
    client.force_login(caseworker)
    url = reverse("reviews:decision", args=[review.pk])
    response = client.post(
        url,
        {
            "version": review.version,
            "outcome": "M",
            "decided_on-day": today().day,
            "decided_on-month": today().month,
            "decided_on-year": today().year,
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body and "in the future" in body
    review.refresh_from_db()
    assert review.decision_on is None


def test_cease_reason_is_required_on_the_form(client, caseworker):
    plan = EHCPlanFactory(child__caseworker=caseworker)
    client.force_login(caseworker)
    response = client.post(
        reverse("reviews:cease", args=[plan.pk]),
        {
            "version": plan.version,
            "intention_sent_on-day": today().day,
            "intention_sent_on-month": today().month,
            "intention_sent_on-year": today().year,
        },
    )
    assert "Select why the plan would cease" in response.content.decode()


def test_a_stale_form_says_someone_else_changed_it(client, caseworker):
    plan = EHCPlanFactory(child__caseworker=caseworker)
    client.force_login(caseworker)
    response = client.post(
        reverse("reviews:cease", args=[plan.pk]),
        {
            "version": plan.version + 5,
            "reason": "2",
            "intention_sent_on-day": today().day,
            "intention_sent_on-month": today().month,
            "intention_sent_on-year": today().year,
        },
    )
    assert "This EHC plan was changed by " in response.content.decode()


def test_two_caseworkers_on_the_same_plan_the_second_is_told_and_keeps_their_typing(
    client, caseworker
):
    plan = EHCPlanFactory(child__caseworker=caseworker)
    colleague = UserFactory(team=caseworker.team, first_name="Kim", last_name="Colleague")
    other = client.__class__()
    other.force_login(colleague)
    client.force_login(caseworker)
    url = reverse("reviews:cease", args=[plan.pk])
    for person in (client, other):
        assert f'name="version" value="{plan.version}"' in person.get(url).content.decode()
    data = {
        "version": plan.version,
        "reason": "2",
        "intention_sent_on-day": today().day,
        "intention_sent_on-month": today().month,
        "intention_sent_on-year": today().year,
    }
    assert other.post(url, data | {"detail": "Kim's reason."}).status_code == 302
    response = client.post(url, data | {"detail": "My reason, typed here."})
    page = response.content.decode()
    assert response.status_code == 200
    assert "This EHC plan was changed by Kim Colleague at " in page
    assert "My reason, typed here." in page
    assert f'name="version" value="{plan.version + 1}"' in page
    assert plan.cessations.count() == 1


# --- phase transfers ------------------------------------------------------------------------------


def test_cohort_page_shows_completion_to_a_manager(client, team):
    manager = UserFactory(role=Role.TEAM_MANAGER, team=team)
    transfer = PhaseTransferFactory(
        plan__child__caseworker=UserFactory(role=Role.CASEWORKER, team=team),
        amended_plan_issued_on=today(),
    )
    PhaseTransferFactory(
        plan__child__caseworker=transfer.plan.child.caseworker,
        transfer_year=transfer.transfer_year,
    )
    client.force_login(manager)
    body = client.get(reverse("reviews:cohort"), {"year": transfer.transfer_year}).content
    assert b"50% complete" in body


def test_finding_the_cohort_needs_a_manager(client, caseworker):
    client.force_login(caseworker)
    assert client.post(reverse("reviews:find_cohort")).status_code == 403


# --- the family's public form ---------------------------------------------------------------------


def test_the_preference_form_needs_a_good_token(client):
    response = client.get(reverse("reviews:preference_start", args=["1.nothing.forged"]))
    assert response.status_code == 404
    assert "This link does not work" in response.content.decode()


def test_a_family_states_its_preference_online_without_an_account(client):
    transfer = PhaseTransferFactory(preference_key="abc123")
    hillside = EstablishmentFactory(name="Hillside Academy", postcode="SE1 1AA")
    token = token_for(transfer)
    assert client.get(reverse("reviews:preference_start", args=[token])).status_code == 200
    response = client.post(reverse("reviews:preference_search", args=[token]), {"name": ""})
    assert "Enter the name of the school" in response.content.decode()
    client.post(reverse("reviews:preference_search", args=[token]), {"name": "hillside"})
    page = client.get(reverse("reviews:preference_choose", args=[token])).content.decode()
    assert "Hillside Academy" in page
    response = client.post(reverse("reviews:preference_choose", args=[token]), {})
    assert "govuk-error-summary" in response.content.decode()
    client.post(
        reverse("reviews:preference_choose", args=[token]),
        {"setting": str(hillside.pk), "reasons": "Near our home"},
    )
    check = client.get(reverse("reviews:preference_check", args=[token])).content.decode()
    assert "Hillside Academy" in check
    response = client.post(reverse("reviews:preference_check", args=[token]))
    assert response.url == reverse("reviews:preference_done", args=[token])
    transfer.refresh_from_db()
    assert transfer.preferred_establishment == hillside
    assert transfer.preference_reasons == "Near our home"
    assert PlanActivity.objects.filter(
        phase_transfer=transfer, kind="phase_transfer_preference"
    ).exists()


def test_a_setting_not_listed_is_kept_by_name(client):
    transfer = PhaseTransferFactory(preference_key="abc123")
    token = token_for(transfer)
    client.post(reverse("reviews:preference_search", args=[token]), {"name": "Zzz Free School"})
    client.post(reverse("reviews:preference_choose", args=[token]), {"setting": "other"})
    client.post(reverse("reviews:preference_check", args=[token]))
    transfer = PhaseTransfer.objects.get(pk=transfer.pk)
    assert transfer.preferred_establishment is None
    assert transfer.preference_other == "Zzz Free School"


def test_the_form_closes_once_the_plan_names_the_setting(client):
    transfer = PhaseTransferFactory(preference_key="abc123", amended_plan_issued_on=today())
    response = client.get(reverse("reviews:preference_start", args=[token_for(transfer)]))
    assert response.status_code == 404


def test_a_late_review_shows_on_the_child_s_record_and_the_plans_page(client, caseworker, school):
    plan = late_plan(caseworker, school)
    client.force_login(caseworker)
    record = client.get(reverse("people:detail", args=[plan.child_id])).content.decode()
    assert "govuk-tag--red" in record and ">Late<" in record
    plans = client.get(reverse("plans:child", args=[plan.child_id])).content.decode()
    assert ">Late<" in plans
