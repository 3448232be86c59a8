"""The review, amendment, phase transfer, ceasing and transfer services: order, dates, the
reasons the law allows, ceased plans read only, and the optimistic lock."""

import subprocess
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from openehcp import clock
from openehcp.assessments.models import Document
from openehcp.disagreements import services as disagreement_services
from openehcp.plans.models import CeaseReason, EHCPlan, PlanKind, PlanVersion, VersionStatus
from openehcp.plans.tests.factories import PlanVersionFactory, complete_plan
from openehcp.reviews import selectors, services
from openehcp.reviews.models import (
    AmendmentNotice,
    AnnualReview,
    AppealOutcome,
    CeaseDecision,
    Cessation,
    CouncilTransfer,
    InviteeRole,
    PhaseTransfer,
    PlanActivity,
    ReviewOutcome,
)
from openehcp.reviews.preference import token_for, transfer_for
from openehcp.reviews.services import EditConflict, WorkflowError
from tests.factories import (
    AnnualReviewFactory,
    ChildFactory,
    ContactFactory,
    EHCPlanFactory,
    EstablishmentFactory,
    UserFactory,
)

from .factories import ArrangedReviewFactory, PhaseTransferFactory, ReviewInviteeFactory, today

pytestmark = pytest.mark.django_db


def upload(name="report.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 report", content_type="application/pdf")


def invitees(plan):
    return [
        (InviteeRole.FAMILY, "Jo Parent", "jo@family.example"),
        (InviteeRole.SETTING, "Head teacher", ""),
        (InviteeRole.COUNCIL, "Sam Officer", ""),
        (InviteeRole.HEALTH, "Community paediatrician", ""),
        (InviteeRole.SOCIAL_CARE, "Children's social care", ""),
    ]


def years_old(years: int, days: int = 40) -> date:
    return clock.add_months(today(), -12 * years) - timedelta(days=days)


# --- arranging and holding a review ---------------------------------------------------------


def test_arranging_a_review_invites_everyone_reg_20_requires_two_weeks_before():
    plan = EHCPlanFactory(made_on=today() - timedelta(days=300))
    user = UserFactory()
    review = services.arrange_review(
        plan=plan,
        version=plan.version,
        user=user,
        planned_meeting_on=today() + timedelta(days=14),
        invitations_sent_on=today(),
        invitees=invitees(plan),
    )
    assert review.planned_meeting_on == today() + timedelta(days=14)
    assert review.meeting_on is None
    assert review.invitees.count() == 5
    assert PlanActivity.objects.get(plan=plan).kind == "review_arranged"


def test_a_meeting_less_than_two_weeks_after_the_invitations_is_refused():
    plan = EHCPlanFactory()
    with pytest.raises(WorkflowError) as refused:
        services.arrange_review(
            plan=plan,
            version=plan.version,
            user=UserFactory(),
            planned_meeting_on=today() + timedelta(days=13),
            invitations_sent_on=today(),
            invitees=invitees(plan),
        )
    assert refused.value.field == "planned_meeting_on"
    assert "at least 2 weeks" in refused.value.message
    assert not AnnualReview.objects.exists()


def test_every_invitee_reg_20_2_names_is_required():
    plan = EHCPlanFactory()
    people = [p for p in invitees(plan) if p[0] != InviteeRole.HEALTH]
    with pytest.raises(WorkflowError) as refused:
        services.arrange_review(
            plan=plan,
            version=plan.version,
            user=UserFactory(),
            planned_meeting_on=today() + timedelta(days=20),
            invitations_sent_on=today(),
            invitees=people,
        )
    assert refused.value.field == "invitee_health"


def test_an_interim_review_needs_a_reason():
    plan = EHCPlanFactory()
    with pytest.raises(WorkflowError) as refused:
        services.arrange_review(
            plan=plan,
            version=plan.version,
            user=UserFactory(),
            planned_meeting_on=today() + timedelta(days=20),
            invitations_sent_on=today(),
            invitees=invitees(plan),
            interim=True,
        )
    assert refused.value.field == "interim_reason"


