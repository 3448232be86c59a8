from django.conf import settings
from django.db import connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@require_GET
def home(request):
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    return render(request, "web/home.html")


@never_cache
@require_GET
def healthz(request):
    """Liveness and database check for load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def accessibility(request):
    return render(request, "web/accessibility.html")


def privacy(request):
    return render(request, "web/privacy.html")


def bad_request(request, exception=None):
    return render(
        request,
        "web/error.html",
        {"status": 400, "title": "Sorry, there is a problem with your request"},
        status=400,
    )


def permission_denied(request, exception=None):
    return render(
        request,
        "web/error.html",
        {"status": 403, "title": "You do not have permission to see this page"},
        status=403,
    )


def page_not_found(request, exception=None):
    return render(request, "web/error.html", {"status": 404, "title": "Page not found"}, status=404)


def server_error(request):
    """The 500 page, rendered without the request: whatever failed (the database, the session)
    must not be touched again, and nothing about the failure is shown."""
    html = render_to_string(
        "web/error.html",
        {
            "status": 500,
            "title": "Sorry, there is a problem with the service",
            "service_name": settings.SERVICE_NAME,
            "council_name": settings.COUNCIL_NAME,
        },
    )
    return HttpResponseServerError(html)


def csrf_failure(request, reason=""):
    """A form sent without a valid CSRF token (an old page, or cookies turned off)."""
    return render(
        request,
        "web/error.html",
        {"status": "csrf", "title": "Sorry, we could not save what you entered"},
        status=403,
    )
