"""Writing EHC plans: starting a plan, new versions, issuing, co-production comments.

Public functions (keyword-only arguments, one transaction each, all or nothing):

- ``start_plan(request=…, version=…, user=…)``: the first version of the plan, drafted from the
  assessment (section K lists its advice; section I the setting the family asked for, or the
  child's setting);
- ``create_draft(plan=… | request=…, user=…, kind=None)``: a new version to work on, a copy of the
  latest issued version of the same plan (for an amendment: ``create_draft(plan=plan, user=user)``
  gives an "amended plan" draft);
- ``issue_version(version=…, lock=…, user=…, issued_on=…)``: freeze the version and attach its
  PDF and Word documents to the child's record. Issuing a *draft plan* records "draft plan sent"
  on the assessment (reg 13(1)) and issuing a *final plan* records "final plan issued" (reg
  13(2)), through the assessment workflow, which makes the maintained ``EHCPlan``;
- ``record_comment`` / ``resolve_comment``: comments on a draft and their answers;
- the section edits in ``editing.py``.

Versions carry the shared edit lock (``openehcp.web.locking``; ``PlanVersion.version``): the forms
carry the value they were loaded with as ``lock``; ``EditConflict`` is raised when someone else
saved the version since.
An issued version never changes (``ImmutableVersion`` at model level as well as here).

Two functions are called by the assessment workflow: ``on_draft_served`` when the draft plan is
recorded as sent from the case page, and ``on_plan_made`` when the final plan makes the plan.
"""

from __future__ import annotations

from datetime import date

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from openehcp.assessments.models import Activity, AssessmentRequest, Decision, Document
from openehcp.assessments.workflow import WorkflowError
from openehcp.assessments.workflow.common import lock_case, log_activity, long_date
from openehcp.web.files import save_file
from openehcp.web.locking import EditConflict, mark_changed, take_lock

from . import rendering, selectors
from .models import (
    AdviceItem,
    BudgetItem,
    EHCPlan,
    Need,
    Outcome,
    PlanComment,
    PlanKind,
    PlanVersion,
    Provision,
    VersionStatus,
)
from .structure import BY_CODE

#: The single-valued fields copied from one version to the next.
COPIED_FIELDS = (
    "child_views",
    "family_views",
    "interests",
    "aspirations",
    "profile_admired",
    "profile_important",
    "profile_support",
    "health_needs_none",
    "social_care_needs_none",
    "health_provision_none",
    "social_care_h1_none",
    "social_care_h2_none",
    "placement_id",
    "placement_type",
    "placement_notes",
    "budget_none",
)


class PlanError(WorkflowError):
    """A change to a plan that cannot be made as asked; ``message`` is for the person."""


class CannotIssue(PlanError):
    """The version is not ready to issue; ``reasons`` says why, one sentence each."""

    def __init__(self, reasons: list[str]):
        super().__init__("This plan cannot be issued yet")
        self.reasons = reasons


# --- the lock -----------------------------------------------------------------------------------


def version_noun(version: PlanVersion) -> str:
    """How a conflict names a version of a plan."""
    return f"Version {version.number} of {version.child.full_name}’s EHC plan"


def lock_version(version: PlanVersion, lock: int, user) -> PlanVersion:
    """Take the shared edit lock on a version being drafted (``take_lock``: a form loaded before
    someone else's save raises ``EditConflict``). Refuses an issued version."""
    try:
        return take_lock(
            PlanVersion,
            version.pk,
            lock,
            user=user,
            noun=version_noun(version),
            related=("child", "plan", "request"),
            where=Q(status=VersionStatus.DRAFT),
        )
    except EditConflict:
        current = PlanVersion.objects.get(pk=version.pk)
        if current.is_issued:
            raise PlanError(
                f"Version {current.number} was issued on {long_date(current.issued_on)}, so it "
                "cannot be changed. Start an amendment to change the plan"
            ) from None
        raise


# --- starting a plan and new versions -----------------------------------------------------------