def test_arranging_with_a_stale_version_is_refused_and_saves_nothing():
    plan = EHCPlanFactory()
    with pytest.raises(EditConflict):
        services.arrange_review(
            plan=plan,
            version=plan.version + 1,
            user=UserFactory(),
            planned_meeting_on=today() + timedelta(days=20),
            invitations_sent_on=today(),
            invitees=invitees(plan),
        )
    assert not AnnualReview.objects.exists()


def test_a_second_review_cannot_be_arranged_while_one_is_in_progress():
    review = ArrangedReviewFactory()
    plan = review.plan
    with pytest.raises(WorkflowError, match="already in progress"):
        services.arrange_review(
            plan=plan,
            version=plan.version,
            user=UserFactory(),
            planned_meeting_on=today() + timedelta(days=20),
            invitations_sent_on=today(),
            invitees=invitees(plan),
        )


def test_recording_the_meeting_keeps_attendance_and_views():
    review = ArrangedReviewFactory()
    present = ReviewInviteeFactory(review=review, name="Jo Parent")
    absent = ReviewInviteeFactory(review=review, role="health", name="Dr Example")
    services.record_meeting(
        review=review,
        version=review.version,
        user=UserFactory(),
        held_on=today() - timedelta(days=7),
        attended={present.pk},
        officer_attended=True,
        family_views="Happy with progress.",
        young_person_views="I like maths.",
    )
    review.refresh_from_db()
    present.refresh_from_db()
    absent.refresh_from_db()
    assert review.meeting_on == today() - timedelta(days=7)
    assert review.family_views == "Happy with progress."
    assert present.attended is True and absent.attended is False


def test_a_meeting_cannot_be_recorded_as_held_in_the_future():
    review = ArrangedReviewFactory(planned_meeting_on=today() + timedelta(days=3))
    with pytest.raises(WorkflowError) as refused:
        services.record_meeting(
            review=review,
            version=review.version,
            user=UserFactory(),
            held_on=today() + timedelta(days=3),
            attended=set(),
            officer_attended=False,
        )
    assert refused.value.field == "held_on"


def test_a_year_nine_review_without_a_council_officer_is_flagged():
    child = ChildFactory(
        date_of_birth=date(today().year - 14, 12, 1)
        if today().month >= 9
        else date(today().year - 15, 12, 1)
    )
    review = ArrangedReviewFactory(plan__child=child, plan__made_on=today() - timedelta(days=400))
    assert services.key_review_year(review.plan, today()) == 9
    services.record_meeting(
        review=review,
        version=review.version,
        user=UserFactory(),
        held_on=today(),
        attended=set(),
        officer_attended=False,
    )
    log = PlanActivity.objects.get(plan=review.plan, kind="review_meeting")
    assert "No council officer attended this Year 9 review" in log.description


# --- the decision (reg 20(10)) ----------------------------------------------------------------


def test_a_decision_cannot_be_recorded_for_a_meeting_arranged_in_the_future():
    review = ArrangedReviewFactory(planned_meeting_on=today() + timedelta(days=10))
    with pytest.raises(WorkflowError) as refused:
        services.record_review_decision(
            review=review,
            version=review.version,
            user=UserFactory(),
            outcome=ReviewOutcome.MAINTAIN,
            decided_on=today(),
        )
    assert refused.value.field == "outcome"
    assert "in the future" in refused.value.message
    review.refresh_from_db()
    assert review.outcome == "" and review.decision_on is None


def keep_the_plan(review):
    """Record the decision to keep the plan as it is, after a meeting 10 days ago."""
    return services.record_review_decision(
        review=review,
        version=review.version,
        user=UserFactory(),
        outcome=ReviewOutcome.MAINTAIN,
        decided_on=today(),
        reasons="The plan still meets the needs.",
    )


def reviewed_10_days_ago():
    review = AnnualReviewFactory(meeting_on=today() - timedelta(days=10))
    ContactFactory(child=review.plan.child)
    return review


def test_maintain_decision_sends_the_letter_with_appeal_rights():
    review = reviewed_10_days_ago()
    keep_the_plan(review)
    review.refresh_from_db()
    assert review.outcome == ReviewOutcome.MAINTAIN
    assert review.decision_on == today()
    assert review.decision_letter.kind == Document.Kind.LETTER
    assert review.decision_letter.file.read().startswith(b"%PDF")


