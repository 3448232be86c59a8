"""The assessment workflow's services: each step, its order, its dates and the optimistic lock."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from openehcp.accounts.models import Role
from openehcp.assessments import workflow
from openehcp.assessments.models import (
    Activity,
    AdvisorType,
    Consultation,
    Decision,
    Document,
    ExceptionReason,
    TimescaleException,
)
from openehcp.assessments.workflow import WorkflowError
from openehcp.plans.models import EHCPlan
from openehcp.web.locking import EditConflict
from tests.factories import (
    AdviceRequestFactory,
    AssessmentRequestFactory,
    ChildFactory,
    ContactFactory,
    EstablishmentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def today() -> date:
    return timezone.localdate()


def report(name="advice.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 advice report", content_type="application/pdf")


@pytest.fixture
def case(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    request = AssessmentRequestFactory(received_on=today() - timedelta(days=120))
    ContactFactory(child=request.child, name="Jo Parent")
    return request


@pytest.fixture
def user(case):
    return case.child.caseworker


def decide_to_assess(case, user, on=None):
    return workflow.record_decision_to_assess(
        case=case,
        version=case.version,
        user=user,
        decision=Decision.YES,
        decided_on=on or case.received_on + timedelta(days=30),
        panel_recommendation="Assess: needs not met at SEN support.",
    )


def assessed_with_advice(case, user):
    case = decide_to_assess(case, user)
    advice = workflow.request_advice(
        case=case,
        version=case.version,
        user=user,
        advisor_type=AdvisorType.EDUCATIONAL_PSYCHOLOGY,
        advisor_name="Educational psychology service",
        advisor_email="eps@council.example",
        requested_on=case.decision_on + timedelta(days=1),
    )
    case.refresh_from_db()
    workflow.record_advice_received(
        advice=advice,
        version=case.version,
        user=user,
        received_on=advice.requested_on + timedelta(days=30),
        document=report(),
    )
    case.refresh_from_db()
    return case


def drafted(case, user, served_on=None):
    case = assessed_with_advice(case, user)
    case = workflow.record_decision_to_issue(
        case=case,
        version=case.version,
        user=user,
        decision=Decision.YES,
        decided_on=case.decision_on + timedelta(days=40),
    )
    return workflow.serve_draft_plan(
        case=case,
        version=case.version,
        user=user,
        served_on=served_on or case.issue_decision_on + timedelta(days=1),
    )


# --- decision whether to assess -------------------------------------------------------------------


def test_decision_to_assess_is_recorded_with_activity_and_letter(case, user):
    case = decide_to_assess(case, user)
    assert case.decision_to_assess == Decision.YES
    assert case.version == 2
    activity = Activity.objects.get(request=case, kind="decision_to_assess")
    assert activity.author == user
    assert activity.occurred_on == case.decision_on
    assert "Panel recommendation" in activity.description
    letter = activity.documents.get()
    assert letter.kind == Document.Kind.LETTER
    assert letter.title.startswith("We will carry out an EHC needs assessment")


def test_refusal_to_assess_needs_reasons_reg_5_3(case, user):
    with pytest.raises(WorkflowError) as error:
        workflow.record_decision_to_assess(
            case=case, version=1, user=user, decision=Decision.NO, decided_on=today()
        )
    assert error.value.field == "reasons"
    assert not Activity.objects.exists()


def test_refusal_to_assess_closes_the_request(case, user):
    case = workflow.record_decision_to_assess(
        case=case,
        version=1,
        user=user,
        decision=Decision.NO,
        decided_on=today(),
        reasons="Needs can be met at SEN support.",
    )
    assert not case.is_open
    assert workflow.next_steps(case) == []
    with pytest.raises(WorkflowError, match="decided not to assess"):
        workflow.request_advice(
            case=case,
            version=case.version,
            user=user,
            advisor_type=AdvisorType.HEALTH,
            advisor_name="Community paediatrics",
            requested_on=today(),
        )


def test_decision_cannot_be_recorded_twice(case, user):
    case = decide_to_assess(case, user)
    with pytest.raises(WorkflowError, match="already recorded"):
        decide_to_assess(case, user)


def test_dates_cannot_be_in_the_future(case, user):
    with pytest.raises(WorkflowError, match="today or in the past") as error:
        decide_to_assess(case, user, on=today() + timedelta(days=1))
    assert error.value.field == "decided_on"


def test_dates_cannot_be_before_the_request(case, user):
    with pytest.raises(WorkflowError, match="on or after the day the request was received"):
        decide_to_assess(case, user, on=case.received_on - timedelta(days=1))


def test_a_stale_version_is_refused_and_nothing_is_saved(case, user):
    decide_to_assess(case, user)
    with pytest.raises(EditConflict, match=f"Request {case.reference} was changed by you at"):
        workflow.withdraw_request(
            case=case, version=1, user=user, withdrawn_on=today(), reason="Family moved away"
        )
    case.refresh_from_db()
    assert case.withdrawn_on is None
    assert case.version == 2


def test_a_refused_step_leaves_the_version_unchanged(case, user):
    with pytest.raises(WorkflowError):
        workflow.withdraw_request(case=case, version=1, user=user, withdrawn_on=today(), reason="")
    case.refresh_from_db()
    assert case.version == 1


# --- advice ---------------------------------------------------------------------------------------


def test_advice_before_the_decision_needs_a_reason(case, user):
    args = dict(
        case=case,
        version=1,
        user=user,
        advisor_type=AdvisorType.HEALTH,
        advisor_name="Community paediatrics",
        requested_on=today(),
    )
    with pytest.raises(WorkflowError) as error:
        workflow.request_advice(**args)
    assert error.value.overridable
    assert error.value.field == "override_reason"
    advice = workflow.request_advice(**args, override_reason="Panel met late; EP already booked")
    activity = Activity.objects.get(kind="advice_requested")
    assert "Panel met late" in activity.description
    assert advice.requested_on == today()


def test_advice_request_sends_a_letter_with_the_six_week_deadline(case, user):
    case = decide_to_assess(case, user)
    advice = workflow.request_advice(
        case=case,
        version=case.version,
        user=user,
        advisor_type=AdvisorType.SOCIAL_CARE,
        advisor_name="Children's social care",
        requested_on=case.decision_on,
    )
    letter = Activity.objects.get(kind="advice_requested").documents.get()
    assert letter.title.startswith("Request for advice")
    assert advice.requested_on == case.decision_on


def test_advice_cannot_be_asked_before_the_decision_to_assess(case, user):
    case = decide_to_assess(case, user)
    with pytest.raises(WorkflowError, match="on or after the decision to assess"):
        workflow.request_advice(
            case=case,
            version=case.version,
            user=user,
            advisor_type=AdvisorType.HEALTH,
            advisor_name="Community paediatrics",
            requested_on=case.decision_on - timedelta(days=1),
        )


def test_advice_from_a_setting_names_the_setting(case, user):
    case = decide_to_assess(case, user)
    with pytest.raises(WorkflowError) as error:
        workflow.request_advice(
            case=case,
            version=case.version,
            user=user,
            advisor_type=AdvisorType.SETTING,
            advisor_name="SENCO",
            requested_on=today(),
        )
    assert error.value.field == "establishment"


def test_preparing_for_adulthood_advice_only_from_year_9(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    # Born in the autumn 12 years ago: in Year 7 or 8 now, never Year 9.
    child = ChildFactory(date_of_birth=today().replace(month=10, day=1) - timedelta(days=12 * 365))
    case = AssessmentRequestFactory(child=child, received_on=today() - timedelta(days=60))
    user = child.caseworker
    case = decide_to_assess(case, user, on=today() - timedelta(days=10))
    with pytest.raises(WorkflowError, match="only be asked for from Year 9") as error:
        workflow.request_advice(
            case=case,
            version=case.version,
            user=user,
            advisor_type=AdvisorType.PREPARING_FOR_ADULTHOOD,
            advisor_name="Careers adviser",
            requested_on=today(),
        )
    assert error.value.field == "advisor_type"


def test_preparing_for_adulthood_advice_for_a_year_10_pupil(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    child = ChildFactory(date_of_birth=today() - timedelta(days=int(15.2 * 365)))
    case = AssessmentRequestFactory(child=child, received_on=today() - timedelta(days=60))
    case = decide_to_assess(case, child.caseworker, on=today() - timedelta(days=10))
    advice = workflow.request_advice(
        case=case,
        version=case.version,
        user=child.caseworker,
        advisor_type=AdvisorType.PREPARING_FOR_ADULTHOOD,
        advisor_name="Careers adviser",
        requested_on=today(),
    )
    assert advice.advisor_type == AdvisorType.PREPARING_FOR_ADULTHOOD


def test_advisor_account_must_be_a_professional(case, user):
    case = decide_to_assess(case, user)
    with pytest.raises(WorkflowError) as error:
        workflow.request_advice(
            case=case,
            version=case.version,
            user=user,
            advisor_type=AdvisorType.HEALTH,
            advisor_name="Paediatrician",
            advisor_user=UserFactory(role=Role.PARENT),
            requested_on=today(),
        )
    assert error.value.field == "advisor_user"


def test_advice_whose_step_fails_after_the_upload_leaves_no_file(case, user, tmp_path, monkeypatch):
    from openehcp.assessments.workflow import assessment

    case = decide_to_assess(case, user)
    advice = AdviceRequestFactory(request=case, requested_on=case.decision_on)

    def fail(*args, **kwargs):
        raise RuntimeError("the activity could not be recorded")

    monkeypatch.setattr(assessment, "log_activity", fail)
    with pytest.raises(RuntimeError):
        workflow.record_advice_received(
            advice=advice, version=case.version, user=user, received_on=today(), document=report()
        )
    assert not Document.objects.filter(kind=Document.Kind.ADVICE).exists()
    assert not [path for path in tmp_path.rglob("advice*") if path.is_file()]


def test_chasing_and_receiving_advice(case, user):
    case = decide_to_assess(case, user)
    advice = AdviceRequestFactory(request=case, requested_on=case.decision_on)
    chased = workflow.chase_advice(
        advice=advice,
        version=case.version,
        user=user,
        chased_on=today(),
        note="Phoned the EP service",
    )
    assert chased.last_chased_on == today()
    with pytest.raises(WorkflowError, match="on or after the last time it was chased"):
        workflow.chase_advice(
            advice=advice, version=case.version + 1, user=user, chased_on=today() - timedelta(1)
        )
    received = workflow.record_advice_received(
        advice=advice, version=case.version + 1, user=user, received_on=today(), document=report()
    )
    assert received.received_on == today()
    activity = Activity.objects.get(kind="advice_received")
    assert activity.documents.get().kind == Document.Kind.ADVICE
    with pytest.raises(WorkflowError, match="cannot be chased"):
        workflow.chase_advice(advice=advice, version=case.version + 2, user=user, chased_on=today())
    with pytest.raises(WorkflowError, match="already recorded as received"):
        workflow.record_advice_received(
            advice=advice,
            version=case.version + 2,
            user=user,
            received_on=today(),
            document=report(),
        )


def test_advice_received_needs_the_report(case, user):
    case = decide_to_assess(case, user)
    advice = AdviceRequestFactory(request=case, requested_on=case.decision_on)
    with pytest.raises(WorkflowError, match="Select the advice report"):
        workflow.record_advice_received(
            advice=advice, version=case.version, user=user, received_on=today(), document=None
        )
    with pytest.raises(WorkflowError, match="must be a PDF"):
        workflow.record_advice_received(
            advice=advice,
            version=case.version,
            user=user,
            received_on=today(),
            document=report("advice.exe"),
        )


# --- decision whether to issue --------------------------------------------------------------------


def test_decision_to_issue_waits_for_the_advice_unless_a_reason_is_given(case, user):
    case = decide_to_assess(case, user)
    AdviceRequestFactory(request=case, requested_on=case.decision_on)
    args = dict(
        case=case, version=case.version, user=user, decision=Decision.YES, decided_on=today()
    )
    with pytest.raises(WorkflowError, match="1 piece of advice has not been received"):
        workflow.record_decision_to_issue(**args)
    case = workflow.record_decision_to_issue(**args, override_reason="Health advice overdue")
    assert case.decision_to_issue == Decision.YES
    assert "Health advice overdue" in Activity.objects.get(kind="decision_to_issue").description


def test_decision_to_issue_needs_a_decision_to_assess(case, user):
    with pytest.raises(WorkflowError, match="decision to carry out an assessment first"):
        workflow.record_decision_to_issue(
            case=case, version=1, user=user, decision=Decision.YES, decided_on=today()
        )


def test_decision_not_to_issue_sends_the_notice_reg_10(case, user):
    case = assessed_with_advice(case, user)
    with pytest.raises(WorkflowError, match="reasons for not issuing"):
        workflow.record_decision_to_issue(
            case=case, version=case.version, user=user, decision=Decision.NO, decided_on=today()
        )
    case = workflow.record_decision_to_issue(
        case=case,
        version=case.version,
        user=user,
        decision=Decision.NO,
        decided_on=today(),
        reasons="Needs can be met from the school's resources.",
    )
    assert not case.is_open
    letter = Activity.objects.get(kind="decision_to_issue").documents.get()
    assert letter.title.startswith("We will not issue an EHC plan")


# --- draft, representations, consultation, final plan ---------------------------------------------


def test_draft_plan_needs_a_decision_to_issue(case, user):
    case = assessed_with_advice(case, user)
    with pytest.raises(WorkflowError, match="decision to issue a plan before sending"):
        workflow.serve_draft_plan(case=case, version=case.version, user=user, served_on=today())


def test_draft_plan_sends_the_covering_letter(case, user):
    case = drafted(case, user)
    activity = Activity.objects.get(kind="draft_served")
    assert activity.documents.get().title.startswith("Draft EHC plan for")


def test_representations_and_preferred_setting(case, user):
    case = drafted(case, user)
    school = EstablishmentFactory(name="Hillside Special School")
    with pytest.raises(WorkflowError, match="on or after the day the draft plan was sent"):
        workflow.record_representations(
            case=case,
            version=case.version,
            user=user,
            received_on=case.draft_served_on - timedelta(days=1),
        )
    case = workflow.record_representations(
        case=case,
        version=case.version,
        user=user,
        received_on=case.draft_served_on,
        preferred_establishment=school,
        notes="Asked for more speech and language therapy in section F.",
    )
    assert case.preferred_establishment == school
    assert "Hillside Special School" in Activity.objects.get(kind="representations").description


def test_consultations_with_several_settings_and_their_replies(case, user):
    case = drafted(case, user)
    first, second = EstablishmentFactory(), EstablishmentFactory()
    for school in (first, second):
        workflow.consult_setting(
            case=case,
            version=case.version,
            user=user,
            establishment=school,
            sent_on=case.draft_served_on,
        )
        case.refresh_from_db()
    with pytest.raises(WorkflowError, match="already been consulted"):
        workflow.consult_setting(
            case=case, version=case.version, user=user, establishment=first, sent_on=today()
        )
    consultation = Consultation.objects.get(establishment=first)
    with pytest.raises(WorkflowError, match="Select what the setting replied"):
        workflow.record_consultation_reply(
            consultation=consultation, version=case.version, user=user, replied_on=today(), reply=""
        )
    replied = workflow.record_consultation_reply(
        consultation=consultation,
        version=case.version,
        user=user,
        replied_on=today(),
        reply=Consultation.Reply.CAN_MEET,
    )
    assert replied.reply == Consultation.Reply.CAN_MEET
    assert case.consultations.count() == 2


def test_consulting_before_the_draft_needs_a_reason(case, user):
    case = assessed_with_advice(case, user)
    case = workflow.record_decision_to_issue(
        case=case, version=case.version, user=user, decision=Decision.YES, decided_on=today()
    )
    with pytest.raises(WorkflowError) as error:
        workflow.consult_setting(
            case=case,
            version=case.version,
            user=user,
            establishment=EstablishmentFactory(),
            sent_on=today(),
        )
    assert error.value.overridable


def test_final_plan_waits_for_the_15_days_reg_13_1(case, user):
    served = today() - timedelta(days=14)
    case = drafted(case, user, served_on=served)
    school = EstablishmentFactory()
    workflow.consult_setting(
        case=case, version=case.version, user=user, establishment=school, sent_on=served
    )
    case.refresh_from_db()
    args = dict(
        case=case, version=case.version, user=user, issued_on=today(), named_establishment=school
    )
    # Served 14 days ago: today is the 15th day "beginning with" service, still inside the period.
    with pytest.raises(WorkflowError, match="have until") as error:
        workflow.issue_final_plan(**args)
    assert error.value.overridable
    plan = workflow.issue_final_plan(**args, override_reason="Family confirmed in writing")
    assert plan.made_on == today()
    assert "Family confirmed in writing" in Activity.objects.get(kind="final_issued").description


def test_final_plan_names_a_consulted_setting_unless_a_reason_is_given(case, user):
    case = drafted(case, user, served_on=today() - timedelta(days=20))
    school = EstablishmentFactory()
    with pytest.raises(WorkflowError, match="has not been consulted"):
        workflow.issue_final_plan(
            case=case,
            version=case.version,
            user=user,
            issued_on=today(),
            named_establishment=school,
        )


def test_final_plan_creates_the_ehc_plan_and_closes_the_request(case, user):
    case = drafted(case, user, served_on=today() - timedelta(days=20))
    school = EstablishmentFactory(name="Riverside Academy")
    workflow.consult_setting(
        case=case,
        version=case.version,
        user=user,
        establishment=school,
        sent_on=case.draft_served_on,
    )
    case.refresh_from_db()
    plan = workflow.issue_final_plan(
        case=case,
        version=case.version,
        user=user,
        issued_on=today(),
        named_establishment=school,
        document=report("final-plan.pdf"),
    )
    assert EHCPlan.objects.get() == plan
    assert plan.origin_request == case
    assert plan.named_establishment == school
    case.refresh_from_db()
    assert case.final_issued_on == today()
    assert not case.is_open
    titles = set(
        Activity.objects.get(kind="final_issued").documents.values_list("title", flat=True)
    )
    assert "Final EHC plan" in titles
    assert any(title.startswith("The final EHC plan for") for title in titles)


def test_final_plan_needs_the_draft(case, user):
    case = assessed_with_advice(case, user)
    case = workflow.record_decision_to_issue(
        case=case, version=case.version, user=user, decision=Decision.YES, decided_on=today()
    )
    with pytest.raises(WorkflowError, match="Send the draft plan"):
        workflow.issue_final_plan(
            case=case,
            version=case.version,
            user=user,
            issued_on=today(),
            named_establishment=EstablishmentFactory(),
            override_reason="In a hurry",
        )


# --- withdrawal, transfer, exceptions -------------------------------------------------------------


def test_withdrawal_at_any_point_needs_a_reason(case, user):
    case = decide_to_assess(case, user)
    with pytest.raises(WorkflowError, match="Enter why"):
        workflow.withdraw_request(
            case=case, version=case.version, user=user, withdrawn_on=today(), reason=" "
        )
    case = workflow.withdraw_request(
        case=case, version=case.version, user=user, withdrawn_on=today(), reason="Family moved"
    )
    assert case.withdrawal_reason == "Family moved"
    assert not case.is_open
    with pytest.raises(WorkflowError, match="withdrawn"):
        workflow.withdraw_request(
            case=case, version=case.version, user=user, withdrawn_on=today(), reason="Again"
        )


def test_transfer_in_moves_the_twenty_weeks(case, user):
    responsible = today() - timedelta(days=10)
    case = workflow.record_transfer_in(
        case=case, version=1, user=user, from_la="886", responsible_from=responsible
    )
    assert case.transferred_from_la == "886"
    assert case.transferred_in_on == responsible
    from openehcp.assessments.timeline import deadline_for

    assert deadline_for(case, "final_plan_due").due == responsible + timedelta(weeks=20)
    with pytest.raises(WorkflowError, match="already recorded"):
        workflow.record_transfer_in(
            case=case, version=case.version, user=user, from_la="886", responsible_from=today()
        )


def test_transfer_in_needs_a_council_code(case, user):
    with pytest.raises(WorkflowError) as error:
        workflow.record_transfer_in(
            case=case, version=1, user=user, from_la="Kent", responsible_from=today()
        )
    assert error.value.field == "from_la"


def test_exceptions_are_recorded_and_removed_with_reasons(case, user):
    exception = workflow.record_timescale_exception(
        case=case,
        version=1,
        user=user,
        reason=ExceptionReason.ABSENCE_FROM_AREA,
        starts_on=case.received_on + timedelta(days=5),
        ends_on=case.received_on + timedelta(days=40),
        justification="Family abroad for five weeks.",
    )
    assert exception.recorded_by == user
    with pytest.raises(WorkflowError, match="Enter why you are removing"):
        workflow.remove_timescale_exception(exception=exception, version=2, user=user, reason="")
    workflow.remove_timescale_exception(
        exception=exception, version=2, user=user, reason="Recorded on the wrong case"
    )
    assert not TimescaleException.objects.exists()
    removed = Activity.objects.get(kind="exception_removed")
    assert "Recorded on the wrong case" in removed.description


def test_exception_period_must_make_sense(case, user):
    with pytest.raises(WorkflowError, match="same as or after the date it starts"):
        workflow.record_timescale_exception(
            case=case,
            version=1,
            user=user,
            reason=ExceptionReason.PERSONAL_CIRCUMSTANCES,
            starts_on=today(),
            ends_on=today() - timedelta(days=1),
            justification="In hospital",
        )
    with pytest.raises(WorkflowError, match="advice affected by the missed appointment"):
        workflow.record_timescale_exception(
            case=case,
            version=1,
            user=user,
            reason=ExceptionReason.MISSED_APPOINTMENT,
            starts_on=today(),
            ends_on=today(),
            justification="Did not attend the EP appointment",
        )


def test_next_steps_follow_the_stage(case, user):
    assert workflow.next_steps(case)[0].url_name == "decision_to_assess"
    case = decide_to_assess(case, user)
    assert [s.url_name for s in workflow.next_steps(case)][:1] == ["request_advice"]
    case = drafted(AssessmentRequestFactory(received_on=today() - timedelta(days=120)), user)
    names = [s.url_name for s in workflow.next_steps(case)]
    assert {"representations", "consult", "final_plan", "withdraw"} <= set(names)


# --- two people at once, a step sent twice, and nothing half-saved -------------------------------


def test_a_step_sent_twice_is_recorded_once(case, user):
    case = decide_to_assess(case, user)
    step = {
        "case": case,
        "version": case.version,
        "user": user,
        "advisor_type": AdvisorType.HEALTH,
        "advisor_name": "Community paediatrics",
        "requested_on": today(),
    }
    workflow.request_advice(**step)
    with pytest.raises(EditConflict) as caught:
        workflow.request_advice(**step)
    assert caught.value.mine
    assert case.advice_requests.count() == 1
    assert Activity.objects.filter(request=case, kind="advice_requested").count() == 1


def test_two_caseworkers_recording_at_once_the_second_is_refused(case, user):
    colleague = UserFactory(team=user.team, first_name="Kim", last_name="Colleague")
    loaded = case.version
    workflow.withdraw_request(
        case=case, version=loaded, user=colleague, withdrawn_on=today(), reason="Moved away"
    )
    with pytest.raises(EditConflict, match="was changed by Kim Colleague at"):
        decide_to_assess(case, user)
    case.refresh_from_db()
    assert case.decision_to_assess == "" and case.withdrawn_on == today()
    assert case.changed_by == colleague


def test_a_letter_that_cannot_be_written_leaves_no_decision_behind(case, user, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the PDF renderer failed")

    monkeypatch.setattr("openehcp.letters.services.render_pdf", broken)
    with pytest.raises(RuntimeError):
        decide_to_assess(case, user)
    case.refresh_from_db()
    assert (case.decision_to_assess, case.decision_on, case.version) == ("", None, 1)
    assert not Activity.objects.filter(request=case).exists()
    assert not Document.objects.filter(request=case).exists()
