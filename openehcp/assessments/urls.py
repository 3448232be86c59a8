from django.urls import include, path

app_name = "assessments"
urlpatterns = [
    path("", include("openehcp.assessments.urls_intake")),
    # The case pages come last: their first path segment is a request's reference.
    path("", include("openehcp.assessments.urls_case")),
]
