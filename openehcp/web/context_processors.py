from django.conf import settings


def service(request):
    """Names shown in every page's header and footer."""
    return {"service_name": settings.SERVICE_NAME, "council_name": settings.COUNCIL_NAME}
