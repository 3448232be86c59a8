"""The family portal (``/your-case/``): a parent, carer or young person sees their own case,
gives their views and answers the draft plan.

Every view finds the child through ``policy.family_children`` (another family's child is a 404,
and anyone else a 403) and writes the access log before it shows anything of the record, as the
staff pages do.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from openehcp.accounts.models import Role
from openehcp.accounts.policy import FAMILY_ROLES, family_children, require_family
from openehcp.audit.services import record_access
from openehcp.clock.rules import SUPPORT
from openehcp.establishments.selectors import search_open_settings
from openehcp.reviews.services.reviews import open_review
from openehcp.web.forms import posted

from . import selectors, services
from .forms import PlanCommentForm, ViewsForm


def _family_user(request) -> None:
    if request.user.role not in FAMILY_ROLES:
        raise PermissionDenied


def _child(request, pk: int):
    """The child, if this person may see them in the portal (404 otherwise); logged."""
    _family_user(request)
    child = get_object_or_404(family_children(request.user).select_related("caseworker"), pk=pk)
    require_family(request.user, child)
    record_access(request, child)
    return child


def _words(request, child) -> dict:
    """How pages speak: "you/your" to a young person, "your child / <first name>" to a parent."""
    young = request.user.role == Role.YOUNG_PERSON
    name = child.preferred_name or child.forename
    return {
        "child": child,
        "young_person": young,
        "name": name,
        "whose": "your" if young else f"{name}’s",
    }


def _show(form, error: services.PortalError) -> None:
    """A service's refusal on the form: on its field where the form has it, else at the top."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


@login_required
@require_GET
def index(request):
    _family_user(request)
    children = list(family_children(request.user).order_by("forename", "surname"))
    if request.user.role == Role.YOUNG_PERSON and len(children) == 1:
        return redirect("portal:case", pk=children[0].pk)
    return render(request, "portal/index.html", {"children": children})


@login_required
@require_GET
def case(request, pk: int):
    child = _child(request, pk)
    today = timezone.localdate()
    request_ = selectors.current_request(child)
    target_case, target_plan = services.views_target(child)
    window = selectors.draft_window(request_, today=today)
    plan = selectors.current_plan(child, today=today)
    maintained = plan.plan if plan else None
    amendment = selectors.amendment_window(selectors.latest_amendment(maintained), today=today)
    disagreements = selectors.disagreements_of(request.user, child)
    for disagreement in disagreements:
        record_access(request, disagreement)
    context = {
        **_words(request, child),
        "today": today,
        "case": request_,
        "steps": selectors.family_steps(request_, today=today) if request_ else [],
        "window": window,
        "comments": selectors.comments_sent(window) if window else [],
        "plan": plan,
        "review": selectors.family_review(request.user, maintained, today=today),
        "amendment": amendment,
        "amendment_comments": selectors.comments_sent(amendment) if amendment else [],
        "cessation": selectors.family_cessation(child, today=today),
        "disagreements": [selectors.for_family(d, today=today) for d in disagreements],
        "support": SUPPORT,
        "documents": list(selectors.documents_for(request.user, child)),
        "can_give_views": bool(target_case or target_plan),
        "views_for_review": target_case is None and target_plan is not None,
    }
    return render(request, "portal/case.html", context)


@login_required
@require_GET
def document(request, pk: int, document_pk: int):
    """Download a letter or plan sent to the family (``policy.family_documents``); logged."""
    child = _child(request, pk)
    doc = get_object_or_404(selectors.documents_for(request.user, child), pk=document_pk)
    if not doc.file:
        raise Http404
    record_access(request, doc, action="download")
    return FileResponse(
        doc.file.open("rb"),
        as_attachment=False,
        filename=doc.file.name.rsplit("/", 1)[-1],
        content_type=doc.content_type or "application/octet-stream",
    )


@login_required
@require_http_methods(["GET", "POST"])
def give_views(request, pk: int):
    child = _child(request, pk)
    words = _words(request, child)
    target_case, target_plan = services.views_target(child)
    if target_case is None and target_plan is None:
        raise Http404
    form = ViewsForm(
        posted(request),
        request.FILES or None,
        child_name=words["name"],
        young_person=words["young_person"],
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.give_views(
                child=child,
                user=request.user,
                whose=form.whose_words(),
                text=form.cleaned_data["text"],
                upload=form.cleaned_data["upload"],
            )
        except services.PortalError as error:
            _show(form, error)
        else:
            return redirect("portal:views_sent", pk=child.pk)
    return render(
        request,
        "portal/views_form.html",
        {
            **words,
            "form": form,
            "for_review": target_case is None,
            "review": open_review(target_plan) if target_case is None else None,
        },
    )


@login_required
@require_GET
def views_sent(request, pk: int):
    child = _child(request, pk)
    return render(request, "portal/views_sent.html", _words(request, child))


#: The pages each comment window's form sends to, once the comments are saved.
SENT = {"draft": "portal:draft_sent", "amendment": "portal:amendments_sent"}


@login_required
@require_http_methods(["GET", "POST"])
def comments(request, pk: int, kind: str):
    """The family's comments on the draft plan (reg 13(1), ``kind`` "draft") or on the proposed
    amendments (reg 22(2), ``kind`` "amendment"): the form while the window is open, what was
    sent once it has closed. Searching for a school keeps what was typed and saves nothing."""
    child = _child(request, pk)
    window = selectors.comment_window(child, kind, today=timezone.localdate())
    if window is None:
        raise Http404
    context = {
        **_words(request, child),
        "window": window,
        "comments": selectors.comments_sent(window),
    }
    if not window.is_open:
        return render(request, "portal/comments_closed.html", context)
    data = posted(request)
    query = " ".join(((data or request.GET).get("school_query") or "").split())[:100]
    results = search_open_settings(query) if query else []
    if data is not None and "find" in data:
        form = PlanCommentForm(initial=data.dict(), window=window, results=results)
    else:
        form = PlanCommentForm(data, window=window, results=results)
        if data is not None and form.is_valid():
            try:
                services.comment_on_plan(
                    child=child,
                    kind=kind,
                    user=request.user,
                    comments=form.comments(),
                    meeting=form.cleaned_data["meeting"],
                    preferred_establishment=form.preferred_setting(),
                )
            except services.PortalError as error:
                _show(form, error)
            else:
                return redirect(SENT[kind], pk=child.pk)
    context.update(form=form, searched=bool(query))
    return render(request, "portal/comments_form.html", context)


@login_required
@require_GET
def comments_sent(request, pk: int, kind: str):
    child = _child(request, pk)
    window = selectors.comment_window(child, kind, today=timezone.localdate())
    if window is None:
        raise Http404
    return render(
        request,
        "portal/comments_sent.html",
        {**_words(request, child), "window": window, "comments": selectors.comments_sent(window)},
    )
