"""One GOV.UK form page for each step of a review, an amendment, a phase transfer, ceasing and a
transfer between councils. Each asks the permission policy to ``change`` the plan, records the
access, and calls one service; a refusal is shown on the form with nothing saved."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from openehcp.accounts.policy import require
from openehcp.audit.services import record_access
from openehcp.disagreements.models import Disagreement
from openehcp.people.models import Child
from openehcp.plans.models import EHCPlan

from . import forms as f
from . import services
from .letters import MOVES, plan_reference
from .models import (
    AmendmentNotice,
    AnnualReview,
    Cessation,
    CouncilTransfer,
    PhaseTransfer,
    SettingConsultation,
)
from .selectors import year_group_name
from .services.ceasing import appeal_of
from .services.reviews import key_review_year
from .views import plan_or_404


def _step(
    request,
    *,
    plan: EHCPlan,
    record,
    form_class,
    title: str,
    perform,
    success: str,
    form_kwargs=None,
    intro: str = "",
    back: str | None = None,
    done_url: str | None = None,
):
    """Show a step's form; on a valid POST call the service, or show its refusal on the form."""
    require(request.user, "change", plan)
    record_access(request, plan)
    back = back or reverse("reviews:plan", args=[plan.pk])
    if not plan.is_maintained:
        messages.info(request, "This plan has ceased: it stays on record but cannot be changed")
        return redirect(back)
    form_kwargs = form_kwargs or {}
    if request.method == "POST":
        form = form_class(request.POST, request.FILES, **form_kwargs)
        if form.is_valid():
            try:
                result = perform(dict(form.cleaned_data))
            except (services.WorkflowError, services.EditConflict) as error:
                form.add_workflow_error(error, record=record)
            else:
                messages.success(request, success)
                return redirect(done_url(result) if callable(done_url) else done_url or back)
    else:
        form = form_class(initial={"version": record.version}, **form_kwargs)
    return render(
        request,
        "reviews/step.html",
        {
            "plan": plan,
            "child": plan.child,
            "reference": plan_reference(plan),
            "form": form,
            "title": title,
            "intro": intro,
            "back": back,
            "multipart": any(
                isinstance(field.widget, f.forms.FileInput) for field in form.fields.values()
            ),
        },
    )


def _yes(value: str) -> bool:
    return value == "yes"


# --- the review ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def arrange_review(request, pk: int):
    plan = plan_or_404(pk)
    interim = request.GET.get("interim") == "1" or request.POST.get("interim") == "1"

    def perform(data):
        return services.arrange_review(
            plan=plan,
            version=data["version"],
            user=request.user,
            planned_meeting_on=data["planned_meeting_on"],
            invitations_sent_on=data["invitations_sent_on"],
            invitees=form_invitees(data),
            interim=interim,
            interim_reason=data.get("interim_reason", ""),
        )

    def form_invitees(data):
        return [
            (role, data.get(f"invitee_{role}", ""), data.get(f"invitee_{role}_email", ""))
            for role in f.InviteeRole.values
        ]

    return _step(
        request,
        plan=plan,
        record=plan,
        form_class=f.ArrangeReviewForm,
        form_kwargs={"interim": interim, "invitees": services.default_invitees(plan)},
        title="Arrange an interim review" if interim else "Arrange the annual review",
        intro="Invite the family, the head or principal of the setting, a council SEN officer, "
        "a health care professional and a social care officer (regulation 20(2)), at least 2 "
        "weeks before the meeting (regulation 20(3)).",
        perform=perform,
        success="The review meeting has been arranged",
    )