def test_amend_decision_is_the_amendment_notice_with_the_clock_s_dates():
    meeting = today() - timedelta(days=40)
    review = AnnualReviewFactory(meeting_on=meeting)
    services.record_review_decision(
        review=review,
        version=review.version,
        user=UserFactory(),
        outcome=ReviewOutcome.AMEND,
        decided_on=today(),
        proposed_changes="Section F: add weekly speech and language therapy.",
    )
    notice = AmendmentNotice.objects.get(review=review)
    assert notice.sent_on == today() and notice.served_on == today()
    deadlines = services.amendments.deadlines(notice)
    assert deadlines["representations_due"].due == today() + timedelta(days=14)
    # Devon cap: at most 12 weeks after the meeting, sooner than 8 weeks after the notice.
    assert deadlines["amended_plan_due"].due == meeting + timedelta(weeks=12)


def test_amend_decision_needs_the_proposed_changes_and_saves_nothing_without():
    review = AnnualReviewFactory(meeting_on=today() - timedelta(days=20))
    with pytest.raises(WorkflowError) as refused:
        services.record_review_decision(
            review=review,
            version=review.version,
            user=UserFactory(),
            outcome=ReviewOutcome.AMEND,
            decided_on=today(),
        )
    assert refused.value.field == "proposed_changes"
    review.refresh_from_db()
    assert review.decision_on is None
    assert not AmendmentNotice.objects.exists()


def test_cease_decision_requires_a_reason():
    review = AnnualReviewFactory(meeting_on=today() - timedelta(days=20))
    with pytest.raises(WorkflowError) as refused:
        services.record_review_decision(
            review=review,
            version=review.version,
            user=UserFactory(),
            outcome=ReviewOutcome.CEASE,
            decided_on=today(),
        )
    assert refused.value.field == "cease_reason"
    assert not Cessation.objects.exists()


def test_cease_after_review_starts_the_appeal_window():
    review = AnnualReviewFactory(meeting_on=today() - timedelta(days=20))
    services.record_review_decision(
        review=review,
        version=review.version,
        user=UserFactory(),
        outcome=ReviewOutcome.CEASE,
        decided_on=today(),
        cease_reason=CeaseReason.NEEDS_MET_WITHOUT_PLAN,
    )
    cessation = Cessation.objects.get(review=review)
    assert cessation.decision == CeaseDecision.CEASE
    assert services.earliest_end(cessation) == clock.earliest_cease_date(today())
    assert EHCPlan.objects.get(pk=review.plan_id).ceased_on is None


def test_decision_before_the_meeting_is_refused():
    review = AnnualReviewFactory(meeting_on=today() - timedelta(days=2))
    with pytest.raises(WorkflowError) as refused:
        services.record_review_decision(
            review=review,
            version=review.version,
            user=UserFactory(),
            outcome=ReviewOutcome.MAINTAIN,
            decided_on=today() - timedelta(days=3),
        )
    assert refused.value.field == "decided_on"


def test_a_report_needs_the_meeting_first():
    review = ArrangedReviewFactory()
    with pytest.raises(WorkflowError, match="Record the review meeting"):
        services.record_review_report(
            review=review,
            version=review.version,
            user=UserFactory(),
            received_on=today(),
            recommendations="Keep the plan.",
        )


def test_advice_gathered_for_the_review_is_kept_as_a_document():
    review = ArrangedReviewFactory()
    document = services.add_review_evidence(
        review=review,
        version=review.version,
        user=UserFactory(),
        received_on=today() - timedelta(days=20),
        title="Speech and language therapy report",
        upload=upload(),
    )
    assert document.kind == Document.Kind.ADVICE
    assert document.request is None and document.child == review.plan.child


