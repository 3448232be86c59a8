"""The review team's work list, the lists of reviews due per setting (with CSV and PDF
downloads, and emailing each setting its list), and a plan's reviews page.

Lists of children do not open anyone's record, so they write nothing to the access log (as the
workqueues); a download of a setting's list is an export of those children's records, logged
for each child. The plan page and every step record the access.
"""

from __future__ import annotations

import csv
from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mass_mail
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from openehcp import clock
from openehcp.accounts.models import Role, User
from openehcp.accounts.policy import can, require, visible_establishments, visible_plans
from openehcp.assessments.models import Document
from openehcp.audit.services import record_access, record_bulk_access
from openehcp.disagreements.models import Disagreement
from openehcp.establishments.models import Establishment
from openehcp.plans.models import EHCPlan
from openehcp.web.pagination import paginate

from . import selectors
from .forms import ScheduleFilterForm
from .letters import MOVES, plan_reference
from .models import PlanActivity, TransferDirection
from .services import amendments, earliest_end, open_cessation, transfer_out_due
from .services.ceasing import appeal_of
from .services.reviews import key_review_year, open_review
from .terms import term_from_key, term_of

PAGE_SIZE = 50


def _require_council_staff(user) -> None:
    require(user, "view")
    if not user.is_council_staff:
        raise PermissionDenied


def _terms(today: date) -> list:
    current = term_of(today)
    return [current.previous(), current, current.next(), current.next().next()]


class _Counted:
    """A list whose total is already known and whose slices are fetched on demand, for the
    paginator (which would otherwise count it again)."""

    def __init__(self, fetch, total: int):
        self.fetch = fetch
        self.total = total

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, key: slice):
        return self.fetch(key.start, key.stop - key.start)


# --- the review team's work list ------------------------------------------------------------------


@login_required
@require_GET
def workqueue(request):
    """Plans due a review this term, late, or reviewed this term - for the review team."""
    user = request.user
    _require_council_staff(user)
    today = timezone.localdate()
    term = term_from_key(request.GET.get("term"), default=term_of(today))
    show = request.GET.get("show") or selectors.Show.DUE
    if show not in dict(selectors.Show.CHOICES):
        show = selectors.Show.DUE
    data = request.GET.copy()
    if "caseload" not in data:
        data["caseload"] = "mine" if user.role == Role.CASEWORKER else "all"
    form = ScheduleFilterForm(data)
    form.is_valid()
    cleaned = getattr(form, "cleaned_data", {})
    caseload = cleaned.get("caseload") or "all"
    establishment = None
    if cleaned.get("setting"):
        establishment = Establishment.objects.filter(urn=cleaned["setting"]).first()
        if establishment is None:
            form.add_error("setting", "No setting in the register has that URN")
    filters = {
        "caseworker_id": user.pk if caseload == "mine" else None,
        "team_id": user.team_id if caseload == "team" and user.team_id else None,
        "establishment_id": establishment.pk if establishment else None,
    }
    wanted = request.GET.get("page", "")
    offset = (int(wanted) - 1) * PAGE_SIZE if wanted.isdigit() and int(wanted) > 0 else 0
    schedule = selectors.schedule_for(
        user, today=today, term=term, show=show, offset=offset, limit=PAGE_SIZE, **filters
    )
    counts = schedule.counts
    context = {
        "form": form if form.errors else None,
        "filter_form": form,
        "term": term,
        "terms": _terms(today),
        "show": show,
        "tabs": [(key, label, counts[key]) for key, label in selectors.Show.CHOICES],
        "today": today,
    }
    query = request.GET.copy()
    query.pop("show", None)
    query.pop("page", None)
    context["tab_query"] = query.urlencode()
    if show == selectors.Show.DONE:
        plans = visible_plans(user, EHCPlan.objects.all())
        if filters["caseworker_id"]:
            plans = plans.filter(child__caseworker_id=filters["caseworker_id"])
        if filters["team_id"]:
            plans = plans.filter(child__caseworker__team_id=filters["team_id"])
        if filters["establishment_id"]:
            plans = plans.filter(child__establishment_id=filters["establishment_id"])
        done = selectors.reviews_done(plans, term=term)
        context.update(
            paginate(
                request,
                _Counted(lambda offset, limit: done[offset : offset + limit], counts["done"]),
                PAGE_SIZE,
            )
        )
    else:

        def rows(start: int, limit: int) -> list[dict]:
            # The page asked for came with the counts; another (past the end) is fetched.
            if start == offset:
                return schedule.rows
            return selectors.schedule_for(
                user, today=today, term=term, show=show, offset=start, limit=limit, **filters
            ).rows

        context.update(paginate(request, _Counted(rows, counts[show]), PAGE_SIZE))
        context["rows"] = selectors.schedule_rows(context["page"].object_list, today=today)
    return render(request, "reviews/workqueue.html", context)


