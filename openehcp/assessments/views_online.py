"""The public online form to ask for an EHC needs assessment: no sign-in, one question per page,
save and return, a reference number and a confirmation email (see ``online_request``)."""

import logging

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from openehcp.accounts.ratelimit import rate_limit
from openehcp.establishments.selectors import search_open_settings
from openehcp.web.forms import posted

from . import online_request as journey
from .online_request import SESSION_KEY

logger = logging.getLogger(__name__)

SENT_KEY = "online_request_sent"


def _draft(request):
    return journey.draft_for(request.session.get(SESSION_KEY))


def _title(slug: str, answers: dict) -> str:
    young = answers.get("source") == journey.RequestSource.YOUNG_PERSON
    return {
        "who": "Who are you?",
        "name": "What is your name?" if young else "What is the child’s name?",
        "date-of-birth": "What is your date of birth?"
        if young
        else "What is the child’s date of birth?",
        "address": "What is your home address?" if young else "Where does the child live?",
        "setting": "Which school, college or nursery do you go to?"
        if young
        else "Which school, college or nursery does the child go to?",
        "needs": "Tell us about your special educational needs"
        if young
        else "Tell us about the child’s special educational needs",
        "support": "What support do you get now?"
        if young
        else "What support does the child get now?",
        "parent": "Who is the child’s parent or carer?",
        "contact": "Your contact details",
        "documents": "Upload supporting documents",
    }[slug]


def _after_save(request, slug: str, answers: dict):
    if "save_later" in request.POST:
        return redirect("assessments:online_save")
    if request.GET.get("change"):
        missing = journey.first_unanswered(answers)
        return (
            redirect("assessments:online_question", slug=missing.slug)
            if missing
            else redirect("assessments:online_check")
        )
    following = journey.next_slug(slug, answers)
    if following == "documents":
        return redirect("assessments:online_documents")
    return redirect("assessments:online_question", slug=following)


def _ensure_draft(request, draft):
    if draft is None:
        draft, token = journey.draft_start()
        request.session[SESSION_KEY] = token
    return draft


def _session_ended(request):
    messages.info(
        request,
        "Your session has ended. If you saved your request, use the link we emailed you.",
    )
    return redirect("assessments:online_start")


@never_cache
def start(request):
    return render(request, "assessments/online/start.html", {"draft": _draft(request)})


