from django.urls import include, path

from . import views_advisor

app_name = "assessments"
urlpatterns = [
    path("", include("openehcp.assessments.urls_intake")),
    # Advice asked of professionals and settings: fixed paths, before any reference.
    path("advice/", views_advisor.advice_list, name="advice_list"),
    path("advice/<int:pk>/", views_advisor.submit_advice, name="submit_advice"),
    # The case pages come last: their first path segment is a request's reference.
    path("", include("openehcp.assessments.urls_case")),
]
