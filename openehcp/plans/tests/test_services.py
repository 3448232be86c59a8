"""Writing plans: starting from the assessment, editing under the lock, issuing the draft, the
final and amended plans, immutability once issued, and co-production comments."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from openehcp.accounts.models import Role
from openehcp.assessments import workflow
from openehcp.assessments.models import Activity, AdvisorType, Decision, Document
from openehcp.plans import editing, glossary, selectors, services
from openehcp.plans.models import (
    EHCPlan,
    ImmutableVersion,
    Need,
    Outcome,
    PlanComment,
    PlanKind,
    PlanVersion,
    Provision,
    VersionStatus,
)
from openehcp.plans.services import CannotIssue, PlanError
from openehcp.web.locking import EditConflict
from tests.factories import (
    AdviceRequestFactory,
    ConsultationFactory,
    ContactFactory,
    EHCPlanFactory,
    EstablishmentFactory,
    UserFactory,
)

from .factories import PlanVersionFactory, complete_plan, request_deciding_to_issue

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def case():
    case = request_deciding_to_issue()
    ContactFactory(child=case.child)
    return case


@pytest.fixture
def user(case):
    return case.child.caseworker


def fresh(version):
    return PlanVersion.objects.get(pk=version.pk)


# --- starting ---------------------------------------------------------------------------------


def test_plan_starts_from_the_assessment_with_its_advice_and_the_requested_setting(case, user):
    AdviceRequestFactory(
        request=case,
        advisor_type=AdvisorType.EDUCATIONAL_PSYCHOLOGY,
        advisor_name="Educational psychology service",
        received_on=today() - timedelta(days=20),
    )
    AdviceRequestFactory(request=case, advisor_type=AdvisorType.HEALTH, advisor_name="Dr Paed")
    setting = EstablishmentFactory(name="Oakfield Special School")
    case.preferred_establishment = setting
    case.save()

    version = services.start_plan(request=case, version=case.version, user=user)

    assert (version.number, version.kind, version.status) == (1, PlanKind.DRAFT, "draft")
    assert version.placement == setting and version.placement_type == setting.setting_type
    assert list(version.advice_items.values_list("title", flat=True)) == [
        "Psychological advice: Educational psychology service",
        "Medical (health) advice: Dr Paed",
    ]
    assert version.advice_items.first().advice_request.request == case
    assert Activity.objects.filter(request=case, kind="plan_started").exists()


def test_plan_cannot_start_before_the_decision_to_issue(user):
    case = request_deciding_to_issue(decision_to_issue="", issue_decision_on=None)
    with pytest.raises(PlanError, match="decision to issue"):
        services.start_plan(request=case, version=case.version, user=case.child.caseworker)


def test_plan_starts_once(case, user):
    services.start_plan(request=case, version=case.version, user=user)
    case.refresh_from_db()
    with pytest.raises(PlanError, match="already been started"):
        services.start_plan(request=case, version=case.version, user=user)


def test_serving_the_draft_on_the_case_page_starts_the_final_plans_draft(case, user):
    """The case page's "Send the draft plan" (with an uploaded file) leaves a version to write the
    final plan in, drafted from the assessment."""
    workflow.serve_draft_plan(
        case=case, version=case.version, user=user, served_on=today() - timedelta(days=1)
    )
    [version] = PlanVersion.objects.filter(request=case)
    assert (version.kind, version.status) == (PlanKind.FINAL, VersionStatus.DRAFT)


# --- editing under the lock -------------------------------------------------------------------


def test_each_save_takes_the_lock(case, user):
    version = services.start_plan(request=case, version=case.version, user=user)
    need = editing.save_need(
        version=version, lock=1, user=user, section="b", area="cognition", text="Reading"
    )
    assert fresh(version).version == 2
    editing.save_need(
        version=version,
        lock=2,
        user=user,
        section="b",
        area="cognition",
        text="Reading and spelling",
        need=need,
    )
    assert Need.objects.get(pk=need.pk).text == "Reading and spelling"
    assert fresh(version).version == 3


def test_a_second_save_on_a_stale_version_is_refused_and_saves_nothing(case, user):
    version = services.start_plan(request=case, version=case.version, user=user)
    editing.save_views(version=version, lock=1, user=user, child_views="I like trains.")
    with pytest.raises(EditConflict, match="Version 1 of .* EHC plan was changed by you at"):
        editing.save_views(version=version, lock=1, user=user, child_views="I like buses.")
    assert fresh(version).child_views == "I like trains."


def test_links_must_stay_within_the_version(case, user):
    version = services.start_plan(request=case, version=case.version, user=user)
    other = complete_plan(PlanVersionFactory())
    with pytest.raises(PlanError, match="Choose the needs from this version"):
        editing.save_outcome(
            version=version, lock=1, user=user, text="Read", needs=list(other.needs.all())
        )


def test_provision_links_needs_and_outcomes(case, user):
    version = services.start_plan(request=case, version=case.version, user=user)
    need = editing.save_need(
        version=version, lock=1, user=user, section="b", area="cognition", text="Reading"
    )
    outcome = editing.save_outcome(
        version=version, lock=2, user=user, text="Read a book", time_frame="By July", needs=[need]
    )
    item = editing.save_provision(
        version=version,
        lock=3,
        user=user,
        section="f",
        what="Reading with a trained adult",
        frequency="Daily, 20 minutes",
        duration="A year",
        needs=[need],
        outcomes=[outcome],
    )
    assert list(item.needs.all()) == [need] and list(item.outcomes.all()) == [outcome]
    editing.remove_row(version=version, lock=4, user=user, row=need)
    assert not item.needs.exists() and not Outcome.objects.get(pk=outcome.pk).needs.exists()


def test_section_b_needs_an_area_and_pfa_outcomes_an_area_of_adult_life(case, user):
    version = services.start_plan(request=case, version=case.version, user=user)
    with pytest.raises(PlanError, match="area of need"):
        editing.save_need(version=version, lock=1, user=user, section="b", text="Reading")
    with pytest.raises(PlanError, match="area of adult life"):
        editing.save_outcome(
            version=version, lock=1, user=user, text="Work", preparing_for_adulthood=True
        )


def test_placement_by_urn_or_type(case, user):
    version = services.start_plan(request=case, version=case.version, user=user)
    setting = EstablishmentFactory(urn="123456", setting_type="special")
    editing.save_placement(version=version, lock=1, user=user, urn="123456")
    assert (fresh(version).placement, fresh(version).placement_type) == (setting, "special")
    editing.save_placement(version=version, lock=2, user=user, placement_type="post16")
    assert (fresh(version).placement, fresh(version).placement_type) == (None, "post16")
    with pytest.raises(PlanError, match="no setting with URN 999999"):
        editing.save_placement(version=version, lock=3, user=user, urn="999999")


# --- issuing ----------------------------------------------------------------------------------


def test_a_plan_with_missing_sections_cannot_be_issued(case, user):
    version = services.start_plan(request=case, version=case.version, user=user)
    with pytest.raises(CannotIssue) as refused:
        services.issue_version(version=version, lock=1, user=user, issued_on=today())
    assert "Section A: Views, interests and aspirations is empty" in refused.value.reasons[0]
    assert any("Section C: Health needs is empty" in r for r in refused.value.reasons)
    assert fresh(version).status == VersionStatus.DRAFT
    assert not Document.objects.filter(kind=Document.Kind.PLAN).exists()


def test_open_comments_block_issue(case, user):
    version = complete_plan(services.start_plan(request=case, version=case.version, user=user))
    comment = services.record_comment(
        version=version,
        user=user,
        source=PlanComment.Source.PARENT,
        text="Please add swimming to section H2.",
        received_on=today(),
    )
    with pytest.raises(CannotIssue) as refused:
        services.issue_version(
            version=version, lock=fresh(version).version, user=user, issued_on=today()
        )
    assert refused.value.reasons == [
        "1 comment on this draft has not been answered or accepted yet"
    ]
    services.resolve_comment(
        comment=comment, user=user, status="answered", response="Swimming is in section F2."
    )
    services.issue_version(
        version=version, lock=fresh(version).version, user=user, issued_on=today()
    )
    assert fresh(version).is_issued


def test_issuing_the_draft_serves_it_and_starts_the_final(case, user):
    version = complete_plan(services.start_plan(request=case, version=case.version, user=user))
    issued = services.issue_version(
        version=version, lock=fresh(version).version, user=user, issued_on=today()
    )
    case.refresh_from_db()
    assert case.draft_served_on == today()
    assert issued.status == VersionStatus.ISSUED and issued.issued_by == user
    assert issued.pdf_document.file.read().startswith(b"%PDF")
    assert issued.word_document.content_type.endswith("wordprocessingml.document")
    served = Activity.objects.get(request=case, kind="draft_served")
    assert {issued.pdf_document, issued.word_document} <= set(served.documents.all())
    final = selectors.working_version(request=case)
    assert (final.number, final.kind, final.based_on) == (2, PlanKind.FINAL, issued)
    assert list(final.provisions.values_list("what", flat=True)) == list(
        issued.provisions.values_list("what", flat=True)
    )


def test_an_issue_that_fails_after_the_documents_are_written_leaves_no_files(
    case, user, tmp_path, monkeypatch
):
    version = complete_plan(services.start_plan(request=case, version=case.version, user=user))

    def fail(*args):
        raise RuntimeError("the step could not be recorded")

    monkeypatch.setattr(services, "_attach_to_step", fail)
    with pytest.raises(RuntimeError):
        services.issue_version(
            version=version, lock=fresh(version).version, user=user, issued_on=today()
        )
    assert not Document.objects.exists()
    assert not [path for path in tmp_path.rglob("*") if path.is_file()]


def test_the_copy_keeps_the_links_between_needs_outcomes_and_provision(case, user):
    version = complete_plan(services.start_plan(request=case, version=case.version, user=user))
    services.issue_version(
        version=version, lock=fresh(version).version, user=user, issued_on=today()
    )
    final = selectors.working_version(request=case)
    item = final.provisions.get()
    assert item.needs.get().plan_version == final
    assert item.outcomes.get().needs.get() == item.needs.get()


def test_issuing_the_final_plan_makes_the_maintained_plan(case, user):
    version = complete_plan(services.start_plan(request=case, version=case.version, user=user))
    served_on = today() - timedelta(days=20)
    services.issue_version(
        version=version, lock=fresh(version).version, user=user, issued_on=served_on
    )
    final = selectors.working_version(request=case)
    ConsultationFactory(request=case, establishment=final.placement, sent_on=served_on)
    case.refresh_from_db()
    services.issue_version(
        version=final, lock=final.version, user=user, issued_on=today(), case_version=case.version
    )
    plan = EHCPlan.objects.get(origin_request=case)
    assert plan.made_on == today() and plan.named_establishment == final.placement
    assert set(plan.versions.values_list("number", flat=True)) == {1, 2}
    assert selectors.current_version(plan).number == 2
    case.refresh_from_db()
    assert case.final_issued_on == today()


def test_the_workflow_refusal_leaves_the_version_a_draft(case, user):
    """The family have 15 days to comment on the draft: a final plan issued sooner needs a
    reason (reg 13(1)), and without one nothing is issued or kept."""
    version = complete_plan(services.start_plan(request=case, version=case.version, user=user))
    services.issue_version(
        version=version, lock=fresh(version).version, user=user, issued_on=today()
    )
    final = selectors.working_version(request=case)
    with pytest.raises(workflow.WorkflowError, match="have until"):
        services.issue_version(version=final, lock=final.version, user=user, issued_on=today())
    assert fresh(final).status == VersionStatus.DRAFT
    assert not EHCPlan.objects.exists()
    assert Document.objects.filter(kind=Document.Kind.PLAN).count() == 2


def test_an_amendment_copies_the_current_plan_and_names_the_new_setting():
    plan = EHCPlanFactory()
    current = complete_plan(
        PlanVersionFactory(child=plan.child, plan=plan, request=None, kind=PlanKind.FINAL)
    )
    PlanVersion.objects.filter(pk=current.pk).update(
        status=VersionStatus.ISSUED, issued_on=plan.made_on
    )
    user = plan.child.caseworker
    draft = services.create_draft(plan=plan, user=user)
    assert (draft.number, draft.kind, draft.based_on_id) == (2, PlanKind.AMENDED, current.pk)
    assert draft.needs.count() == 1 and draft.child_views == current.child_views
    new_setting = EstablishmentFactory(urn="222222", name="Hillside Academy")
    editing.save_placement(version=draft, lock=draft.version, user=user, urn="222222")
    services.issue_version(version=draft, lock=fresh(draft).version, user=user, issued_on=today())
    plan.refresh_from_db()
    assert plan.named_establishment == new_setting and plan.version == 2
    assert selectors.current_version(plan).pk == draft.pk


def test_only_one_version_is_drafted_at_a_time(case, user):
    services.start_plan(request=case, version=case.version, user=user)
    with pytest.raises(PlanError, match="already being drafted"):
        services.create_draft(request=case, user=user)


def test_issued_on_cannot_be_in_the_future(case, user):
    version = complete_plan(services.start_plan(request=case, version=case.version, user=user))
    with pytest.raises(PlanError, match="today or in the past"):
        services.issue_version(
            version=version,
            lock=fresh(version).version,
            user=user,
            issued_on=today() + timedelta(days=1),
        )


# --- immutability -----------------------------------------------------------------------------


@pytest.fixture
def issued(case, user):
    version = complete_plan(services.start_plan(request=case, version=case.version, user=user))
    return services.issue_version(
        version=version, lock=fresh(version).version, user=user, issued_on=today()
    )


def test_services_refuse_to_change_an_issued_version(issued, user):
    with pytest.raises(PlanError, match="was issued on .* cannot be changed"):
        editing.save_views(version=issued, lock=issued.version, user=user, child_views="New")
    with pytest.raises(PlanError, match="was issued"):
        services.record_comment(
            version=issued, user=user, source="parent", text="Hello", received_on=today()
        )


def test_the_models_refuse_to_change_an_issued_version(issued):
    issued.child_views = "Changed behind the service's back"
    with pytest.raises(ImmutableVersion):
        issued.save()
    with pytest.raises(ImmutableVersion):
        issued.delete()
    with pytest.raises(ImmutableVersion):
        PlanVersion.objects.filter(pk=issued.pk).update(child_views="x")
    need = issued.needs.get()
    need.text = "Changed"
    with pytest.raises(ImmutableVersion):
        need.save()
    with pytest.raises(ImmutableVersion):
        Need.objects.create(plan_version=issued, section="b", area="cognition", text="New")
    with pytest.raises(ImmutableVersion):
        Provision.objects.filter(plan_version=issued).update(what="x")
    item = issued.provisions.get()
    with pytest.raises(ImmutableVersion), transaction.atomic():
        item.needs.clear()
    with pytest.raises(ImmutableVersion), transaction.atomic():
        need.provisions.remove(item)


def test_comments_need_an_answer_and_are_answered_once(case, user):
    version = services.start_plan(request=case, version=case.version, user=user)
    comment = services.record_comment(
        version=version,
        user=user,
        source=PlanComment.Source.YOUNG_PERSON,
        made_by="Sam",
        section="a",
        text="I want to say I like dogs too.",
        received_on=today(),
    )
    with pytest.raises(PlanError, match="Enter what you changed"):
        services.resolve_comment(comment=comment, user=user, status="accepted", response="")
    services.resolve_comment(
        comment=comment, user=user, status="accepted", response="Added dogs to section A."
    )
    with pytest.raises(PlanError, match="already answered"):
        services.resolve_comment(comment=comment, user=user, status="answered", response="Again")
    assert Activity.objects.filter(request=case, kind="plan_comment").exists()


def test_decision_not_to_issue_means_no_plan(user):
    case = request_deciding_to_issue(decision_to_issue=Decision.NO)
    with pytest.raises(PlanError):
        services.start_plan(request=case, version=case.version, user=case.child.caseworker)


# --- two people at once, a comment sent twice, and nothing half-saved ----------------------------


def test_a_comment_sent_twice_is_recorded_once(case, user):
    version = services.start_plan(request=case, version=case.version, user=user)
    comment = {
        "version": version,
        "user": user,
        "source": PlanComment.Source.PARENT,
        "text": "Please add swimming.",
        "received_on": today(),
    }
    services.record_comment(**comment)
    with pytest.raises(PlanError, match="already been recorded") as caught:
        services.record_comment(**comment)
    assert caught.value.field == "text"
    assert version.comments.count() == 1


def test_an_issue_that_fails_part_way_leaves_the_draft_as_it_was(case, user, monkeypatch):
    version = complete_plan(services.start_plan(request=case, version=case.version, user=user))
    lock = fresh(version).version

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    # The last step: after the version is frozen, the draft recorded as sent and the files kept.
    monkeypatch.setattr(services, "_attach_to_step", broken)
    with pytest.raises(RuntimeError):
        services.issue_version(version=version, lock=lock, user=user, issued_on=today())
    assert (fresh(version).status, fresh(version).version) == (VersionStatus.DRAFT, lock)
    case.refresh_from_db()
    assert case.draft_served_on is None
    assert not Document.objects.filter(kind=Document.Kind.PLAN).exists()


def test_two_managers_changing_a_glossary_term_the_second_is_refused(case):
    first = UserFactory(role=Role.TEAM_MANAGER, first_name="Kim", last_name="Manager")
    entry = glossary.save_term(user=first, term="PECS", plain_english="picture cards")
    glossary.save_term(
        user=first, entry=entry, version=1, term="PECS", plain_english="picture exchange"
    )
    with pytest.raises(EditConflict, match="The term ‘PECS’ was changed by Kim Manager at"):
        glossary.save_term(
            user=UserFactory(role=Role.TEAM_MANAGER),
            entry=entry,
            version=1,
            term="PECS",
            plain_english="pictures",
        )
    entry.refresh_from_db()
    assert (entry.plain_english, entry.changed_by) == ("picture exchange", first)