@never_cache
@require_http_methods(["GET", "POST"])
@rate_limit("online_request")
def question(request, slug: str):
    if slug not in journey.BY_SLUG or slug == "setting":
        raise Http404
    step = journey.BY_SLUG[slug]
    draft = _draft(request)
    if draft is None and slug != "who":
        return _session_ended(request)
    answers = draft.answers if draft else {}
    if not step.applies(answers):
        return redirect("assessments:online_question", slug=journey.next_slug(slug, answers))
    extra = (
        {"answers": answers}
        if step.form in {journey.DateOfBirthForm, journey.ContactDetailsForm}
        else {}
    )
    if request.method == "POST":
        form = step.form(request.POST, **extra)
        if form.is_valid():
            draft = _ensure_draft(request, draft)
            journey.draft_save(draft, journey.to_answers(form.cleaned_data))
            return _after_save(request, slug, draft.answers)
        if "save_later" in request.POST and draft is not None:
            return redirect("assessments:online_save")
    else:
        form = step.form(initial=journey.from_answers(answers, step.fields), **extra)
    title = _title(slug, answers)
    fields = list(form)
    if len(fields) == 1:
        fields[0].label = title
    return render(
        request,
        "assessments/online/question.html",
        {
            "form": form,
            "title": title,
            "single": len(fields) == 1,
            "back": journey.previous_slug(slug, answers),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@rate_limit("online_request")
def setting(request):
    draft = _draft(request)
    if draft is None:
        return _session_ended(request)
    answers = draft.answers
    query = (request.POST if request.method == "POST" else request.GET).get("q", "").strip()[:100]
    results = search_open_settings(query) if query else []
    chosen = journey.chosen_setting(answers)
    if request.method == "POST":
        form = journey.SettingForm(request.POST, results=results, chosen=chosen)
        if form.is_valid():
            journey.draft_save(draft, journey.to_answers(form.cleaned_data))
            return _after_save(request, "setting", draft.answers)
        if "save_later" in request.POST:
            return redirect("assessments:online_save")
    else:
        form = journey.SettingForm(
            initial=journey.from_answers(answers, ("setting", "setting_other")),
            results=results,
            chosen=chosen,
        )
    return render(
        request,
        "assessments/online/setting.html",
        {
            "form": form,
            "title": _title("setting", answers),
            "query": query,
            "results": results,
            "searched": bool(query),
            "back": journey.previous_slug("setting", answers),
            "change": request.GET.get("change", ""),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@rate_limit("online_request")
def documents(request):
    draft = _draft(request)
    if draft is None:
        return _session_ended(request)
    form = journey.DocumentsForm(
        posted(request), request.FILES if request.method == "POST" else None
    )
    if request.method == "POST" and form.is_valid():
        try:
            for upload, content_type, name in form.cleaned_data["documents"]:
                journey.draft_add_upload(draft, upload, content_type, name)
        except ValidationError as error:
            form.add_error("documents", error)
        else:
            if "upload" in request.POST:
                return redirect("assessments:online_documents")
            if "save_later" in request.POST:
                return redirect("assessments:online_save")
            return redirect("assessments:online_check")
    return render(
        request,
        "assessments/online/documents.html",
        {
            "form": form,
            "title": _title("documents", draft.answers),
            "uploads": list(draft.uploads.all()),
            "back": journey.previous_slug("documents", draft.answers),
        },
    )


@never_cache
@require_POST
@rate_limit("online_request")
def remove_document(request, pk: int):
    draft = _draft(request)
    if draft is None:
        return _session_ended(request)
    journey.draft_remove_upload(draft, pk)
    return redirect("assessments:online_documents")


@never_cache
@require_http_methods(["GET", "POST"])
@rate_limit("online_request")
def check(request):
    draft = _draft(request)
    if draft is None:
        return _session_ended(request)
    answers = draft.answers
    missing = journey.first_unanswered(answers)
    if missing is not None:
        return redirect("assessments:online_question", slug=missing.slug)
    if request.method == "POST":
        try:
            case = journey.submit(draft)
        except journey.NoCaseworker:
            logger.exception("An online request could not be allocated to a caseworker")
            return render(request, "assessments/online/unavailable.html", status=503)
        try:
            journey.send_confirmation(case)
        except OSError:
            logger.exception("The confirmation email for %s was not sent", case.reference)
        request.session.pop(SESSION_KEY, None)
        request.session[SENT_KEY] = {"reference": case.reference, "email": case.requester_email}
        return redirect("assessments:online_sent")
    return render(
        request,
        "assessments/online/check.html",
        {
            "answers": answers,
            "family": journey.is_family(answers),
            "young_person": answers.get("source") == journey.RequestSource.YOUNG_PERSON,
            "source_label": dict(journey.PUBLIC_SOURCES).get(answers.get("source"), ""),
            "date_of_birth": journey.from_answers(answers, ("date_of_birth",))["date_of_birth"],
            "setting": journey.chosen_setting(answers),
            "uploads": list(draft.uploads.all()),
            "titles": {slug: _title(slug, answers) for slug in ("name", "setting", "needs")},
        },
    )


@never_cache
def sent(request):
    sent_request = request.session.get(SENT_KEY)
    if not sent_request:
        return redirect("assessments:online_start")
    return render(request, "assessments/online/sent.html", sent_request)


@never_cache
@require_http_methods(["GET", "POST"])
@rate_limit("online_request")
def save(request):
    draft = _draft(request)
    if draft is None:
        return _session_ended(request)
    form = journey.SaveForm(
        posted(request), initial={"email": draft.answers.get("requester_email", "")}
    )
    if request.method == "POST" and form.is_valid():
        journey.draft_save(draft, {})
        link = request.build_absolute_uri(
            reverse("assessments:online_return", args=[request.session[SESSION_KEY]])
        )
        journey.send_return_link(form.cleaned_data["email"], link, draft.expires_at)
        request.session["online_request_saved_to"] = form.cleaned_data["email"]
        return redirect("assessments:online_saved")
    return render(request, "assessments/online/save.html", {"form": form})


@never_cache
def saved(request):
    draft = _draft(request)
    email = request.session.get("online_request_saved_to")
    if draft is None or not email:
        return redirect("assessments:online_start")
    return render(
        request,
        "assessments/online/saved.html",
        {"email": email, "expires": timezone.localtime(draft.expires_at)},
    )


@never_cache
def resume(request, token: str):
    """The emailed link: find the draft and carry on where the person left off."""
    draft = journey.draft_for(token)
    if draft is None:
        return render(request, "assessments/online/expired.html", status=404)
    request.session.cycle_key()
    request.session[SESSION_KEY] = token
    missing = journey.first_unanswered(draft.answers)
    if missing is not None:
        return redirect("assessments:online_question", slug=missing.slug)
    return redirect("assessments:online_check")
