"""The synthetic demo council, loaded once for this module: realistic in its proportions and
valid in every identifier and date."""

from collections import Counter
from datetime import date, timedelta

import pytest

from openehcp.accounts.models import Role, Team, User
from openehcp.assessments.models import (
    Activity,
    AdviceRequest,
    AssessmentRequest,
    Consultation,
    Decision,
    TimescaleException,
)
from openehcp.demo.generator import load_demo, wipe_case_data
from openehcp.demo.users import DEMO_SCHOOL_URN, DEMO_USERNAMES
from openehcp.establishments.models import Establishment
from openehcp.people import identifiers
from openehcp.people.models import Child, Contact
from openehcp.plans.models import CeaseReason, EHCPlan
from openehcp.reviews.models import AnnualReview

TODAY = date(2026, 11, 27)
WINDOW_START = TODAY - timedelta(days=round(365.25 * 5))
SEED = 7


@pytest.fixture(scope="module")
def council(django_db_setup, django_db_blocker):
    """One load of 200 children with plans, shared by the tests that only read it."""
    with django_db_blocker.unblock():
        result = load_demo(children=200, seed=SEED, today=TODAY)
        yield result
        _remove_everything_the_demo_made()


def _remove_everything_the_demo_made():
    wipe_case_data()
    User.objects.all().delete()
    Establishment.objects.all().delete()
    Team.objects.all().delete()


# -- counts and proportions -----------------------------------------------------------------------


@pytest.mark.django_db
def test_loads_exactly_the_children_with_plans_asked_for(council):
    assert EHCPlan.objects.count() == 200
    assert EHCPlan.objects.values("child").distinct().count() == 200
    assert council.counts["plans"] == 200
    assert Child.objects.count() == council.counts["children"] > 200


@pytest.mark.django_db
def test_about_two_thirds_of_decided_requests_are_agreed(council):
    decided = AssessmentRequest.objects.filter(received_on__gte=WINDOW_START).exclude(
        decision_to_assess=""
    )
    agreed = decided.filter(decision_to_assess=Decision.YES).count()
    assert 0.55 <= agreed / decided.count() <= 0.78


@pytest.mark.django_db
def test_requests_peak_in_term_time_and_dip_in_august(council):
    months = Counter(
        day.month
        for day in AssessmentRequest.objects.filter(received_on__gte=WINDOW_START).values_list(
            "received_on", flat=True
        )
    )
    assert months[8] < months[10] and months[8] < months[11] and months[8] < months[3]


@pytest.mark.django_db
def test_requests_come_from_every_kind_of_requester(council):
    sources = set(AssessmentRequest.objects.values_list("source", flat=True))
    assert {"parent", "setting", "health", "social_care", "other"} <= sources


@pytest.mark.django_db
def test_autism_speech_and_social_emotional_needs_lead_as_nationally(council):
    needs = Counter(
        Child.objects.filter(plans__ceased_on__isnull=True).values_list("primary_need", flat=True)
    )
    top_three = {need for need, _ in needs.most_common(3)}
    assert top_three == {"ASD", "SLCN", "SEMH"}