def _first_content(version: PlanVersion, case: AssessmentRequest | None) -> None:
    """Draft what the record already says: the advice of the assessment (section K) and the
    setting the family asked for, or the child's setting (section I)."""
    setting = (case.preferred_establishment if case else None) or version.child.establishment
    if setting is not None and setting.is_open:
        version.placement = setting
        version.placement_type = setting.setting_type
    version.save()
    if case is not None:
        AdviceItem.objects.bulk_create(
            AdviceItem(
                plan_version=version,
                advice_request=advice,
                title=f"{advice.get_advisor_type_display()}: {advice.advisor_name}",
                dated=advice.received_on,
            )
            for advice in case.advice_requests.order_by("requested_on", "pk")
        )


def _activity(version: PlanVersion, *, kind: str, user, description: str, on: date | None = None):
    if version.request_id is None:
        return None
    return log_activity(
        version.request,
        kind=kind,
        on=on or timezone.localdate(),
        user=user,
        description=description,
    )


@transaction.atomic
def start_plan(*, request: AssessmentRequest, version: int, user) -> PlanVersion:
    """Start writing the plan of an assessment once the council has decided to issue one
    (reg 10 decision, CFA s37): version 1, a draft plan (or, if the draft was already sent from
    the case page, the final plan). ``version`` is the request's lock."""
    case = lock_case(request, version, user)
    if case.decision_to_issue != Decision.YES:
        raise PlanError("Record the decision to issue a plan before starting the plan")
    if case.withdrawn_on:
        raise PlanError(f"This request was withdrawn on {long_date(case.withdrawn_on)}")
    if PlanVersion.objects.filter(request=case).exists():
        raise PlanError("The plan for this request has already been started")
    if case.final_issued_on:
        raise PlanError(
            f"The final plan was issued on {long_date(case.final_issued_on)}; start an amendment "
            "from the plan page instead"
        )
    first = PlanVersion.objects.create(
        child=case.child,
        request=case,
        number=1,
        kind=PlanKind.FINAL if case.draft_served_on else PlanKind.DRAFT,
        created_by=user,
    )
    _first_content(first, case)
    _activity(first, kind="plan_started", user=user, description="Started writing the EHC plan.")
    return first


def copy_content(source: PlanVersion, target: PlanVersion) -> None:
    """Copy every section of ``source`` into the empty ``target``, links included."""
    for name in COPIED_FIELDS:
        setattr(target, name, getattr(source, name))
    target.save()
    needs = {}
    for need in Need.objects.filter(plan_version=source).order_by("pk"):
        needs[need.pk] = Need(
            plan_version=target, section=need.section, area=need.area, text=need.text
        )
    Need.objects.bulk_create(needs.values())
    outcomes = {}
    for outcome in Outcome.objects.filter(plan_version=source).order_by("pk"):
        outcomes[outcome.pk] = Outcome(
            plan_version=target,
            text=outcome.text,
            steps=outcome.steps,
            time_frame=outcome.time_frame,
            preparing_for_adulthood=outcome.preparing_for_adulthood,
            pfa_area=outcome.pfa_area,
        )
    Outcome.objects.bulk_create(outcomes.values())
    provisions = {}
    for item in Provision.objects.filter(plan_version=source).order_by("pk"):
        provisions[item.pk] = Provision(
            plan_version=target,
            section=item.section,
            what=item.what,
            who=item.who,
            frequency=item.frequency,
            duration=item.duration,
            group_size=item.group_size,
        )
    Provision.objects.bulk_create(provisions.values())
    Outcome.needs.through.objects.bulk_create(
        Outcome.needs.through(outcome_id=outcomes[o].pk, need_id=needs[n].pk)
        for o, n in Outcome.needs.through.objects.filter(outcome__plan_version=source)
        .order_by("pk")
        .values_list("outcome_id", "need_id")
    )
    Provision.needs.through.objects.bulk_create(
        Provision.needs.through(provision_id=provisions[p].pk, need_id=needs[n].pk)
        for p, n in Provision.needs.through.objects.filter(provision__plan_version=source)
        .order_by("pk")
        .values_list("provision_id", "need_id")
    )
    Provision.outcomes.through.objects.bulk_create(
        Provision.outcomes.through(provision_id=provisions[p].pk, outcome_id=outcomes[o].pk)
        for p, o in Provision.outcomes.through.objects.filter(provision__plan_version=source)
        .order_by("pk")
        .values_list("provision_id", "outcome_id")
    )
    BudgetItem.objects.bulk_create(
        BudgetItem(
            plan_version=target,
            provision_covered=b.provision_covered,
            how_used=b.how_used,
            direct_payment=b.direct_payment,
            amount=b.amount,
        )
        for b in BudgetItem.objects.filter(plan_version=source).order_by("pk")
    )
    AdviceItem.objects.bulk_create(
        AdviceItem(
            plan_version=target,
            advice_request_id=a.advice_request_id,
            document_id=a.document_id,
            title=a.title,
            dated=a.dated,
        )
        for a in AdviceItem.objects.filter(plan_version=source).order_by("pk")
    )


