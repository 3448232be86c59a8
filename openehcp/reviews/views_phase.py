"""Phase transfers: the cohort moving next September with its progress to the 15 February and
31 March dates (reg 18), one transfer's page, and the family's short public form for their
preferred setting - reached by the link or QR code on their letter, with no account."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openehcp import clock
from openehcp.accounts.policy import can, require, visible_plans
from openehcp.accounts.ratelimit import rate_limit
from openehcp.audit.services import record_access
from openehcp.establishments.models import Establishment
from openehcp.plans.models import EHCPlan
from openehcp.web.pagination import paginate

from . import cohorts, services
from .letters import MOVES, plan_reference
from .models import PhaseTransfer, TransferPhase
from .preference import transfer_for
from .views import plan_or_404

# --- the cohort -----------------------------------------------------------------------------------


def _year(request, today) -> int:
    value = request.GET.get("year") or request.POST.get("year") or ""
    default = cohorts.next_transfer_year(today)
    if value.isdigit() and default - 5 <= int(value) <= default + 1:
        return int(value)
    return default


@login_required
@require_GET
def cohort(request):
    """The phase transfers of one year: completion per phase, then every transfer and its
    stage."""
    user = request.user
    require(user, "view")
    if not user.is_council_staff:
        raise PermissionDenied
    today = timezone.localdate()
    year = _year(request, today)
    plans = visible_plans(user, EHCPlan.objects.all())
    transfers = PhaseTransfer.objects.filter(plan__in=plans, transfer_year=year)
    progress = cohorts.cohort_progress(transfers, today=today)
    listed = cohorts.transfers_for(plans, year=year)
    phase = request.GET.get("phase") or ""
    if phase in TransferPhase.values:
        listed = listed.filter(to_phase=phase)
    stage = request.GET.get("stage") or ""
    if stage == cohorts.Stage.DONE:
        listed = listed.filter(amended_plan_issued_on__isnull=False)
    elif stage == "open":
        listed = listed.filter(amended_plan_issued_on__isnull=True)
    context = paginate(request, listed, 50)
    rows = []
    for transfer in context["page"].object_list:
        key = cohorts.stage_of(transfer, amending=bool(transfer.amending))
        rows.append(
            {
                "transfer": transfer,
                "stage": cohorts.Stage.LABELS[key],
                "done": key == cohorts.Stage.DONE,
                "due": clock.phase_transfer_deadline(transfer.transfer_year, transfer.to_phase).due,
            }
        )
    context.update(
        {
            "year": year,
            "years": [cohorts.next_transfer_year(today) - 1, cohorts.next_transfer_year(today)],
            "progress": progress,
            "total": cohorts.total_progress(progress),
            "rows": rows,
            "phase": phase,
            "phases": TransferPhase.choices,
            "stage": stage,
            "can_find": can(user, "manage_team"),
            "today": today,
        }
    )
    return render(request, "reviews/cohort.html", context)


@login_required
@require_POST
def find_cohort(request):
    """List the children moving phase next September as phase transfers (reg 18)."""
    if not can(request.user, "manage_team"):
        raise PermissionDenied
    today = timezone.localdate()
    year = _year(request, today)
    added = services.create_transfer_cohort(year=year, user=request.user)
    total = sum(added.values())
    messages.success(
        request,
        f"Added {total} child{'ren' if total != 1 else ''} to the cohort moving in "
        f"September {year}",
    )
    return redirect(f"{reverse('reviews:cohort')}?year={year}")


@login_required
@require_GET
def phase_transfer(request, pk: int):
    transfer = get_object_or_404(
        PhaseTransfer.objects.select_related(
            "plan__child__establishment", "preferred_establishment", "named_establishment"
        ),
        pk=pk,
    )
    plan = plan_or_404(transfer.plan_id)
    require(request.user, "view", plan)
    record_access(request, plan)
    today = timezone.localdate()
    notices = list(transfer.amendment_notices.all())
    open_notice = next((n for n in notices if n.is_open), None)
    context = {
        "transfer": transfer,
        "plan": plan,
        "child": plan.child,
        "reference": plan_reference(plan),
        "move": MOVES[transfer.to_phase],
        "deadline": clock.phase_transfer_deadline(
            transfer.transfer_year,
            transfer.to_phase,
            amended_on=transfer.amended_plan_issued_on,
            as_of=today,
        ),
        "consultations": [
            (c, c.sent_on + clock.CONSULTATION)
            for c in transfer.consultations.select_related("establishment")
        ],
        "notices": notices,
        "open_notice": open_notice,
        "stage": cohorts.Stage.LABELS[cohorts.stage_of(transfer, amending=open_notice is not None)],
        "can_change": plan.is_maintained
        and transfer.amended_plan_issued_on is None
        and can(request.user, "change", plan),
        "activities": transfer.activities.select_related("author").order_by(
            "-occurred_on", "-recorded_at"
        )
        if can(request.user, "view_history", plan)
        else None,
    }
    return render(request, "reviews/phase_transfer.html", context)


# --- the family's public form ---------------------------------------------------------------------

SESSION = "phase_transfer_preference"


class SearchForm(forms.Form):
    name = forms.CharField(
        label="What is the name of the school, college or setting you would like?",
        max_length=200,
        help_text="For example, Hillside Academy",
        error_messages={"required": "Enter the name of the school, college or setting"},
    )


class ChooseForm(forms.Form):
    setting = forms.ChoiceField(
        label="Which of these is it?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the school, college or setting, or ‘It is not here’"},
    )
    reasons = forms.CharField(
        label="Why would you like this school, college or setting? (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )

    def __init__(self, *args, matches=(), typed: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(e.pk), f"{e.name}, {e.postcode}".rstrip(", ")) for e in matches]
        choices.append(("other", f"It is not here: use the name I typed, ‘{typed}’"))
        self.fields["setting"].choices = choices


def _answers(request, token: str) -> dict:
    return request.session.get(SESSION, {}).get(token, {})


def _save_answers(request, token: str, answers: dict) -> None:
    stored = request.session.get(SESSION, {})
    stored[token] = answers
    request.session[SESSION] = stored


def _public_context(transfer, token, **extra) -> dict:
    return {
        "token": token,
        "first_name": transfer.plan.child.preferred_name or transfer.plan.child.forename,
        "move": MOVES[transfer.to_phase],
        "year": transfer.transfer_year,
        **extra,
    }


def _unavailable(request):
    return render(request, "reviews/preference/unavailable.html", status=404)


@require_GET
def preference_start(request, token: str):
    transfer = transfer_for(token)
    if transfer is None:
        return _unavailable(request)
    return render(request, "reviews/preference/start.html", _public_context(transfer, token))


@require_http_methods(["GET", "POST"])
@rate_limit("preference")
def preference_search(request, token: str):
    transfer = transfer_for(token)
    if transfer is None:
        return _unavailable(request)
    answers = _answers(request, token)
    if request.method == "POST":
        form = SearchForm(request.POST)
        if form.is_valid():
            _save_answers(request, token, {"name": form.cleaned_data["name"].strip()})
            return redirect("reviews:preference_choose", token=token)
    else:
        form = SearchForm(initial={"name": answers.get("name", "")})
    return render(
        request, "reviews/preference/search.html", _public_context(transfer, token, form=form)
    )


def _matches(name: str):
    words = [w for w in name.split() if len(w) > 2][:4] or [name]
    condition = Q()
    for word in words:
        condition &= Q(name__icontains=word)
    return list(Establishment.objects.filter(condition, is_open=True).order_by("name")[:10])


@require_http_methods(["GET", "POST"])
@rate_limit("preference")
def preference_choose(request, token: str):
    transfer = transfer_for(token)
    if transfer is None:
        return _unavailable(request)
    answers = _answers(request, token)
    if not answers.get("name"):
        return redirect("reviews:preference_search", token=token)
    matches = _matches(answers["name"])
    kwargs = {"matches": matches, "typed": answers["name"]}
    if request.method == "POST":
        form = ChooseForm(request.POST, **kwargs)
        if form.is_valid():
            answers.update(
                setting=form.cleaned_data["setting"], reasons=form.cleaned_data["reasons"].strip()
            )
            _save_answers(request, token, answers)
            return redirect("reviews:preference_check", token=token)
    else:
        form = ChooseForm(
            initial={"setting": answers.get("setting"), "reasons": answers.get("reasons", "")},
            **kwargs,
        )
    return render(
        request,
        "reviews/preference/choose.html",
        _public_context(transfer, token, form=form, matches=matches),
    )


def _chosen(answers: dict) -> Establishment | None:
    value = answers.get("setting") or ""
    if value.isdigit():
        return Establishment.objects.filter(pk=int(value), is_open=True).first()
    return None


@require_http_methods(["GET", "POST"])
@rate_limit("preference")
def preference_check(request, token: str):
    transfer = transfer_for(token)
    if transfer is None:
        return _unavailable(request)
    answers = _answers(request, token)
    if not answers.get("setting"):
        return redirect("reviews:preference_search", token=token)
    chosen = _chosen(answers)
    if request.method == "POST":
        try:
            services.record_preference(
                transfer=transfer,
                version=None,
                establishment=chosen,
                other="" if chosen else answers.get("name", ""),
                reasons=answers.get("reasons", ""),
            )
        except services.WorkflowError:
            return _unavailable(request)
        _save_answers(request, token, {"sent": True})
        return redirect("reviews:preference_done", token=token)
    return render(
        request,
        "reviews/preference/check.html",
        _public_context(
            transfer,
            token,
            setting_name=chosen.name if chosen else answers.get("name", ""),
            reasons=answers.get("reasons", ""),
        ),
    )


@require_GET
def preference_done(request, token: str):
    transfer = transfer_for(token)
    if transfer is None or not _answers(request, token).get("sent"):
        return _unavailable(request)
    return render(request, "reviews/preference/done.html", _public_context(transfer, token))
