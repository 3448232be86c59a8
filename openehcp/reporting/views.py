"""Leaders' dashboards: thin views over ``scorecard``, ``selectors`` and ``forecast``.

Every dashboard needs the ``view_reports`` permission (service leader, team manager, quality
assurance). Figures count every case in the service; the lists of cases behind them show only the
cases the user may see (``visible_requests`` / ``visible_plans``) and log each one shown (one bulk
insert into the access log per page). The key figures page is public, for the Local Offer, and
suppresses numbers under 5.
"""

from datetime import date
from pathlib import Path
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods
from weasyprint import CSS, HTML

from openehcp.accounts.policy import require, visible_plans, visible_requests
from openehcp.audit.models import AccessLog
from openehcp.audit.services import record_bulk_access
from openehcp.plans.models import EHCPlan
from openehcp.web.locking import EditConflict

from . import selectors
from .charts import Series, line_chart
from .exports import XLSX_CONTENT_TYPE, scorecard_table, to_csv, to_xlsx
from .filters import ReportFilters
from .forecast import plans_forecast
from .forms import CommentaryForm, FilterForm
from .models import BoardReportSection
from .months import Month
from .scorecard import CHANGE_KEYS, KEYS, LABELS, monthly_scorecard
from .services import save_commentary
from .suppression import key_figures

PAGE_SIZE = 50
PDF_STYLESHEET = Path(__file__).parent / "pdf" / "board_report.css"

# The scorecard's trend charts: (id, title, keys, unit, fixed maximum).
SCORECARD_CHARTS = [
    (
        "requests-plans",
        "Requests received and plans issued",
        ["requests_received", "plans_issued"],
        "",
        None,
    ),
    (
        "timeliness",
        "Plans issued within 20 weeks, excluding exceptions",
        ["percent_within_20_weeks", "cumulative_percent_within_20_weeks"],
        "%",
        100,
    ),
    (
        "open",
        "Requests open beyond 30 and 52 weeks at the month's end",
        ["open_over_30_weeks", "open_over_52_weeks"],
        "",
        None,
    ),
    (
        "ceased",
        "Plans ceased and annual reviews due",
        ["plans_ceased", "annual_reviews_due"],
        "",
        None,
    ),
]


def _reports_user(request):
    require(request.user, "view_reports")


def _filter_form(request) -> FilterForm:
    form = FilterForm(request.GET or None, today=timezone.localdate())
    if request.GET:
        form.is_valid()
    return form


def cases_url(measure: str, *, first: Month, last: Month, filters: ReportFilters, **extra) -> str:
    query = {"measure": measure, "from_month": str(first), "to_month": str(last)}
    query.update(filters.as_query())
    query.update({key: value for key, value in extra.items() if value not in ("", None)})
    return f"{reverse('reporting:cases')}?{urlencode(query)}"


