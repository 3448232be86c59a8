from django.conf import settings
from django.utils.functional import SimpleLazyObject

from openehcp.web.navigation import navigation_for


def service(request):
    """Names shown in every page's header and footer, and the user's service navigation."""
    return {
        "service_name": settings.SERVICE_NAME,
        "council_name": settings.COUNCIL_NAME,
        "navigation": SimpleLazyObject(lambda: navigation_for(request)),
    }