@transaction.atomic
def create_draft(
    *,
    plan: EHCPlan | None = None,
    request: AssessmentRequest | None = None,
    user,
    kind: str | None = None,
) -> PlanVersion:
    """A new version to work on, copied from the latest issued version of the same plan (or,
    before the plan is made, of the same assessment). For an amendment (reg 22) pass the
    maintained ``plan``: the new version is an "amended plan" unless ``kind`` says otherwise.
    Refused while another version of the same plan is being drafted."""
    if (plan is None) == (request is None):
        raise ValueError("Give either plan or request")
    owner = EHCPlan if plan is not None else AssessmentRequest
    owner_row = owner.objects.select_for_update().get(pk=(plan or request).pk)
    versions = PlanVersion.objects.filter(
        **({"plan": owner_row} if plan is not None else {"request": owner_row})
    )
    working = versions.filter(status=VersionStatus.DRAFT).first()
    if working is not None:
        raise PlanError(f"Version {working.number} is already being drafted: work on that one")
    if plan is not None:
        if plan.ceased_on:
            raise PlanError(f"This plan ceased on {long_date(plan.ceased_on)}")
        kind = kind or PlanKind.AMENDED
        child_id, case = owner_row.child_id, None
    else:
        kind = kind or (PlanKind.FINAL if owner_row.draft_served_on else PlanKind.DRAFT)
        child_id, case = owner_row.child_id, owner_row
    source = versions.filter(status=VersionStatus.ISSUED).order_by("-number").first()
    number = (versions.aggregate(highest=Max("number"))["highest"] or 0) + 1
    draft = PlanVersion.objects.create(
        child_id=child_id,
        plan=plan,
        request=request,
        number=number,
        kind=kind,
        based_on=source,
        created_by=user,
    )
    if source is not None:
        copy_content(source, draft)
    else:
        _first_content(draft, case or (plan.origin_request if plan else None))
    _activity(
        draft,
        kind="plan_version_started",
        user=user,
        description=f"Started version {number} of the EHC plan ({draft.get_kind_display().lower()})"
        + (f", copied from version {source.number}." if source else "."),
    )
    return draft


# --- issuing ------------------------------------------------------------------------------------


def _store(version: PlanVersion, *, content: bytes, extension: str, content_type: str, user):
    document = Document(
        child=version.child,
        request=version.request,
        kind=Document.Kind.PLAN,
        title=f"{version.get_kind_display()} (version {version.number})",
        content_type=content_type,
        created_by=user,
    )
    name = f"ehc-plan-{version.child_id}-v{version.number}-{version.kind}.{extension}"
    save_file(document.file, name, ContentFile(content))
    document.save()
    return document


def _attach_to_step(case: AssessmentRequest, kind: str, documents) -> None:
    """Add the plan's documents to the workflow step that just sent it."""
    activity = Activity.objects.filter(request=case, kind=kind).order_by("-recorded_at").first()
    if activity is not None:
        activity.documents.add(*documents)