def test_files_written_by_a_review_step_that_rolls_back_are_removed(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    review = reviewed_10_days_ago()
    arranged = ArrangedReviewFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        keep_the_plan(review)
        services.add_review_evidence(
            review=arranged,
            version=arranged.version,
            user=UserFactory(),
            received_on=today() - timedelta(days=20),
            title="Speech and language therapy report",
            upload=upload(),
        )
        assert len([path for path in tmp_path.rglob("*") if path.is_file()]) == 2
        raise RuntimeError("a later step failed")
    assert not [path for path in tmp_path.rglob("*") if path.is_file()]


# --- amendments (reg 22) ------------------------------------------------------------------------


def notice_for(plan, *, sent_on=None):
    return services.send_amendment_notice(
        plan=plan,
        version=plan.version,
        user=UserFactory(),
        sent_on=sent_on or today() - timedelta(days=20),
        proposed_changes="Section I: name the new school.",
    )


def test_the_notice_starts_the_amended_plan_as_a_new_version_of_the_current_one():
    plan = EHCPlanFactory()
    current = complete_plan(PlanVersionFactory(plan=plan, request=None, child=plan.child))
    PlanVersion.objects.filter(pk=current.pk).update(
        status=VersionStatus.ISSUED, issued_on=plan.made_on
    )
    notice = notice_for(plan)
    draft = notice.draft_version
    assert draft.kind == PlanKind.AMENDED and draft.status == VersionStatus.DRAFT
    assert draft.based_on_id == current.pk and draft.number == 2


def test_the_amended_plan_cannot_be_issued_inside_the_family_s_15_days():
    plan = EHCPlanFactory()
    notice = notice_for(plan, sent_on=today() - timedelta(days=5))
    complete_plan(notice.draft_version)
    with pytest.raises(WorkflowError) as refused:
        services.issue_amended_plan(
            notice=notice, version=notice.version, user=UserFactory(), issued_on=today()
        )
    assert refused.value.field == "issued_on"
    assert "15 days" in refused.value.message
    assert not PlanVersion.objects.get(pk=notice.draft_version_id).is_issued


def test_an_unfinished_amended_plan_cannot_be_issued():
    notice = notice_for(EHCPlanFactory())
    with pytest.raises(WorkflowError, match="cannot be issued yet"):
        services.issue_amended_plan(
            notice=notice, version=notice.version, user=UserFactory(), issued_on=today()
        )
    notice.refresh_from_db()
    assert notice.amended_plan_issued_on is None


def test_issuing_the_amended_plan_issues_its_version_naming_the_setting():
    plan = EHCPlanFactory()
    notice = notice_for(plan)
    school = EstablishmentFactory(name="Hillside Academy")
    complete_plan(notice.draft_version, setting=school)
    services.issue_amended_plan(
        notice=notice, version=notice.version, user=UserFactory(), issued_on=today()
    )
    plan.refresh_from_db()
    notice.refresh_from_db()
    assert plan.named_establishment == school
    assert notice.amended_plan_issued_on == today()
    issued = PlanVersion.objects.get(pk=notice.draft_version_id)
    assert issued.is_issued and issued.issued_on == today()


def test_a_phase_transfer_amendment_must_name_the_new_setting():
    transfer = PhaseTransferFactory()
    plan = transfer.plan
    notice = services.send_amendment_notice(
        plan=plan,
        version=plan.version,
        user=UserFactory(),
        sent_on=today() - timedelta(days=20),
        proposed_changes="Name the secondary school.",
        phase_transfer=transfer,
    )
    draft = complete_plan(notice.draft_version)
    PlanVersion.objects.filter(pk=draft.pk).update(placement=None)
    with pytest.raises(WorkflowError, match="section I"):
        services.issue_amended_plan(
            notice=notice, version=notice.version, user=UserFactory(), issued_on=today()
        )
    school = EstablishmentFactory()
    PlanVersion.objects.filter(pk=draft.pk).update(placement=school)
    services.issue_amended_plan(
        notice=notice, version=notice.version, user=UserFactory(), issued_on=today()
    )
    transfer.refresh_from_db()
    assert transfer.amended_plan_issued_on == today()
    assert transfer.named_establishment == school


# --- ceasing (CFA s45; regs 29-31) --------------------------------------------------------------


def test_under_18_only_no_longer_necessary_or_not_responsible():
    plan = EHCPlanFactory(child__date_of_birth=years_old(15))
    with pytest.raises(WorkflowError) as refused:
        services.propose_ceasing(
            plan=plan,
            version=plan.version,
            user=UserFactory(),
            reason=CeaseReason.EMPLOYMENT,
            intention_sent_on=today(),
        )
    assert "regulation 29" in refused.value.message
    assert not Cessation.objects.exists()


def test_a_move_to_another_council_is_a_transfer_not_a_cease_decision():
    plan = EHCPlanFactory()
    with pytest.raises(WorkflowError, match="transfer"):
        services.propose_ceasing(
            plan=plan,
            version=plan.version,
            user=UserFactory(),
            reason=CeaseReason.TRANSFERRED_TO_LA,
            intention_sent_on=today(),
        )


def test_no_longer_engaging_needs_a_review_since_18():
    plan = EHCPlanFactory(child__date_of_birth=years_old(19), made_on=today() - timedelta(days=900))
    with pytest.raises(WorkflowError, match="regulation 30"):
        services.propose_ceasing(
            plan=plan,
            version=plan.version,
            user=UserFactory(),
            reason=CeaseReason.NO_LONGER_ENGAGING,
            intention_sent_on=today(),
        )
    AnnualReviewFactory(plan=plan, meeting_on=today() - timedelta(days=30))
    services.propose_ceasing(
        plan=plan,
        version=plan.version,
        user=UserFactory(),
        reason=CeaseReason.NO_LONGER_ENGAGING,
        intention_sent_on=today(),
    )


def ceasing_decided(plan, decided_on):
    cessation = services.propose_ceasing(
        plan=plan,
        version=plan.version,
        user=UserFactory(),
        reason=CeaseReason.NEEDS_MET_WITHOUT_PLAN,
        intention_sent_on=decided_on - timedelta(days=30),
    )
    cessation = services.record_cease_consultation(
        cessation=cessation,
        version=cessation.version,
        user=UserFactory(),
        family_consulted_on=decided_on - timedelta(days=10),
        family_views="Agree.",
        setting_consulted_on=decided_on - timedelta(days=10),
        setting_views="Needs met at SEN support.",
    )
    return services.decide_ceasing(
        cessation=cessation,
        version=cessation.version,
        user=UserFactory(),
        decision=CeaseDecision.CEASE,
        decided_on=decided_on,
        reasons="Needs are met at SEN support.",
    )


def test_decision_to_cease_needs_the_consultation_first():
    plan = EHCPlanFactory(made_on=today() - timedelta(days=500))
    cessation = services.propose_ceasing(
        plan=plan,
        version=plan.version,
        user=UserFactory(),
        reason=CeaseReason.NEEDS_MET_WITHOUT_PLAN,
        intention_sent_on=today(),
    )
    with pytest.raises(WorkflowError, match="regulation 31"):
        services.decide_ceasing(
            cessation=cessation,
            version=cessation.version,
            user=UserFactory(),
            decision=CeaseDecision.CEASE,
            decided_on=today(),
            reasons="x",
        )


def test_plan_ceases_only_after_the_appeal_window_then_is_read_only():
    plan = EHCPlanFactory(made_on=today() - timedelta(days=600))
    decided = today() - timedelta(days=120)
    cessation = ceasing_decided(plan, decided)
    earliest = clock.earliest_cease_date(decided)
    with pytest.raises(WorkflowError) as refused:
        services.record_plan_ceased(
            cessation=cessation,
            version=cessation.version,
            user=UserFactory(),
            ceased_on=earliest - timedelta(days=1),
        )
    assert refused.value.field == "ceased_on"
    services.record_plan_ceased(
        cessation=cessation, version=cessation.version, user=UserFactory(), ceased_on=earliest
    )
    plan.refresh_from_db()
    assert plan.ceased_on == earliest
    assert plan.cease_reason == CeaseReason.NEEDS_MET_WITHOUT_PLAN
    # Read only from now on.
    with pytest.raises(WorkflowError, match="cannot be changed"):
        services.arrange_review(
            plan=plan,
            version=plan.version,
            user=UserFactory(),
            planned_meeting_on=today() + timedelta(days=20),
            invitations_sent_on=today(),
            invitees=invitees(plan),
        )
    with pytest.raises(WorkflowError, match="cannot be changed"):
        notice_for(plan)


def test_an_appeal_keeps_the_plan_until_it_ends():
    """The appeal is recorded on the disagreement about ceasing; the ceasing record follows."""
    plan = EHCPlanFactory(made_on=today() - timedelta(days=600))
    decided = today() - timedelta(days=150)
    cessation = ceasing_decided(plan, decided)
    user = UserFactory()
    appeal = disagreement_services.record_disagreement(
        child=plan.child,
        user=user,
        decision="cease",
        plan=plan,
        decision_on=decided,
        adviser_contacted_on=decided + timedelta(days=5),
        mediation_wanted=False,
        certificate_on=decided + timedelta(days=7),
        appeal_lodged_on=decided + timedelta(days=30),
    )
    cessation.refresh_from_db()
    assert appeal.cessation == cessation
    assert cessation.appeal_lodged_on == decided + timedelta(days=30)
    with pytest.raises(WorkflowError, match="appealed"):
        services.record_plan_ceased(
            cessation=cessation, version=cessation.version, user=user, ceased_on=today()
        )
    disagreement_services.update_disagreement(
        disagreement=appeal,
        version=appeal.version,
        user=user,
        appeal_outcome="dismissed",
        order="cease",
        order_on=today() - timedelta(days=5),
    )
    cessation.refresh_from_db()
    assert (cessation.appeal_outcome, cessation.appeal_ended_on) == (
        AppealOutcome.DISMISSED,
        today() - timedelta(days=5),
    )
    services.record_plan_ceased(
        cessation=cessation, version=cessation.version, user=user, ceased_on=today()
    )
    assert EHCPlan.objects.get(pk=plan.pk).ceased_on == today()
    appeal.refresh_from_db()
    assert appeal.order_complied_on == today()  # the order to cease is carried out


# --- transfers between councils (reg 15) --------------------------------------------------------


def test_a_plan_arriving_keeps_its_date_and_the_council_it_came_from():
    child = ChildFactory()
    plan = services.receive_transferred_plan(
        child=child,
        version=child.version,
        user=UserFactory(),
        la_code="305",
        made_on=today() - timedelta(days=700),
        transferred_on=today() - timedelta(days=10),
        last_review_on=today() - timedelta(days=200),
    )
    assert plan.transferred_from_la == "305"
    assert plan.transferred_in_on == today() - timedelta(days=10)
    assert CouncilTransfer.objects.get(plan=plan).direction == "in"
    # reg 15(5): review by the later of 12 months from the last review and 3 months from the
    # transfer; the other council's review is closed, not a decision overdue here.
    row = selectors.review_schedule(EHCPlan.objects.filter(pk=plan.pk), today=today()).get()
    expected = next(
        d.due
        for d in clock.council_transfer_deadlines(
            today() - timedelta(days=10),
            transferred_on=today() - timedelta(days=10),
            plan_made_on=today() - timedelta(days=700),
            last_review_on=today() - timedelta(days=200),
        )
        if d.key == "transfer_review_due"
    )
    assert row.review_due == expected
    assert not row.decision_overdue and not row.is_late


def test_a_plan_leaving_ends_with_reason_5_on_the_transfer_day():
    plan = EHCPlanFactory()
    services.transfer_plan_out(
        plan=plan,
        version=plan.version,
        user=UserFactory(),
        la_code="210",
        moved_on=today() - timedelta(days=3),
        aware_on=today() - timedelta(days=10),
        transferred_on=today() - timedelta(days=1),
    )
    plan.refresh_from_db()
    assert plan.ceased_on == today() - timedelta(days=1)
    assert plan.cease_reason == CeaseReason.TRANSFERRED_TO_LA
    log = PlanActivity.objects.get(plan=plan, kind="transferred_out")
    # Learned of the move 10 days before it: 15 working days from then (reg 15(2)), so on time.
    assert "Late" not in log.description


def test_the_la_code_must_be_three_digits():
    plan = EHCPlanFactory()
    with pytest.raises(WorkflowError) as refused:
        services.transfer_plan_out(
            plan=plan,
            version=plan.version,
            user=UserFactory(),
            la_code="Kent",
            moved_on=today(),
            aware_on=None,
            transferred_on=today(),
        )
    assert refused.value.field == "la_code"
    assert EHCPlan.objects.get(pk=plan.pk).ceased_on is None


# --- phase transfers (reg 18) -------------------------------------------------------------------


def test_the_preference_link_is_signed_and_revocable():
    transfer = PhaseTransferFactory()
    ContactFactory(child=transfer.plan.child)
    services.send_preference_letter(
        transfer=transfer,
        version=transfer.version,
        user=UserFactory(),
        sent_on=today(),
        link_for=lambda token: f"https://council.example/reviews/preference/{token}/",
    )
    transfer.refresh_from_db()
    token = token_for(transfer)
    assert transfer_for(token) == transfer
    letter = PlanActivity.objects.get(kind="phase_transfer_letter").documents.get()
    text = subprocess.run(
        ["pdftotext", letter.file.path, "-"], capture_output=True, text=True, check=True
    ).stdout
    # A long address wraps onto a second line.
    assert f"https://council.example/reviews/preference/{token}/" in "".join(text.split())
    assert transfer_for(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    assert transfer_for(f"{transfer.pk}.guess") is None
    PhaseTransfer.objects.filter(pk=transfer.pk).update(preference_key="another")
    assert transfer_for(token) is None


def test_an_online_preference_lands_on_the_record_and_the_log():
    transfer = PhaseTransferFactory(preference_key="k")
    school = EstablishmentFactory(name="Hillside Academy")
    services.record_preference(
        transfer=transfer, version=None, establishment=school, reasons="Close to home."
    )
    transfer.refresh_from_db()
    assert transfer.preferred_establishment == school
    assert transfer.preference_online is True
    assert transfer.preference_received_on == today()
    log = PlanActivity.objects.get(plan=transfer.plan, kind="phase_transfer_preference")
    assert "Hillside Academy" in log.description and log.author is None


# --- two people at once, a step sent twice, and nothing half-saved --------------------------------


def test_arranging_the_same_review_twice_arranges_it_once():
    plan = EHCPlanFactory(made_on=today() - timedelta(days=300))
    user = UserFactory()
    step = {
        "plan": plan,
        "version": plan.version,
        "user": user,
        "planned_meeting_on": today() + timedelta(days=20),
        "invitations_sent_on": today(),
        "invitees": invitees(plan),
    }
    services.arrange_review(**step)
    with pytest.raises(EditConflict) as caught:
        services.arrange_review(**step)
    assert caught.value.mine and caught.value.message.startswith("This EHC plan was changed by you")
    assert AnnualReview.objects.filter(plan=plan).count() == 1


def test_two_officers_recording_the_meeting_the_second_is_refused():
    review = ArrangedReviewFactory()
    first = UserFactory(first_name="Kim", last_name="Officer")
    loaded = review.version
    meeting = {
        "review": review,
        "version": loaded,
        "held_on": today() - timedelta(days=7),
        "attended": set(),
        "officer_attended": True,
    }
    services.record_meeting(**meeting, user=first, family_views="Kim's notes.")
    with pytest.raises(EditConflict, match="This review was changed by Kim Officer at"):
        services.record_meeting(**meeting, user=UserFactory(), family_views="My notes.")
    review.refresh_from_db()
    assert (review.family_views, review.version, review.changed_by) == ("Kim's notes.", 2, first)


def test_a_decision_whose_letter_fails_leaves_the_review_as_it_was(monkeypatch):
    review = reviewed_10_days_ago()

    def broken(*args, **kwargs):
        raise RuntimeError("the PDF renderer failed")

    monkeypatch.setattr("openehcp.reviews.services.reviews.write_letter", broken)
    with pytest.raises(RuntimeError):
        keep_the_plan(review)
    review.refresh_from_db()
    assert (review.outcome, review.decision_on, review.version) == ("", None, 1)
    assert not PlanActivity.objects.filter(plan=review.plan, kind="review_decision").exists()