# --- per setting ----------------------------------------------------------------------------------


def _setting_or_404(user, pk: int) -> Establishment:
    setting = get_object_or_404(Establishment, pk=pk)
    require(user, "view", setting)
    return setting


def _setting_context(request, setting: Establishment) -> dict:
    today = timezone.localdate()
    term = term_from_key(request.GET.get("term"), default=term_of(today))
    rows = selectors.schedule_rows(
        selectors.setting_list(request.user, setting, today=today, term=term), today=today
    )
    return {"setting": setting, "term": term, "rows": rows, "today": today}


@login_required
@require_GET
def my_setting(request):
    """Setting staff: their own setting's list."""
    if request.user.role != Role.SETTING_STAFF or not request.user.establishment_id:
        raise PermissionDenied
    return _setting_page(request, request.user.establishment_id)


@login_required
@require_GET
def setting_list(request, pk: int):
    """The children at a setting due a review by the end of the term, soonest first."""
    return _setting_page(request, pk)


def _setting_page(request, pk: int):
    setting = _setting_or_404(request.user, pk)
    context = _setting_context(request, setting)
    context["terms"] = _terms(context["today"])
    context["is_council"] = request.user.is_council_staff
    # Reviews whose meeting was held and whose report the setting still has to send (reg 20(8)).
    context["reports"] = [
        (report, can(request.user, "submit", report.review))
        for report in selectors.reports_awaited(request.user, setting, today=context["today"])
    ]
    return render(request, "reviews/setting_list.html", context)


CSV_COLUMNS = (
    "Child or young person",
    "Date of birth",
    "UPN",
    "Year group",
    "Review due",
    "Act by",
    "Status",
    "Late",
    "Meeting date",
    "Council officer expected",
)


def _export_log(request, context) -> None:
    plan_ids = [row.plan_id for row in context["rows"]]
    record_bulk_access(request, EHCPlan.objects.filter(pk__in=plan_ids))


@login_required
@require_GET
def setting_list_csv(request, pk: int):
    setting = _setting_or_404(request.user, pk)
    context = _setting_context(request, setting)
    _export_log(request, context)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"reviews-due-{setting.urn}-{context['term'].key}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response.write("\ufeff")  # so spreadsheet programs read the names as UTF-8
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for row in context["rows"]:
        meeting = row.open_review and (
            row.open_review.meeting_on or row.open_review.planned_meeting_on
        )
        writer.writerow(
            [
                _safe_cell(row.child_name),
                row.date_of_birth.isoformat(),
                row.upn,
                row.year_group_name,
                row.next_due.isoformat(),
                row.act_by.isoformat(),
                row.status,
                "Yes" if row.is_late else "No",
                meeting.isoformat() if meeting else "",
                f"Yes ({row.key_year and f'Year {row.key_year}'})"
                if row.officer_expected
                else "No",
            ]
        )
    return response


