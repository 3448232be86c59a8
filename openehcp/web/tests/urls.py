"""The site's URLs plus views that fail on purpose, to test the error pages."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from openehcp.config.urls import handler400, handler403, handler404, handler500, urlpatterns

SECRET_DETAIL = "connection to db-primary.internal failed for user openehcp_app"


def refuse(request):
    raise PermissionDenied(SECRET_DETAIL)


def crash(request):
    raise RuntimeError(SECRET_DETAIL)


def suspicious(request):
    raise SuspiciousOperation(SECRET_DETAIL)


urlpatterns = [
    *urlpatterns,
    path("test-errors/403", refuse),
    path("test-errors/500", crash),
    path("test-errors/400", suspicious),
]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