@transaction.atomic
def issue_version(
    *,
    version: PlanVersion,
    lock: int,
    user,
    issued_on: date,
    case_version: int | None = None,
    override_reason: str = "",
) -> PlanVersion:
    """Issue a version: it can no longer change, and its PDF and Word documents are kept on the
    child's record.

    Refused (``CannotIssue``) while a mandatory section is empty or a comment is open
    (``selectors.issue_blockers``). A draft plan is then recorded as sent to the family (reg
    13(1)) and a final plan as issued (reg 13(2)) through the assessment workflow, which checks
    its own order and dates (``case_version`` is the request's lock; ``override_reason`` the
    reason for a step out of the usual order) and makes the maintained plan. An amended plan
    (reg 22) updates the setting the maintained plan names.
    """
    version = lock_version(version, lock, user)
    if issued_on is None:
        raise PlanError("Enter the date the plan was issued", field="issued_on")
    if issued_on > timezone.localdate():
        raise PlanError(
            "The date the plan was issued must be today or in the past", field="issued_on"
        )
    earlier = selectors.lineage(version).filter(status=VersionStatus.ISSUED).order_by("-number")
    previous = earlier.first()
    if previous is not None and issued_on < previous.issued_on:
        raise PlanError(
            f"The date must be on or after the day version {previous.number} was issued, "
            f"{long_date(previous.issued_on)}",
            field="issued_on",
        )
    if version.kind in (PlanKind.DRAFT, PlanKind.FINAL) and version.request_id is None:
        raise PlanError("A draft or final plan is issued from its assessment request")
    if version.kind == PlanKind.FINAL and version.placement_id is None:
        raise PlanError("The final plan names a setting: choose it in section I")
    if version.kind == PlanKind.AMENDED and version.plan_id is None:
        raise PlanError("An amended plan needs the plan it amends")

    loaded = selectors.load_version(version.pk)
    reasons = selectors.issue_blockers(loaded)
    if reasons:
        raise CannotIssue(reasons)

    loaded.status = VersionStatus.ISSUED
    loaded.issued_on = issued_on
    loaded.issued_by = user
    document = selectors.plan_document(loaded)
    pdf_bytes = rendering.render_pdf(document)
    word_bytes = rendering.render_docx(document)
    # The stored row is still a draft, so this save is allowed; from here it is frozen.
    loaded.save()

    # The statutory step next: if the workflow refuses it, nothing here is kept.
    if loaded.kind == PlanKind.DRAFT:
        _serve_draft(loaded, case_version=case_version, user=user)
    elif loaded.kind == PlanKind.FINAL:
        _issue_final(loaded, case_version=case_version, user=user, override_reason=override_reason)
    else:
        _amend(loaded, user=user)

    pdf = _store(
        loaded, content=pdf_bytes, extension="pdf", content_type=rendering.PDF_TYPE, user=user
    )
    word = _store(
        loaded, content=word_bytes, extension="docx", content_type=rendering.WORD_TYPE, user=user
    )
    PlanVersion.objects.filter(pk=loaded.pk).update(pdf_document=pdf, word_document=word)
    if loaded.request_id is not None:
        step = {PlanKind.DRAFT: "draft_served", PlanKind.FINAL: "final_issued"}.get(loaded.kind)
        if step:
            _attach_to_step(loaded.request, step, (pdf, word))
    return PlanVersion.objects.get(pk=loaded.pk)


def _case_lock(case: AssessmentRequest, case_version: int | None) -> int:
    return case.version if case_version is None else case_version


def _serve_draft(version: PlanVersion, *, case_version, user) -> None:
    from openehcp.assessments.workflow import serve_draft_plan

    case = version.request
    serve_draft_plan(
        case=case, version=_case_lock(case, case_version), user=user, served_on=version.issued_on
    )


def _issue_final(version: PlanVersion, *, case_version, user, override_reason) -> None:
    from openehcp.assessments.workflow import issue_final_plan

    case = version.request
    issue_final_plan(
        case=case,
        version=_case_lock(case, case_version),
        user=user,
        issued_on=version.issued_on,
        named_establishment=version.placement,
        override_reason=override_reason,
    )


