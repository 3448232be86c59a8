"""Writing a version: one page per section (its rows, and the section's own fields), a form page
for each row (add or change), removing a row, and the co-production comments.

Every view asks the policy for ``change`` on the version (``view`` for the list of comments),
records the access, and passes the version's lock to the service; a refusal is shown on the form
with everything the person typed kept.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from openehcp.accounts.policy import require
from openehcp.assessments.workflow import WorkflowError
from openehcp.audit.services import record_access
from openehcp.web.forms import posted
from openehcp.web.locking import EditConflict

from . import editing, forms, rendering, selectors, services
from .models import AdviceItem, BudgetItem, Need, Outcome, PlanComment, PlanVersion, Provision
from .selectors import NONE_REASON_FIELDS
from .structure import BY_CODE, NEED_SECTIONS, NONE_REASON_EXAMPLES, PROVISION_SECTIONS
from .views import load_version_or_404, version_context

#: The row model of each section that has rows, and the words for one row.
ROWS = {
    **{code: (Need, "need") for code in NEED_SECTIONS},
    "e": (Outcome, "outcome"),
    **{code: (Provision, "provision") for code in PROVISION_SECTIONS},
    "j": (BudgetItem, "item of the personal budget"),
    "k": (AdviceItem, "piece of advice or information"),
}


def _editable(request, pk: int, code: str | None = None):
    """The version being drafted, if the user may change it; or a redirect for an issued one."""
    version = load_version_or_404(pk)
    if code is not None and code not in BY_CODE:
        raise Http404
    require(request.user, "change", version)
    record_access(request, version)
    if version.is_issued:
        messages.info(
            request, f"Version {version.number} was issued, so it cannot be changed any more"
        )
        return version, redirect("plans:version", pk=version.pk)
    return version, None


def _save(request, form, perform, version, success: str, next_url):
    """Call the service with the form's data; show its refusal on the form."""
    data = dict(form.cleaned_data)
    lock = data.pop("version")
    try:
        perform(lock, data)
    except (WorkflowError, EditConflict) as error:
        form.add_plan_error(error)
        return None
    messages.success(request, success)
    return redirect(next_url)


# --- a section ----------------------------------------------------------------------------------


def _section_form(version: PlanVersion, code: str, data=None):
    """The section's own form: section A's views, a reason for an empty health or social care
    section, the placement, or why there is no personal budget."""
    initial = {"version": version.version}
    if code == "a":
        initial |= {name: getattr(version, name) for name in editing.VIEWS_FIELDS}
        return forms.ViewsForm(data, initial=initial)
    if code in NONE_REASON_FIELDS:
        initial["reason"] = getattr(version, NONE_REASON_FIELDS[code])
        return forms.NoneReasonForm(data, initial=initial, example=NONE_REASON_EXAMPLES[code])
    if code == "i":
        initial |= {
            "urn": version.placement.urn if version.placement else "",
            "placement_type": version.placement_type,
            "notes": version.placement_notes,
        }
        return forms.PlacementForm(data, initial=initial)
    if code == "j":
        initial["reason"] = version.budget_none
        return forms.BudgetNoneForm(data, initial=initial)
    return None


def _save_section(request, version, code, lock, data):
    common = {"version": version, "lock": lock, "user": request.user}
    if code == "a":
        editing.save_views(**common, **data)
    elif code in NONE_REASON_FIELDS:
        editing.save_none_reason(**common, section=code, reason=data["reason"])
    elif code == "i":
        editing.save_placement(
            **common,
            urn=data["urn"],
            placement_type=data["placement_type"],
            notes=data["notes"],
        )
    else:
        editing.save_budget_none(**common, reason=data["reason"])


@login_required
@require_http_methods(["GET", "POST"])
def section(request, pk: int, code: str):
    version, leave = _editable(request, pk, code)
    if leave:
        return leave
    form = _section_form(version, code, posted(request))
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            done = _save(
                request,
                form,
                lambda lock, data: _save_section(request, version, code, lock, data),
                version,
                f"{BY_CODE[code].heading} saved",
                request.path,
            )
            if done:
                return done
    document = selectors.plan_document(version)
    parts = {part["section"].code: part for part in rendering.section_parts(document)}
    context = version_context(request, version)
    context.update(
        section=BY_CODE[code],
        part=parts[code],
        doc=document,
        form=form,
        row_noun=ROWS[code][1] if code in ROWS else "",
        advice_rows=document.advice if code == "k" else (),
    )
    return render(request, "plans/section.html", context)


# --- a row --------------------------------------------------------------------------------------


def _row(version: PlanVersion, code: str, row_pk: int | None):
    if code not in ROWS:
        raise Http404
    if row_pk is None:
        return None
    model = ROWS[code][0]
    rows = model.objects.filter(plan_version=version)
    if model in (Need, Provision):
        rows = rows.filter(section=code)
    return get_object_or_404(rows, pk=row_pk)