def _review(pk: int) -> AnnualReview:
    return get_object_or_404(AnnualReview.objects.select_related("plan__child"), pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def review_evidence(request, pk: int):
    review = _review(pk)
    return _step(
        request,
        plan=plan_or_404(review.plan_id),
        record=review,
        form_class=f.EvidenceForm,
        title="Add advice or a report for the review",
        intro="Advice and information for the review, to circulate to everyone invited at least "
        "2 weeks before the meeting (regulation 20(4)).",
        perform=lambda data: services.add_review_evidence(
            review=review,
            version=data["version"],
            user=request.user,
            received_on=data["received_on"],
            title=data["title"],
            upload=data["upload"],
        ),
        success="The document has been added to the review",
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_meeting(request, pk: int):
    review = _review(pk)
    plan = plan_or_404(review.plan_id)
    when = review.planned_meeting_on
    key_year = key_review_year(plan, when) if when else None
    hint = (
        f"This is a {year_group_name(key_year)} review: a council officer is expected to attend."
        if key_year is not None
        else ""
    )
    return _step(
        request,
        plan=plan,
        record=review,
        form_class=f.MeetingForm,
        form_kwargs={"invitees": list(review.invitees.all()), "key_year_hint": hint},
        title="Record the review meeting",
        perform=lambda data: services.record_meeting(
            review=review,
            version=data["version"],
            user=request.user,
            held_on=data["held_on"],
            attended={int(pk) for pk in data["attended"]},
            officer_attended=_yes(data["officer_attended"]),
            family_views=data["family_views"],
            young_person_views=data["young_person_views"],
        ),
        success="The review meeting has been recorded",
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_report(request, pk: int):
    review = _review(pk)
    return _step(
        request,
        plan=plan_or_404(review.plan_id),
        record=review,
        form_class=f.ReportForm,
        title="Record the review report",
        intro="The report of the meeting is due within 2 weeks of it (regulation 20(8)).",
        perform=lambda data: services.record_review_report(
            review=review,
            version=data["version"],
            user=request.user,
            received_on=data["received_on"],
            recommendations=data["recommendations"],
            upload=data["upload"],
        ),
        success="The review report has been recorded",
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_decision(request, pk: int):
    review = _review(pk)
    return _step(
        request,
        plan=plan_or_404(review.plan_id),
        record=review,
        form_class=f.DecisionForm,
        title="Record the council's decision after the review",
        intro="Keep the plan as it is, amend it or cease it, and tell the family within 4 weeks "
        "of the meeting (regulation 20(10)). The letter is written for you.",
        perform=lambda data: services.record_review_decision(
            review=review,
            version=data["version"],
            user=request.user,
            outcome=data["outcome"],
            decided_on=data["decided_on"],
            reasons=data["reasons"],
            proposed_changes=data["proposed_changes"],
            served_on=data["served_on"],
            cease_reason=data["cease_reason"],
            cease_detail=data["cease_detail"],
        ),
        success="The decision has been recorded and the letter written",
    )


# --- amendments ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def amendment_notice(request, pk: int):
    plan = plan_or_404(pk)
    transfer = None
    transfer_pk = request.GET.get("transfer") or request.POST.get("transfer")
    if transfer_pk and transfer_pk.isdigit():
        transfer = get_object_or_404(PhaseTransfer, pk=int(transfer_pk), plan=plan)
    return _step(
        request,
        plan=plan,
        record=plan,
        form_class=f.AmendmentNoticeForm,
        title="Send an amendment notice",
        intro=(
            f"To name the setting for the move {MOVES[transfer.to_phase]} in September "
            f"{transfer.transfer_year} (regulation 18). "
            if transfer
            else ""
        )
        + "The family have at least 15 days from the day it is served to comment and ask for a "
        "setting (regulation 22(2)); the amended plan is due within 8 weeks (regulation 22(3)).",
        perform=lambda data: services.send_amendment_notice(
            plan=plan,
            version=data["version"],
            user=request.user,
            sent_on=data["sent_on"],
            served_on=data["served_on"],
            proposed_changes=data["proposed_changes"],
            phase_transfer=transfer,
        ),
        success="The amendment notice has been sent",
    )


def _notice(pk: int) -> AmendmentNotice:
    return get_object_or_404(AmendmentNotice.objects.select_related("plan"), pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def amendment_representations(request, pk: int):
    notice = _notice(pk)
    return _step(
        request,
        plan=plan_or_404(notice.plan_id),
        record=notice,
        form_class=f.RepresentationsForm,
        title="Record the family's comments on the proposed amendments",
        perform=lambda data: services.record_amendment_representations(
            notice=notice,
            version=data["version"],
            user=request.user,
            received_on=data["received_on"],
            representations=data["representations"],
            requested_establishment=data["requested_establishment"],
        ),
        success="The family's comments have been recorded",
    )


@login_required
@require_http_methods(["GET", "POST"])
def amendment_issue(request, pk: int):
    notice = _notice(pk)
    return _step(
        request,
        plan=plan_or_404(notice.plan_id),
        record=notice,
        form_class=f.IssueAmendedPlanForm,
        title="Issue the amended plan",
        intro="This issues the amended plan you have written (its new version), naming the "
        "setting in its section I, and sends it to the family, the setting named and the health "
        "commissioner (regulation 22(3)). The covering letter is written for you.",
        perform=lambda data: services.issue_amended_plan(
            notice=notice,
            version=data["version"],
            user=request.user,
            issued_on=data["issued_on"],
        ),
        success="The amended plan has been issued",
    )


@login_required
@require_http_methods(["GET", "POST"])
def amendment_not_amending(request, pk: int):
    notice = _notice(pk)
    return _step(
        request,
        plan=plan_or_404(notice.plan_id),
        record=notice,
        form_class=f.NotAmendingForm,
        title="Decide not to amend the plan",
        intro="Tell the family why, within 8 weeks of the amendment notice (regulation 22(4)).",
        perform=lambda data: services.decide_not_to_amend(
            notice=notice,
            version=data["version"],
            user=request.user,
            decided_on=data["decided_on"],
            reasons=data["reasons"],
        ),
        success="The decision not to amend has been recorded",
    )


# --- ceasing ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def propose_ceasing(request, pk: int):
    plan = plan_or_404(pk)
    return _step(
        request,
        plan=plan,
        record=plan,
        form_class=f.ProposeCeasingForm,
        title="Consider ceasing the plan",
        intro="Tell the family the council is considering ceasing the plan, then consult them "
        "and the setting (regulation 31(1)). A move to another council is a transfer instead.",
        perform=lambda data: services.propose_ceasing(
            plan=plan,
            version=data["version"],
            user=request.user,
            reason=data["reason"],
            detail=data["detail"],
            intention_sent_on=data["intention_sent_on"],
        ),
        success="The notice that the council is considering ceasing the plan has been written",
    )


def _cessation(pk: int) -> Cessation:
    return get_object_or_404(Cessation.objects.select_related("plan"), pk=pk)


def _cessation_step(request, pk, *, form_class, title, perform, success, intro=""):
    cessation = _cessation(pk)
    return _step(
        request,
        plan=plan_or_404(cessation.plan_id),
        record=cessation,
        form_class=form_class,
        title=title,
        intro=intro,
        perform=lambda data: perform(cessation, data),
        success=success,
    )


@login_required
@require_http_methods(["GET", "POST"])
def cease_consultation(request, pk: int):
    return _cessation_step(
        request,
        pk,
        form_class=f.CeaseConsultationForm,
        title="Record the consultation about ceasing the plan",
        perform=lambda cessation, data: services.record_cease_consultation(
            cessation=cessation,
            version=data["version"],
            user=request.user,
            family_consulted_on=data["family_consulted_on"],
            family_views=data["family_views"],
            setting_consulted_on=data["setting_consulted_on"],
            setting_views=data["setting_views"],
        ),
        success="The consultation has been recorded",
    )


@login_required
@require_http_methods(["GET", "POST"])
def cease_decision(request, pk: int):
    return _cessation_step(
        request,
        pk,
        form_class=f.CeaseDecisionForm,
        title="Record the decision whether to cease the plan",
        intro="A decision to cease is sent with the family's right to appeal (regulation 31(2)); "
        "the letter is written for you.",
        perform=lambda cessation, data: services.decide_ceasing(
            cessation=cessation,
            version=data["version"],
            user=request.user,
            decision=data["decision"],
            decided_on=data["decided_on"],
            reasons=data["reasons"],
        ),
        success="The decision has been recorded",
    )


@login_required
@require_GET
def cease_appeal(request, pk: int):
    """Mediation and the appeal against ceasing are recorded as a disagreement about ceasing
    (its pages, council staff only): the one linked to this decision, or a new one for it."""
    cessation = _cessation(pk)
    require(request.user, "change", Disagreement(child=cessation.plan.child))
    linked = appeal_of(cessation)
    if linked is not None:
        return redirect(linked)
    url = reverse("disagreements:new", args=[cessation.plan.child_id])
    return redirect(f"{url}?cessation={cessation.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def plan_ceased(request, pk: int):
    return _cessation_step(
        request,
        pk,
        form_class=f.PlanCeasedForm,
        title="Record the date the plan ended",
        intro="The plan is maintained until the time to appeal has passed, or any appeal has "
        "ended (regulation 31(3)). From then it stays on record but cannot be changed.",
        perform=lambda cessation, data: services.record_plan_ceased(
            cessation=cessation,
            version=data["version"],
            user=request.user,
            ceased_on=data["ceased_on"],
        ),
        success="The plan has ceased",
    )


# --- transfers between councils -----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def transfer_out(request, pk: int):
    plan = plan_or_404(pk)
    return _step(
        request,
        plan=plan,
        record=plan,
        form_class=f.TransferOutForm,
        title="Transfer the plan to another council",
        intro="Send the plan to the new council on the day of the move, or within 15 working "
        "days of learning of it (regulation 15(2)). The plan ends here that day.",
        perform=lambda data: services.transfer_plan_out(
            plan=plan,
            version=data["version"],
            user=request.user,
            la_code=data["la_code"],
            moved_on=data["moved_on"],
            aware_on=data["aware_on"],
            transferred_on=data["transferred_on"],
        ),
        success="The plan has been transferred and has ceased here",
    )


@login_required
@require_http_methods(["GET", "POST"])
def transfer_in(request, child_pk: int):
    child = get_object_or_404(Child.objects.select_related("caseworker"), pk=child_pk)
    require(request.user, "change", child)
    record_access(request, child)
    back = reverse("people:detail", args=[child.pk])
    if request.method == "POST":
        form = f.TransferInForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                plan = services.receive_transferred_plan(
                    child=child,
                    version=data["version"],
                    user=request.user,
                    la_code=data["la_code"],
                    made_on=data["made_on"],
                    transferred_on=data["transferred_on"],
                    last_review_on=data["last_review_on"],
                    named_establishment=data["named_establishment"],
                )
            except (services.WorkflowError, services.EditConflict) as error:
                form.add_workflow_error(error, record=child)
            else:
                messages.success(request, "The transferred plan has been recorded")
                return redirect("reviews:plan", pk=plan.pk)
    else:
        form = f.TransferInForm(initial={"version": child.version})
    return render(
        request,
        "reviews/step.html",
        {
            "child": child,
            "form": form,
            "title": "Record a plan transferred from another council",
            "intro": "The plan is treated as made by this council on its original date "
            "(regulation 15(3)). Tell the family within 6 weeks whether we will assess and when "
            "we will review (regulation 15(4)).",
            "back": back,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def transfer_notice(request, pk: int):
    transfer = get_object_or_404(CouncilTransfer.objects.select_related("plan"), pk=pk)
    return _step(
        request,
        plan=plan_or_404(transfer.plan_id),
        record=transfer,
        form_class=f.TransferNoticeForm,
        title="Record telling the family about the transfer",
        intro="Within 6 weeks of the transfer: that the plan has transferred, whether we will "
        "assess and when we will review (regulation 15(4)).",
        perform=lambda data: services.record_transfer_notice(
            transfer=transfer,
            version=data["version"],
            user=request.user,
            notified_on=data["notified_on"],
            will_assess=_yes(data["will_assess"]),
        ),
        success="The notice to the family has been recorded",
    )


# --- phase transfers -----------------------------------------------------------------------------


def _phase_transfer(pk: int) -> PhaseTransfer:
    return get_object_or_404(PhaseTransfer.objects.select_related("plan"), pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def preference_letter(request, pk: int):
    transfer = _phase_transfer(pk)
    back = reverse("reviews:phase_transfer", args=[transfer.pk])
    return _step(
        request,
        plan=plan_or_404(transfer.plan_id),
        record=transfer,
        form_class=f.PreferenceLetterForm,
        title="Write to the family about the move",
        intro="The letter asks for the family's preferred setting, with a link and a QR code to "
        "a short online form.",
        back=back,
        perform=lambda data: services.send_preference_letter(
            transfer=transfer,
            version=data["version"],
            user=request.user,
            sent_on=data["sent_on"],
            link_for=lambda token: request.build_absolute_uri(
                reverse("reviews:preference_start", args=[token])
            ),
        ),
        success="The letter has been written",
    )


@login_required
@require_http_methods(["GET", "POST"])
def preference_record(request, pk: int):
    transfer = _phase_transfer(pk)
    return _step(
        request,
        plan=plan_or_404(transfer.plan_id),
        record=transfer,
        form_class=f.StaffPreferenceForm,
        title="Record the family's preferred setting",
        back=reverse("reviews:phase_transfer", args=[transfer.pk]),
        perform=lambda data: services.record_preference(
            transfer=transfer,
            version=data["version"],
            user=request.user,
            establishment=data["establishment"],
            other=data["other"],
            reasons=data["reasons"],
            received_on=data["received_on"],
        ),
        success="The family's preference has been recorded",
    )


@login_required
@require_http_methods(["GET", "POST"])
def consult(request, pk: int):
    transfer = _phase_transfer(pk)
    return _step(
        request,
        plan=plan_or_404(transfer.plan_id),
        record=transfer,
        form_class=f.ConsultForm,
        title="Consult a setting",
        back=reverse("reviews:phase_transfer", args=[transfer.pk]),
        perform=lambda data: services.consult_setting(
            transfer=transfer,
            version=data["version"],
            user=request.user,
            establishment=data["establishment"],
            sent_on=data["sent_on"],
        ),
        success="The consultation has been recorded",
    )


@login_required
@require_http_methods(["GET", "POST"])
def consultation_reply(request, pk: int):
    consultation = get_object_or_404(
        SettingConsultation.objects.select_related("phase_transfer", "establishment"),
        pk=pk,
        phase_transfer__isnull=False,
    )
    transfer = consultation.phase_transfer
    return _step(
        request,
        plan=plan_or_404(transfer.plan_id),
        record=transfer,
        form_class=f.ConsultationReplyForm,
        title=f"Record {consultation.establishment.name}'s reply",
        back=reverse("reviews:phase_transfer", args=[transfer.pk]),
        perform=lambda data: services.record_consultation_reply(
            consultation=consultation,
            version=data["version"],
            user=request.user,
            replied_on=data["replied_on"],
            can_meet_needs=_yes(data["can_meet_needs"]),
            notes=data["notes"],
        ),
        success="The reply has been recorded",
    )