def _amend(version: PlanVersion, *, user) -> None:
    """An amended plan names the setting in its section I from now on."""
    if version.placement_id and version.plan.named_establishment_id != version.placement_id:
        mark_changed(
            EHCPlan.objects.filter(pk=version.plan_id),
            user=user,
            named_establishment_id=version.placement_id,
        )


# --- called by the assessment workflow ----------------------------------------------------------


def on_draft_served(*, case: AssessmentRequest, user) -> None:
    """The draft plan was sent (reg 13(1)): what is written next is the final plan. A version
    still being drafted becomes the final plan's draft; if there is none, one is started - a
    copy of the draft plan issued here, or drafted from the assessment."""
    working = PlanVersion.objects.filter(request=case, status=VersionStatus.DRAFT).first()
    if working is not None:
        if working.kind == PlanKind.DRAFT:
            PlanVersion.objects.filter(pk=working.pk).update(kind=PlanKind.FINAL)
        return
    create_draft(request=case, user=user, kind=PlanKind.FINAL)


def on_plan_made(*, plan: EHCPlan) -> None:
    """The final plan made the maintained plan: its versions belong to it from now on."""
    if plan.origin_request_id:
        PlanVersion.objects.filter(request_id=plan.origin_request_id, plan=None).update(plan=plan)


# --- co-production ------------------------------------------------------------------------------


def _draft_for_comments(version: PlanVersion) -> PlanVersion:
    version = (
        PlanVersion.objects.select_for_update(of=("self",))
        .select_related("request")
        .get(pk=version.pk)
    )
    if version.is_issued:
        raise PlanError(
            f"Version {version.number} was issued on {long_date(version.issued_on)}: record "
            "comments on the version being drafted"
        )
    return version


@transaction.atomic
def record_comment(
    *,
    version: PlanVersion,
    user,
    source: str,
    text: str,
    received_on: date,
    made_by: str = "",
    section: str = "",
) -> PlanComment:
    """Record a comment on a draft from the family, the young person, a setting or a
    professional. It must be answered or accepted before the version is issued. The same comment
    is recorded once: the version's row lock serialises two saves, and the second is refused."""
    version = _draft_for_comments(version)
    if source not in PlanComment.Source.values:
        raise PlanError("Select who made the comment", field="source")
    if section and section not in BY_CODE:
        raise PlanError("Select the section the comment is about", field="section")
    text = (text or "").strip()
    if not text:
        raise PlanError("Enter the comment", field="text")
    if received_on is None:
        raise PlanError("Enter the date of the comment", field="received_on")
    if received_on > timezone.localdate():
        raise PlanError("The date of the comment must be today or in the past", field="received_on")
    fields = {
        "plan_version": version,
        "source": source,
        "made_by": (made_by or "").strip(),
        "section": section,
        "text": text,
        "received_on": received_on,
    }
    if PlanComment.objects.filter(**fields).exists():
        raise PlanError("This comment has already been recorded", field="text")
    comment = PlanComment.objects.create(**fields, recorded_by=user)
    who = comment.made_by or comment.get_source_display().lower()
    _activity(
        version,
        kind="plan_comment",
        user=user,
        on=received_on,
        description=f"Comment on version {version.number} of the plan from {who}: {text}",
    )
    return comment


@transaction.atomic
def resolve_comment(*, comment: PlanComment, user, status: str, response: str) -> PlanComment:
    """Answer a comment (say why the plan stays as it is) or accept it (the plan was changed)."""
    comment = PlanComment.objects.select_for_update().get(pk=comment.pk)
    _draft_for_comments(comment.plan_version)
    if comment.status != PlanComment.Status.OPEN:
        raise PlanError("This comment was already answered")
    if status not in (PlanComment.Status.ANSWERED, PlanComment.Status.ACCEPTED):
        raise PlanError("Select whether you accepted the comment or answered it", field="status")
    response = (response or "").strip()
    if not response:
        message = (
            "Enter what you changed in the plan"
            if status == PlanComment.Status.ACCEPTED
            else "Enter your answer to the comment"
        )
        raise PlanError(message, field="response")
    comment.status = status
    comment.response = response
    comment.resolved_by = user
    comment.resolved_at = timezone.now()
    comment.save()
    return comment