def _row_form(version: PlanVersion, code: str, row, data=None):
    refs = selectors.refs(version)
    initial = {"version": version.version}
    needs = Need.objects.filter(plan_version=version).order_by("section", "pk")
    if code in NEED_SECTIONS:
        if row is not None:
            initial |= {"area": row.area, "text": row.text}
        return forms.NeedForm(data, initial=initial, section=code)
    if code == "e":
        if row is not None:
            initial |= {
                "text": row.text,
                "steps": row.steps,
                "time_frame": row.time_frame,
                "needs": [n.pk for n in row.needs.all()],
                "pfa_area": row.pfa_area or forms.NO_PFA,
            }
        return forms.OutcomeForm(data, initial=initial, needs=needs, refs=refs)
    if code in PROVISION_SECTIONS:
        if row is not None:
            initial |= {
                name: getattr(row, name)
                for name in ("what", "who", "frequency", "duration", "group_size")
            }
            initial |= {
                "needs": [n.pk for n in row.needs.all()],
                "outcomes": [o.pk for o in row.outcomes.all()],
            }
        outcomes = Outcome.objects.filter(plan_version=version).order_by("pk")
        return forms.ProvisionForm(data, initial=initial, needs=needs, outcomes=outcomes, refs=refs)
    if code == "j":
        if row is not None:
            initial |= {
                "provision_covered": row.provision_covered,
                "how_used": row.how_used,
                "direct_payment": "yes" if row.direct_payment else "no",
                "amount": row.amount,
            }
        return forms.BudgetItemForm(data, initial=initial)
    if row is not None:
        initial |= {
            "advice_request": row.advice_request_id,
            "document": row.document_id,
            "title": row.title,
            "dated": row.dated,
        }
    return forms.AdviceItemForm(data, initial=initial, child=version.child)


def _save_row(request, version, code, row, lock, data):
    common = {"version": version, "lock": lock, "user": request.user}
    if code in NEED_SECTIONS:
        editing.save_need(
            **common, section=code, area=data.get("area", ""), text=data["text"], need=row
        )
    elif code == "e":
        pfa = "" if data["pfa_area"] in ("", forms.NO_PFA) else data["pfa_area"]
        editing.save_outcome(
            **common,
            text=data["text"],
            steps=data["steps"],
            time_frame=data["time_frame"],
            needs=data["needs"],
            preparing_for_adulthood=bool(pfa),
            pfa_area=pfa,
            outcome=row,
        )
    elif code in PROVISION_SECTIONS:
        editing.save_provision(**common, section=code, provision=row, **data)
    elif code == "j":
        editing.save_budget_item(**common, item=row, **data)
    else:
        editing.save_advice_item(**common, item=row, **data)


@login_required
@require_http_methods(["GET", "POST"])
def row(request, pk: int, code: str, row_pk: int | None = None):
    version, leave = _editable(request, pk, code)
    if leave:
        return leave
    record = _row(version, code, row_pk)
    form = _row_form(version, code, record, posted(request))
    noun = ROWS[code][1]
    if request.method == "POST" and form.is_valid():
        done = _save(
            request,
            form,
            lambda lock, data: _save_row(request, version, code, record, lock, data),
            version,
            f"The {noun} was saved",
            reverse("plans:section", args=[version.pk, code]),
        )
        if done:
            return done
    context = version_context(request, version)
    context.update(
        section=BY_CODE[code],
        form=form,
        title=f"{'Change' if record else 'Add'} {'the' if record else 'a'} {noun}",
        ref=selectors.refs(version).get(_ref_key(code, record), "") if record else "",
    )
    return render(request, "plans/row_form.html", context)


def _ref_key(code: str, record) -> tuple[str, int]:
    kind = {Need: "need", Outcome: "outcome", Provision: "provision"}.get(type(record), "")
    return (kind, record.pk)


@login_required
@require_http_methods(["GET", "POST"])
def row_remove(request, pk: int, code: str, row_pk: int):
    version, leave = _editable(request, pk, code)
    if leave:
        return leave
    record = _row(version, code, row_pk)
    form = forms.PlanForm(posted(request), initial={"version": version.version})
    noun = ROWS[code][1]
    if request.method == "POST" and form.is_valid():
        done = _save(
            request,
            form,
            lambda lock, data: editing.remove_row(
                version=version, lock=lock, user=request.user, row=record
            ),
            version,
            f"The {noun} was removed",
            reverse("plans:section", args=[version.pk, code]),
        )
        if done:
            return done
    context = version_context(request, version)
    context.update(
        section=BY_CODE[code],
        form=form,
        record=record,
        noun=noun,
        ref=selectors.refs(version).get(_ref_key(code, record), ""),
    )
    return render(request, "plans/row_remove.html", context)


# --- comments -----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def comments(request, pk: int):
    version = load_version_or_404(pk)
    require(request.user, "view", version)
    if request.method == "POST":
        require(request.user, "change", version)
    record_access(request, version)
    form = forms.CommentForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.record_comment(version=version, user=request.user, **form.cleaned_data)
        except WorkflowError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "Comment recorded")
            return redirect("plans:comments", pk=version.pk)
    context = version_context(request, version)
    context.update(
        form=form,
        comments=[
            (comment, BY_CODE[comment.section].heading if comment.section else "The whole plan")
            for comment in sorted(version.comments.all(), key=lambda c: (c.status != "open", c.pk))
        ],
    )
    return render(request, "plans/comments.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def comment_answer(request, pk: int, comment_pk: int):
    version, leave = _editable(request, pk)
    if leave:
        return leave
    comment = get_object_or_404(PlanComment, pk=comment_pk, plan_version=version)
    if comment.status != PlanComment.Status.OPEN:
        messages.info(request, "That comment was already answered")
        return redirect("plans:comments", pk=version.pk)
    form = forms.CommentAnswerForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.resolve_comment(comment=comment, user=request.user, **form.cleaned_data)
        except WorkflowError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "Comment answered")
            return redirect("plans:comments", pk=version.pk)
    context = version_context(request, version)
    context.update(form=form, comment=comment)
    return render(request, "plans/comment_answer.html", context)