def _safe_cell(value: str) -> str:
    """Keep a spreadsheet from reading a name as a formula."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@") else value


@login_required
@require_GET
def setting_list_pdf(request, pk: int):
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    setting = _setting_or_404(request.user, pk)
    context = _setting_context(request, setting)
    _export_log(request, context)
    context["council"] = settings.COUNCIL_NAME
    page = render_to_string("reviews/setting_list_pdf.html", context)
    fetcher = URLFetcher(allowed_protocols=())
    stylesheet = CSS(string=render_to_string("reviews/setting_list_pdf.css"), url_fetcher=fetcher)
    pdf = HTML(string=page, url_fetcher=fetcher).write_pdf(
        stylesheets=[stylesheet], pdf_variant="pdf/ua-1"
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"reviews-due-{setting.urn}-{context['term'].key}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def settings_index(request):
    """The council's view: each setting's count of reviews due this term, and sending every
    setting its list by email."""
    _require_council_staff(request.user)
    today = timezone.localdate()
    term = term_from_key(
        request.GET.get("term") or request.POST.get("term"), default=term_of(today)
    )
    visible = visible_establishments(request.user).values_list("pk", flat=True)
    counts = selectors.setting_counts(today=today, term=term, establishment_ids=visible)
    can_send = can(request.user, "manage_team")
    if request.method == "POST":
        if not can_send:
            raise PermissionDenied
        sent = _email_settings(request, counts, term)
        messages.success(
            request,
            f"Sent {sent} email{'s' if sent != 1 else ''} to settings with children due a review "
            f"by the end of the {term.label.lower()}",
        )
        return redirect(f"{reverse('reviews:settings')}?term={term.key}")
    staff = _setting_staff_counts([row["child__establishment_id"] for row in counts])
    for row in counts:
        row["staff"] = staff.get(row["child__establishment_id"], 0)
    return render(
        request,
        "reviews/settings_index.html",
        {
            "counts": counts,
            "term": term,
            "terms": _terms(today),
            "can_send": can_send,
            "without_staff": sum(1 for row in counts if not row["staff"]),
        },
    )


def _setting_staff_counts(ids) -> dict[int, int]:
    rows = (
        User.objects.filter(role=Role.SETTING_STAFF, is_active=True, establishment_id__in=ids)
        .exclude(email="")
        .values("establishment_id")
        .annotate(n=Count("pk"))
    )
    return {row["establishment_id"]: row["n"] for row in rows}


def _email_settings(request, counts: list[dict], term) -> int:
    """One email to each setting's staff with a link to their list: counts only, no names."""
    by_setting = {row["child__establishment_id"]: row for row in counts}
    recipients: dict[int, list[str]] = {}
    for user in User.objects.filter(
        role=Role.SETTING_STAFF, is_active=True, establishment_id__in=list(by_setting)
    ).exclude(email=""):
        recipients.setdefault(user.establishment_id, []).append(user.email)
    mails = []
    for setting_id, emails in recipients.items():
        row = by_setting[setting_id]
        link = request.build_absolute_uri(
            f"{reverse('reviews:setting', args=[setting_id])}?term={term.key}"
        )
        body = render_to_string(
            "reviews/email/setting_list.txt",
            {"row": row, "term": term, "link": link, "council": settings.COUNCIL_NAME},
        )
        subject = f"Annual reviews due at {row['child__establishment__name']}: {term.label}"
        mails.append((subject, body, settings.DEFAULT_FROM_EMAIL, emails))
    send_mass_mail(mails, fail_silently=False)
    return len(mails)


# --- a plan's reviews page ------------------------------------------------------------------------


def plan_or_404(pk: int) -> EHCPlan:
    return get_object_or_404(
        EHCPlan.objects.select_related(
            "child__establishment", "child__caseworker", "named_establishment"
        ),
        pk=pk,
    )