@pytest.mark.django_db
def test_children_are_aged_0_to_25_mostly_of_school_age(council):
    births = Child.objects.values_list("date_of_birth", flat=True)
    ages = [(TODAY - born).days // 365.25 for born in births]
    assert min(ages) >= 0 and max(ages) <= 25
    school_age = sum(1 for age in ages if 5 <= age <= 15)
    assert school_age / len(ages) > 0.5


@pytest.mark.django_db
def test_cases_are_open_at_several_stages_and_some_are_late(council):
    open_requests = [r for r in AssessmentRequest.objects.all() if r.is_open]
    awaiting_decision = [r for r in open_requests if r.decision_on is None]
    assessing = [r for r in open_requests if r.decision_on and r.draft_served_on is None]
    assert awaiting_decision and assessing
    late = [r for r in open_requests if (TODAY - r.received_on).days > 140]
    assert late


@pytest.mark.django_db
def test_some_plans_were_refused_not_issued_withdrawn_or_excepted(council):
    requests = AssessmentRequest.objects.all()
    assert requests.filter(decision_to_assess=Decision.NO).exists()
    assert requests.filter(withdrawn_on__isnull=False).exists()
    plans_from_window = requests.filter(final_issued_on__gte=WINDOW_START).count()
    exceptions = TimescaleException.objects.values("request").distinct().count()
    assert 0 < exceptions <= 0.15 * plans_from_window


@pytest.mark.django_db
def test_about_half_of_recent_final_plans_are_within_20_weeks(council):
    final = AssessmentRequest.objects.filter(final_issued_on__gte=TODAY - timedelta(days=730))
    on_time = sum(1 for r in final if (r.final_issued_on - r.received_on).days <= 140)
    assert 0.3 <= on_time / final.count() <= 0.7


@pytest.mark.django_db
def test_some_plans_ceased_with_sen2_reasons(council):
    ceased = EHCPlan.objects.exclude(ceased_on=None)
    assert 0 < ceased.count() < 0.4 * EHCPlan.objects.count()
    assert set(ceased.values_list("cease_reason", flat=True)) <= set(CeaseReason.values)


@pytest.mark.django_db
def test_most_reviews_decided_within_4_weeks_with_a_backlog_of_late_ones(council):
    reviews = AnnualReview.objects.exclude(decision_on=None)
    within = sum(1 for r in reviews if (r.decision_on - r.meeting_on).days <= 28)
    assert within / reviews.count() > 0.5
    last_meeting = {}
    for plan_id, meeting in AnnualReview.objects.values_list("plan_id", "meeting_on"):
        last_meeting[plan_id] = max(meeting, last_meeting.get(plan_id, meeting))
    overdue = [
        plan
        for plan in EHCPlan.objects.filter(ceased_on=None)
        if (last_meeting.get(plan.pk) or plan.made_on) + timedelta(days=365) < TODAY
    ]
    assert overdue


@pytest.mark.django_db
def test_every_child_has_a_caseworker_and_every_setting_a_linked_one(council):
    assert not Child.objects.filter(caseworker__role__in=[Role.PARENT]).exists()
    assert set(Child.objects.values_list("caseworker__role", flat=True)) == {Role.CASEWORKER}
    assert not Establishment.objects.filter(linked_caseworker=None).exists()
    assert User.objects.filter(role=Role.CASEWORKER).count() >= 10
    assert Establishment.objects.count() >= 120
    types = set(Establishment.objects.values_list("setting_type", flat=True))
    assert len(types) == 8


@pytest.mark.django_db
def test_contacts_include_interpreters_and_accessible_formats(council):
    assert Contact.objects.exclude(interpreter_language="").exists()
    assert Contact.objects.exclude(accessible_format="").exists()
    assert Contact.objects.filter(is_main_contact=True).count() == Child.objects.count()


@pytest.mark.django_db
def test_demo_logins_have_records_to_see(council):
    assert Child.objects.filter(caseworker__username="caseworker").exists()
    assert Child.objects.filter(caseworker__username="reviewer").exists()
    assert Child.objects.filter(establishment__urn=DEMO_SCHOOL_URN).exists()
    assert AdviceRequest.objects.filter(advisor_user__username="psychologist").exists()
    assert Child.objects.filter(young_person_user__username="youngperson").exists()
    assert Contact.objects.filter(user__username="parent").exists()
    assert set(DEMO_USERNAMES) <= set(User.objects.values_list("username", flat=True))


# -- identifiers ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_identifier_passes_validation(council):
    children = list(Child.objects.values_list("upn", "uln", "nhs_number", "postcode"))
    for upn, uln, nhs_number, postcode in children:
        if upn:
            assert identifiers.clean_upn(upn) == upn
        if uln:
            assert identifiers.clean_uln(uln) == uln
        if nhs_number:
            assert identifiers.clean_nhs_number(nhs_number) == nhs_number
        assert identifiers.clean_postcode(postcode) == postcode
    assert sum(1 for c in children if c[0]) > len(children) / 2
    for postcode in Contact.objects.values_list("postcode", flat=True):
        assert identifiers.clean_postcode(postcode) == postcode
    for urn, postcode in Establishment.objects.values_list("urn", "postcode"):
        assert len(urn) == 6 and urn.isdigit()
        assert identifiers.clean_postcode(postcode) == postcode
    upns = [c[0] for c in children if c[0]]
    nhs_numbers = [c[2] for c in children if c[2]]
    assert len(set(upns)) == len(upns) and len(set(nhs_numbers)) == len(nhs_numbers)


# -- dates in statutory order ---------------------------------------------------------------------


def _check_request(r, advice, consultations, exceptions, activities, plan) -> None:
    assert r.received_on <= TODAY
    if r.decision_on:
        assert r.decision_on >= r.received_on and r.decision_to_assess
    else:
        assert not r.decision_to_assess and not r.issue_decision_on
    for a in advice:
        assert r.decision_to_assess == Decision.YES and a.requested_on >= r.decision_on
        if a.received_on:
            assert a.requested_on <= a.received_on <= TODAY
            if r.issue_decision_on:
                assert a.received_on <= r.issue_decision_on
        if a.last_chased_on:
            assert a.last_chased_on > a.requested_on + timedelta(days=42)
    if r.issue_decision_on:
        assert r.decision_to_assess == Decision.YES and r.decision_to_issue
        assert r.issue_decision_on >= r.decision_on
    if r.draft_served_on:
        assert r.decision_to_issue == Decision.YES and r.draft_served_on >= r.issue_decision_on
    if r.representations_received_on:
        assert r.representations_received_on >= r.draft_served_on
    for c in consultations:
        assert c.sent_on >= r.draft_served_on
        if c.replied_on:
            assert c.replied_on >= c.sent_on and c.reply
    if r.final_issued_on:
        assert r.final_issued_on >= r.draft_served_on + timedelta(days=15)  # reg 13(1)
        assert plan is not None and plan.made_on == r.final_issued_on
        for c in consultations:
            assert c.sent_on < r.final_issued_on and (c.replied_on or TODAY) < r.final_issued_on
    else:
        assert plan is None
    if r.withdrawn_on:
        assert r.received_on <= r.withdrawn_on <= TODAY and not r.final_issued_on
    for e in exceptions:
        assert r.decision_on <= e.starts_on <= e.ends_on
        if r.final_issued_on:
            assert e.ends_on < r.final_issued_on
    for activity in activities:
        assert r.received_on <= activity.occurred_on <= TODAY and activity.author_id


@pytest.mark.django_db
def test_every_request_has_its_dates_in_statutory_order(council):
    def grouped(queryset):
        groups = {}
        for row in queryset:
            groups.setdefault(row.request_id, []).append(row)
        return groups

    advice = grouped(AdviceRequest.objects.all())
    consultations = grouped(Consultation.objects.all())
    exceptions = grouped(TimescaleException.objects.all())
    activities = grouped(Activity.objects.all())
    plans = {p.origin_request_id: p for p in EHCPlan.objects.exclude(origin_request=None)}
    requests = list(AssessmentRequest.objects.all())
    assert len({r.reference for r in requests}) == len(requests)
    for r in requests:
        _check_request(
            r,
            advice.get(r.pk, []),
            consultations.get(r.pk, []),
            exceptions.get(r.pk, []),
            activities.get(r.pk, []),
            plans.get(r.pk),
        )
    in_window = [r for r in requests if r.received_on >= WINDOW_START]
    assert all(activities.get(r.pk) for r in in_window)


@pytest.mark.django_db
def test_plans_and_reviews_have_their_dates_in_order(council):
    for plan in EHCPlan.objects.select_related("child"):
        assert plan.child.date_of_birth < plan.made_on <= TODAY
        assert (plan.origin_request_id is None) == bool(plan.transferred_from_la)
        if plan.transferred_in_on:
            assert plan.made_on < plan.transferred_in_on <= TODAY
        if plan.ceased_on:
            assert plan.made_on < plan.ceased_on <= TODAY and plan.cease_reason
    for review in AnnualReview.objects.select_related("plan"):
        assert review.plan.made_on < review.meeting_on <= TODAY
        if review.plan.ceased_on:
            assert review.meeting_on < review.plan.ceased_on
        if review.report_received_on:
            assert review.meeting_on <= review.report_received_on <= TODAY
        assert bool(review.decision_on) == bool(review.outcome)
        if review.decision_on:
            assert review.meeting_on < review.decision_on <= TODAY


def test_the_psychologist_has_advice_overdue_due_soon_and_given(council):
    from openehcp.assessments.selectors import AdviceShow, advice_for_advisor, advice_row

    psychologist = User.objects.get(username="psychologist")
    rows = [
        advice_row(a, today=TODAY)
        for a in advice_for_advisor(psychologist, show=AdviceShow.OUTSTANDING)
    ]
    tags = {row.tag[1] for row in rows}
    assert {"Overdue", "Due soon"} <= tags
    assert advice_for_advisor(psychologist, show=AdviceShow.SUBMITTED).exists()
    for row in rows:
        assert row.advice.requested_on >= row.advice.request.decision_on


def test_the_senco_has_review_reports_to_send(council):
    from openehcp.reviews.selectors import reports_awaited

    senco = User.objects.get(username="senco")
    reports = reports_awaited(senco, senco.establishment, today=TODAY)
    assert {report.tag[1] for report in reports} >= {"Report overdue", "Report due"}
    for report in reports:
        plan = report.review.plan
        assert report.review.meeting_on > plan.made_on
        assert not plan.reviews.filter(meeting_on__gt=report.review.meeting_on).exists()


def test_the_senco_has_advice_to_give_when_a_child_at_the_school_is_being_assessed(council):
    from openehcp.accounts.policy import advice_asked_of
    from openehcp.demo.submissions import _AT_ADVICE_STAGE

    senco = User.objects.get(username="senco")
    assessed = AssessmentRequest.objects.filter(
        _AT_ADVICE_STAGE, child__establishment=senco.establishment
    ).exists()
    outstanding = advice_asked_of(senco).filter(
        received_on__isnull=True, request__in=AssessmentRequest.objects.filter(_AT_ADVICE_STAGE)
    )
    assert outstanding.exists() == assessed


@pytest.mark.django_db
def test_every_child_has_a_placement_history_matching_their_record(council):
    from django.db.models import Q

    from openehcp.people.models import Placement

    children = Child.objects.filter(merged_into__isnull=True)
    assert not children.exclude(pk__in=Placement.objects.values("child")).exists()
    open_today = Placement.objects.filter(is_main=True, starts_on__lte=TODAY).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=TODAY)
    )
    current = dict(open_today.values_list("child_id", "establishment_id"))
    for child_id, establishment_id in children.values_list("pk", "establishment_id"):
        assert current.get(child_id) == establishment_id, child_id
    for child_id, rows in _by_child(Placement.objects.order_by("child", "starts_on")).items():
        for rank in (True, False):
            ranked = [p for p in rows if p.is_main is rank]
            for earlier, later in zip(ranked, ranked[1:], strict=False):
                assert earlier.ends_on is not None and earlier.ends_on < later.starts_on, child_id
    placements = Placement.objects.all()
    assert placements.exclude(residential="").exists()
    assert placements.exclude(work_based="").exists()
    assert placements.filter(is_main=False).exists()
    assert placements.exclude(residential="").count() < placements.count() * 0.1


def _by_child(placements) -> dict:
    rows: dict = {}
    for placement in placements:
        rows.setdefault(placement.child_id, []).append(placement)
    return rows
