from django.urls import include, path

urlpatterns = [
    path("", include("openehcp.web.urls")),
    path("account/", include("openehcp.accounts.urls")),
    path("audit/", include("openehcp.audit.urls")),
    path("check-ehc-timescales/", include("openehcp.timescales.urls")),
    path("children/", include("openehcp.people.urls")),
    path("settings-register/", include("openehcp.establishments.urls")),
    path("assessments/", include("openehcp.assessments.urls")),
    path("letters/", include("openehcp.letters.urls")),
    path("plans/", include("openehcp.plans.urls")),
    path("reviews/", include("openehcp.reviews.urls")),
    path("mediation-and-appeals/", include("openehcp.disagreements.urls")),
    path("workqueue/", include("openehcp.workqueues.urls")),
    path("reports/sen2/", include("openehcp.sen2.urls")),
    path("reports/", include("openehcp.reporting.urls")),
    path("case-history/", include("openehcp.casefiles.urls")),
    path("local-offer/", include("openehcp.localoffer.urls")),
    path("api/oruk/", include("openehcp.localoffer.urls_oruk")),
    path("your-case/", include("openehcp.portal.urls")),
]

handler400 = "openehcp.web.views.bad_request"
handler403 = "openehcp.web.views.permission_denied"
handler404 = "openehcp.web.views.page_not_found"
handler500 = "openehcp.web.views.server_error"
