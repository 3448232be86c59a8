from django.urls import path, re_path

from . import views

app_name = "casefiles"
urlpatterns = [
    path("", views.index, name="index"),
    path("imports/<int:pk>/", views.job, name="job"),
    path("imports/<int:pk>/progress", views.job_progress, name="job_progress"),
    re_path(r"^imports/(?P<pk>\d+)/(?P<which>rejects|report)$", views.job_file, name="job_file"),
    re_path(r"^export\.(?P<fmt>csv|xlsx)$", views.export, name="export"),
]