@login_required
@require_GET
def plan_detail(request, pk: int):
    """Everything about keeping a plan: the next review, the review in progress and past ones,
    amendments, phase transfers, ceasing, transfers between councils, letters and the log."""
    plan = plan_or_404(pk)
    require(request.user, "view", plan)
    record_access(request, plan)
    today = timezone.localdate()
    schedule = None
    if plan.is_maintained:
        row = (
            selectors.review_schedule(EHCPlan.objects.filter(pk=plan.pk), today=today)
            .values(*selectors.ROW_FIELDS)
            .first()
        )
        schedule = selectors.schedule_rows([row], today=today)[0]
    current = open_review(plan)
    reviews = list(plan.reviews.prefetch_related("invitees").order_by("-pk"))
    notices = list(
        plan.amendment_notices.select_related("review", "named_establishment", "draft_version")
    )
    for notice in notices:
        notice.deadlines = amendments.deadlines(notice, today=today)
    cessations = list(plan.cessations.select_related("disagreement"))
    sees_disagreements = can(request.user, "view", Disagreement(child=plan.child))
    for cessation in cessations:
        cessation.earliest_end = earliest_end(cessation)
        appeal = appeal_of(cessation)
        cessation.appeal_due = (
            clock.appeal_deadline(cessation.decision_on, appeal and appeal.certificate_on).due
            if cessation.decision_on
            else None
        )
        # Mediation and the appeal are the disagreement's pages (council staff only).
        cessation.appeal = appeal if sees_disagreements else None
    council_transfers = list(plan.council_transfers.all())
    for transfer in council_transfers:
        if transfer.direction == TransferDirection.IN:
            transfer.deadlines = {
                d.key: d
                for d in clock.council_transfer_deadlines(
                    transfer.transferred_on,
                    transferred_on=transfer.transferred_on,
                    plan_made_on=plan.made_on,
                    family_told_on=transfer.family_notified_on,
                    as_of=today,
                )
            }
        else:
            transfer.due = transfer_out_due(transfer.moved_on, transfer.aware_on)
    phase_transfers = list(plan.phase_transfers.select_related("named_establishment"))
    for transfer in phase_transfers:
        transfer.deadline = clock.phase_transfer_deadline(
            transfer.transfer_year,
            transfer.to_phase,
            amended_on=transfer.amended_plan_issued_on,
            as_of=today,
        )
        transfer.move = MOVES[transfer.to_phase]
    documents = [
        d
        for d in Document.objects.filter(plan_activities__plan=plan)
        .select_related("child")
        .distinct()
        .order_by("-created_at")
        if can(request.user, "view", d)
    ]
    sees_log = can(request.user, "view_history", plan)
    context = {
        "plan": plan,
        "child": plan.child,
        "reference": plan_reference(plan),
        "schedule": schedule,
        "current": current,
        "current_key_year": key_review_year(plan, current.meeting_on or current.planned_meeting_on)
        if current and (current.meeting_on or current.planned_meeting_on)
        else None,
        "current_deadlines": _review_deadlines(plan, current, today) if current else {},
        "current_views": list(
            current.activities.filter(kind="family_views")
            .prefetch_related("documents")
            .order_by("occurred_on", "recorded_at")
        )
        if current
        else [],
        "reviews": reviews,
        "notices": notices,
        "open_notice": amendments.open_amendment(plan),
        "cessations": cessations,
        "open_cessation": open_cessation(plan),
        "council_transfers": council_transfers,
        "phase_transfers": phase_transfers,
        "documents": documents,
        "activities": (
            PlanActivity.objects.filter(plan=plan)
            .select_related("author")
            .prefetch_related("documents")
            .order_by("-occurred_on", "-recorded_at")
            if sees_log
            else None
        ),
        "can_change": plan.is_maintained and can(request.user, "change", plan),
        "can_record_appeal": plan.is_maintained
        and can(request.user, "change", Disagreement(child=plan.child)),
        "today": today,
    }
    return render(request, "reviews/plan.html", context)


def _review_deadlines(plan, review, today) -> dict:
    if review.meeting_on is None:
        return {}
    return {
        d.key: d
        for d in clock.review_deadlines(
            plan.made_on,
            meeting_on=review.meeting_on,
            last_review_on=None,
            report_on=review.report_received_on,
            decision_on=review.decision_on,
            as_of=today,
        )
        if d.key in {"report_due", "decision_due"}
    }


@login_required
@require_GET
def plan_document(request, pk: int, document_pk: int):
    """Download a letter or document kept with the plan."""
    plan = plan_or_404(pk)
    document = get_object_or_404(
        Document.objects.select_related("child").filter(plan_activities__plan=plan).distinct(),
        pk=document_pk,
    )
    require(request.user, "view", document)
    if not document.file:
        raise Http404
    record_access(request, document, action="download")
    return FileResponse(
        document.file.open("rb"),
        as_attachment=False,
        filename=document.file.name.rsplit("/", 1)[-1],
        content_type=document.content_type or "application/octet-stream",
    )