def _download(request, name: str, title: str, headers: list[str], rows: list[list]):
    kind = request.GET.get("download")
    if kind == "csv":
        response = HttpResponse(to_csv(headers, rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    if kind == "xlsx":
        response = HttpResponse(to_xlsx(title, headers, rows), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    return None


def _download_links(request, table: str = "") -> dict[str, str]:
    params = request.GET.copy()
    params.pop("download", None)
    if table:
        params["table"] = table
    links = {}
    for kind in ("csv", "xlsx"):
        params["download"] = kind
        links[kind] = f"?{params.urlencode()}"
    return links


def _chart_context(rows: list[dict], filters: ReportFilters) -> list[dict]:
    """Each trend chart with the data table beside it; counts link to the cases behind them."""

    def cell(row, key):
        month = Month.parse(row["month"])
        counted = not key.startswith(("percent", "cumulative")) and row[key]
        link = cases_url(key, first=month, last=month, filters=filters) if counted else ""
        return {"value": row[key], "href": link}

    labels = [Month.parse(row["month"]).short_label for row in rows]
    charts = []
    for chart_id, title, keys, unit, maximum in SCORECARD_CHARTS:
        series = [Series(LABELS[key], [row[key] for row in rows]) for key in keys]
        first, last = rows[0]["month"], rows[-1]["month"]
        description = (
            f"{title}, {Month.parse(first).label} to {Month.parse(last).label}. "
            "The table beside the chart gives the same numbers."
        )
        charts.append(
            {
                "id": chart_id,
                "title": title,
                "svg": line_chart(
                    chart_id=f"chart-{chart_id}",
                    title=title,
                    description=description,
                    labels=labels,
                    series=series,
                    maximum=maximum,
                    unit=unit,
                ),
                "headers": [LABELS[key] for key in keys],
                "rows": [
                    (Month.parse(row["month"]).short_label, [cell(row, key) for key in keys])
                    for row in rows
                ],
            }
        )
    return charts


def _scorecard_rows_for_table(rows, *, first, last, filters) -> list[dict]:
    """Measures as rows and months as columns, each figure with its link and change."""
    table = []
    for key in KEYS[1:]:
        cells = []
        for row in rows:
            month = Month.parse(row["month"])
            link = ""
            if not key.startswith(("percent", "cumulative")) and row[key]:
                link = cases_url(key, first=month, last=month, filters=filters)
            cells.append({"value": row[key], "change": row[f"{key}_change"], "href": link})
        table.append({"key": key, "label": LABELS[key], "cells": cells})
    return table


@login_required
@require_GET
def index(request):
    _reports_user(request)
    return render(request, "reporting/index.html")


@login_required
@require_GET
def scorecard(request):
    _reports_user(request)
    form = _filter_form(request)
    first, last = form.months()
    filters = form.filters()
    rows = monthly_scorecard(first, last, filters=filters)
    headers, table = scorecard_table(rows, KEYS + CHANGE_KEYS)
    download = _download(request, f"scorecard-{first}-to-{last}", "Scorecard", headers, table)
    if download:
        return download
    return render(
        request,
        "reporting/scorecard.html",
        {
            "form": form,
            "first": first,
            "last": last,
            "months": [Month.parse(row["month"]) for row in rows],
            "table": _scorecard_rows_for_table(rows, first=first, last=last, filters=filters),
            "charts": _chart_context(rows, filters),
            "downloads": _download_links(request),
        },
    )


@login_required
@require_GET
def caseloads(request):
    _reports_user(request)
    form = _filter_form(request)
    filters = form.filters()
    today = timezone.localdate()
    data = selectors.caseloads(filters, on=today)
    headers = [
        "Caseworker",
        "Team",
        "Plans maintained",
        "Open requests",
        "Caseload",
        "Target",
        "% of target",
    ]
    table = [
        [
            r["name"],
            r["team"],
            r["plans"],
            r["open_requests"],
            r["total"],
            data["target"],
            r["percent_of_target"],
        ]
        for r in data["rows"]
    ]
    download = _download(request, "caseloads", "Caseloads", headers, table)
    if download:
        return download
    month = Month.of(today)
    for row in data["rows"]:
        worker_filters = ReportFilters(
            **{**filters.__dict__, "caseworker": row["id"], "team": None}
        )
        row["plans_href"] = cases_url(
            "plans_maintained", first=month, last=month, filters=worker_filters, on=str(today)
        )
        row["requests_href"] = cases_url(
            "open_requests", first=month, last=month, filters=worker_filters, on=str(today)
        )
    return render(
        request,
        "reporting/caseloads.html",
        {"form": form, "today": today, "data": data, "downloads": _download_links(request)},
    )


@login_required
@require_GET
def requests_dashboard(request):
    _reports_user(request)
    form = _filter_form(request)
    first, last = form.months()
    filters = form.filters()
    breakdowns = selectors.requests_breakdowns(filters, first, last)
    chosen = next((b for b in breakdowns if b.dimension == request.GET.get("table")), breakdowns[0])
    download = _download(
        request,
        f"requests-by-{chosen.dimension}-{first}-to-{last}",
        chosen.title,
        [chosen.title.split(" (")[0], "Requests"],
        [[label, count] for _, label, count in chosen.rows],
    )
    if download:
        return download
    tables = []
    for breakdown in breakdowns:
        tables.append(
            {
                "breakdown": breakdown,
                "rows": [
                    (
                        label,
                        count,
                        cases_url(
                            "requests_received",
                            first=first,
                            last=last,
                            filters=filters,
                            by=breakdown.dimension,
                            value=code,
                        )
                        if count
                        else "",
                    )
                    for code, label, count in breakdown.rows
                ],
                "downloads": _download_links(request, breakdown.dimension),
            }
        )
    return render(
        request,
        "reporting/requests.html",
        {"form": form, "first": first, "last": last, "tables": tables},
    )


@login_required
@require_GET
def plans_dashboard(request):
    _reports_user(request)
    form = _filter_form(request)
    filters = form.filters()
    today = timezone.localdate()
    month = Month.of(today)
    by_type = selectors.plans_by_setting_type(filters, on=today)
    by_setting = selectors.plans_by_setting(filters, on=today)
    if request.GET.get("table") == "setting":
        download = _download(
            request,
            "plans-by-setting",
            "Plans by setting",
            ["Setting", "URN", "Type", "Out of area", "Independent", "Plans"],
            [
                [
                    r["name"],
                    r["urn"],
                    r["setting_type"],
                    "Yes" if r["out_of_area"] else "No",
                    "Yes" if r["independent"] else "No",
                    r["count"],
                ]
                for r in by_setting
            ],
        )
    else:
        download = _download(
            request,
            "plans-by-setting-type",
            "Plans by type of setting",
            ["Type of setting", "Plans"],
            [[label, count] for _, label, count in by_type.rows],
        )
    if download:
        return download

    def link(by, value):
        return cases_url(
            "plans_maintained",
            first=month,
            last=month,
            filters=filters,
            by=by,
            value=value,
            on=str(today),
        )

    type_rows = [
        (label, count, link("setting_type", code) if count else "")
        for code, label, count in by_type.rows
    ]
    for row in by_setting:
        row["href"] = link("setting", row["id"] or "")
    return render(
        request,
        "reporting/plans.html",
        {
            "form": form,
            "today": today,
            "by_type": by_type,
            "type_rows": type_rows,
            "by_setting": by_setting,
            "out_of_area": sum(r["count"] for r in by_setting if r["out_of_area"]),
            "independent": sum(r["count"] for r in by_setting if r["independent"]),
            "type_downloads": _download_links(request, "setting_type"),
            "setting_downloads": _download_links(request, "setting"),
        },
    )


@login_required
@require_GET
def open_work(request):
    _reports_user(request)
    form = _filter_form(request)
    filters = form.filters()
    today = timezone.localdate()
    month = Month.of(today)
    data = selectors.open_work(filters, on=today)
    headers = ["Stage", *[label for _, label in data["bands"]], "Total"]
    table = [[row["label"], *[n for _, n in row["cells"]], row["total"]] for row in data["rows"]]
    table.append(["Total", *[n for _, n in data["band_totals"]], data["total"]])
    download = _download(request, "open-work", "Open work", headers, table)
    if download:
        return download

    def link(by, value):
        return cases_url(
            "open_requests",
            first=month,
            last=month,
            filters=filters,
            by=by,
            value=value,
            on=str(today),
        )

    for row in data["rows"]:
        row["href"] = link("stage", row["code"]) if row["total"] else ""
        row["links"] = [
            (n, link("stage_band", f"{row['code']}:{band}") if n else "")
            for band, n in row["cells"]
        ]
    data["band_links"] = [(n, link("band", band) if n else "") for band, n in data["band_totals"]]
    data["total_href"] = link("", "") if data["total"] else ""
    return render(
        request,
        "reporting/open_work.html",
        {"form": form, "today": today, "data": data, "downloads": _download_links(request)},
    )


@login_required
@require_GET
def cases(request):
    """The cases behind a figure, limited to those the user may see; each one shown is logged."""
    _reports_user(request)
    form = _filter_form(request)
    if form.is_bound and not form.is_valid():
        raise Http404("The figure's filters are not valid")
    first, last = form.months()
    measure = request.GET.get("measure", "")
    on = None
    if request.GET.get("on"):
        try:
            on = date.fromisoformat(request.GET["on"])
        except ValueError:
            raise Http404("Not a date") from None
    try:
        kind, qs = selectors.cases_behind(
            measure,
            first=first,
            last=last,
            filters=form.filters(),
            by=request.GET.get("by", ""),
            value=request.GET.get("value", ""),
            on=on,
        )
    except ValueError:
        raise Http404("No such figure") from None
    user = request.user
    if kind == "request":
        records = visible_requests(user, qs).select_related("child").order_by("received_on", "pk")
    elif kind == "due":
        plans, reviews = qs
        due = Q(pk__in=plans.values("pk")) | Q(pk__in=reviews.values("plan_id"))
        records = (
            visible_plans(user, EHCPlan.objects.filter(due))
            .select_related("child")
            .order_by("made_on", "pk")
        )
        kind = "plan"
    elif kind == "plan":
        records = (
            visible_plans(user, qs)
            .select_related("child", "named_establishment")
            .order_by("made_on", "pk")
        )
    else:
        records = (
            qs.filter(plan__in=visible_plans(user)).select_related("plan__child").order_by("pk")
        )
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    shown = [record.pk for record in page.object_list]
    if shown:
        model = page.object_list[0].__class__
        record_bulk_access(
            request, model.objects.filter(pk__in=shown), action=AccessLog.Action.VIEW
        )
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "reporting/cases.html",
        {
            "title": selectors.MEASURE_TITLES[measure],
            "kind": kind,
            "page": page,
            "first": first,
            "last": last,
            "on": on,
            "query": params.urlencode(),
        },
    )


def _board_month(request) -> Month:
    text = request.GET.get("month") or request.POST.get("month")
    if not text:
        return Month.of(timezone.localdate()).plus(-1)
    try:
        return Month.parse(text)
    except ValueError:
        raise Http404("Not a month") from None


def _board_context(month: Month) -> dict:
    first = month.plus(-11)
    rows = monthly_scorecard(first, month)
    commentary = selectors.commentary_for(month)
    today = timezone.localdate()
    return {
        "month": month,
        "first": first,
        "figures": [(LABELS[key], rows[-1][key]) for key in KEYS[1:]],
        "charts": _chart_context(rows, ReportFilters()),
        "caseloads": selectors.caseloads(
            ReportFilters(), on=month.last if month.last < today else today
        ),
        "forecast": plans_forecast(today=today),
        "sections": [
            (code, label, commentary[code].text if code in commentary else "")
            for code, label in BoardReportSection.choices
        ],
        "commentary": commentary,
    }


@login_required
@require_http_methods(["GET", "POST"])
def board_report(request):
    """The monthly board report: figures and charts, with commentary a leader writes and saves."""
    _reports_user(request)
    month = _board_month(request)
    if request.method == "POST":
        form = CommentaryForm(request.POST)
        if form.is_valid():
            try:
                save_commentary(month=month, changes=form.changes(), author=request.user)
            except EditConflict:
                form.show_conflicts(selectors.commentary_for(month), user=request.user)
            else:
                messages.success(request, f"Commentary for {month.label} saved")
                return redirect(f"{reverse('reporting:board_report')}?month={month}")
    else:
        form = CommentaryForm(current=selectors.commentary_for(month))
    context = _board_context(month)
    context["form"] = form
    return render(request, "reporting/board_report.html", context)


@login_required
@require_GET
def board_report_pdf(request):
    _reports_user(request)
    month = _board_month(request)
    context = _board_context(month)
    html = render_to_string("reporting/board_report_pdf.html", context, request=request)
    stylesheet = CSS(filename=str(PDF_STYLESHEET))
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf(
        stylesheets=[stylesheet], pdf_variant="pdf/ua-1"
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="board-report-{month}.pdf"'
    return response


@require_GET
def public_key_figures(request):
    """For the Local Offer: no sign-in; numbers under 5 shown as "fewer than 5"."""
    return render(
        request, "reporting/key_figures.html", {"figures": key_figures(today=timezone.localdate())}
    )


@login_required
@require_GET
def forecast(request):
    _reports_user(request)
    data = plans_forecast(today=timezone.localdate())
    headers = ["Year", "Kind", *[g["label"] for g in data["age_groups"]], "Total"]
    table = [
        [
            row["year"],
            kind,
            *[row["by_age_group"][g["code"]] for g in data["age_groups"]],
            row["total"],
        ]
        for kind, rows in (("Actual", data["history"]), ("Forecast", data["forecast"]))
        for row in rows
    ]
    download = _download(request, "plans-forecast", "Forecast", headers, table)
    if download:
        return download
    chart = None
    if data["history"]:
        years = [row["year"] for row in data["history"]] + [row["year"] for row in data["forecast"]]
        actual = [row["total"] for row in data["history"]] + [None] * len(data["forecast"])
        projected = (
            [None] * (len(data["history"]) - 1)
            + [data["history"][-1]["total"]]
            + [row["total"] for row in data["forecast"]]
        )
        chart = line_chart(
            chart_id="chart-forecast",
            title="Plans maintained on 1 January: actual and forecast",
            description=(
                f"Plans maintained on 1 January from {years[0]} to {data['base_year']}, and the "
                f"forecast to {years[-1]}. The table below gives the same numbers by age group."
            ),
            labels=[str(y) for y in years],
            series=[Series("Actual", actual), Series("Forecast", projected)],
        )
    codes = [g["code"] for g in data["age_groups"]]
    for row in data["history"] + data["forecast"]:
        row["values_in_order"] = [row["by_age_group"][code] for code in codes]
    for group in data["age_groups"]:
        group["continuation"] = data["continuation_by_age_group"].get(group["code"])
    return render(
        request,
        "reporting/forecast.html",
        {"data": data, "chart": chart, "downloads": _download_links(request)},
    )
